/**
 * `booking.webhook` verifies a delivery with the provider's own verifyWebhook, then normalises it:
 * created, rescheduled and cancelled become booking events; any other event passes through as
 * `other` with the provider's name and body. Deliveries are signed here as each provider signs them.
 */
import { describe, expect, it } from "vitest";
import { signWebhook as signAstrocal } from "../../generated/astrocal/index.js";
import { signWebhook as signCalcom } from "../../generated/calcom/index.js";
import { signWebhook as signSavvyCal } from "../../generated/savvycal/index.js";
import { createBookingClient, type BookingEvent } from "../../src/booking/index.js";
import { WebhookVerificationError } from "../../src/runtime/index.js";

const secret = "whsec_booking_test";

async function deliver<P extends "savvycal" | "calcom" | "astrocal">(
  booking: {
    webhook(input: { rawBody: string; headers: Record<string, string>; secret: string }): Promise<BookingEvent<P>>;
  },
  sign: (input: { rawBody: string; secret: string }) => Promise<Record<string, string>>,
  body: unknown,
): Promise<BookingEvent<P>> {
  const rawBody = JSON.stringify(body);
  return booking.webhook({ rawBody, headers: await sign({ rawBody, secret }), secret });
}

describe("SavvyCal: appointment.* events", () => {
  const booking = createBookingClient({ provider: "savvycal", auth: { kind: "none" } });
  const appointment = (status: string) => ({
    object: "appointment",
    id: "appt_1",
    status,
    start_at: {
      object: "zoned_date_time",
      utc: "2026-03-29T01:00:00Z",
      time_zone: "Europe/Berlin",
      local: "2026-03-29T03:00:00",
      unix_ts: 0,
    },
    end_at: {
      object: "zoned_date_time",
      utc: "2026-03-29T02:00:00Z",
      time_zone: "Europe/Berlin",
      local: "2026-03-29T04:00:00",
      unix_ts: 0,
    },
    client: {
      object: "client",
      id: "cli_1",
      first_name: "Ada",
      last_name: null,
      email: "ada@example.com",
      time_zone: "Europe/Berlin",
    },
    client_data: { time_zone: "Europe/Berlin", locale: null, reference_id: null },
    service: { object: "service", id: "srv_1", name: "Consult", duration: "PT1H" },
    cancellation_events: [],
  });
  const event = (type: string, status = "scheduled") => ({
    id: "evt_1",
    object: "account_event",
    version: "1",
    created_at: "2026-03-01T10:00:00Z",
    data: { type, object: appointment(status) },
  });

  it("created, rescheduled and cancelled become booking events", async () => {
    const created = await deliver(booking, signSavvyCal, event("appointment.created"));
    expect(created).toMatchObject({
      provider: "savvycal",
      type: "booking.created",
      booking: { id: "appt_1", status: "confirmed", start: "2026-03-29T03:00:00+02:00", eventTypeId: "srv_1" },
    });
    expect((await deliver(booking, signSavvyCal, event("appointment.rescheduled"))).type).toBe("booking.rescheduled");
    const cancelled = await deliver(booking, signSavvyCal, event("appointment.canceled", "canceled"));
    expect(cancelled).toMatchObject({ type: "booking.cancelled", booking: { status: "cancelled" } });
  });

  it("another event passes through with SavvyCal's name and body", async () => {
    const body = event("appointment.confirmed");
    const other = await deliver(booking, signSavvyCal, body);
    expect(other).toEqual({ provider: "savvycal", type: "other", name: "appointment.confirmed", raw: body });
  });

  it("a delivery signed with another secret is refused before anything is normalised", async () => {
    const rawBody = JSON.stringify(event("appointment.created"));
    const headers = await signSavvyCal({ rawBody, secret: "whsec_other" });
    await expect(booking.webhook({ rawBody, headers, secret })).rejects.toBeInstanceOf(WebhookVerificationError);
  });
});

describe("Cal.com: BOOKING_* triggers", () => {
  const booking = createBookingClient({ provider: "calcom", auth: { kind: "none" } });
  const event = (triggerEvent: string, payload: Record<string, unknown> = {}) => ({
    triggerEvent,
    createdAt: "2026-03-01T10:00:00.000Z",
    payload: {
      type: "intro",
      title: "Intro",
      startTime: "2026-03-29T01:00:00Z",
      endTime: "2026-03-29T01:30:00Z",
      organizer: { name: "Bob", email: "bob@example.com", timeZone: "Europe/Berlin" },
      attendees: [{ name: "Ada", email: "ada@example.com", timeZone: "America/New_York" }],
      uid: "uid_1",
      eventTypeId: 10,
      status: "ACCEPTED",
      location: "https://cal.com/video/abc",
      ...payload,
    },
  });

  it("created, rescheduled and cancelled become booking events, in the attendee's zone", async () => {
    expect(await deliver(booking, signCalcom, event("BOOKING_CREATED"))).toMatchObject({
      provider: "calcom",
      type: "booking.created",
      booking: { id: "uid_1", status: "confirmed", start: "2026-03-28T21:00:00-04:00", eventTypeId: "10" },
    });
    expect((await deliver(booking, signCalcom, event("BOOKING_RESCHEDULED"))).type).toBe("booking.rescheduled");
    expect(
      await deliver(
        booking,
        signCalcom,
        event("BOOKING_CANCELLED", { status: "CANCELLED", cancellationReason: "Ill" }),
      ),
    ).toMatchObject({ type: "booking.cancelled", booking: { status: "cancelled", cancellationReason: "Ill" } });
  });

  it("another trigger passes through", async () => {
    const body = { triggerEvent: "MEETING_ENDED", createdAt: "2026-03-01T10:00:00.000Z", payload: { bookingId: 1 } };
    expect(await deliver(booking, signCalcom, body)).toEqual({
      provider: "calcom",
      type: "other",
      name: "MEETING_ENDED",
      raw: body,
    });
  });
});

describe("Astrocal: booking.* events", () => {
  const booking = createBookingClient({ provider: "astrocal", auth: { kind: "none" } });
  const event = (name: string, status = "confirmed") => ({
    event: name,
    created_at: "2026-03-01T10:00:00.123Z",
    data: {
      id: "770e8400-e29b-41d4-a716-446655440000",
      event_type_id: "660e8400-e29b-41d4-a716-446655440000",
      status,
      start_time: "2026-03-15T14:00:00.000Z",
      end_time: "2026-03-15T14:30:00.000Z",
      invitee_name: "Jane Smith",
      invitee_email: "jane@example.com",
      invitee_timezone: "America/New_York",
    },
  });

  it("created, rescheduled and cancelled become booking events", async () => {
    expect(await deliver(booking, signAstrocal, event("booking.created"))).toMatchObject({
      provider: "astrocal",
      type: "booking.created",
      booking: { status: "confirmed", start: "2026-03-15T10:00:00-04:00", attendees: [{ name: "Jane Smith" }] },
    });
    expect((await deliver(booking, signAstrocal, event("booking.rescheduled"))).type).toBe("booking.rescheduled");
    expect(await deliver(booking, signAstrocal, event("booking.cancelled", "cancelled"))).toMatchObject({
      type: "booking.cancelled",
      booking: { status: "cancelled" },
    });
  });

  it("another event passes through", async () => {
    const body = { event: "waitlist.promoted", created_at: "2026-03-01T10:00:00.123Z", data: { id: "wl_1" } };
    expect(await deliver(booking, signAstrocal, body)).toEqual({
      provider: "astrocal",
      type: "other",
      name: "waitlist.promoted",
      raw: body,
    });
  });
});

describe("Timekit", () => {
  it("has no webhook method: Timekit documents no signing", () => {
    const booking = createBookingClient({ provider: "timekit", auth: { kind: "apiKey", apiKey: "test_api_key_1" } });
    expect("webhook" in booking).toBe(false);
  });
});
