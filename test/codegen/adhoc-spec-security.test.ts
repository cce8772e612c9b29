/**
 * An ad-hoc client generated without an annotation file: the spec's own security schemes become its
 * credential kinds (HTTP bearer, HTTP basic, an API key in a header), and it runs on the runtime —
 * each kind's header, public operations, retries and typed errors, over real HTTP to 127.0.0.1.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { annotationsFromSpecSecurity } from "../../src/codegen/model/spec-security.js";
import { generateAdHoc } from "../../src/codegen/generate-adhoc.js";
import { CredentialError, NotFoundError } from "../../src/runtime/index.js";
import { useLoopbackServer, type Handler } from "../helpers/loopback-server.js";

const ok = { description: "ok", content: { "application/json": { schema: { type: "object" } } } };
const SPEC = {
  openapi: "3.1.0",
  info: { title: "Widgets", version: "1" },
  servers: [{ url: "https://widgets.example" }],
  security: [{ bearerAuth: [] }, { "api-key": [] }],
  components: {
    securitySchemes: {
      bearerAuth: { type: "http", scheme: "bearer" },
      "api-key": { type: "apiKey", in: "header", name: "X-Api-Key" },
      basic: { type: "http", scheme: "Basic" },
      oauth: { type: "oauth2", flows: {} },
      queryKey: { type: "apiKey", in: "query", name: "key" },
    },
  },
  paths: {
    "/widgets": { get: { operationId: "listWidgets", responses: { "200": ok } } },
    "/health": { get: { operationId: "health", security: [], responses: { "200": ok } } },
    "/admin": { post: { operationId: "admin", security: [{ basic: [] }], responses: { "200": ok } } },
    "/oauth-only": { get: { operationId: "oauthOnly", security: [{ oauth: [] }], responses: { "200": ok } } },
  },
};

const server = useLoopbackServer();
let folder: string;
// The generated module's own types are checked in the app consumer test; here it is called.
let createWidgetsClient: (options: Record<string, unknown>) => any;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "adhoc-security-"));
  await writeFile(path.join(folder, "widgets.json"), JSON.stringify(SPEC));
  await generateAdHoc(path.join(folder, "widgets.json"), "widgets", path.join(folder, "client"), { log: () => {} });
  ({ createWidgetsClient } = await import(path.join(folder, "client/index.ts")));
}, 120_000);
afterAll(() => rm(folder, { recursive: true, force: true }));

const answer =
  (status: number, body: unknown): Handler =>
  (_request, response) =>
    void response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
const client = (auth: Record<string, unknown>, options: Record<string, unknown> = {}) =>
  createWidgetsClient({ baseUrl: server.origin, auth, logLevel: "off", ...options });

describe("the spec's security schemes as credential kinds", () => {
  it("maps bearer, basic and header API keys; leaves out OAuth 2 and query keys", () => {
    const annotations = annotationsFromSpecSecurity(SPEC);
    expect(annotations.credentials).toEqual({
      bearerAuth: expect.objectContaining({
        options: { token: "required" },
        headers: { Authorization: "Bearer {token}" },
      }),
      apiKey: expect.objectContaining({ options: { apiKey: "required" }, headers: { "X-Api-Key": "{apiKey}" } }),
      basic: expect.objectContaining({
        options: { credentials: "required" },
        headers: { Authorization: "Basic {credentials}" },
      }),
    });
    expect(annotations.derive?.securitySchemes).toEqual({
      bearerAuth: ["bearerAuth"],
      "api-key": ["apiKey"],
      basic: ["basic"],
    });
  });

  it("sends each kind's header, and nothing on a public operation", async () => {
    server.route("*", answer(200, {}));
    await client({ kind: "bearerAuth", token: "t-1" }).GET("/widgets");
    await client({ kind: "apiKey", apiKey: "k-1" }).GET("/widgets");
    await client({ kind: "basic", credentials: "dTpw" }).POST("/admin");
    await client({ kind: "none" }).GET("/health");
    expect(
      server.requests.map((request) => [request.url, request.headers.authorization, request.headers["x-api-key"]]),
    ).toEqual([
      ["/widgets", "Bearer t-1", undefined],
      ["/widgets", undefined, "k-1"],
      ["/admin", "Basic dTpw", undefined],
      ["/health", undefined, undefined],
    ]);
  });

  it("refuses, before sending, an operation the credential does not open (and one only OAuth 2 opens)", async () => {
    await expect(client({ kind: "bearerAuth", token: "t-1" }).POST("/admin")).rejects.toBeInstanceOf(CredentialError);
    await expect(client({ kind: "bearerAuth", token: "t-1" }).GET("/oauth-only")).rejects.toBeInstanceOf(
      CredentialError,
    );
    expect(server.requests).toEqual([]);
  });

  it("runs on the runtime: a 503 is retried, an error status is thrown typed with throwOnError", async () => {
    server.route("/widgets", answer(503, {}), answer(200, { items: [] }));
    const first = await client({ kind: "bearerAuth", token: "t-1" }, { maxRetries: 1 }).GET("/widgets");
    expect(first.response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    server.route("/widgets", answer(404, { message: "gone" }));
    await expect(
      client({ kind: "bearerAuth", token: "t-1" }, { throwOnError: true, maxRetries: 0 }).GET("/widgets"),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("its README says where the kinds came from", async () => {
    const readme = await readFile(path.join(folder, "client/README.md"), "utf8");
    expect(readme).toContain("The credential kinds are the spec's `securitySchemes`");
    expect(readme).not.toContain("specs/annotations/widgets.yaml");
  });
});
