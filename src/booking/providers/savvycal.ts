/**
 * SavvyCal Appointments → the booking model, written against its generated types: services →
 * slots (`/v1/services/{id}/slots`, or the public route without a token) → appointments, cancel,
 * reschedule. SavvyCal takes local times beside a zone (`start_at` naive, `time_zone`), ranges as
 * dates, and answers times as zoned objects (`{local, utc, time_zone}`) or with offsets.
 */
import type { components } from "../../../generated/savvycal/schema.js";
import { savvyCalOperations } from "../../../generated/savvycal/operations.js";
import { verifyWebhook, type SavvyCalClient, type SavvyCalThrowingClient } from "../../../generated/savvycal/index.js";
import type { BookingMethods } from "../access.js";
import { NotFoundError, SlotUnavailableError, ValidationError } from "../errors.js";
import type { Booking, BookingEvent, BookingStatus, EventType, Slot } from "../model.js";
import type { BookingMethodName } from "../operations.js";
import {
  addMinutes,
  answeredZone,
  assertTimeZone,
  isoDurationMinutes,
  minutesBetween,
  toLocal,
  toLocalDate,
  toZone,
  within,
} from "../time.js";
import {
  apiError,
  bodyText,
  matchesQuery,
  splitName,
  type Choice,
  type Memory,
  type ProviderMapping,
} from "./shared.js";

type Schemas = components["schemas"];
const P = "savvycal" as const;

const statuses: Record<Schemas["Appointment"]["status"], BookingStatus> = {
  scheduled: "confirmed",
  canceled: "cancelled",
};

function eventType(service: Schemas["Service"]): EventType<typeof P> {
  const minutes = isoDurationMinutes(service.duration);
  return { provider: P, id: service.id, title: service.name, durations: minutes ? [minutes] : [], raw: service };
}

function booking(appointment: Schemas["Appointment"] | Schemas["PublicAppointment"]): Booking<typeof P> {
  const full = appointment.object === "appointment" ? appointment : undefined;
  const timeZone =
    answeredZone(P, full?.client_data.time_zone, "client_data.time_zone") ??
    answeredZone(P, appointment.start_at.time_zone, "start_at.time_zone") ??
    "UTC";
  const clientZone = full && answeredZone(P, full.client.time_zone, "client.time_zone");
  const cancellation = full?.cancellation_events.at(-1);
  const reason = cancellation?.custom_reason_text ?? cancellation?.cancellation_reason?.name;
  const name = [full?.client.first_name, full?.client.last_name].filter(Boolean).join(" ");
  return {
    provider: P,
    id: appointment.id,
    status: statuses[appointment.status],
    start: toZone(P, appointment.start_at.utc, timeZone, "start_at.utc"),
    end: toZone(P, appointment.end_at.utc, timeZone, "end_at.utc"),
    timeZone,
    ...(full ? { eventTypeId: full.service.id } : {}),
    attendees: full
      ? [
          {
            ...(name ? { name } : {}),
            ...(full.client.email ? { email: full.client.email } : {}),
            ...(clientZone ? { timeZone: clientZone } : {}),
          },
        ]
      : [],
    ...(reason ? { cancellationReason: reason } : {}),
    raw: appointment,
  };
}

export const savvyCalMapping: ProviderMapping<typeof P> = {
  provider: P,
  operations: savvyCalOperations,

  methods(client: unknown, choice: Choice, memory: Memory): BookingMethods<typeof P> {
    const api: SavvyCalThrowingClient = (client as SavvyCalClient).withOptions({ throwOnError: true });
    const authed = (method: BookingMethodName) => choice[method] === 0;

    async function read(id: string) {
      const path = { appointment_id: id };
      return authed("get") || authed("reschedule")
        ? (await api.GET("/v1/appointments/{appointment_id}", { params: { path } })).data.data
        : (await api.GET("/v1/public/appointments/{appointment_id}", { params: { path } })).data.data;
    }

    return {
      async eventTypes() {
        const services: EventType<typeof P>[] = [];
        for await (const service of api.paginate("/v1/services")) services.push(eventType(service));
        return services;
      },

      async slots({ eventTypeId, from, to, timeZone }) {
        assertTimeZone(P, timeZone);
        const query = {
          from: toLocalDate(P, from, timeZone, "from"),
          until: toLocalDate(P, to, timeZone, "to"),
          time_zone: timeZone,
        };
        const params = { path: { service_id: eventTypeId }, query };
        const found: (Schemas["Slot"] | Schemas["AggregatedSlot"])[] = [];
        if (authed("slots")) {
          const { data } = await api.GET("/v1/services/{service_id}/slots", { params });
          found.push(
            ...(data.data.aggregated_slots ??
              data.data.provider_slots?.flatMap((provider) => provider.open ?? []) ??
              []),
          );
        } else {
          found.push(...(await api.GET("/v1/public/services/{service_id}/slots", { params })).data.data);
        }
        const slots: Slot<typeof P>[] = [];
        for (const raw of found) {
          const start = toZone(P, raw.start_at, timeZone, "start_at");
          if (!within(P, start, from, to)) continue;
          const end = toZone(P, raw.end_at, timeZone, "end_at");
          memory.rememberSlot(P, eventTypeId, start, end);
          slots.push({ provider: P, eventTypeId, start, end, timeZone, raw });
        }
        return slots;
      },

      async book({ eventTypeId, start, end, attendee }) {
        assertTimeZone(P, attendee.timeZone);
        const until = end ?? memory.slotEnd(P, eventTypeId, start);
        if (until === undefined)
          throw new ValidationError(P, "SavvyCal needs the slot's end: pass `end` (a slot's end)", [
            { field: "end", message: "required for SavvyCal unless the slot came from this client's slots()" },
          ]);
        const { first, last } = splitName(attendee.name);
        const body = {
          service_id: eventTypeId,
          // SavvyCal reads naive local times in `time_zone`: the attendee's.
          start_at: toLocal(P, start, attendee.timeZone, "start"),
          end_at: toLocal(P, until, attendee.timeZone, "end"),
          time_zone: attendee.timeZone,
          client_data: {
            first_name: first,
            last_name: last || null,
            email: attendee.email,
            time_zone: attendee.timeZone,
          },
        };
        if (authed("book"))
          return booking((await api.POST("/v1/appointments", { body: { ...body, validate_slot: true } })).data.data);
        return booking((await api.POST("/v1/public/appointments", { body })).data.data);
      },

      async get(id) {
        return booking(await read(id));
      },

      async reschedule(id, { start, end }) {
        // Read first: the appointment's zone is what SavvyCal's local times are in, and its length is kept.
        const current = await read(id);
        const timeZone = current.start_at.time_zone;
        const until =
          end ?? addMinutes(P, start, minutesBetween(P, current.start_at.utc, current.end_at.utc), timeZone, "start");
        const body = {
          start_at: toLocal(P, start, timeZone, "start"),
          end_at: toLocal(P, until, timeZone, "end"),
          time_zone: timeZone,
        };
        const path = { appointment_id: id };
        if (authed("reschedule"))
          return booking(
            (await api.POST("/v1/appointments/{appointment_id}/reschedule", { params: { path }, body })).data.data,
          );
        return booking(
          (await api.POST("/v1/public/appointments/{appointment_id}/reschedule", { params: { path }, body })).data.data,
        );
      },

      async cancel(id, input = {}) {
        const path = { appointment_id: id };
        const body = input.reason ? { custom_reason_text: input.reason } : {};
        if (authed("cancel"))
          return booking(
            (await api.POST("/v1/appointments/{appointment_id}/cancel", { params: { path }, body })).data.data,
          );
        return booking(
          (await api.POST("/v1/public/appointments/{appointment_id}/cancel", { params: { path }, body })).data.data,
        );
      },

      async *bookings(query = {}) {
        const now = Date.now();
        for await (const appointment of api.paginate("/v1/appointments", { signal: query.signal })) {
          const mapped = booking(appointment);
          if (matchesQuery(mapped, query, now)) yield mapped;
        }
      },
    };
  },

  normalise(error, method) {
    const api = apiError(error);
    if (!api) return error;
    if (api.status === 404)
      return new NotFoundError(P, `SavvyCal: not found (${method}): ${api.message}`, { cause: api });
    if (api.status !== 422 && api.status !== 400) return error;
    const body = api.body as Partial<Schemas["JsonErrorResponse"]> | undefined;
    const fields = (Array.isArray(body?.errors) ? body.errors : []).map((e) => ({
      field: (e.source?.pointer ?? "").replace(/^\/(data\/attributes\/)?/, "").replace(/\//g, "."),
      message: e.detail ?? e.title ?? "invalid",
    }));
    // SavvyCal refuses a booked or unavailable time as a 422 on the start/end, or says so in words.
    const aboutTime =
      fields.some((f) => /^(start_at|end_at)$/.test(f.field)) || /slot|not available|unavailable/.test(bodyText(body));
    if ((method === "book" || method === "reschedule") && aboutTime)
      return new SlotUnavailableError(P, `SavvyCal: the slot is no longer available; pick another (${api.message})`, {
        cause: api,
      });
    return new ValidationError(P, `SavvyCal refused the request as invalid: ${api.message}`, fields, { cause: api });
  },

  async webhook(input): Promise<BookingEvent<typeof P>> {
    const event = await verifyWebhook(input);
    const type = {
      "appointment.created": "booking.created",
      "appointment.rescheduled": "booking.rescheduled",
      "appointment.canceled": "booking.cancelled",
    } as const;
    const data = event.data;
    if (
      data.type === "appointment.created" ||
      data.type === "appointment.rescheduled" ||
      data.type === "appointment.canceled"
    )
      return { provider: P, type: type[data.type], booking: booking(data.object), raw: event };
    return { provider: P, type: "other", name: data.type, raw: event };
  },
};
