/**
 * The booking flow against Stoplight Prism mocking each provider's spec: Prism validates every
 * request the booking API sends (parameters, headers, bodies, security) against the provider's own
 * spec, and answers with the spec's examples or values generated from its schemas.
 *
 * Two facts about the mocks:
 * - Cal.com's `POST /v2/bookings` body is a `oneOf` whose members overlap (a valid regular booking
 *   also matches the instant and recurring inputs), so Prism answers 422 to every request on the
 *   published spec. The mock here reads that `oneOf` as `anyOf`, which still rejects missing fields
 *   and wrong types. The spec snapshot itself is untouched; the changed copy lives in a temp folder.
 * - The Timekit spec gives its timestamps `format: date-time` and examples (specs/timekit), so its
 *   mock answers real instants rather than the literal "string".
 *
 * Not here yet: SavvyCal's public routes (Prism demands the bearer the spec puts on every operation,
 * see test/e2e/prism.test.ts), Astrocal (its mock answers `invitee_timezone: "string"`, which the
 * mapping refuses as a zone) and Timekit (paginating its projects never ends against the mock).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../src/codegen/config/paths.js";
import { createBookingClient, type Booking } from "../../src/booking/index.js";
import { startPrism, type PrismServer } from "../helpers/prism.js";
import { sharedSpecsDir } from "../helpers/scratch-project.js";

const mocks: Record<string, PrismServer> = {};
let temp = "";
/** Wide enough for every spec's example instants. */
const range = { from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z", timeZone: "Europe/Berlin" };
const attendee = { name: "Ada Lovelace", email: "ada@example.com", timeZone: "America/New_York" };

/** Cal.com's spec with the create-booking body's `oneOf` read as `anyOf` (see above). */
async function calcomSpecForMock(): Promise<string> {
  const spec = JSON.parse(await readFile(path.join(sharedSpecsDir, "calcom/openapi.json"), "utf8"));
  const body = spec.paths["/v2/bookings"].post.requestBody.content["application/json"].schema;
  body.anyOf = body.oneOf;
  delete body.oneOf;
  const file = path.join(temp, "calcom-openapi.json");
  await writeFile(file, JSON.stringify(spec));
  return file;
}

beforeAll(async () => {
  temp = await mkdtemp(path.join(tmpdir(), "booking-prism-"));
  const specs = {
    savvycal: [path.join(sharedSpecsDir, "savvycal/openapi.json"), "json"],
    calcom: [await calcomSpecForMock(), "json"],
    astrocal: [path.join(sharedSpecsDir, "astrocal/openapi.json"), "json"],
    timekit: [path.join(repoRoot, "specs/timekit/openapi.yaml"), "yaml"],
  } as const;
  const started = await Promise.allSettled(
    Object.entries(specs).map(async ([id, [file, format]]) => (mocks[id] = await startPrism(file, format))),
  );
  const failure = started.find((result) => result.status === "rejected");
  if (failure) throw (failure as PromiseRejectedResult).reason;
}, 240_000);

afterAll(async () => {
  await Promise.all(Object.values(mocks).map((mock) => mock.stop()));
  if (temp) await rm(temp, { recursive: true, force: true });
});

async function first<T>(items: AsyncIterable<T>): Promise<T | undefined> {
  for await (const item of items) return item;
  return undefined;
}

const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
function expectBooking(booking: Booking, provider: string) {
  expect(booking.provider).toBe(provider);
  expect(booking.id).toEqual(expect.any(String));
  expect(booking.start).toMatch(instant);
  expect(booking.end).toMatch(instant);
}

describe("Prism accepts every request of the booking flow", () => {
  it("SavvyCal, account token", async () => {
    const booking = createBookingClient({
      provider: "savvycal",
      baseUrl: mocks.savvycal.origin,
      maxRetries: 0,
      auth: { kind: "accountToken", token: "sk_test" },
    });
    const [type] = await booking.eventTypes();
    const [slot] = await booking.slots({ eventTypeId: type.id, ...range });
    expect(slot.start).toMatch(instant);
    const booked = await booking.book({ eventTypeId: type.id, start: slot.start, attendee });
    expectBooking(booked, "savvycal");
    expectBooking(await booking.get(booked.id), "savvycal");
    expectBooking(await booking.reschedule(booked.id, { start: slot.start }), "savvycal");
    expectBooking(await booking.cancel(booked.id, { reason: "Ill" }), "savvycal");
    expectBooking((await first(booking.bookings()))!, "savvycal");
  });

  it("Cal.com, no credential; bookings with an API key", async () => {
    const booking = createBookingClient({
      provider: "calcom",
      baseUrl: mocks.calcom.origin,
      maxRetries: 0,
      auth: { kind: "none" },
    });
    const [type] = await booking.eventTypes({ username: "bob" });
    const [slot] = await booking.slots({ eventTypeId: type.id, ...range });
    expect(slot.start).toMatch(instant);
    const booked = await booking.book({ eventTypeId: type.id, start: slot.start, attendee, notes: "Hi" });
    expectBooking(booked, "calcom");
    expectBooking(await booking.get(booked.id), "calcom");
    expectBooking(await booking.reschedule(booked.id, { start: slot.start, reason: "Clash" }), "calcom");
    expectBooking(await booking.cancel(booked.id, { reason: "Ill" }), "calcom");
    const keyed = createBookingClient({
      provider: "calcom",
      baseUrl: mocks.calcom.origin,
      maxRetries: 0,
      auth: { kind: "apiKey", apiKey: "cal_test_key" },
    });
    expectBooking((await first(keyed.bookings({})))!, "calcom");
  });
});
