/**
 * Stoplight Prism mock servers of the providers' specs on 127.0.0.1, for the tests and for
 * `npm run example` (examples/booking-page/start.ts imports this module, so both see the same mocks).
 * Prism validates every request against the spec (parameters, required headers, bodies, security)
 * and answers with the spec's examples or values generated from its schemas.
 *
 * Each spec is accepted (parsed, corrected where the project corrects it, repaired) as `generate`
 * would, optionally adjusted for the mock, and written to a temp folder — never into the repository.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { acceptSpec } from "../../src/codegen/accept/accept.js";
import type { OpenApiDocument } from "../../src/codegen/accept/spec-document.js";
import { repoRoot } from "../../src/codegen/config/paths.js";
import { sharedSpecsDir } from "./scratch-project.js";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A change made to the mock's copy of a spec (never to the spec itself), saying why in its name. */
export type MockAdjustment = (document: OpenApiDocument) => void;

/**
 * Starts Prism's mock server for a spec on a free port of 127.0.0.1; `adjust` changes the mock's
 * copy of the accepted document first.
 */
export async function startPrism(specFile: string, format: "json" | "yaml", adjust?: MockAdjustment) {
  const dir = await mkdtemp(path.join(tmpdir(), "prism-"));
  const accepted = await acceptSpec(await readFile(specFile, "utf8"), { name: path.basename(specFile), format });
  adjust?.(accepted.document);
  const file = path.join(dir, "openapi.json");
  await writeFile(file, JSON.stringify(accepted.document));
  const port = await freePort();
  const child: ChildProcess = spawn(
    path.join(repoRoot, "node_modules/.bin/prism"),
    ["mock", file, "-h", "127.0.0.1", "-p", String(port)],
    // Its own process group, so stop() ends Prism and the workers it starts together.
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let output = "";
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`prism did not start within 90 s:\n${output.slice(-2000)}`)),
        90_000,
      );
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Prism is listening")) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on("data", onData);
      child.stderr!.on("data", onData);
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`prism exited with ${code}:\n${output.slice(-2000)}`));
      });
    });
  } catch (error) {
    if (child.exitCode === null) process.kill(-child.pid!, "SIGTERM");
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  // Keep draining Prism's request log, or it blocks once the pipe fills.
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      child.removeAllListeners("exit");
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        process.kill(-child.pid!, "SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type PrismServer = Awaited<ReturnType<typeof startPrism>>;

export const providerIds = ["savvycal", "calcom", "astrocal", "timekit"] as const;
export type MockedProvider = (typeof providerIds)[number];

/**
 * The four providers' specs: three snapshots from ../shared/specs (SPECS_MIRROR), and Timekit's, the
 * project's own document in specs/timekit.
 */
export const providerSpecs: Record<MockedProvider, { file: string; format: "json" | "yaml" }> = {
  savvycal: { file: path.join(sharedSpecsDir, "savvycal/openapi.json"), format: "json" },
  calcom: { file: path.join(sharedSpecsDir, "calcom/openapi.json"), format: "json" },
  astrocal: { file: path.join(sharedSpecsDir, "astrocal/openapi.json"), format: "json" },
  timekit: { file: path.join(repoRoot, "specs/timekit/openapi.yaml"), format: "yaml" },
};

/**
 * Cal.com's `POST /v2/bookings` body is a `oneOf` whose members overlap (a valid regular booking
 * also matches the instant and recurring inputs), so Prism answers 422 to every request on the
 * published spec. The mock reads that `oneOf` as `anyOf`, which still rejects missing fields and
 * wrong types.
 */
export const calcomBookingBodyAsAnyOf: MockAdjustment = (document) => {
  const body = (document as any).paths["/v2/bookings"].post.requestBody.content["application/json"].schema;
  if (!body.oneOf) throw new Error("Cal.com's POST /v2/bookings body is no longer a oneOf: drop this mock adjustment");
  body.anyOf = body.oneOf;
  delete body.oneOf;
};

/**
 * Astrocal's spec types its zone fields (`invitee_timezone`, an attendee's `timezone`, …) as any
 * string with no example, so Prism answers the literal "string". The mock's copy gives each such
 * field an IANA zone as its example, so the mock answers what Astrocal documents it sends. (What the
 * booking API does with a zone that is not one is a test of its own, against a loopback server.)
 */
export const astrocalZoneExamples: MockAdjustment = (document) => {
  const visit = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(visit);
    const properties = (node as { properties?: Record<string, any> }).properties;
    for (const [name, schema] of Object.entries(properties ?? {}))
      if (/^(invitee_)?time_?zone$/i.test(name) && schema && schema.example === undefined && !schema.examples)
        schema.example = "America/New_York";
    Object.values(node).forEach(visit);
  };
  visit(document.components);
  visit(document.paths);
};

/**
 * SavvyCal's spec puts its bearer scheme on every operation, but its docs say the `/v1/public/…`
 * routes (public booking) need no token (../shared/docs/providers.md), and the client sends none
 * there. The mock's copy marks those routes public, so Prism checks the rest of each request.
 */
export const savvyCalPublicRoutesOpen: MockAdjustment = (document) => {
  let opened = 0;
  for (const [route, item] of Object.entries((document as any).paths ?? {}))
    if (route.startsWith("/v1/public/"))
      for (const operation of Object.values(item as Record<string, any>))
        if (operation && typeof operation === "object" && "responses" in operation) {
          operation.security = [];
          opened++;
        }
  if (opened === 0) throw new Error("SavvyCal's spec has no /v1/public/ routes any more: drop this mock adjustment");
};

/** The mock adjustments the booking flow needs; the raw clients' own Prism tests use the specs as they are. */
export const bookingFlowAdjustments: Partial<Record<MockedProvider, MockAdjustment>> = {
  savvycal: savvyCalPublicRoutesOpen,
  calcom: calcomBookingBodyAsAnyOf,
  astrocal: astrocalZoneExamples,
};

/**
 * Starts a mock of each provider's spec, concurrently; when one fails to start the others are
 * stopped and the first failure is thrown.
 */
export async function startProviderMocks(
  adjustments: Partial<Record<MockedProvider, MockAdjustment>> = {},
): Promise<{ mocks: Record<MockedProvider, PrismServer>; stop(): Promise<void> }> {
  const started = await Promise.allSettled(
    providerIds.map((id) => startPrism(providerSpecs[id].file, providerSpecs[id].format, adjustments[id])),
  );
  const servers = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const stop = async () => void (await Promise.all(servers.map((server) => server.stop())));
  const failure = started.find((result) => result.status === "rejected");
  if (failure) {
    await stop();
    throw (failure as PromiseRejectedResult).reason;
  }
  const mocks = Object.fromEntries(providerIds.map((id, i) => [id, servers[i]])) as Record<MockedProvider, PrismServer>;
  return { mocks, stop };
}
