/**
 * What a spec's server (or a mirror) can do to a pull: answer 304 unasked, redirect elsewhere,
 * hand out ETags, race another pull for the lock. Real HTTP on 127.0.0.1, real files.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { describeError } from "../../../src/codegen/support/errors.js";
import { displayUrl } from "../../../src/codegen/support/escape.js";
import { pullProvider } from "../../../src/codegen/pull.js";
import { snapshotFile } from "../../../src/codegen/source/spec-location.js";
import { respond, startLoopbackServer, type LoopbackServer } from "../../helpers/loopback-server.js";
import { fixtureProvider, makeScratchProject, readFixture } from "../../helpers/scratch-project.js";

const fastPolicy = { timeoutMs: 2_000, retries: 1, backoffMs: 5, maxBytes: 1_000_000 };

let server: LoopbackServer;
let elsewhere: LoopbackServer;
let project: Awaited<ReturnType<typeof makeScratchProject>>;
let good: string;

beforeAll(async () => {
  server = await startLoopbackServer();
  elsewhere = await startLoopbackServer();
  elsewhere.route(
    "*",
    respond.json({
      openapi: "3.0.3",
      info: { title: "elsewhere", version: "9" },
      paths: { "/x": { get: { responses: { 200: { description: "ok" } } } } },
    }),
  );
  good = await readFixture("petshop.json");
});
afterAll(async () => {
  await server.close();
  await elsewhere.close();
});
beforeEach(async () => {
  project = await makeScratchProject();
  server.requests.length = 0;
  elsewhere.requests.length = 0;
});
afterEach(() => project.remove());

const provider = (overrides: Record<string, unknown> = {}) =>
  fixtureProvider({ source: { url: `${server.origin}/spec.json`, ...overrides } });
const pull = (options: { mirror?: string; id?: string; source?: Record<string, unknown> } = {}) =>
  pullProvider(options.id ? { ...provider(options.source), id: options.id } : provider(options.source), {
    paths: project.paths,
    mirror: options.mirror,
    policy: fastPolicy,
  });

describe("pull against a misbehaving server", () => {
  it("an unsolicited 304 is asked again without conditions, and fails when it persists; nothing is written", async () => {
    server.route("/spec.json", (_req, res) => void res.writeHead(304).end(), respond.json(good, { etag: '"v1"' }));
    const pulled = await pull();
    expect(pulled.text).toBe(good);
    expect(server.requests.map((request) => request.headers["if-none-match"])).toEqual([undefined, undefined]);

    await project.remove();
    project = await makeScratchProject();
    server.route("/spec.json", (_req, res) => void res.writeHead(304).end());
    await expect(pull()).rejects.toThrow(
      /answered 304 Not Modified to a request without If-None-Match \(gave up after 2 attempts\)/,
    );
    expect(await project.readOrUndefined(project.paths.lockFile)).toBeUndefined();
    expect(await project.readOrUndefined(snapshotFile(project.paths, provider()))).toBeUndefined();
  });

  it("a redirect to another origin is refused unless the config allows it; same-origin redirects are followed", async () => {
    server.route(
      "/spec.json",
      (_req, res) => void res.writeHead(302, { location: `${elsewhere.origin}/spec.json` }).end(),
    );
    await expect(pull()).rejects.toThrow(
      /redirected to another origin \(http:\/\/127\.0\.0\.1:\d+\/spec\.json\); not followed/,
    );
    expect(elsewhere.requests).toEqual([]);

    const allowed = await pull({ source: { allowRedirectTo: [elsewhere.origin] } });
    expect(allowed.accepted.document.info?.title).toBe("elsewhere");

    server.route("/spec.json", (_req, res) => void res.writeHead(301, { location: "/v2/spec.json" }).end());
    server.route("/v2/spec.json", respond.json(good));
    expect((await pull()).text).toBe(good);
  });

  it("an ETag from a mirror is neither kept nor sent to the provider's URL", async () => {
    server.route("/mirror/petshop/openapi.json", respond.json(good, { etag: '"from-mirror"' }));
    await pull({ mirror: `${server.origin}/mirror/` });
    const lock = JSON.parse((await project.readOrUndefined(project.paths.lockFile))!);
    expect(lock.petshop.etag).toBeNull();
    server.route("/spec.json", respond.json(good, { etag: '"from-source"' }));
    await pull();
    expect(server.requests.at(-1)!.headers["if-none-match"]).toBeUndefined();
    expect(JSON.parse((await project.readOrUndefined(project.paths.lockFile))!).petshop.etag).toBe('"from-source"');
    await pull();
    expect(server.requests.at(-1)!.headers["if-none-match"]).toBe('"from-source"');
  });

  it("credentials in a mirror URL are never echoed", async () => {
    const error = await pull({
      mirror: `http://ci-user:mirror-pass-123@127.0.0.1:${new URL(server.origin).port}/private/`,
    }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(describeError(error).message).not.toContain("mirror-pass-123");
    expect(displayUrl(`http://ci-user:mirror-pass-123@127.0.0.1/private/?token=t`)).toBe("http://127.0.0.1/private/");
  });

  it("remote text in a message is one line, without escape codes, and capped", async () => {
    server.route(
      "/spec.json",
      respond.json({
        openapi: `\u001b[31m9.9\n${"x".repeat(800)}`,
        info: { title: "t", version: "1" },
        paths: { "/a": {} },
      }),
    );
    const { message } = describeError(
      await pull().then(
        () => undefined,
        (e: Error) => e,
      ),
    );
    expect(message).toMatch(/^unsupported OpenAPI version 9\.9 x+…$/);
    expect(message).not.toMatch(/[\u0000-\u001f]/);
    expect(message.length).toBeLessThanOrEqual(601);
    server.route("/spec.json", (_req, res) => void res.writeHead(418, `I'm a teapot ${"x".repeat(500)}`).end());
    const status = describeError(
      await pull().then(
        () => undefined,
        (e: Error) => e,
      ),
    ).message;
    expect(status).toMatch(/^HTTP 418 I'm a teapot x+…$/);
    expect(status.length).toBeLessThan(120);
  });
});

describe("a broken project file", () => {
  it("a corrupt specs/lock.json is named as the project's, with how to restore it", async () => {
    await project.copyIn(await writeTemp("{ not json"), "specs/lock.json");
    server.route("/spec.json", respond.json(good));
    const { message, hint } = describeError(
      await pull().then(
        () => undefined,
        (e: Error) => e,
      ),
    );
    expect(message).toMatch(/specs\/lock\.json is not valid JSON/);
    expect(hint).toMatch(/git checkout specs\/lock\.json/);
  });
});

async function writeTemp(text: string): Promise<string> {
  const file = path.join(project.root, "lock.tmp-input");
  await writeFile(file, text);
  return file;
}

describe("two pulls at once", () => {
  it("both lock entries land", async () => {
    server.route("/spec.json", async (_req, res) => {
      // Slow enough that the two pulls overlap.
      await new Promise((resolve) => setTimeout(resolve, 100));
      res.writeHead(200, { "content-type": "application/json" }).end(good);
    });
    const results = await Promise.all([pull({ id: "pets-a" }), pull({ id: "pets-b" }), pull({ id: "pets-c" })]);
    expect(results.map((result) => result.change)).toEqual(["updated", "updated", "updated"]);
    const lock = JSON.parse((await project.readOrUndefined(project.paths.lockFile))!);
    expect(Object.keys(lock)).toEqual(["pets-a", "pets-b", "pets-c"]);
  });
});
