/**
 * The booking flow per provider — event types → slots → book → get → reschedule → cancel → bookings
 * — through the generated clients to a loopback server answering with each provider's documented
 * bodies: its statuses, error bodies and time formats, a day with a DST change (Europe/Berlin, 29
 * March 2026), and a slot taken between `slots` and `book`.
 */
import { describe, expect, it } from "vitest";
import { APIError } from "../../src/runtime/index.js";
import {
  BookingError,
  createBookingClient,
  NotFoundError,
  SlotUnavailableError,
  ValidationError,
  type Booking,
} from "../../src/booking/index.js";
import { useLoopbackServer, type Handler, type RecordedRequest } from "../helpers/loopback-server.js";

const server = useLoopbackServer();
const berlin = "Europe/Berlin";
const newYork = "America/New_York";
/** The DST day: 02:00 local does not exist; a slot from 01:00 to 03:00 local lasts one hour. */
const day = { from: "2026-03-29T00:00:00+01:00", to: "2026-03-30T00:00:00+02:00", timeZone: berlin };
const attendee = { name: "Ada King Lovelace", email: "ada@example.com", timeZone: newYork };

/** Answers by method, in turn per method (the last answer repeats). */
function byMethod(answers: Record<string, [status: number, body: unknown][]>): Handler {
  return (request, response) => {
    const queue = answers[request.method];
    if (!queue?.length) {
      response.writeHead(405, { "content-type": "text/plain" }).end(`no ${request.method} here`);
      return;
    }
    const [status, body] = queue.length > 1 ? queue.shift()! : queue[0];
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
}

const sent = (method: string, path: string): RecordedRequest[] =>
  server.requests.filter((r) => r.method === method && r.url.split("?")[0] === path);
const query = (request: RecordedRequest) => new URL(request.url, server.origin).searchParams;

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

describe("SavvyCal (account token): services → slots → appointments", () => {
  const zoned = (utc: string, timeZone: string, local: string) => ({
    object: "zoned_date_time",
    utc,
    time_zone: timeZone,
    local,
    unix_ts: Date.parse(utc) / 1000,
  });
  const service = {
    object: "service",
    id: "srv_d025a96ac0c6",
    name: "Initial Consult",
    duration: "PT1H",
    appointment_type: "virtual",
  };
  const appointment = (id: string, start: string, end: string, status = "scheduled") => ({
    object: "appointment",
    id,
    status,
    appointment_type: "virtual",
    start_at: zoned(start, newYork, ""),
    end_at: zoned(end, newYork, ""),
    client: {
      object: "client",
      id: "cli_1",
      first_name: "Ada",
      last_name: "King Lovelace",
      email: attendee.email,
      time_zone: newYork,
    },
    client_data: { time_zone: newYork, locale: null, reference_id: null },
    service,
    cancellation_events:
      status === "canceled"
        ? [
            {
              object: "cancellation_event",
              custom_reason_text: "Ill",
              cancellation_reason: null,
              initiated_by: "client",
            },
          ]
        : [],
    reschedule_events: [],
    confirmation_events: [],
    confirmed_at: null,
    created_at: "2026-03-01T10:00:00Z",
  });

  it("runs the whole flow, converting to local times beside a zone and back", async () => {
    server.route(
      "/v1/services",
      byMethod({
        GET: [[200, { data: [service], meta: { current_page: 1, page_size: 10, total_count: 1, total_pages: 1 } }]],
      }),
    );
    server.route(
      `/v1/services/${service.id}/slots`,
      byMethod({
        GET: [
          [
            200,
            {
              data: {
                aggregated_slots: [
                  // Offsets as SavvyCal answers them, in the requested zone, across the change.
                  {
                    object: "aggregated_slot",
                    count: 1,
                    start_at: "2026-03-29T01:00:00+01:00",
                    end_at: "2026-03-29T03:00:00+02:00",
                    time_zone: berlin,
                  },
                  {
                    object: "aggregated_slot",
                    count: 1,
                    start_at: "2026-03-29T03:00:00+02:00",
                    end_at: "2026-03-29T04:00:00+02:00",
                    time_zone: berlin,
                  },
                  {
                    object: "aggregated_slot",
                    count: 1,
                    start_at: "2026-03-30T09:00:00+02:00",
                    end_at: "2026-03-30T10:00:00+02:00",
                    time_zone: berlin,
                  },
                ],
              },
            },
          ],
        ],
      }),
    );
    const taken = {
      errors: [{ title: "Invalid value", source: { pointer: "/start_at" }, detail: "is not available" }],
    };
    server.route(
      "/v1/appointments",
      byMethod({
        POST: [
          [422, taken],
          [201, { data: appointment("appt_1", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z") }],
        ],
        GET: [
          [
            200,
            {
              data: [appointment("appt_1", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z")],
              meta: { current_page: 1, page_size: 1, total_count: 2, total_pages: 2 },
            },
          ],
          [
            200,
            {
              data: [appointment("appt_0", "2026-03-20T01:00:00Z", "2026-03-20T02:00:00Z", "canceled")],
              meta: { current_page: 2, page_size: 1, total_count: 2, total_pages: 2 },
            },
          ],
        ],
      }),
    );
    server.route(
      "/v1/appointments/appt_1",
      byMethod({ GET: [[200, { data: appointment("appt_1", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z") }]] }),
    );
    server.route(
      "/v1/appointments/appt_1/reschedule",
      byMethod({ POST: [[201, { data: appointment("appt_1", "2026-03-30T07:00:00Z", "2026-03-30T08:00:00Z") }]] }),
    );
    server.route(
      "/v1/appointments/appt_1/cancel",
      byMethod({
        POST: [[200, { data: appointment("appt_1", "2026-03-30T07:00:00Z", "2026-03-30T08:00:00Z", "canceled") }]],
      }),
    );
    server.route(
      "/v1/appointments/appt_missing",
      byMethod({ GET: [[404, { errors: [{ detail: "Not Found", status: "404" }] }]] }),
    );

    const booking = createBookingClient({
      provider: "savvycal",
      baseUrl: server.origin,
      maxRetries: 0,
      auth: { kind: "accountToken", token: "sk_test_account" },
    });

    const [type] = await booking.eventTypes();
    expect(type).toMatchObject({ provider: "savvycal", id: service.id, title: "Initial Consult", durations: [60] });

    const slots = await booking.slots({ eventTypeId: service.id, ...day });
    expect(query(sent("GET", `/v1/services/${service.id}/slots`)[0])).toEqual(
      new URLSearchParams({ from: "2026-03-29", until: "2026-03-30", time_zone: berlin }),
    );
    // The slot on the 30th is outside [from, to); the first lasts one hour across the change.
    expect(slots.map((s) => [s.start, s.end])).toEqual([
      ["2026-03-29T01:00:00+01:00", "2026-03-29T03:00:00+02:00"],
      ["2026-03-29T03:00:00+02:00", "2026-03-29T04:00:00+02:00"],
    ]);

    // Taken between slots and book.
    const error = await rejection(booking.book({ eventTypeId: service.id, start: slots[0].start, attendee }));
    expect(error).toBeInstanceOf(SlotUnavailableError);
    expect((error as SlotUnavailableError).cause).toBeInstanceOf(APIError);
    expect(((error as SlotUnavailableError).cause as APIError).status).toBe(422);

    const booked = await booking.book({ eventTypeId: service.id, start: slots[1].start, attendee });
    const body = JSON.parse(sent("POST", "/v1/appointments")[1].body);
    // 03:00+02:00 is 21:00 the evening before in New York; the end came from the listed slot.
    expect(body).toEqual({
      service_id: service.id,
      start_at: "2026-03-28T21:00:00",
      end_at: "2026-03-28T22:00:00",
      time_zone: newYork,
      validate_slot: true,
      client_data: { first_name: "Ada", last_name: "King Lovelace", email: attendee.email, time_zone: newYork },
    });
    expect(sent("POST", "/v1/appointments")[1].headers.authorization).toBe("Bearer sk_test_account");
    expect(booked).toMatchObject({
      provider: "savvycal",
      id: "appt_1",
      status: "confirmed",
      start: "2026-03-28T21:00:00-04:00",
      end: "2026-03-28T22:00:00-04:00",
      timeZone: newYork,
      eventTypeId: service.id,
      attendees: [{ name: "Ada King Lovelace", email: attendee.email, timeZone: newYork }],
    });
    expect(booked.raw.id).toBe("appt_1");

    expect((await booking.get("appt_1")).start).toBe("2026-03-28T21:00:00-04:00");

    const moved = await booking.reschedule("appt_1", { start: "2026-03-30T09:00:00+02:00" });
    // The appointment's zone and length are kept: read first.
    expect(JSON.parse(sent("POST", "/v1/appointments/appt_1/reschedule")[0].body)).toEqual({
      start_at: "2026-03-30T03:00:00",
      end_at: "2026-03-30T04:00:00",
      time_zone: newYork,
    });
    expect(moved.start).toBe("2026-03-30T03:00:00-04:00");

    const cancelled = await booking.cancel("appt_1", { reason: "Ill" });
    expect(JSON.parse(sent("POST", "/v1/appointments/appt_1/cancel")[0].body)).toEqual({ custom_reason_text: "Ill" });
    expect(cancelled).toMatchObject({ status: "cancelled", cancellationReason: "Ill" });

    // Both pages walked; the filter keeps the cancelled one only.
    const all: Booking[] = await collect(booking.bookings({ status: "cancelled" }));
    expect(all.map((b) => b.id)).toEqual(["appt_0"]);

    const missing = await rejection(booking.get("appt_missing"));
    expect(missing).toBeInstanceOf(NotFoundError);
    expect(missing.message).toMatch(/^SavvyCal: not found/);
  });

  it("without a token: the public routes, and validation errors carry SavvyCal's field messages", async () => {
    server.route(
      `/v1/public/services/${service.id}/slots`,
      byMethod({
        GET: [
          [
            200,
            {
              data: [
                {
                  object: "slot",
                  start_at: "2026-03-29T03:00:00+02:00",
                  end_at: "2026-03-29T04:00:00+02:00",
                  start_at_ts: 0,
                  end_at_ts: 0,
                  time_zone: berlin,
                },
              ],
            },
          ],
        ],
      }),
    );
    const invalid = {
      errors: [{ title: "Invalid value", source: { pointer: "/client_data/email" }, detail: "has invalid format" }],
    };
    server.route("/v1/public/appointments", byMethod({ POST: [[422, invalid]] }));
    const booking = createBookingClient({
      provider: "savvycal",
      baseUrl: server.origin,
      maxRetries: 0,
      auth: { kind: "none" },
    });
    expect("bookings" in booking).toBe(false);
    expect("eventTypes" in booking).toBe(false);
    const [slot] = await booking.slots({ eventTypeId: service.id, ...day });
    expect(sent("GET", `/v1/public/services/${service.id}/slots`)[0].headers.authorization).toBeUndefined();
    const error = await rejection(
      booking.book({ eventTypeId: service.id, start: slot.start, attendee: { ...attendee, email: "x" } }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual([{ field: "client_data.email", message: "has invalid format" }]);
  });
});

describe("Cal.com (no credential, then an API key): event types → /v2/slots → /v2/bookings by uid", () => {
  const bookingOutput = (uid: string, start: string, end: string, status = "accepted", extra = {}) => ({
    id: 1,
    uid,
    title: "Intro between Bob and Ada",
    description: "",
    hosts: [],
    status,
    start,
    end,
    duration: 30,
    eventTypeId: 10,
    eventType: { id: 10, slug: "intro" },
    meetingUrl: "https://cal.com/video/abc",
    location: "https://cal.com/video/abc",
    absentHost: false,
    createdAt: "2026-03-01T10:00:00.000Z",
    updatedAt: "2026-03-01T10:00:00.000Z",
    attendees: [
      { name: attendee.name, email: attendee.email, displayEmail: attendee.email, timeZone: newYork, absent: false },
    ],
    bookingFieldsResponses: {},
    ...extra,
  });
  const error = (status: number, code: string, message: string, details?: unknown) => ({
    status: "error",
    timestamp: "2026-03-01T10:00:00.000Z",
    path: "/v2/bookings",
    error: { code, message, ...(details ? { details } : {}) },
  });

  it("runs the whole flow in UTC out and the requested zone back", async () => {
    server.route(
      "/v2/event-types",
      byMethod({
        GET: [
          [
            200,
            {
              status: "success",
              data: [{ id: 10, title: "Intro", slug: "intro", lengthInMinutes: 30, lengthInMinutesOptions: [30, 60] }],
            },
          ],
        ],
      }),
    );
    server.route(
      "/v2/slots",
      byMethod({
        GET: [
          [
            200,
            {
              status: "success",
              data: {
                "2026-03-29": [
                  { start: "2026-03-29T01:30:00.000+01:00", end: "2026-03-29T03:00:00.000+02:00" },
                  { start: "2026-03-29T03:00:00.000+02:00", end: "2026-03-29T03:30:00.000+02:00" },
                ],
              },
            },
          ],
        ],
      }),
    );
    server.route(
      "/v2/bookings",
      byMethod({
        POST: [
          [400, error(400, "BadRequestException", "User either already has booking at this time or is not available")],
          [
            201,
            { status: "success", data: bookingOutput("uid_1", "2026-03-29T01:00:00.000Z", "2026-03-29T01:30:00.000Z") },
          ],
        ],
      }),
    );
    server.route(
      "/v2/bookings/uid_1",
      byMethod({
        GET: [
          [
            200,
            { status: "success", data: bookingOutput("uid_1", "2026-03-29T01:00:00.000Z", "2026-03-29T01:30:00.000Z") },
          ],
        ],
      }),
    );
    server.route(
      "/v2/bookings/uid_1/reschedule",
      byMethod({
        POST: [
          [
            201,
            {
              status: "success",
              data: bookingOutput("uid_2", "2026-03-30T07:00:00.000Z", "2026-03-30T07:30:00.000Z", "accepted", {
                rescheduledFromUid: "uid_1",
              }),
            },
          ],
        ],
      }),
    );
    server.route(
      "/v2/bookings/uid_2/cancel",
      byMethod({
        POST: [
          [
            200,
            {
              status: "success",
              data: bookingOutput("uid_2", "2026-03-30T07:00:00.000Z", "2026-03-30T07:30:00.000Z", "cancelled", {
                cancellationReason: "Ill",
              }),
            },
          ],
        ],
      }),
    );
    server.route(
      "/v2/bookings/uid_gone",
      byMethod({ GET: [[404, error(404, "NotFoundException", "Booking with uid=uid_gone was not found")]] }),
    );

    const booking = createBookingClient({
      provider: "calcom",
      baseUrl: server.origin,
      maxRetries: 0,
      auth: { kind: "none" },
    });
    expect("bookings" in booking).toBe(false);

    const [type] = await booking.eventTypes({ username: "bob" });
    expect(type).toMatchObject({ id: "10", title: "Intro", slug: "intro", durations: [30, 60] });
    expect(query(sent("GET", "/v2/event-types")[0]).get("username")).toBe("bob");

    const slots = await booking.slots({ eventTypeId: "10", ...day });
    const slotsRequest = sent("GET", "/v2/slots")[0];
    expect(Object.fromEntries(query(slotsRequest))).toEqual({
      eventTypeId: "10",
      start: "2026-03-28T23:00:00.000Z",
      end: "2026-03-29T22:00:00.000Z",
      timeZone: berlin,
      format: "range",
    });
    expect(slotsRequest.headers["cal-api-version"]).toBe("2024-09-04");
    expect(slots.map((s) => [s.start, s.end])).toEqual([
      ["2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00"],
      ["2026-03-29T03:00:00+02:00", "2026-03-29T03:30:00+02:00"],
    ]);

    const taken = await rejection(booking.book({ eventTypeId: "10", start: slots[0].start, attendee, notes: "Hi" }));
    expect(taken).toBeInstanceOf(SlotUnavailableError);
    expect(((taken as SlotUnavailableError).cause as APIError).code).toBe("BadRequestException");

    const booked = await booking.book({ eventTypeId: "10", start: slots[1].start, attendee, notes: "Hi" });
    const bookRequest = sent("POST", "/v2/bookings")[1];
    expect(JSON.parse(bookRequest.body)).toEqual({
      eventTypeId: 10,
      start: "2026-03-29T01:00:00.000Z",
      attendee: { name: attendee.name, email: attendee.email, timeZone: newYork, language: "en" },
      bookingFieldsResponses: { notes: "Hi" },
    });
    expect(bookRequest.headers["cal-api-version"]).toBe("2024-08-13");
    expect(bookRequest.headers.authorization).toBeUndefined();
    expect(booked).toMatchObject({
      id: "uid_1",
      status: "confirmed",
      start: "2026-03-28T21:00:00-04:00",
      end: "2026-03-28T21:30:00-04:00",
      eventTypeId: "10",
      meetingUrl: "https://cal.com/video/abc",
    });

    expect((await booking.get("uid_1")).id).toBe("uid_1");
    const moved = await booking.reschedule("uid_1", { start: "2026-03-30T09:00:00+02:00", reason: "Clash" });
    expect(JSON.parse(sent("POST", "/v2/bookings/uid_1/reschedule")[0].body)).toEqual({
      start: "2026-03-30T07:00:00.000Z",
      reschedulingReason: "Clash",
    });
    // Cal.com gives the moved booking a new uid.
    expect(moved.id).toBe("uid_2");
    const cancelled = await booking.cancel(moved.id, { reason: "Ill" });
    expect(cancelled).toMatchObject({ status: "cancelled", cancellationReason: "Ill" });

    expect(await rejection(booking.get("uid_gone"))).toBeInstanceOf(NotFoundError);
  });

  it("names class-validator's fields in a ValidationError; an API key lists bookings with Cal.com's filters", async () => {
    server.route(
      "/v2/bookings",
      byMethod({
        POST: [
          [
            400,
            error(400, "BadRequestException", "Bad Request", {
              message: ["attendee.email must be an email"],
              error: "Bad Request",
              statusCode: 400,
            }),
          ],
        ],
        GET: [
          [
            200,
            {
              status: "success",
              data: [bookingOutput("uid_9", "2030-12-01T10:00:00.000Z", "2030-12-01T10:30:00.000Z")],
              pagination: {
                totalItems: 1,
                remainingItems: 0,
                returnedItems: 1,
                itemsPerPage: 100,
                currentPage: 1,
                totalPages: 1,
                hasNextPage: false,
                hasPreviousPage: false,
              },
            },
          ],
        ],
      }),
    );
    const booking = createBookingClient({
      provider: "calcom",
      baseUrl: server.origin,
      maxRetries: 0,
      auth: { kind: "apiKey", apiKey: "cal_test_key" },
    });
    const invalid = await rejection(
      booking.book({ eventTypeId: "10", start: "2026-12-01T10:00:00Z", attendee: { ...attendee, email: "x" } }),
    );
    expect(invalid).toBeInstanceOf(ValidationError);
    expect((invalid as ValidationError).fields).toEqual([
      { field: "attendee.email", message: "attendee.email must be an email" },
    ]);

    const listed = await collect(booking.bookings({ status: "upcoming", from: "2026-11-01T00:00:00Z" }));
    expect(listed.map((b) => b.id)).toEqual(["uid_9"]);
    const params = query(sent("GET", "/v2/bookings")[0]);
    expect(params.get("status")).toBe("upcoming");
    expect(params.get("afterStart")).toBe("2026-11-01T00:00:00.000Z");
    expect(sent("GET", "/v2/bookings")[0].headers.authorization).toBe("Bearer cal_test_key");
  });

  it("an attendee's zone that is not a string is Cal.com's fault, told as a BookingError, not a TypeError", async () => {
    const zones: [unknown, string][] = [
      [5, "5"],
      [{}, "{}"],
      [true, "true"],
    ];
    for (const [i, [zone]] of zones.entries()) {
      const attendees = [{ name: attendee.name, email: attendee.email, timeZone: zone, absent: false }];
      const data = bookingOutput(`uid_z${i}`, "2026-03-29T01:00:00.000Z", "2026-03-29T01:30:00.000Z", "accepted", {
        attendees,
      });
      server.route(`/v2/bookings/uid_z${i}`, byMethod({ GET: [[200, { status: "success", data }]] }));
    }
    const booking = createBookingClient({
      provider: "calcom",
      baseUrl: server.origin,
      maxRetries: 0,
      auth: { kind: "apiKey", apiKey: "cal_test_key" },
    });
    for (const [i, [, shown]] of zones.entries()) {
      const error = await rejection(booking.get(`uid_z${i}`));
      expect(error).toBeInstanceOf(BookingError);
      expect(error).not.toBeInstanceOf(ValidationError);
      expect(error.message).toBe(
        `Cal.com answered attendees[0].timeZone ${shown}, which is not an IANA time zone name, so the booking's times cannot be expressed in it: a fault in Cal.com's answer, not in the request`,
      );
    }
  });
});

describe("Astrocal (no key): /v1/availability → /v1/bookings, cancel and reschedule with the invitee's token", () => {
  const eventTypeId = "660e8400-e29b-41d4-a716-446655440000";
  const bookingBody = (id: string, start: string, end: string, status = "confirmed") => ({
    id,
    event_type_id: eventTypeId,
    status,
    start_time: start,
    end_time: end,
    invitee_name: attendee.name,
    invitee_email: attendee.email,
    invitee_timezone: newYork,
    notes: null,
    cancel_token: "ct_secret_1",
    meeting_url: "https://meet.example.com/x",
  });

  it("runs the whole flow", async () => {
    server.route(
      "/v1/availability",
      byMethod({
        GET: [
          [
            200,
            {
              event_type_id: eventTypeId,
              timezone: berlin,
              slots: [
                { start_time: "2026-03-29T00:30:00.000Z", end_time: "2026-03-29T01:00:00.000Z" },
                { start_time: "2026-03-29T01:00:00.000Z", end_time: "2026-03-29T01:30:00.000Z" },
                { start_time: "2026-03-29T02:00:00.000Z", end_time: "2026-03-29T02:30:00.000Z", capped: true },
              ],
            },
          ],
        ],
      }),
    );
    server.route(
      "/v1/bookings",
      byMethod({
        POST: [
          [409, { error: { code: "slot_unavailable", message: "This time slot is no longer available" } }],
          [201, bookingBody("bk_1", "2026-03-29T01:00:00.000Z", "2026-03-29T01:30:00.000Z")],
        ],
      }),
    );
    server.route(
      "/v1/bookings/bk_1/reschedule",
      byMethod({ POST: [[200, bookingBody("bk_1", "2026-03-30T07:00:00.000Z", "2026-03-30T07:30:00.000Z")]] }),
    );
    server.route(
      "/v1/bookings/bk_1/cancel",
      byMethod({ POST: [[200, { id: "bk_1", status: "cancelled", cancelled_at: "2026-03-02T10:00:00.000Z" }]] }),
    );

    const booking = createBookingClient({
      provider: "astrocal",
      baseUrl: server.origin,
      maxRetries: 0,
      auth: { kind: "none" },
    });
    expect(Object.keys(booking).sort()).toEqual(["book", "cancel", "provider", "reschedule", "slots", "webhook"]);

    const slots = await booking.slots({ eventTypeId, ...day });
    expect(Object.fromEntries(query(sent("GET", "/v1/availability")[0]))).toEqual({
      event_type_id: eventTypeId,
      start: "2026-03-29",
      end: "2026-03-30",
      timezone: berlin,
    });
    // UTC answers in the requested zone; the capped slot is not offered.
    expect(slots.map((s) => s.start)).toEqual(["2026-03-29T01:30:00+01:00", "2026-03-29T03:00:00+02:00"]);

    const taken = await rejection(booking.book({ eventTypeId, start: slots[0].start, attendee }));
    expect(taken).toBeInstanceOf(SlotUnavailableError);
    expect(((taken as SlotUnavailableError).cause as APIError).code).toBe("slot_unavailable");

    const booked = await booking.book({ eventTypeId, start: slots[1].start, attendee, notes: "Hi" });
    expect(JSON.parse(sent("POST", "/v1/bookings")[1].body)).toEqual({
      event_type_id: eventTypeId,
      start_time: "2026-03-29T01:00:00.000Z",
      invitee_name: attendee.name,
      invitee_email: attendee.email,
      invitee_timezone: newYork,
      notes: "Hi",
    });
    expect(booked).toMatchObject({
      id: "bk_1",
      status: "confirmed",
      start: "2026-03-28T21:00:00-04:00",
      meetingUrl: "https://meet.example.com/x",
    });

    const moved = await booking.reschedule("bk_1", { start: "2026-03-30T09:00:00+02:00" });
    const rescheduleRequest = sent("POST", "/v1/bookings/bk_1/reschedule")[0];
    expect(query(rescheduleRequest).get("token")).toBe("ct_secret_1"); // remembered from book
    expect(JSON.parse(rescheduleRequest.body)).toEqual({ new_start_time: "2026-03-30T07:00:00.000Z" });
    expect(moved.start).toBe("2026-03-30T03:00:00-04:00");

    const cancelled = await booking.cancel("bk_1", { reason: "Ill" });
    expect(query(sent("POST", "/v1/bookings/bk_1/cancel")[0]).get("token")).toBe("ct_secret_1");
    // The cancel answer leaves the times out: the client's last view of the booking fills them.
    expect(cancelled).toMatchObject({
      status: "cancelled",
      start: "2026-03-30T03:00:00-04:00",
      cancellationReason: "Ill",
    });
  });

  it("validation errors carry Astrocal's details; an unknown booking is a NotFoundError", async () => {
    server.route(
      "/v1/bookings",
      byMethod({
        POST: [
          [
            400,
            {
              error: {
                code: "validation_error",
                message: "Invalid request parameters",
                details: { invitee_email: "Invalid email" },
              },
            },
          ],
        ],
      }),
    );
    server.route(
      "/v1/bookings/bk_gone",
      byMethod({ GET: [[404, { error: { code: "not_found", message: "Booking 'bk_gone' not found", details: {} } }]] }),
    );
    const booking = createBookingClient({
      provider: "astrocal",
      baseUrl: server.origin,
      maxRetries: 0,
      auth: { kind: "apiKey", apiKey: "ac_test_1" },
    });
    const invalid = await rejection(booking.book({ eventTypeId, start: "2026-03-29T01:00:00Z", attendee }));
    expect((invalid as ValidationError).fields).toEqual([{ field: "invitee_email", message: "Invalid email" }]);
    const gone = await rejection(booking.get("bk_gone"));
    expect(gone).toBeInstanceOf(NotFoundError);
    expect(((gone as NotFoundError).cause as APIError).status).toBe(404);
  });
});

describe("Timekit (widget key, then the App API key): projects → POST /availability → POST /bookings", () => {
  const timekitBooking = (id: string, start: string, end: string, state = "confirmed") => ({
    id,
    graph: "instant",
    state,
    completed: false,
    attributes: { event_info: { start, end, what: "Consult", where: "Online" } },
    customers: [{ id: "c1", name: attendee.name, email: attendee.email, timezone: newYork }],
    resource: { id: "res_1", name: "Alice" },
  });

  it("runs the whole flow a widget key allows, then cancel and get with the App API key", async () => {
    server.route(
      "/projects",
      byMethod({
        GET: [
          [
            200,
            {
              data: [{ id: "prj_1", name: "Consult", slug: "consult", availability: { length: "1 hour" } }],
              total: 1,
              per_page: 50,
              current_page: 1,
              last_page: 1,
            },
          ],
        ],
      }),
    );
    server.route(
      "/availability",
      byMethod({
        POST: [
          [
            200,
            {
              data: [
                {
                  start: "2026-03-29T01:00:00+01:00",
                  end: "2026-03-29T03:00:00+02:00",
                  resources: [{ id: "res_1", name: "Alice" }],
                },
                { start: "2026-03-29T03:00:00+02:00", end: "2026-03-29T04:00:00+02:00", resources: ["res_2"] },
              ],
            },
          ],
        ],
      }),
    );
    server.route(
      "/bookings",
      byMethod({
        POST: [
          [422, { error: "The selected timeslot is not available", action: "save_booking_data" }],
          [201, { data: timekitBooking("bk_1", "2026-03-29T03:00:00+02:00", "2026-03-29T04:00:00+02:00") }],
        ],
      }),
    );
    server.route(
      "/bookings/bk_1/reschedule",
      byMethod({
        POST: [[200, { data: timekitBooking("bk_2", "2026-03-30T09:00:00+02:00", "2026-03-30T10:00:00+02:00") }]],
      }),
    );
    server.route(
      "/bookings/bk_2/cancel",
      byMethod({
        PUT: [
          [
            200,
            { data: timekitBooking("bk_2", "2026-03-30T09:00:00+02:00", "2026-03-30T10:00:00+02:00", "cancelled") },
          ],
        ],
      }),
    );
    server.route(
      "/bookings/bk_gone",
      byMethod({ GET: [[404, { error: "Resource does not exist", model: "Booking" }]] }),
    );

    const widget = createBookingClient({
      provider: "timekit",
      baseUrl: server.origin,
      maxRetries: 0,
      auth: { kind: "widgetKey", widgetKey: "widget_key_1" },
    });
    expect(Object.keys(widget).sort()).toEqual(["book", "eventTypes", "provider", "reschedule", "slots"]);

    const [project] = await widget.eventTypes();
    expect(project).toMatchObject({ id: "prj_1", title: "Consult", slug: "consult", durations: [60] });

    const slots = await widget.slots({ eventTypeId: "prj_1", ...day });
    expect(JSON.parse(sent("POST", "/availability")[0].body)).toEqual({
      project_id: "prj_1",
      from: day.from,
      to: day.to,
      output_timezone: berlin,
    });
    expect(sent("POST", "/availability")[0].headers.authorization).toBe(`Basic ${btoa(":widget_key_1")}`);
    expect(slots.map((s) => [s.start, s.end])).toEqual([
      ["2026-03-29T01:00:00+01:00", "2026-03-29T03:00:00+02:00"],
      ["2026-03-29T03:00:00+02:00", "2026-03-29T04:00:00+02:00"],
    ]);

    expect(await rejection(widget.book({ eventTypeId: "prj_1", start: slots[0].start, attendee }))).toBeInstanceOf(
      SlotUnavailableError,
    );
    const booked = await widget.book({ eventTypeId: "prj_1", start: slots[1].start, attendee, notes: "Hi" });
    expect(JSON.parse(sent("POST", "/bookings")[1].body)).toEqual({
      project_id: "prj_1",
      resource_id: "res_2",
      graph: "instant",
      action: "confirm",
      start: slots[1].start,
      end: "2026-03-29T04:00:00+02:00",
      description: "Hi",
      customer: { name: attendee.name, email: attendee.email, timezone: newYork },
    });
    expect(booked).toMatchObject({
      id: "bk_1",
      status: "confirmed",
      start: "2026-03-28T21:00:00-04:00",
      location: "Online",
    });

    // The widget key cannot read the booking: it says the new end and resource.
    const refused = await rejection(widget.reschedule("bk_1", { start: "2026-03-30T09:00:00+02:00" }));
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fields.map((f) => f.field)).toEqual(["end", "resourceId"]);
    const moved = await widget.reschedule("bk_1", {
      start: "2026-03-30T09:00:00+02:00",
      end: "2026-03-30T10:00:00+02:00",
      resourceId: "res_2",
    });
    expect(JSON.parse(sent("POST", "/bookings/bk_1/reschedule")[0].body)).toEqual({
      start: "2026-03-30T09:00:00+02:00",
      end: "2026-03-30T10:00:00+02:00",
      resource_id: "res_2",
    });
    expect(moved.id).toBe("bk_2"); // "The booking id may change in the response."

    const app = createBookingClient({
      provider: "timekit",
      baseUrl: server.origin,
      maxRetries: 0,
      auth: { kind: "apiKey", apiKey: "test_api_key_1" },
    });
    const cancelled = await app.cancel("bk_2", { reason: "Ill" });
    expect(JSON.parse(sent("PUT", "/bookings/bk_2/cancel")[0].body)).toEqual({ cancel: { message: "Ill" } });
    expect(cancelled).toMatchObject({ status: "cancelled", cancellationReason: "Ill" });
    expect(await rejection(app.get("bk_gone"))).toBeInstanceOf(NotFoundError);
  });
});
