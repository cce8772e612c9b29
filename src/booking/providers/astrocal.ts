/**
 * Astrocal → the booking model, written against its generated types: event types →
 * `/v1/availability` → `/v1/bookings`, get, cancel, reschedule. Astrocal takes UTC instants and
 * date ranges (`start`/`end` as dates, `end` inclusive) with a `timezone`, and answers UTC
 * instants. Without a key, cancel and reschedule carry the invitee's `cancel_token` as `?token=`.
 */
import type { components } from "../../../generated/astrocal/schema.js";
import { astrocalOperations } from "../../../generated/astrocal/operations.js";
import { verifyWebhook, type AstrocalClient, type AstrocalThrowingClient } from "../../../generated/astrocal/index.js";
import type { BookingMethods } from "../access.js";
import { NotFoundError, SlotUnavailableError, ValidationError } from "../errors.js";
import type { Booking, BookingEvent, BookingStatus, EventType, Slot } from "../model.js";
import { answeredZone, assertTimeZone, toLocalDate, toUtc, toZone, within } from "../time.js";
import { apiError, matchesQuery, type Choice, type Memory, type ProviderMapping } from "./shared.js";

type Schemas = components["schemas"];
const P = "astrocal" as const;

const statuses: Record<Schemas["BookingStatus"], BookingStatus> = {
  confirmed: "confirmed",
  cancelled: "cancelled",
  rescheduled: "rescheduled",
  pending_payment: "pending",
};

function eventType(raw: Schemas["EventType"]): EventType<typeof P> {
  const durations = [raw.duration_minutes, ...(raw.duration_options ?? [])];
  return {
    provider: P,
    id: raw.id,
    title: raw.title,
    durations: [...new Set(durations)],
    ...(raw.slug ? { slug: raw.slug } : {}),
    raw,
  };
}

function booking(raw: Schemas["Booking"]): Booking<typeof P> {
  const timeZone = answeredZone(P, raw.invitee_timezone, "invitee_timezone") ?? "UTC";
  const attendees = raw.attendees?.length
    ? raw.attendees.map((a, i) => {
        const zone = answeredZone(P, a.timezone, `attendees[${i}].timezone`);
        return {
          ...(a.name ? { name: a.name } : {}),
          ...(a.email ? { email: a.email } : {}),
          ...(zone ? { timeZone: zone } : {}),
        };
      })
    : [
        {
          ...(raw.invitee_name ? { name: raw.invitee_name } : {}),
          ...(raw.invitee_email ? { email: raw.invitee_email } : {}),
          timeZone,
        },
      ];
  return {
    provider: P,
    id: raw.id,
    status: statuses[raw.status] ?? "confirmed",
    start: toZone(P, raw.start_time, timeZone, "start_time"),
    end: toZone(P, raw.end_time, timeZone, "end_time"),
    timeZone,
    ...(raw.event_type_id ? { eventTypeId: raw.event_type_id } : {}),
    attendees,
    ...(raw.location ? { location: raw.location } : {}),
    ...(raw.meeting_url ? { meetingUrl: raw.meeting_url } : {}),
    ...(raw.cancel_reason ? { cancellationReason: raw.cancel_reason } : {}),
    raw,
  };
}

export const astrocalMapping: ProviderMapping<typeof P> = {
  provider: P,
  operations: astrocalOperations,

  methods(client: unknown, choice: Choice, memory: Memory): BookingMethods<typeof P> {
    const api: AstrocalThrowingClient = (client as AstrocalClient).withOptions({ throwOnError: true });
    // What this client last knew of each booking, for a cancel answer that leaves the times out.
    const known = new Map<string, Booking<typeof P>>();
    const keep = (mapped: Booking<typeof P>) => {
      known.set(mapped.id, mapped);
      if (known.size > 2_000) known.delete(known.keys().next().value!);
      return mapped;
    };
    const tokenQuery = (id: string, token: string | undefined) => {
      const value = token ?? memory.token(id);
      return value ? { token: value } : {};
    };

    async function read(id: string) {
      const { data } = await api.GET("/v1/bookings/{id}", { params: { path: { id } } });
      return keep(booking(data));
    }

    return {
      async eventTypes() {
        const { data } = await api.GET("/v1/event-types", { params: { query: { limit: 100 } } });
        return data.data.map(eventType);
      },

      async slots({ eventTypeId, from, to, timeZone, duration }) {
        assertTimeZone(P, timeZone);
        const query = {
          event_type_id: eventTypeId,
          start: toLocalDate(P, from, timeZone, "from"),
          end: toLocalDate(P, to, timeZone, "to"),
          timezone: timeZone,
          ...(duration ? { duration } : {}),
        };
        const { data } = await api.GET("/v1/availability", { params: { query } });
        const slots: Slot<typeof P>[] = [];
        for (const raw of data.slots) {
          if (raw.capped) continue; // listed, but a booking cap makes it unbookable
          const start = toZone(P, raw.start_time, timeZone, "start_time");
          if (!within(P, start, from, to)) continue;
          const end = toZone(P, raw.end_time, timeZone, "end_time");
          memory.rememberSlot(P, eventTypeId, start, end);
          slots.push({ provider: P, eventTypeId, start, end, timeZone, raw });
        }
        return slots;
      },

      async book({ eventTypeId, start, attendee, notes }) {
        assertTimeZone(P, attendee.timeZone);
        const body = {
          event_type_id: eventTypeId,
          start_time: toUtc(P, start, "start"),
          invitee_name: attendee.name,
          invitee_email: attendee.email,
          invitee_timezone: attendee.timeZone,
          ...(notes ? { notes } : {}),
        };
        const { data } = await api.POST("/v1/bookings", { body });
        memory.rememberToken(data.id, data.cancel_token);
        return keep(booking(data));
      },

      get: read,

      async reschedule(id, { start, reason, token }) {
        const { data } = await api.POST("/v1/bookings/{id}/reschedule", {
          params: { path: { id }, query: tokenQuery(id, token) },
          body: { new_start_time: toUtc(P, start, "start"), ...(reason ? { reason } : {}) },
        });
        memory.rememberToken(data.id, data.cancel_token ?? memory.token(id));
        return keep(booking(data));
      },

      async cancel(id, input = {}) {
        const { data } = await api.POST("/v1/bookings/{id}/cancel", {
          params: { path: { id }, query: tokenQuery(id, input.token) },
          body: input.reason ? { reason: input.reason } : {},
        });
        // The cancel answer is a partial booking: fill it from what this client knew, or read it where it can.
        const before = known.get(id) ?? (choice.get !== undefined && !data.start_time ? await read(id) : undefined);
        const timeZone = before?.timeZone ?? "UTC";
        const start = data.start_time ?? before?.start ?? data.cancelled_at;
        const end = data.end_time ?? before?.end ?? data.cancelled_at;
        return keep({
          ...(before ?? { attendees: [] }),
          provider: P,
          id: data.id,
          status: "cancelled",
          start: toZone(P, start, timeZone, "start_time"),
          end: toZone(P, end, timeZone, "end_time"),
          timeZone,
          ...(input.reason ? { cancellationReason: input.reason } : {}),
          raw: data,
        });
      },

      async *bookings(query = {}) {
        const now = Date.now();
        const params = {
          query: query.status === "cancelled" ? { status: "cancelled" as const, limit: 100 } : { limit: 100 },
        };
        for await (const raw of api.paginate("/v1/bookings", { params, signal: query.signal })) {
          const mapped = booking(raw);
          if (matchesQuery(mapped, query, now)) yield mapped;
        }
      },
    };
  },

  normalise(error, method) {
    const api = apiError(error);
    if (!api) return error;
    if (api.status === 404)
      return new NotFoundError(P, `Astrocal: not found (${method}): ${api.message}`, { cause: api });
    // "409 Conflict, e.g. the requested slot is no longer available" ({"error": {"code": "slot_unavailable"}}).
    if (api.code === "slot_unavailable" || (api.status === 409 && (method === "book" || method === "reschedule")))
      return new SlotUnavailableError(P, `Astrocal: the slot is no longer available; pick another (${api.message})`, {
        cause: api,
      });
    if (api.status !== 400 && api.status !== 422) return error;
    const details = (api.body as Partial<Schemas["Error"]> | undefined)?.error?.details;
    const fields = Object.entries(details && typeof details === "object" ? details : {}).map(([field, message]) => ({
      field,
      message: typeof message === "string" ? message : JSON.stringify(message),
    }));
    return new ValidationError(P, `Astrocal refused the request as invalid: ${api.message}`, fields, { cause: api });
  },

  async webhook(input): Promise<BookingEvent<typeof P>> {
    const event = await verifyWebhook(input);
    if (
      event.event === "booking.created" ||
      event.event === "booking.rescheduled" ||
      event.event === "booking.cancelled"
    )
      return { provider: P, type: event.event, booking: booking(event.data), raw: event };
    return { provider: P, type: "other", name: event.event, raw: event };
  },
};
