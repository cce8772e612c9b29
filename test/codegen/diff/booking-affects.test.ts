/**
 * `specs:diff` names the booking methods a change affects: each provider's manifest lists the
 * operations `scheduling-clients/booking` uses (read from src/booking/operations.ts), and every
 * finding on one of them says `affects booking.<method>` — in Markdown and JSON, in the report's
 * usual order. Timekit's own spec (specs/timekit/openapi.yaml) is changed two ways here: once where
 * the booking mapping reads, once where it does not.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { bookingOperations } from "../../../src/booking/operations.js";
import { projectPaths, repoRoot } from "../../../src/codegen/config/paths.js";
import { loadProviders } from "../../../src/codegen/config/providers.js";
import { diffManifests, renderJson, renderMarkdown, type ProviderDiff } from "../../../src/codegen/diff/compare.js";
import { bookingSurfaceOf } from "../../../src/codegen/model/booking-surface.js";
import { diffProvider, parseManifest } from "../../../src/codegen/specs-diff.js";

const run = promisify(execFile);
const baseSpec = path.join(repoRoot, "specs/timekit/openapi.yaml");
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "booking-affects-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** The Timekit spec changed by `edit`, written beside the test's other files. */
async function changedSpec(name: string, edit: (spec: any) => void): Promise<string> {
  const spec = parse(await readFile(baseSpec, "utf8"));
  edit(spec);
  const file = path.join(work, `${name}.yaml`);
  await writeFile(file, stringify(spec));
  return file;
}

async function timekitDiff(specFile: string): Promise<ProviderDiff> {
  const timekit = (await loadProviders(projectPaths)).find((p) => p.id === "timekit")!;
  return diffProvider(timekit, { paths: projectPaths, specFile, baseFile: baseSpec });
}

const LEVELS = ["breaking", "warning", "info"];

describe("the manifest lists the booking API's operations", () => {
  it("per method, every alternative's operations, from the booking module's table", async () => {
    const committed = parseManifest(
      await readFile(path.join(repoRoot, "generated/savvycal/manifest.json"), "utf8"),
      "generated/savvycal/manifest.json",
    );
    expect(committed.version).toBe(3);
    expect(committed.booking).toEqual(bookingSurfaceOf("savvycal"));
    expect(committed.booking!.reschedule).toEqual([
      "GET /v1/appointments/{appointment_id}",
      "GET /v1/public/appointments/{appointment_id}",
      "POST /v1/appointments/{appointment_id}/reschedule",
      "POST /v1/public/appointments/{appointment_id}/reschedule",
    ]);
    for (const id of Object.keys(bookingOperations)) {
      const manifest = parseManifest(
        await readFile(path.join(repoRoot, `generated/${id}/manifest.json`), "utf8"),
        `generated/${id}/manifest.json`,
      );
      // Every operation the booking API uses is one of the spec's.
      for (const key of Object.values(manifest.booking!).flat())
        expect(Object.keys(manifest.operations)).toContain(key);
    }
  });

  it("an app's ad-hoc client, or a provider the booking API does not cover, lists none", () => {
    expect(bookingSurfaceOf("acme")).toEqual({});
    expect(bookingSurfaceOf("__proto__")).toEqual({});
  });
});

describe("a change to an operation the booking API uses", () => {
  let diff: ProviderDiff;
  beforeAll(async () => {
    // The booking mapping reads a Timekit booking's `state` (src/booking/providers/timekit.ts).
    diff = await timekitDiff(
      await changedSpec("booking-state-removed", (spec) => delete spec.components.schemas.Booking.properties.state),
    );
  });

  it("says which booking methods it affects, on every finding of those operations", () => {
    const state = diff.findings.filter((f) => f.location.endsWith("› state") || f.location.endsWith("› data.state"));
    expect(state.length).toBeGreaterThan(0);
    const affects = Object.fromEntries(diff.findings.map((f) => [f.operation, f.affects ?? []]));
    expect(affects["GET /bookings/{id}"]).toEqual(["booking.get", "booking.reschedule"]);
    expect(affects["POST /bookings"]).toEqual(["booking.book"]);
    expect(affects["GET /bookings"]).toEqual(["booking.bookings"]);
    expect(affects["PUT /bookings/{id}/{action}"]).toEqual(["booking.cancel"]);
    expect(affects["POST /bookings/{id}/reschedule"]).toEqual(["booking.reschedule"]);
    // The same schema on operations the booking API does not use: no note.
    const others = diff.findings.filter(
      (f) => !Object.values(bookingSurfaceOf("timekit")).flat().includes(f.operation),
    );
    expect(others.length).toBeGreaterThan(0);
    for (const f of others) expect(f.affects).toBeUndefined();
  });

  it("keeps the report's order (breaking first), and renders the note in Markdown and JSON", () => {
    const levels = diff.findings.map((f) => LEVELS.indexOf(f.level));
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    const markdown = renderMarkdown([diff]);
    expect(markdown).toMatch(/^Affects the booking API: .*booking\.get \(\d+ (breaking|warning|info)/m);
    expect(markdown).toMatch(
      /^- \*\*GET \/bookings\/\{id\}\*\* \(.*› data\.state\) — .* — affects booking\.get, booking\.reschedule `/m,
    );
    const json = JSON.parse(renderJson([diff]));
    const findings = json.providers[0].findings as { operation: string; affects: string[] }[];
    expect(findings.find((f) => f.operation === "POST /bookings")!.affects).toEqual(["booking.book"]);
    // Every finding carries `affects` in JSON, empty when no booking method uses its operation.
    for (const f of findings) expect(Array.isArray(f.affects)).toBe(true);
  });

  it("through the command line: specs:diff --provider timekit --spec NEW --base OLD --format json", async () => {
    const spec = path.join(work, "booking-state-removed.yaml");
    const { stdout } = await run(
      process.execPath,
      [
        "scripts/run.mjs",
        "specs:diff",
        "--provider",
        "timekit",
        "--spec",
        spec,
        "--base",
        baseSpec,
        "--format",
        "json",
        "--fail-on",
        "none",
      ],
      { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 },
    );
    const findings = JSON.parse(stdout).providers[0].findings as { operation: string; affects: string[] }[];
    expect(findings.find((f) => f.operation === "GET /bookings/{id}")!.affects).toEqual([
      "booking.get",
      "booking.reschedule",
    ]);
  });

  it("either side's list counts: an older (version 2) base without one, or a new side without one", async () => {
    const text = await readFile(path.join(repoRoot, "generated/timekit/manifest.json"), "utf8");
    const { booking, ...rest } = JSON.parse(text);
    expect(booking).toBeDefined();
    const older = parseManifest(JSON.stringify({ ...rest, version: 2 }), "an older manifest.json");
    expect(older.booking).toBeUndefined();
    const current = parseManifest(text, "generated/timekit/manifest.json");
    const removed = structuredClone(current);
    delete removed.operations["POST /bookings"];
    const expected = {
      id: "operation-removed",
      operation: "POST /bookings",
      level: "breaking",
      affects: ["booking.book"],
    };
    expect(diffManifests(older, removed).findings).toEqual([expect.objectContaining(expected)]);
    expect(diffManifests(current, { ...removed, booking: undefined }).findings).toEqual([
      expect.objectContaining(expected),
    ]);
  });

  it("an operation renamed only in a path parameter's name is still the booking API's", async () => {
    const diff = await timekitDiff(
      await changedSpec("id-renamed", (spec) => {
        const item = spec.paths["/bookings/{id}"];
        for (const parameter of item.parameters ?? item.get.parameters)
          if (parameter.name === "id") parameter.name = "bookingId";
        delete spec.paths["/bookings/{id}"];
        spec.paths["/bookings/{bookingId}"] = item;
      }),
    );
    // The same path's DELETE is not the booking API's: no note there.
    expect(diff.findings.map((f) => [f.id, f.operation, f.affects])).toEqual([
      ["path-parameter-renamed", "DELETE /bookings/{bookingId}", undefined],
      ["path-parameter-renamed", "GET /bookings/{bookingId}", ["booking.get", "booking.reschedule"]],
    ]);
  });

  it("a base manifest naming methods the booking API does not have is refused, in one line", async () => {
    const manifest = JSON.parse(await readFile(path.join(repoRoot, "generated/timekit/manifest.json"), "utf8"));
    // A hostile base could list thousands of made-up methods on one operation, to be copied into every finding.
    for (let i = 0; i < 5_000; i++) manifest.booking[`m${i}`] = ["POST /bookings"];
    expect(() => parseManifest(JSON.stringify(manifest), "a hostile manifest.json")).toThrow(
      /booking\["m0"\] is not a method of the booking API/,
    );
  });
});

describe("a change to an operation the booking API does not use", () => {
  it("has no booking note, in the findings or the report", async () => {
    const diff = await timekitDiff(
      await changedSpec("calendars-changed", (spec) => {
        delete spec.paths["/calendars/{id}"].delete;
        delete spec.paths["/findtime"];
      }),
    );
    expect(diff.findings.map((f) => [f.id, f.operation])).toEqual([
      ["operation-removed", "DELETE /calendars/{id}"],
      ["operation-removed", "POST /findtime"],
    ]);
    for (const f of diff.findings) expect(f.affects).toBeUndefined();
    const markdown = renderMarkdown([diff]);
    expect(markdown).not.toMatch(/affects booking|Affects the booking API/i);
  });
});
