/**
 * The example's server on its own, over booking clients that fail on purpose: what the page sees
 * when a slot was taken, a request is malformed, or a path is not one of its routes.
 * `scheduling-clients/booking` resolves through the package's exports to dist/, as in the example.
 */
import type { AddressInfo } from "node:net";
import { SlotUnavailableError, ValidationError, type EventType, type Slot } from "scheduling-clients/booking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBookingPageServer, type PageClient } from "../../examples/booking-page/server.js";

const slot = { start: "2026-03-29T09:00:00+02:00", end: "2026-03-29T09:30:00+02:00" };
const client: PageClient = {
  async eventTypes() {
    return [{ provider: "calcom", id: "1", title: "Intro", durations: [30], raw: {} } as unknown as EventType];
  },
  async slots(query) {
    if (query.timeZone === "Mars/Olympus")
      throw new ValidationError("calcom", 'time zone "Mars/Olympus" is not an IANA zone name', []);
    return [
      {
        provider: "calcom",
        eventTypeId: query.eventTypeId,
        ...slot,
        timeZone: query.timeZone,
        raw: {},
      } as unknown as Slot,
    ];
  },
  async book() {
    throw new SlotUnavailableError("calcom", "Cal.com: the slot is no longer available; pick another");
  },
};

const server = createBookingPageServer({ clients: { calcom: client }, initialDays: { calcom: "2026-03-29" } });
let origin = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function call(path: string, init?: RequestInit) {
  const response = await fetch(`${origin}${path}`, init);
  return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
}
const post = (body: string) => ({ method: "POST", headers: { "content-type": "application/json" }, body });

describe("the booking page's server", () => {
  it("serves the page and lists its providers with the day each opens on", async () => {
    expect(await call("/")).toMatchObject({ status: 200, type: "text/html; charset=utf-8" });
    expect(await call("/page.js")).toMatchObject({ status: 200, type: "text/javascript; charset=utf-8" });
    expect(JSON.parse((await call("/api/providers")).body)).toEqual([
      { id: "calcom", name: "Cal.com", initialDay: "2026-03-29" },
    ]);
  });

  it("passes the page only what it shows: no raw provider objects", async () => {
    expect(JSON.parse((await call("/api/calcom/event-types")).body)).toEqual([
      { id: "1", title: "Intro", durations: [30] },
    ]);
    const query = new URLSearchParams({
      eventTypeId: "1",
      from: "2026-03-29T00:00:00Z",
      to: "2026-03-30T00:00:00Z",
      timeZone: "Europe/Berlin",
    });
    expect(JSON.parse((await call(`/api/calcom/slots?${query}`)).body)).toEqual([slot]);
  });

  it("answers a taken slot 409, an invalid request 400, anything else 404, each with one line", async () => {
    const booking = {
      eventTypeId: "1",
      start: slot.start,
      name: "Ada",
      email: "ada@example.com",
      timeZone: "Europe/Berlin",
    };
    expect(await call("/api/calcom/bookings", post(JSON.stringify(booking)))).toEqual({
      status: 409,
      type: "application/json; charset=utf-8",
      body: JSON.stringify({ error: "Cal.com: the slot is no longer available; pick another" }),
    });
    expect(await call("/api/calcom/bookings", post(JSON.stringify({ ...booking, email: "" })))).toMatchObject({
      status: 400,
      body: JSON.stringify({ error: "email is required" }),
    });
    expect(await call("/api/calcom/bookings", post("["))).toMatchObject({
      status: 400,
      body: JSON.stringify({ error: "the request body must be a JSON object" }),
    });
    const mars = new URLSearchParams({ eventTypeId: "1", from: "a", to: "b", timeZone: "Mars/Olympus" });
    expect((await call(`/api/calcom/slots?${mars}`)).status).toBe(400);
    expect((await call("/api/timekit/event-types")).status).toBe(404); // not configured
    expect((await call("/server.ts")).status).toBe(404);
    expect((await call("/%2e%2e/server.ts")).status).toBe(404);
    expect((await call("/api/calcom/event-types", post("{}"))).status).toBe(405);
  });
});
