import path from "node:path";
import { mkdir, writeFile } from "node:fs/promises";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sha256 } from "../../src/codegen/support/hash.js";
import { pullProvider } from "../../src/codegen/pull.js";
import { snapshotFile } from "../../src/codegen/source/spec-location.js";
import { respond, startLoopbackServer, type LoopbackServer } from "../helpers/loopback-server.js";
import { fixtureProvider, makeScratchProject, readFixture } from "../helpers/scratch-project.js";

const fastPolicy = { timeoutMs: 2_000, retries: 2, backoffMs: 5, maxBytes: 1_000_000 };

let server: LoopbackServer;
let project: Awaited<ReturnType<typeof makeScratchProject>>;
let good: string;

beforeAll(async () => {
  server = await startLoopbackServer();
  good = await readFixture("petshop.json");
});
afterAll(() => server.close());
beforeEach(async () => {
  project = await makeScratchProject();
  server.requests.length = 0;
});
afterEach(() => project.remove());

const provider = () => fixtureProvider({ source: { url: `${server.origin}/spec.json` } });
const pull = (policy: Partial<typeof fastPolicy> = {}) =>
  pullProvider(provider(), { paths: project.paths, policy: { ...fastPolicy, ...policy } });

/** Pulls the good fixture once, so there is a last good snapshot and lock entry to protect. */
async function seedLastGood() {
  server.route("/spec.json", respond.json(good, { etag: '"v1"' }));
  await pull();
  server.requests.length = 0;
  return {
    snapshot: await project.readOrUndefined(snapshotFile(project.paths, provider())),
    lock: await project.readOrUndefined(project.paths.lockFile),
  };
}

async function expectLastGoodKept(before: { snapshot?: string; lock?: string }) {
  expect(before.snapshot).toBe(good);
  expect(await project.readOrUndefined(snapshotFile(project.paths, provider()))).toBe(before.snapshot);
  expect(await project.readOrUndefined(project.paths.lockFile)).toBe(before.lock);
}

describe("pull over HTTP", () => {
  it("200: stores the snapshot and records source, sha256, version, operation count and ETag", async () => {
    server.route("/spec.json", respond.json(good, { etag: '"abc"' }));
    const pulled = await pull();
    expect(pulled.change).toBe("updated");
    expect(await project.readOrUndefined(snapshotFile(project.paths, provider()))).toBe(good);
    const lock = JSON.parse((await project.readOrUndefined(project.paths.lockFile))!);
    expect(lock.petshop).toMatchObject({
      source: `${server.origin}/spec.json`,
      sha256: sha256(good),
      version: "1.2.0",
      operations: 3,
      etag: '"abc"',
      repairs: [],
    });
    expect(Date.parse(lock.petshop.fetchedAt)).not.toBeNaN();
  });

  it("304: sends If-None-Match with the recorded ETag and keeps snapshot and lock byte-identical", async () => {
    const before = await seedLastGood();
    server.route("/spec.json", (_req, res) => void res.writeHead(304).end());
    const pulled = await pull();
    expect(server.requests[0].headers["if-none-match"]).toBe('"v1"');
    expect(pulled.change).toBe("unchanged");
    await expectLastGoodKept(before);
  });

  it("the same content again leaves the lock byte-identical (fetchedAt is when the content changed)", async () => {
    const before = await seedLastGood();
    server.route("/spec.json", respond.json(good));
    await pull();
    await expectLastGoodKept(before);
  });

  it("500 then 200: retries with backoff and succeeds", async () => {
    server.route("/spec.json", respond.text(500, "oops"), respond.text(503, "busy"), respond.json(good));
    const pulled = await pull();
    expect(server.requests).toHaveLength(3);
    expect(pulled.accepted.operationCount).toBe(3);
  });

  it("persistent 5xx: gives up after the bounded retries and keeps the last good spec", async () => {
    const before = await seedLastGood();
    server.route("/spec.json", respond.text(502, "bad gateway"));
    await expect(pull()).rejects.toThrow(/HTTP 502.*gave up after 3 attempts/);
    expect(server.requests).toHaveLength(3);
    await expectLastGoodKept(before);
  });

  it("timeout: aborts the hung request and keeps the last good spec", async () => {
    const before = await seedLastGood();
    server.route("/spec.json", respond.hang());
    await expect(pull({ timeoutMs: 150, retries: 1 })).rejects.toThrow(/no response within 150 ms/);
    await expectLastGoodKept(before);
  });

  it("404: fails at once (no retry) and says the URL moved", async () => {
    const before = await seedLastGood();
    server.route("/spec.json", respond.text(404, "not found"));
    const error = await pull().catch((e) => e);
    expect(error.message).toMatch(/HTTP 404/);
    expect(error.hint).toMatch(/source\.url/);
    expect(server.requests).toHaveLength(1);
    await expectLastGoodKept(before);
  });

  it("an HTML error page served as 200 is rejected", async () => {
    const before = await seedLastGood();
    server.route("/spec.json", respond.text(200, "<!DOCTYPE html><html><body>Maintenance</body></html>", "text/html"));
    await expect(pull()).rejects.toThrow(/HTML page, not an OpenAPI document/);
    await expectLastGoodKept(before);
  });

  it("truncated JSON is rejected", async () => {
    const before = await seedLastGood();
    server.route("/spec.json", respond.json(good.slice(0, good.length / 2)));
    await expect(pull()).rejects.toThrow(/not valid JSON/);
    await expectLastGoodKept(before);
  });

  it("valid JSON that is not OpenAPI is rejected", async () => {
    const before = await seedLastGood();
    server.route("/spec.json", respond.json({ swagger: "2.0", info: {}, paths: {} }));
    await expect(pull()).rejects.toThrow(/Swagger 2\.0 is not supported/);
    server.route("/spec.json", respond.json({ hello: "world" }));
    await expect(pull()).rejects.toThrow(/no `openapi` version field/);
    server.route("/spec.json", respond.json({ openapi: "3.0.0", info: { title: "t", version: "1" }, paths: {} }));
    await expect(pull()).rejects.toThrow(/no `paths`/);
    await expectLastGoodKept(before);
  });

  it("an unresolvable $ref that no repair covers is rejected with its JSON pointer", async () => {
    const before = await seedLastGood();
    const broken = JSON.parse(good);
    broken.paths["/pets"].get.parameters.push({ $ref: "#/components/parameters/Missing" });
    server.route("/spec.json", respond.json(broken));
    await expect(pull()).rejects.toThrow(
      /#\/components\/parameters\/Missing.*\(at \/paths\/~1pets\/get\/parameters\/1\/\$ref/,
    );
    const external = JSON.parse(good);
    external.components.schemas.Pet = { $ref: "https://elsewhere.example/pet.json" };
    server.route("/spec.json", respond.json(external));
    await expect(pull()).rejects.toThrow(/external reference .*\(at \/components\/schemas\/Pet\/\$ref/);
    await expectLastGoodKept(before);
  });

  it("an oversize response is cut off at the cap and rejected", async () => {
    const before = await seedLastGood();
    const huge = JSON.stringify({ ...JSON.parse(good), "x-padding": "x".repeat(50_000) });
    server.route("/spec.json", respond.json(huge));
    await expect(pull({ maxBytes: 20_000 })).rejects.toThrow(/larger than the 20000-byte cap/);
    // Also when the server does not announce the length up front.
    server.route("/spec.json", (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write(huge.slice(0, 30_000));
      res.end(huge.slice(30_000));
    });
    await expect(pull({ maxBytes: 20_000 })).rejects.toThrow(/larger than the 20000-byte cap/);
    await expectLastGoodKept(before);
  });

  it("a repairable defect is accepted, repaired, and the repair recorded in the lock", async () => {
    const defective = JSON.parse(good);
    defective.components.schemas.Pet.properties.owner = { $ref: "#/components/schemas/Owner" };
    server.route("/spec.json", respond.json(defective));
    const pulled = await pull();
    const lock = JSON.parse((await project.readOrUndefined(project.paths.lockFile))!);
    expect(lock.petshop.repairs).toEqual([
      expect.objectContaining({
        kind: "dangling-schema-ref",
        pointer: "/components/schemas/Pet/properties/owner/$ref",
      }),
    ]);
    expect(pulled.accepted.document.components!.schemas.Pet).toMatchObject({ properties: { owner: {} } });
  });
});

describe("pull from a mirror", () => {
  it("reads <id>/openapi.json from a mirror directory instead of the network", async () => {
    const mirror = path.join(project.root, "mirror");
    await mkdir(path.join(mirror, "petshop"), { recursive: true });
    await writeFile(path.join(mirror, "petshop/openapi.json"), good);
    const pulled = await pullProvider(fixtureProvider({ source: { url: "https://unreachable.invalid/spec" } }), {
      paths: project.paths,
      mirror,
    });
    expect(pulled.from).toBe(path.join(mirror, "petshop/openapi.json"));
    const lock = JSON.parse((await project.readOrUndefined(project.paths.lockFile))!);
    expect(lock.petshop.source).toBe("https://unreachable.invalid/spec");
  });

  it("reads <id>/openapi.json under a mirror base URL", async () => {
    server.route("/mirror/petshop/openapi.json", respond.json(good));
    const pulled = await pullProvider(fixtureProvider({ source: { url: "https://unreachable.invalid/spec" } }), {
      paths: project.paths,
      mirror: `${server.origin}/mirror`,
      policy: fastPolicy,
    });
    expect(server.requests.map((r) => r.url)).toEqual(["/mirror/petshop/openapi.json"]);
    expect(pulled.accepted.version).toBe("1.2.0");
  });

  it("a mirror without the provider's file says what layout it expects", async () => {
    await expect(
      pullProvider(fixtureProvider({ source: { url: "https://unreachable.invalid/spec" } }), {
        paths: project.paths,
        mirror: project.root,
      }),
    ).rejects.toMatchObject({
      message: expect.stringMatching(/no such file .*petshop\/openapi\.json/),
      hint: expect.stringMatching(/<provider>\/openapi\.<json\|yaml>/),
    });
  });
});
