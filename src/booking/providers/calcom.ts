/**
 * Cal.com API v2 → the booking model, written against its generated types: event types →
 * `/v2/slots` → `/v2/bookings`, get, cancel and reschedule by uid (the booking's `id` here is the
 * uid). Cal.com takes UTC instants ("the start needs to be in UTC") and answers slots keyed by date,
 * with offsets in the requested zone; the client sends each operation's `cal-api-version`.
 */
import type { components, operations } from "../../../generated/calcom/schema.js";
import { calcomOperations } from "../../../generated/calcom/operations.js";
import { verifyWebhook, type CalcomClient, type CalcomThrowingClient } from "../../../generated/calcom/index.js";
import type { BookingMethods } from "../access.js";
import { NotFoundError, SlotUnavailableError, ValidationError } from "../errors.js";
import type { Booking, BookingEvent, BookingStatus, EventType, ProviderObjects, Slot } from "../model.js";
import { addMinutes, answeredZone, assertTimeZone, toUtc, toZone, within } from "../time.js";
import { apiError, bodyText, matchesQuery, type Memory, type ProviderMapping } from "./shared.js";

type Schemas = components["schemas"];
const P = "calcom" as const;
type RawBooking = ProviderObjects[typeof P]["booking"];
type SlotsBody =
  operations["SlotsController_2024_09_04_getAvailableSlots"]["responses"][200]["content"]["application/json"];
type DaySlots = SlotsBody["data"][string];

function eventType(raw: Schemas["EventTypeOutput_2024_06_14"]): EventType<typeof P> {
  const durations = [raw.lengthInMinutes, ...(raw.lengthInMinutesOptions ?? [])];
  return {
    provider: P,
    id: String(raw.id),
    title: raw.title,
    durations: [...new Set(durations)],
    slug: raw.slug,
    raw,
  };
}

function status(raw: RawBooking): BookingStatus {
  const value = String(raw.status ?? "accepted").toLowerCase();
  if (value === "cancelled" && "rescheduledToUid" in raw && raw.rescheduledToUid) return "rescheduled";
  if (value === "cancelled") return "cancelled";
  if (value === "rejected") return "declined";
  if (value === "pending" || value === "awaiting_host") return "pending";
  return "confirmed";
}

function booking(raw: RawBooking): Booking<typeof P> {
  const attendees = raw.attendees.map((a, i) => {
    const zone = answeredZone(P, a.timeZone, `attendees[${i}].timeZone`);
    return { name: a.name, email: a.email, ...(zone ? { timeZone: zone } : {}) };
  });
  const timeZone = attendees[0]?.timeZone ?? "UTC";
  // The bookings endpoints say `start`/`end`, the webhooks `startTime`/`endTime`.
  const [start, end] = "startTime" in raw ? [raw.startTime, raw.endTime] : [raw.start, raw.end];
  const eventTypeId = raw.eventTypeId;
  const meetingUrl = "meetingUrl" in raw && typeof raw.meetingUrl === "string" ? raw.meetingUrl : undefined;
  return {
    provider: P,
    id: raw.uid,
    status: status(raw),
    start: toZone(P, start, timeZone, "start"),
    end: toZone(P, end, timeZone, "end"),
    timeZone,
    ...(eventTypeId != null ? { eventTypeId: String(eventTypeId) } : {}),
    attendees,
    ...(raw.location ? { location: raw.location } : {}),
    ...(meetingUrl ? { meetingUrl } : {}),
    ...(raw.cancellationReason ? { cancellationReason: raw.cancellationReason } : {}),
    raw,
  };
}

/** One booking out of the create/get/cancel/reschedule envelope (a recurring booking answers a list: its first). */
function single(data: RawBooking | RawBooking[]): RawBooking {
  const first = Array.isArray(data) ? data[0] : data;
  if (!first) throw new TypeError("Cal.com answered an empty list of bookings");
  return first;
}

/** The date → slots map, inside Cal.com's `{status, data}` envelope (specs/corrections/calcom.json types it so). */
function days(body: SlotsBody): Record<string, DaySlots> {
  return body.data as Record<string, DaySlots>;
}

export const calcomMapping: ProviderMapping<typeof P> = {
  provider: P,
  operations: calcomOperations,

  methods(client: unknown, _choice, memory: Memory): BookingMethods<typeof P> {
    const api: CalcomThrowingClient = (client as CalcomClient).withOptions({ throwOnError: true });
    const lengths = new Map<string, number>();

    return {
      async eventTypes(query = {}) {
        const params = { query: query.username ? { username: query.username } : {} };
        const { data } = await api.GET("/v2/event-types", { params });
        return data.data.map((raw) => {
          lengths.set(String(raw.id), raw.lengthInMinutes);
          return eventType(raw);
        });
      },

      async slots({ eventTypeId, from, to, timeZone, duration }) {
        assertTimeZone(P, timeZone);
        const query = {
          eventTypeId: Number(eventTypeId),
          start: toUtc(P, from, "from"),
          end: toUtc(P, to, "to"),
          timeZone,
          format: "range",
          ...(duration ? { duration } : {}),
        };
        const { data } = await api.GET("/v2/slots", { params: { query } });
        const length = duration ?? lengths.get(eventTypeId);
        const slots: Slot<typeof P>[] = [];
        for (const day of Object.values(days(data)))
          for (const entry of day) {
            const raw = typeof entry === "string" ? { start: entry } : entry;
            if (!raw.start) continue;
            const start = toZone(P, raw.start, timeZone, "start");
            if (!within(P, start, from, to)) continue;
            const end =
              "end" in raw && typeof raw.end === "string"
                ? toZone(P, raw.end, timeZone, "end")
                : length !== undefined
                  ? addMinutes(P, start, length, timeZone, "start")
                  : undefined;
            if (end === undefined)
              throw new ValidationError(
                P,
                "Cal.com gave slot starts only: pass `duration`, or call eventTypes() first",
                [{ field: "duration", message: "needed to know where Cal.com's slots end" }],
              );
            memory.rememberSlot(P, eventTypeId, start, end);
            slots.push({ provider: P, eventTypeId, start, end, timeZone, raw });
          }
        return slots;
      },

      async book({ eventTypeId, start, attendee, notes }) {
        assertTimeZone(P, attendee.timeZone);
        const body = {
          eventTypeId: Number(eventTypeId),
          start: toUtc(P, start, "start"),
          attendee: {
            name: attendee.name,
            email: attendee.email,
            timeZone: attendee.timeZone,
            language: "en" as const,
          },
          // The spec declares bookingFieldsResponses an object without properties (typed Record<string, never>);
          // `notes` is one of Cal.com's default booking fields.
          ...(notes ? { bookingFieldsResponses: { notes } as unknown as Record<string, never> } : {}),
        };
        const { data } = await api.POST("/v2/bookings", { body });
        return booking(single(data.data));
      },

      async get(id) {
        const { data } = await api.GET("/v2/bookings/{bookingUid}", { params: { path: { bookingUid: id } } });
        return booking(single(data.data));
      },

      async reschedule(id, { start, reason }) {
        const body = { start: toUtc(P, start, "start"), ...(reason ? { reschedulingReason: reason } : {}) };
        const { data } = await api.POST("/v2/bookings/{bookingUid}/reschedule", {
          params: { path: { bookingUid: id } },
          body,
        });
        // Cal.com makes a new booking (a new uid) and marks the old one rescheduled.
        return booking(single(data.data));
      },

      async cancel(id, input = {}) {
        const body = input.reason ? { cancellationReason: input.reason } : {};
        const { data } = await api.POST("/v2/bookings/{bookingUid}/cancel", {
          params: { path: { bookingUid: id } },
          body,
        });
        return booking(single(data.data));
      },

      async *bookings(query = {}) {
        const now = Date.now();
        const status = query.status ? ([query.status] as ("upcoming" | "past" | "cancelled")[]) : undefined;
        const filter = {
          ...(status ? { status } : {}),
          ...(query.from ? { afterStart: toUtc(P, query.from, "from") } : {}),
          ...(query.to ? { beforeEnd: toUtc(P, query.to, "to") } : {}),
        };
        for await (const raw of api.paginate("/v2/bookings", { params: { query: filter }, signal: query.signal })) {
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
      return new NotFoundError(P, `Cal.com: not found (${method}): ${api.message}`, { cause: api });
    if (api.status !== 400 && api.status !== 409 && api.status !== 422) return error;
    // Cal.com says a taken time only in words: "User either already has booking at this time or is not available",
    // "no_available_users_found_error".
    const text = bodyText(api.body);
    if (
      (method === "book" || method === "reschedule") &&
      /already has booking|not available|no_available_users|no available users|slot/.test(text)
    )
      return new SlotUnavailableError(P, `Cal.com: the slot is no longer available; pick another (${api.message})`, {
        cause: api,
      });
    const details = (api.body as { error?: { details?: { message?: unknown } } } | undefined)?.error?.details;
    const messages = Array.isArray(details?.message) ? details.message.filter((m) => typeof m === "string") : [];
    // class-validator's messages start with the property path: "attendee.email must be an email".
    const fields = messages.map((message: string) => ({ field: message.split(" ")[0], message }));
    return new ValidationError(P, `Cal.com refused the request as invalid: ${api.message}`, fields, { cause: api });
  },

  async webhook(input): Promise<BookingEvent<typeof P>> {
    const event = await verifyWebhook(input);
    const types = {
      BOOKING_CREATED: "booking.created",
      BOOKING_RESCHEDULED: "booking.rescheduled",
      BOOKING_CANCELLED: "booking.cancelled",
    } as const;
    if (
      event.triggerEvent === "BOOKING_CREATED" ||
      event.triggerEvent === "BOOKING_RESCHEDULED" ||
      event.triggerEvent === "BOOKING_CANCELLED"
    )
      return { provider: P, type: types[event.triggerEvent], booking: booking(event.payload), raw: event };
    return { provider: P, type: "other", name: event.triggerEvent, raw: event };
  },
};
