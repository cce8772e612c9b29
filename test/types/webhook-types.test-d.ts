/** Type-level promises of the webhook events: each provider's union narrows by its event name. */
import { describe, expectTypeOf, test } from "vitest";
import type { AstrocalWebhookEvent, components as astrocal } from "../../generated/astrocal/index.js";
import type { CalcomWebhookEvent } from "../../generated/calcom/index.js";
import type { SavvyCalWebhookEvent, components as savvycal } from "../../generated/savvycal/index.js";
import type * as timekit from "../../generated/timekit/index.js";

describe("webhook events", () => {
  test("SavvyCal: data.type narrows data.object to the appointment", () => {
    const event = {} as SavvyCalWebhookEvent;
    if (event.data.type === "appointment.created")
      expectTypeOf(event.data.object).toEqualTypeOf<savvycal["schemas"]["Appointment"]>();
    expectTypeOf(event.data.type).toEqualTypeOf<
      | "appointment.created"
      | "appointment.rescheduled"
      | "appointment.canceled"
      | "appointment.confirmed"
      | "appointment.deleted"
    >();
  });

  test("Cal.com: booking triggers carry the documented booking payload", () => {
    const event = {} as CalcomWebhookEvent;
    if (event.triggerEvent === "BOOKING_CREATED") {
      expectTypeOf(event.payload.uid).toEqualTypeOf<string>();
      expectTypeOf(event.payload.attendees[0].email).toEqualTypeOf<string>();
    }
    if (event.triggerEvent === "MEETING_ENDED") expectTypeOf(event.payload).toEqualTypeOf<Record<string, unknown>>();
  });

  test("Astrocal: booking events carry the Booking", () => {
    const event = {} as AstrocalWebhookEvent;
    if (event.event === "booking.rescheduled") expectTypeOf(event.data).toMatchTypeOf<astrocal["schemas"]["Booking"]>();
    // @ts-expect-error not an Astrocal event
    void (event.event === "booking.updated");
  });

  test("Timekit exports no verifier", () => {
    expectTypeOf<typeof timekit>().not.toHaveProperty("verifyWebhook");
  });
});
