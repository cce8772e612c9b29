/**
 * `npm run example`: the booking page against Prism mocks of the four providers' specs — the mocks
 * the tests use (test/helpers/prism.ts) — so it runs with no account anywhere. It prints the page's
 * URL; Ctrl+C stops the page and the mocks. PORT picks the port (0: any free one). The mocks serve
 * the providers' spec snapshots from ../shared/specs beside the checkout, or SPECS_MIRROR (a folder
 * laid out as <provider>/openapi.json), as the tests do; without them it says so and exits 1.
 *
 * With real accounts, create the clients below with your credentials instead (read from the
 * environment or a secret store, on the server) and drop the mocks: the page and its server stay as
 * they are.
 */
import { existsSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { createBookingClient } from "scheduling-clients/booking";
import { bookingFlowAdjustments, providerIds, providerSpecs, startProviderMocks } from "../../test/helpers/prism.js";
import { createBookingPageServer, type PageClient } from "./server.js";

const port = Number(process.env.PORT ?? 3000);

/** A start-up failure: one line saying what is missing and what to do, no stack trace. */
function fail(message: string): never {
  console.error(`booking-page: ${message}`);
  process.exit(1);
}

// The mocks serve the providers' spec snapshots, which the repository does not hold (Timekit's aside).
const missingSpecs = providerIds.filter((id) => !existsSync(providerSpecs[id].file));
const specsDir = path.dirname(path.dirname(providerSpecs.calcom.file)); // ../shared/specs, or SPECS_MIRROR
if (missingSpecs.length > 0)
  fail(
    `the providers' spec snapshots are not in ${specsDir} (missing: ${missingSpecs.map((id) => `${id}/openapi.json`).join(", ")}): put them in ../shared/specs beside the checkout, or set SPECS_MIRROR to a folder laid out as <provider>/openapi.json`,
  );

console.log("Starting Prism mocks of the SavvyCal, Cal.com, Astrocal and Timekit specs…");
const starting = startProviderMocks(bookingFlowAdjustments);
/** The page's server, once it exists (a Ctrl+C can come while the mocks start). */
const running: { server?: Server } = {};

/**
 * Stops the page and the mocks (they run in their own process groups, so exiting alone would leave
 * them running). Once: a second signal while stopping waits for the first.
 */
let stopping: Promise<never> | undefined;
function shutDown(code: number): Promise<never> {
  stopping ??= (async () => {
    running.server?.close();
    const mocks = await starting.catch(() => undefined);
    await mocks?.stop();
    process.exit(code);
  })();
  return stopping;
}
process.on("SIGINT", () => void shutDown(0));
process.on("SIGTERM", () => void shutDown(0));

const { mocks } = await starting.catch((error: unknown) => {
  // Prism's own output follows the first line of its message: the line says what failed.
  const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0];
  console.error(`booking-page: the Prism mocks of the providers' specs did not start: ${reason}`);
  return shutDown(1);
});

// Each client holds a credential of the kind an app's server would; the mocks accept any value.
const options = (provider: keyof typeof mocks) => ({ baseUrl: mocks[provider].origin, maxRetries: 0 });
const clients = {
  savvycal: createBookingClient({
    provider: "savvycal",
    ...options("savvycal"),
    auth: { kind: "accountToken", token: "mock" },
  }),
  calcom: createBookingClient({ provider: "calcom", ...options("calcom"), auth: { kind: "apiKey", apiKey: "mock" } }),
  astrocal: createBookingClient({
    provider: "astrocal",
    ...options("astrocal"),
    auth: { kind: "apiKey", apiKey: "mock" },
  }),
  timekit: createBookingClient({
    provider: "timekit",
    ...options("timekit"),
    auth: { kind: "apiKey", apiKey: "mock" },
  }),
} satisfies Record<string, PageClient>;

/**
 * The mocks answer the specs' example slots, which lie on fixed days years apart (2017 for Timekit,
 * 2050 for Cal.com): the page opens each provider on the day of its first slot rather than today.
 */
async function firstSlotDay(client: PageClient): Promise<string | undefined> {
  const [type] = await client.eventTypes();
  if (!type) return undefined;
  const wide = { from: "2000-01-01T00:00:00Z", to: "2100-01-01T00:00:00Z", timeZone: "UTC" };
  const [slot] = await client.slots({ eventTypeId: type.id, ...wide });
  return slot?.start.slice(0, 10);
}

async function openingDays(): Promise<Record<string, string | undefined>> {
  const days = await Promise.all(Object.values(clients).map(firstSlotDay));
  return Object.fromEntries(Object.keys(clients).map((id, i) => [id, days[i]]));
}

const initialDays = await openingDays().catch((error: Error) => {
  console.error(`booking-page: the mocks did not answer as expected: ${error.message}`);
  return shutDown(1);
});

const server = (running.server = createBookingPageServer({ clients, initialDays }));
server.once("error", (error) => {
  console.error(`booking-page: cannot listen on 127.0.0.1:${port}: ${error.message} (set PORT to another port)`);
  void shutDown(1);
});
server.listen(port, "127.0.0.1", () => {
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : port}/`;
  console.log(`Booking page: ${url} (Ctrl+C stops it)`);
});
