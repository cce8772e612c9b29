/**
 * The booking client's type promises: exactly the methods a credential can call (by the same access
 * types as the raw clients), and `raw` typed as the provider's own object.
 */
import { describe, expectTypeOf, it } from "vitest";
import type { components as AstrocalSchemas } from "../../generated/astrocal/schema.js";
import { createAstrocalClient } from "../../generated/astrocal/index.js";
import { createCalcomClient } from "../../generated/calcom/index.js";
import { createSavvyCalClient } from "../../generated/savvycal/index.js";
import { createTimekitClient } from "../../generated/timekit/index.js";
import { createAcmeClient } from "../fixtures/acme/generated/index.js";
import type { components as SavvyCalSchemas } from "../../generated/savvycal/schema.js";
import type { components as TimekitSchemas } from "../../generated/timekit/schema.js";
import { bookingClientFor, createBookingClient, type Booking, type BookingEvent } from "../../src/booking/index.js";

type Methods<T> = Exclude<keyof T, "provider">;

describe("the method set follows the credential", () => {
  it("SavvyCal: a token has everything; no credential has the public booking flow but no eventTypes or bookings", () => {
    const token = createBookingClient({ provider: "savvycal", auth: { kind: "accountToken", token: "t" } });
    expectTypeOf<Methods<typeof token>>().toEqualTypeOf<
      "eventTypes" | "slots" | "book" | "get" | "reschedule" | "cancel" | "bookings" | "webhook"
    >();
    expectTypeOf(token.bookings).toBeFunction();
    const none = createBookingClient({ provider: "savvycal", auth: { kind: "none" } });
    expectTypeOf<Methods<typeof none>>().toEqualTypeOf<
      "slots" | "book" | "get" | "reschedule" | "cancel" | "webhook"
    >();
    // @ts-expect-error the public routes list no appointments
    void none.bookings();
    // A platform token without an account id reaches no account endpoint: the public routes only.
    const platform = createBookingClient({ provider: "savvycal", auth: { kind: "platformToken", token: "t" } });
    expectTypeOf<Methods<typeof platform>>().toEqualTypeOf<Methods<typeof none>>();
    expectTypeOf(platform.book).toBeFunction();
  });

  it("Cal.com: without a credential, everything but bookings()", () => {
    const none = createBookingClient({ provider: "calcom", auth: { kind: "none" } });
    expectTypeOf<Methods<typeof none>>().toEqualTypeOf<
      "eventTypes" | "slots" | "book" | "get" | "reschedule" | "cancel" | "webhook"
    >();
    // @ts-expect-error listing bookings needs an API key or a managed user's token
    void none.bookings();
    const key = createBookingClient({ provider: "calcom", auth: { kind: "apiKey", apiKey: "cal_x" } });
    expectTypeOf(key.bookings).toBeFunction();
  });

  it("Astrocal: without a key, slots, book, reschedule and cancel (with the invitee's token)", () => {
    const none = createBookingClient({ provider: "astrocal", auth: { kind: "none" } });
    expectTypeOf<Methods<typeof none>>().toEqualTypeOf<"slots" | "book" | "reschedule" | "cancel" | "webhook">();
    // @ts-expect-error the event type list needs a key
    void none.eventTypes();
  });

  it("Timekit: the widget key has eventTypes, slots, book and reschedule; no webhook anywhere", () => {
    const widget = createBookingClient({ provider: "timekit", auth: { kind: "widgetKey", widgetKey: "w" } });
    expectTypeOf<Methods<typeof widget>>().toEqualTypeOf<"eventTypes" | "slots" | "book" | "reschedule">();
    // @ts-expect-error the widget key lists no bookings
    void widget.bookings();
    const key = createBookingClient({ provider: "timekit", auth: { kind: "apiKey", apiKey: "k" } });
    expectTypeOf<Methods<typeof key>>().toEqualTypeOf<
      "eventTypes" | "slots" | "book" | "get" | "reschedule" | "cancel" | "bookings"
    >();
    // @ts-expect-error Timekit documents no webhook signing
    void key.webhook;
  });

  it("bookingClientFor(client) infers the provider and the credential from the client", () => {
    const raw = createCalcomClient({ auth: { kind: "none" } });
    expectTypeOf(raw.provider).toEqualTypeOf<"calcom">();
    const booking = bookingClientFor(raw);
    expectTypeOf(booking.provider).toEqualTypeOf<"calcom">();
    // @ts-expect-error a public client lists no bookings
    void booking.bookings();
    expectTypeOf(booking.book).toBeFunction();
    // The same methods as createBookingClient gives the same credential, for every provider.
    expectTypeOf(booking).toEqualTypeOf(createBookingClient({ provider: "calcom", auth: { kind: "none" } }));
    const key = bookingClientFor(createCalcomClient({ auth: { kind: "apiKey", apiKey: "k" } }));
    expectTypeOf(key).toEqualTypeOf(createBookingClient({ provider: "calcom", auth: { kind: "apiKey", apiKey: "k" } }));
    expectTypeOf<Methods<typeof key>>().toEqualTypeOf<
      "eventTypes" | "slots" | "book" | "get" | "reschedule" | "cancel" | "bookings" | "webhook"
    >();
    const savvy = bookingClientFor(createSavvyCalClient({ auth: { kind: "none" } }));
    expectTypeOf(savvy).toEqualTypeOf(createBookingClient({ provider: "savvycal", auth: { kind: "none" } }));
    const astro = bookingClientFor(createAstrocalClient({ auth: { kind: "apiKey", apiKey: "k" } }));
    expectTypeOf(astro).toEqualTypeOf(
      createBookingClient({ provider: "astrocal", auth: { kind: "apiKey", apiKey: "k" } }),
    );
    const widget = bookingClientFor(createTimekitClient({ auth: { kind: "widgetKey", widgetKey: "w" } }));
    expectTypeOf(widget).toEqualTypeOf(
      createBookingClient({ provider: "timekit", auth: { kind: "widgetKey", widgetKey: "w" } }),
    );
    // @ts-expect-error the widget key lists no bookings
    void widget.bookings();
  });

  it("a client from withOptions keeps its provider; a client of no booking provider, or a bare object, is refused", () => {
    const raw = createCalcomClient({ auth: { kind: "apiKey", apiKey: "k" } });
    const slower = raw.withOptions({ timeout: 60_000 });
    expectTypeOf(slower.provider).toEqualTypeOf<"calcom">();
    expectTypeOf(bookingClientFor(slower)).toEqualTypeOf(bookingClientFor(raw));
    // @ts-expect-error Acme is an ad-hoc client: the booking API does not cover it
    bookingClientFor(createAcmeClient({ auth: { kind: "none" } }));
    // @ts-expect-error the provider comes from the client, not an argument
    bookingClientFor("calcom", raw);
    // @ts-expect-error not a generated client
    bookingClientFor({ credential: { kind: "none" } });
  });

  it("a throwing client — created with throwOnError: true, or from withOptions — gives the same booking client", () => {
    const created = bookingClientFor(createCalcomClient({ auth: { kind: "apiKey", apiKey: "k" }, throwOnError: true }));
    expectTypeOf(created).toEqualTypeOf(
      createBookingClient({ provider: "calcom", auth: { kind: "apiKey", apiKey: "k" } }),
    );
    expectTypeOf(created.provider).toEqualTypeOf<"calcom">();
    expectTypeOf(created.bookings).toBeFunction();
    const cal = createCalcomClient({ auth: { kind: "apiKey", apiKey: "k" } });
    const derived = bookingClientFor(cal.withOptions({ throwOnError: true }));
    expectTypeOf(derived).toEqualTypeOf(bookingClientFor(cal));
    // and back: withOptions({ throwOnError: false }) on a throwing client
    const back = bookingClientFor(cal.withOptions({ throwOnError: true }).withOptions({ throwOnError: false }));
    expectTypeOf(back).toEqualTypeOf(bookingClientFor(cal));
    // The credential still decides the methods.
    const none = bookingClientFor(createCalcomClient({ auth: { kind: "none" }, throwOnError: true }));
    expectTypeOf(none).toEqualTypeOf(createBookingClient({ provider: "calcom", auth: { kind: "none" } }));
    // @ts-expect-error a public client lists no bookings
    void none.bookings();
    const widget = bookingClientFor(
      createTimekitClient({ auth: { kind: "widgetKey", widgetKey: "w" }, throwOnError: true }),
    );
    expectTypeOf(widget).toEqualTypeOf(
      createBookingClient({ provider: "timekit", auth: { kind: "widgetKey", widgetKey: "w" } }),
    );
    // @ts-expect-error the widget key lists no bookings
    void widget.bookings();
    const savvy = bookingClientFor(
      createSavvyCalClient({ auth: { kind: "accountToken", token: "t" } }).withOptions({ throwOnError: true }),
    );
    expectTypeOf(savvy).toEqualTypeOf(
      createBookingClient({ provider: "savvycal", auth: { kind: "accountToken", token: "t" } }),
    );
    const astro = bookingClientFor(createAstrocalClient({ auth: { kind: "apiKey", apiKey: "k" }, throwOnError: true }));
    expectTypeOf(astro).toEqualTypeOf(
      createBookingClient({ provider: "astrocal", auth: { kind: "apiKey", apiKey: "k" } }),
    );
    // @ts-expect-error Acme's throwing client is no booking provider's either
    bookingClientFor(createAcmeClient({ auth: { kind: "none" }, throwOnError: true }));
  });
});

describe("raw is the provider's own object", () => {
  it("per provider", () => {
    expectTypeOf<Booking<"savvycal">["raw"]>().toEqualTypeOf<
      SavvyCalSchemas["schemas"]["Appointment"] | SavvyCalSchemas["schemas"]["PublicAppointment"]
    >();
    expectTypeOf<Booking<"timekit">["raw"]>().toEqualTypeOf<TimekitSchemas["schemas"]["Booking"]>();
    expectTypeOf<Booking<"astrocal">["raw"]>().toExtend<
      AstrocalSchemas["schemas"]["Booking"] | AstrocalSchemas["schemas"]["CancelBookingResponse"]
    >();
    expectTypeOf<Extract<BookingEvent<"astrocal">, { type: "other" }>["raw"]["event"]>().toEqualTypeOf<
      | "booking.created"
      | "booking.confirmed"
      | "booking.cancelled"
      | "booking.rescheduled"
      | "waitlist.promoted"
      | "waitlist.expired"
    >();
  });
});
