/**
 * `bookingClientFor(client)`: a generated client carries its provider (`client.provider`, kept by
 * `withOptions`), so the booking client over it needs nothing else — it calls through that client
 * (its credential, its options) and has exactly the methods the credential allows.
 */
import { describe, expect, it } from "vitest";
import { createCalcomClient } from "../../generated/calcom/index.js";
import { createTimekitClient } from "../../generated/timekit/index.js";
import { bookingClientFor, NotFoundError } from "../../src/booking/index.js";
import { createAcmeClient } from "../fixtures/acme/generated/index.js";
import { useLoopbackServer } from "../helpers/loopback-server.js";

const server = useLoopbackServer();

const eventTypes = {
  status: "success",
  data: [{ id: 10, title: "Intro", slug: "intro", lengthInMinutes: 30, lengthInMinutesOptions: [30, 60] }],
};

describe("bookingClientFor(client)", () => {
  it("reads the provider from the client and calls through it, with its credential", async () => {
    server.route("/v2/event-types", (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(eventTypes));
    });
    const cal = createCalcomClient({
      baseUrl: server.origin,
      maxRetries: 0,
      auth: { kind: "apiKey", apiKey: "cal_test_key" },
    });
    expect(cal.provider).toBe("calcom");
    const booking = bookingClientFor(cal);
    expect(booking.provider).toBe("calcom");
    const types = await booking.eventTypes();
    expect(types.map((t) => [t.provider, t.id, t.title])).toEqual([["calcom", "10", "Intro"]]);
    const [request] = server.requests.filter((r) => r.url.startsWith("/v2/event-types"));
    expect(request.headers.authorization).toBe("Bearer cal_test_key");
    // The credential decides the methods, at run time as in the type.
    expect(Object.keys(booking).sort()).toEqual(
      ["book", "bookings", "cancel", "eventTypes", "get", "provider", "reschedule", "slots", "webhook"].sort(),
    );
  });

  it("a client from withOptions (and from its withOptions) is still the provider's", () => {
    const cal = createCalcomClient({ auth: { kind: "none" } });
    const derived = cal.withOptions({ timeout: 5_000 }).withOptions({ throwOnError: true });
    expect(derived.provider).toBe("calcom");
    const widget = createTimekitClient({ auth: { kind: "widgetKey", widgetKey: "w" } }).withOptions({ maxRetries: 1 });
    const booking = bookingClientFor(widget);
    expect(booking.provider).toBe("timekit");
    expect("bookings" in booking).toBe(false); // a widget key cannot list bookings
    expect(typeof booking.book).toBe("function");
    expect("bookings" in bookingClientFor(cal)).toBe(false); // nor can Cal.com without a credential
  });

  it("a throwing client — created with throwOnError: true, or from withOptions — works the same", async () => {
    server.route("/v2/event-types", (_request, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(eventTypes));
    });
    server.route("/v2/bookings/uid_gone", (_request, response) => {
      const body = { status: "error", error: { code: "NotFoundException", message: "Booking not found" } };
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify(body));
    });
    const options = {
      baseUrl: server.origin,
      maxRetries: 0,
      auth: { kind: "apiKey", apiKey: "cal_test_key" },
    } as const;
    const created = bookingClientFor(createCalcomClient({ ...options, throwOnError: true }));
    const derived = bookingClientFor(createCalcomClient(options).withOptions({ throwOnError: true }));
    for (const booking of [created, derived]) {
      expect(booking.provider).toBe("calcom");
      expect((await booking.eventTypes()).map((t) => [t.id, t.title])).toEqual([["10", "Intro"]]);
      await expect(booking.get("uid_gone")).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it("a client of a provider the booking API does not cover, or a bare object, is refused in one line", () => {
    const acme = createAcmeClient({ auth: { kind: "none" } });
    expect(acme.provider).toBe("acme");
    // @ts-expect-error Acme is not a booking provider
    expect(() => bookingClientFor(acme)).toThrow(
      /^scheduling-clients\/booking: unknown provider "acme"; pass one of savvycal, calcom, astrocal, timekit$/,
    );
    // @ts-expect-error not a generated client
    expect(() => bookingClientFor({ credential: { kind: "none" } })).toThrow(
      /bookingClientFor takes a client created by scheduling-clients\/<provider>/,
    );
  });
});
