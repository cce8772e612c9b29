/**
 * Timekit → the booking model, written against the project's Timekit spec (specs/timekit): projects
 * → `POST /availability` → `POST /bookings`, `PUT /bookings/{id}/{action}`, `POST
 * /bookings/{id}/reschedule`. Timekit takes and answers RFC 3339 instants (`output_timezone` picks
 * the answer's offset). Timekit documents no webhook signing, so this mapping has no `webhook`.
 */
import type { components } from "../../../generated/timekit/schema.js";
import { timekitOperations } from "../../../generated/timekit/operations.js";
import type { TimekitClient, TimekitThrowingClient } from "../../../generated/timekit/index.js";
import type { BookingMethods } from "../access.js";
import { NotFoundError, SlotUnavailableError, ValidationError } from "../errors.js";
import type { Booking, BookingStatus, EventType, Slot } from "../model.js";
import {
  addMinutes,
  answeredZone,
  assertTimeZone,
  lengthWordsMinutes,
  minutesBetween,
  toZone,
  within,
} from "../time.js";
import { apiError, bodyText, matchesQuery, type Choice, type Memory, type ProviderMapping } from "./shared.js";

type Schemas = components["schemas"];
const P = "timekit" as const;
/** What booking.js asks for, so a booking carries its times and customers. */
const include = "attributes,event,customers";

const states: Readonly<Record<string, BookingStatus>> = {
  tentative: "pending",
  confirmed: "confirmed",
  completed: "confirmed",
  declined: "declined",
  cancelled: "cancelled",
  cancelled_by_customer: "cancelled",
  cancelled_by_owner: "cancelled",
  rescheduled_by_customer: "rescheduled",
};

function eventType(raw: Schemas["Project"]): EventType<typeof P> | undefined {
  if (!raw.id) return undefined;
  const length = raw.availability?.length;
  const minutes = typeof length === "string" ? lengthWordsMinutes(length) : undefined;
  return {
    provider: P,
    id: raw.id,
    title: raw.name ?? raw.slug ?? raw.id,
    durations: minutes ? [minutes] : [],
    ...(raw.slug ? { slug: raw.slug } : {}),
    raw,
  };
}

/** A Timekit booking; `sent` fills the times where the answer leaves them out (Timekit's includes vary). */
function booking(raw: Schemas["Booking"], sent?: { start: string; end: string }): Booking<typeof P> {
  const customers = raw.customers ?? [];
  const zones = customers.map((c, i) => answeredZone(P, c.timezone, `customers[${i}].timezone`));
  const timeZone = zones.find((zone) => zone !== undefined) ?? "UTC";
  const info = raw.attributes?.event_info;
  const start = info?.start ?? raw.event?.start ?? sent?.start;
  const end = info?.end ?? raw.event?.end ?? sent?.end;
  if (!raw.id || !start || !end) throw new TypeError("Timekit answered a booking without its id or times");
  const projectId = typeof raw.project?.id === "string" ? raw.project.id : undefined;
  const where = info?.where ?? raw.event?.where;
  return {
    provider: P,
    id: raw.id,
    status: states[raw.state ?? ""] ?? "pending",
    start: toZone(P, start, timeZone, "start"),
    end: toZone(P, end, timeZone, "end"),
    timeZone,
    ...(projectId ? { eventTypeId: projectId } : {}),
    attendees: customers.map((c, i) => ({
      ...(c.name ? { name: c.name } : {}),
      ...(c.email ? { email: c.email } : {}),
      ...(zones[i] ? { timeZone: zones[i] } : {}),
    })),
    ...(typeof where === "string" && where ? { location: where } : {}),
    raw,
  };
}

function resourceIdOf(raw: Schemas["AvailabilityTimeslot"]): string | undefined {
  const first = raw.resources?.[0];
  return typeof first === "string" ? first : first?.id;
}

export const timekitMapping: ProviderMapping<typeof P> = {
  provider: P,
  operations: timekitOperations,

  methods(client: unknown, choice: Choice, memory: Memory): BookingMethods<typeof P> {
    const api: TimekitThrowingClient = (client as TimekitClient).withOptions({ throwOnError: true });
    // The resource each listed slot offers, to book it (the widget key cannot read projects' resources).
    const slotResources = new Map<string, string>();
    const slotKey = (eventTypeId: string, start: string) => `${eventTypeId}\u0000${Date.parse(start)}`;

    async function read(id: string) {
      return (await api.GET("/bookings/{id}", { params: { path: { id }, query: { include } } })).data.data;
    }

    return {
      async eventTypes() {
        const projects: EventType<typeof P>[] = [];
        for await (const raw of api.paginate("/projects")) {
          const mapped = eventType(raw);
          if (mapped) projects.push(mapped);
        }
        return projects;
      },

      async slots({ eventTypeId, from, to, timeZone }) {
        assertTimeZone(P, timeZone);
        const body = { project_id: eventTypeId, from, to, output_timezone: timeZone };
        const { data } = await api.POST("/availability", { body });
        const slots: Slot<typeof P>[] = [];
        for (const raw of data.data) {
          if (!raw.start || !raw.end) continue;
          const start = toZone(P, raw.start, timeZone, "start");
          if (!within(P, start, from, to)) continue;
          const end = toZone(P, raw.end, timeZone, "end");
          memory.rememberSlot(P, eventTypeId, start, end);
          const resource = resourceIdOf(raw);
          if (resource) slotResources.set(slotKey(eventTypeId, start), resource);
          slots.push({ provider: P, eventTypeId, start, end, timeZone, raw });
        }
        return slots;
      },

      async book({ eventTypeId, start, end, attendee, notes }) {
        assertTimeZone(P, attendee.timeZone);
        const until = end ?? memory.slotEnd(P, eventTypeId, start);
        if (until === undefined)
          throw new ValidationError(P, "Timekit needs the slot's end: pass `end` (a slot's end)", [
            { field: "end", message: "required for Timekit unless the slot came from this client's slots()" },
          ]);
        const resource = slotResources.get(slotKey(eventTypeId, start));
        const body = {
          project_id: eventTypeId,
          ...(resource ? { resource_id: resource } : {}),
          graph: "instant",
          action: "confirm",
          start,
          end: until,
          ...(notes ? { description: notes } : {}),
          customer: { name: attendee.name, email: attendee.email, timezone: attendee.timeZone },
        };
        const { data } = await api.POST("/bookings", { params: { query: { include } }, body });
        return booking(data.data, { start, end: until });
      },

      async get(id) {
        return booking(await read(id));
      },

      async reschedule(id, { start, end, reason, resourceId }) {
        // With the App API key the booking is read for its length and resource; the widget key must be told.
        const current =
          (end === undefined || resourceId === undefined) && choice.reschedule === 0 ? await read(id) : undefined;
        const currentTimes = current ? booking(current) : undefined;
        const until =
          end ??
          (currentTimes &&
            addMinutes(
              P,
              start,
              minutesBetween(P, currentTimes.start, currentTimes.end),
              currentTimes.timeZone,
              "start",
            ));
        const resource = resourceId ?? current?.resource?.id;
        if (until === undefined || resource === undefined)
          throw new ValidationError(P, "Timekit reschedules need the new `end` and the `resourceId`", [
            ...(until === undefined
              ? [{ field: "end", message: "required: this credential cannot read the booking" }]
              : []),
            ...(resource === undefined ? [{ field: "resourceId", message: "required: Timekit books a resource" }] : []),
          ]);
        const body = { start, end: until, resource_id: resource, ...(reason ? { message: reason } : {}) };
        const { data } = await api.POST("/bookings/{id}/reschedule", {
          params: { path: { id }, query: { include } },
          body,
        });
        // "The booking id may change in the response."
        return booking(data.data, { start, end: until });
      },

      async cancel(id, input = {}) {
        const { data } = await api.PUT("/bookings/{id}/{action}", {
          params: { path: { id, action: "cancel" }, query: { include } },
          body: input.reason ? { cancel: { message: input.reason } } : {},
        });
        const cancelled = booking(data.data);
        return input.reason ? { ...cancelled, cancellationReason: input.reason } : cancelled;
      },

      async *bookings(query = {}) {
        const now = Date.now();
        for await (const raw of api.paginate("/bookings", { params: { query: { include } }, signal: query.signal })) {
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
      return new NotFoundError(P, `Timekit: not found (${method}): ${api.message}`, { cause: api });
    if (api.status !== 400 && api.status !== 409 && api.status !== 422) return error;
    const body = api.body as Partial<Schemas["Error"]> | undefined;
    const fields = Object.entries(body?.errors && typeof body.errors === "object" ? body.errors : {}).flatMap(
      ([field, messages]) =>
        (Array.isArray(messages) ? messages : [messages]).map((message) => ({ field, message: String(message) })),
    );
    // Timekit refuses a taken time as a 409/422 that says so in words ("timeslot is not available", "already booked").
    if (
      (method === "book" || method === "reschedule") &&
      (api.status === 409 || /not available|unavailable|already booked|timeslot/.test(bodyText(body)))
    )
      return new SlotUnavailableError(P, `Timekit: the slot is no longer available; pick another (${api.message})`, {
        cause: api,
      });
    return new ValidationError(P, `Timekit refused the request as invalid: ${api.message}`, fields, { cause: api });
  },
};
