/**
 * The booking flow against Stoplight Prism mocking each provider's spec, for every credential kind
 * that can book: Prism validates every request the booking API sends (parameters, headers, bodies,
 * security) against the provider's own spec, and answers with the spec's examples or values
 * generated from its schemas.
 *
 * The mocks are those `npm run example` uses (test/helpers/prism.ts), with three adjustments to the
 * mocks' copies of the specs, each explained there, so the mocks answer what the providers do:
 * - Cal.com's `POST /v2/bookings` body is a `oneOf` whose members overlap, so Prism answers 422 to
 *   every request on the published spec; the mock reads it as `anyOf`, which still rejects missing
 *   fields and wrong types.
 * - Astrocal's spec gives its zone fields no example, so Prism answers `invitee_timezone: "string"`;
 *   the mock gives them an IANA example. What the booking API does with the spec's own answer is
 *   the last test here, against a mock of the unadjusted spec.
 * - SavvyCal's spec demands a bearer on its public routes, which its docs say need none; the mock
 *   leaves them public.
 * Timekit's spec is the project's own: it gives its times `format: date-time` and examples, its
 * zones IANA examples and its pagination a last page (specs/timekit), so its mock answers real
 * values with no adjustment. Without the pagination examples its mock answers the same page for
 * every `page`, saying `last_page: 0`; a test below shows where the walk then ends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BookingError,
  createBookingClient,
  type Booking,
  type BookingMethods,
  type EventType,
  type ProviderId,
  type Slot,
} from "../../src/booking/index.js";
import { bookingMethods, type BookingMethodName } from "../../src/booking/operations.js";
import type { OpenApiDocument } from "../../src/codegen/accept/spec-document.js";
import {
  bookingFlowAdjustments,
  providerSpecs,
  startPrism,
  startProviderMocks,
  type MockedProvider,
  type PrismServer,
} from "../helpers/prism.js";

let mocks: Record<MockedProvider, PrismServer>;
let stopMocks = async () => {};
/** Astrocal's spec as published, for the answer the booking API cannot map. */
let plainAstrocal: PrismServer | undefined;
/** Timekit's spec without its pagination examples: Prism answers the same page, `last_page: 0`, for every page. */
let endlessTimekit: PrismServer | undefined;
const withoutPaginationExamples = (document: OpenApiDocument) => {
  for (const property of Object.values((document as any).components.schemas.PaginationMeta.properties))
    delete (property as { example?: unknown }).example;
};

beforeAll(async () => {
  const started = await startProviderMocks(bookingFlowAdjustments);
  mocks = started.mocks;
  stopMocks = started.stop;
  [plainAstrocal, endlessTimekit] = await Promise.all([
    startPrism(providerSpecs.astrocal.file, providerSpecs.astrocal.format),
    startPrism(providerSpecs.timekit.file, providerSpecs.timekit.format, withoutPaginationExamples),
  ]);
}, 240_000);

afterAll(async () => {
  await Promise.all([stopMocks(), plainAstrocal?.stop(), endlessTimekit?.stop()]);
});

const timeZone = "Europe/Berlin";
/** Wide enough for every spec's example instants. */
const range = { from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z", timeZone };
const attendee = { name: "Ada Lovelace", email: "ada@example.com", timeZone: "America/New_York" };
const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

/** Client options every flow shares: the provider's mock, and no retries (a refusal must show at once). */
const at = (provider: MockedProvider) => ({ baseUrl: mocks[provider].origin, maxRetries: 0 });

function expectBooking(booking: Booking, provider: ProviderId) {
  expect(booking.provider).toBe(provider);
  expect(booking.id).toEqual(expect.any(String));
  expect(booking.start).toMatch(instant);
  expect(booking.end).toMatch(instant);
  expect(Date.parse(booking.end)).toBeGreaterThanOrEqual(Date.parse(booking.start));
  expect(booking.raw).toBeTypeOf("object");
}

/** The slot's offset is Berlin's at that instant (+01:00 or +02:00). */
function expectSlot(slot: Slot, provider: ProviderId) {
  expect(slot.provider).toBe(provider);
  expect(slot.timeZone).toBe(timeZone);
  expect(slot.start).toMatch(/\+0[12]:00$/);
  expect(slot.end).toMatch(/\+0[12]:00$/);
}

interface FlowOptions {
  /** Where the credential cannot list event types (public routes): the event type to book. */
  readonly eventTypeId?: string;
  readonly username?: string;
  /** Extra reschedule input the credential needs (Timekit's widget key: the resource). */
  readonly resourceId?: string;
}

/**
 * eventTypes → slots → book → get → reschedule → cancel → bookings, each step the client has; the
 * client must have exactly `methods`. Every request Prism refuses fails the step that sent it.
 */
async function flow<P extends ProviderId>(
  booking: Partial<BookingMethods<P>> & { readonly provider: P },
  methods: readonly BookingMethodName[],
  options: FlowOptions = {},
) {
  const { provider } = booking;
  expect(bookingMethods.filter((method) => typeof booking[method] === "function")).toEqual(methods);
  let types: EventType<P>[] | undefined;
  if (booking.eventTypes) {
    types = await booking.eventTypes(options.username ? { username: options.username } : {});
    expect(types.length).toBeGreaterThan(0);
    for (const type of types)
      expect(type).toMatchObject({ provider, id: expect.any(String), title: expect.any(String) });
  }
  const eventTypeId = types?.[0]?.id ?? options.eventTypeId!;
  const slots = await booking.slots!({ eventTypeId, ...range });
  expect(slots.length).toBeGreaterThan(0);
  slots.forEach((slot) => expectSlot(slot, provider));
  const [slot] = slots;
  const booked = await booking.book!({ eventTypeId, start: slot.start, attendee, notes: "Hi" });
  expectBooking(booked, provider);
  if (booking.get) expectBooking(await booking.get(booked.id), provider);
  const moved = await booking.reschedule!(booked.id, {
    start: slot.start,
    reason: "Clash",
    ...(options.resourceId ? { end: slot.end, resourceId: options.resourceId } : {}),
  });
  expectBooking(moved, provider);
  if (booking.cancel) {
    const cancelled = await booking.cancel(booked.id, { reason: "Ill" });
    expectBooking(cancelled, provider);
  }
  if (booking.bookings) {
    let listed = 0;
    for await (const item of booking.bookings({})) {
      expectBooking(item, provider);
      if (++listed === 3) break;
    }
    expect(listed).toBeGreaterThan(0);
  }
  return { types, slots, booked };
}

const all = bookingMethods;
const publicFlow = ["slots", "book", "get", "reschedule", "cancel"] as const;

describe("Prism accepts every request of the booking flow", () => {
  describe("SavvyCal", () => {
    it("account token", async () => {
      await flow(
        createBookingClient({
          provider: "savvycal",
          ...at("savvycal"),
          auth: { kind: "accountToken", token: "sk_test" },
        }),
        all,
      );
    });

    it("platform token with an account (X-SavvyCal-Account)", async () => {
      const auth = { kind: "platformToken", token: "pt_test", accountId: "acct_d025a96ac0c6" } as const;
      await flow(createBookingClient({ provider: "savvycal", ...at("savvycal"), auth }), all);
    });

    it("a user's JWT", async () => {
      await flow(
        createBookingClient({ provider: "savvycal", ...at("savvycal"), auth: { kind: "jwt", token: "eyJ.test.jwt" } }),
        all,
      );
    });

    it("no credential, and a platform token without an account: the public routes", async () => {
      const options = { eventTypeId: "srv_d025a96ac0c6" };
      await flow(
        createBookingClient({ provider: "savvycal", ...at("savvycal"), auth: { kind: "none" } }),
        publicFlow,
        options,
      );
      const platform = createBookingClient({
        provider: "savvycal",
        ...at("savvycal"),
        auth: { kind: "platformToken", token: "pt_test" },
      });
      await flow(platform, publicFlow, options);
    });
  });

  describe("Cal.com", () => {
    it("API key", async () => {
      await flow(
        createBookingClient({ provider: "calcom", ...at("calcom"), auth: { kind: "apiKey", apiKey: "cal_test_key" } }),
        all,
      );
    });

    it("managed user's access token", async () => {
      const auth = { kind: "managedUser", accessToken: "access-1" } as const;
      await flow(createBookingClient({ provider: "calcom", ...at("calcom"), auth }), all);
    });

    it("OAuth client credentials: everything but listing bookings", async () => {
      const auth = { kind: "oauthClient", clientId: "client-1", secretKey: "secret-1" } as const;
      await flow(
        createBookingClient({ provider: "calcom", ...at("calcom"), auth }),
        all.filter((m) => m !== "bookings"),
      );
    });

    it("no credential: one user's event types by username", async () => {
      const booking = createBookingClient({ provider: "calcom", ...at("calcom"), auth: { kind: "none" } });
      await flow(
        booking,
        all.filter((m) => m !== "bookings"),
        { username: "bob" },
      );
    });
  });

  describe("Astrocal", () => {
    it("API key", async () => {
      await flow(
        createBookingClient({ provider: "astrocal", ...at("astrocal"), auth: { kind: "apiKey", apiKey: "ac_test_1" } }),
        all,
      );
    });

    it("service key for an organisation", async () => {
      const auth = { kind: "serviceKey", serviceKey: "svc", orgId: "7f6c2a4e-3b1d-4c8e-9a0f-1e2d3c4b5a69" } as const;
      await flow(createBookingClient({ provider: "astrocal", ...at("astrocal"), auth }), all);
    });

    it("no credential: reschedule and cancel carry the invitee's token from the booking", async () => {
      const booking = createBookingClient({ provider: "astrocal", ...at("astrocal"), auth: { kind: "none" } });
      await flow(booking, ["slots", "book", "reschedule", "cancel"], {
        eventTypeId: "497f6eca-6276-4993-bfeb-53cbbbba6f08",
      });
    });
  });

  describe("Timekit", () => {
    it("App API key; the projects list is one page, as the spec's pagination examples say", async () => {
      const booking = createBookingClient({
        provider: "timekit",
        ...at("timekit"),
        auth: { kind: "apiKey", apiKey: "test_api_key_1" },
      });
      const { types } = await flow(booking, all);
      // The spec's examples say `last_page: 1`, so the walk ends where Timekit's own answer would.
      expect(types?.map((type) => type.id)).toEqual(["5dcb4b4c-9d9f-4b4f-8e6a-2f1e3c6a7b90"]);
      expect(types?.[0]).toMatchObject({ title: "Intro call", durations: [30], slug: "intro-call" });
    });

    it("widget key: book, and reschedule when told the new end and the resource", async () => {
      const booking = createBookingClient({
        provider: "timekit",
        ...at("timekit"),
        auth: { kind: "widgetKey", widgetKey: "widget-1" },
      });
      await flow(booking, ["eventTypes", "slots", "book", "reschedule"], { resourceId: "resource-1" });
    });

    it("no credential: no booking methods at all", () => {
      const booking = createBookingClient({ provider: "timekit", ...at("timekit"), auth: { kind: "none" } });
      expect(Object.keys(booking)).toEqual(["provider"]);
    });
  });
});

describe("Timekit's mock without pagination examples: the same page forever", () => {
  it("the clients' paginate ends at the repeated page, and eventTypes lists its projects once", async () => {
    const booking = createBookingClient({
      provider: "timekit",
      baseUrl: endlessTimekit!.origin,
      maxRetries: 0,
      auth: { kind: "apiKey", apiKey: "test_api_key_1" },
    });
    const page = await fetch(`${endlessTimekit!.origin}/projects?page=2`, {
      headers: { authorization: `Basic ${btoa(":test_api_key_1")}` },
    });
    expect((await page.json()).last_page).toBe(0); // says nothing of where the list ends
    const types = await booking.eventTypes();
    expect(types.map((type) => type.id)).toEqual(["5dcb4b4c-9d9f-4b4f-8e6a-2f1e3c6a7b90"]);
  });
});

describe("An answer the spec allows but the booking API cannot map", () => {
  it('Astrocal\'s spec lets invitee_timezone be any string: Prism answers "string", and book fails saying whose fault it is', async () => {
    const booking = createBookingClient({
      provider: "astrocal",
      baseUrl: plainAstrocal!.origin,
      maxRetries: 0,
      auth: { kind: "apiKey", apiKey: "ac_test_1" },
    });
    const [type] = await booking.eventTypes();
    const [slot] = await booking.slots({ eventTypeId: type.id, ...range });
    const failure = await booking.book({ eventTypeId: type.id, start: slot.start, attendee }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BookingError);
    expect((failure as BookingError).provider).toBe("astrocal");
    expect((failure as Error).message).toBe(
      "Astrocal answered invitee_timezone \"string\", which is not an IANA time zone name, so the booking's times cannot be expressed in it: a fault in Astrocal's answer, not in the request",
    );
  });
});
