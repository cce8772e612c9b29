/**
 * What `scheduling-clients/runtime` offers apps, and what it keeps for generated code: every error
 * a client throws has one root class, an APIError carries the response's headers, each provider's
 * subpath re-exports the runtime's own error classes (the generator reads errors.ts for the list),
 * and the factory, strategies and table types live in `scheduling-clients/runtime/generated`.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import * as acme from "../fixtures/acme/generated/index.js";
import * as astrocal from "../../generated/astrocal/index.js";
import * as calcom from "../../generated/calcom/index.js";
import * as savvycal from "../../generated/savvycal/index.js";
import * as timekit from "../../generated/timekit/index.js";
import * as errors from "../../src/runtime/errors.js";
import * as forGenerated from "../../src/runtime/generated.js";
import * as runtime from "../../src/runtime/index.js";
import { repoRoot } from "../../src/codegen/config/paths.js";
import { useLoopbackServer } from "../helpers/loopback-server.js";

const server = useLoopbackServer();
const errorClasses = Object.entries(errors).filter(([, value]) => typeof value === "function");

describe("errors", () => {
  it("every error class extends SchedulingClientError and is exported by the runtime under its own name", () => {
    expect(errorClasses.length).toBeGreaterThan(15);
    for (const [name, ErrorClass] of errorClasses) {
      const error = Reflect.construct(ErrorClass as new (...args: unknown[]) => Error, ["m", { status: 400 }]);
      expect(error).toBeInstanceOf(runtime.SchedulingClientError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect((runtime as Record<string, unknown>)[name]).toBe(ErrorClass);
    }
  });

  it("each class keeps its name in a minified bundle (bundlers rename classes)", async () => {
    const bundled = await build({
      stdin: { contents: `export * from "./src/runtime/errors.ts";`, resolveDir: repoRoot, loader: "ts" },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "neutral",
      write: false,
    });
    const folder = await mkdtemp(path.join(os.tmpdir(), "errors-bundle-"));
    try {
      const file = path.join(folder, "errors.mjs");
      await writeFile(file, bundled.outputFiles[0].text);
      const minified: Record<string, unknown> = await import(pathToFileURL(file).href);
      const names = Object.keys(minified).filter((name) => typeof minified[name] === "function");
      expect(names.sort()).toEqual(errorClasses.map(([name]) => name).sort());
      for (const name of names)
        expect(
          Reflect.construct(minified[name] as new (...args: unknown[]) => Error, ["m", { status: 400 }]).name,
        ).toBe(name);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it.each([
    ["acme", acme],
    ["astrocal", astrocal],
    ["calcom", calcom],
    ["savvycal", savvycal],
    ["timekit", timekit],
  ])("the %s subpath re-exports every one of the runtime's error classes", (_, provider) => {
    for (const [name, ErrorClass] of errorClasses) expect((provider as Record<string, unknown>)[name]).toBe(ErrorClass);
  });

  it("what a client throws is a SchedulingClientError: a refused credential, an error response (with its headers)", async () => {
    expect(() => acme.createAcmeClient({ auth: { kind: "apiKey", apiKey: "" } })).toThrow(
      runtime.SchedulingClientError,
    );
    server.route(
      "/v1/bookings/b1",
      (_req, res) =>
        void res
          .writeHead(404, { "content-type": "application/json", "x-acme-request": "req_1", "x-trace": "t-9" })
          .end(JSON.stringify({ error: { code: "not_found", message: "gone" } })),
    );
    const client = acme.createAcmeClient({
      baseUrl: server.origin,
      auth: { kind: "apiKey", apiKey: "k", workspaceId: "w" },
      throwOnError: true,
      logLevel: "off",
    });
    const error = await client.GET("/v1/bookings/{id}", { params: { path: { id: "b1" } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(runtime.SchedulingClientError);
    expect(error).toBeInstanceOf(runtime.NotFoundError);
    const apiError = error as runtime.APIError;
    expect(apiError.headers).toBeInstanceOf(Headers);
    expect(apiError.headers.get("x-trace")).toBe("t-9");
    expect(apiError).toMatchObject({ status: 404, code: "not_found", requestId: "req_1" });
  });
});

describe("the app's entry and the generated code's subpath", () => {
  it("apps get no plumbing: the factory, strategies and table constant are only in runtime/generated", () => {
    for (const name of [
      "createAuthorizedClient",
      "withProvider",
      "PUBLIC",
      "es256Jwt",
      "getToken",
      "rotatingRefresh",
    ]) {
      expect(Object.keys(runtime)).not.toContain(name);
      expect(Object.keys(forGenerated)).toContain(name);
    }
    expect(Object.keys(runtime)).toEqual(expect.arrayContaining(["verifyWebhookSignature", "signWebhookBody"]));
  });

  it("the public entry's types are defined outside internal/", async () => {
    const entry = await readFile(path.join(repoRoot, "src/runtime/index.ts"), "utf8");
    const typeSources = [...entry.matchAll(/export type \{[^}]*\} from "([^"]+)"/g)].map((match) => match[1]);
    const inlineTypes = [...entry.matchAll(/export \{([^}]*)\} from "([^"]+)"/g)]
      .filter((match) => /\btype \w/.test(match[1]))
      .map((match) => match[2]);
    expect(typeSources.length).toBeGreaterThan(0);
    expect([...typeSources, ...inlineTypes].filter((source) => source.includes("/internal/"))).toEqual([]);
  });
});
