/**
 * Over real HTTP on 127.0.0.1: for each provider and credential kind, requests carry exactly the
 * headers the docs call for — and no others.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { createAstrocalClient } from "../../generated/astrocal/index.js";
import { createCalcomClient } from "../../generated/calcom/index.js";
import { createSavvyCalClient } from "../../generated/savvycal/index.js";
import { createTimekitClient } from "../../generated/timekit/index.js";
import { CredentialError } from "../../src/runtime/index.js";
import { respond, startLoopbackServer, type LoopbackServer } from "../helpers/loopback-server.js";
import { clientHeaders } from "../helpers/request-headers.js";
import { sharedSpecsDir } from "../helpers/scratch-project.js";

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
  server.route("*", respond.json({ ok: true }));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});
const lastHeaders = () => clientHeaders(server.requests.at(-1));
/** Any value: the body/query shapes are not what these tests are about. */
const anything = {} as any;

describe("SavvyCal", () => {
  const baseUrl = () => server.origin;

  it("account token: Bearer on account endpoints, no account header", async () => {
    const client = createSavvyCalClient({ baseUrl: baseUrl(), auth: { kind: "accountToken", token: "acct-token-1" } });
    await client.GET("/v1/appointments");
    expect(lastHeaders()).toEqual({ authorization: "Bearer acct-token-1" });
  });

  it("platform token with an account: X-SavvyCal-Account on account-scoped endpoints only", async () => {
    const client = createSavvyCalClient({
      baseUrl: baseUrl(),
      auth: { kind: "platformToken", token: "plat-token-1", accountId: "acct_d025a96ac0c6" },
    });
    await client.GET("/v1/appointments");
    expect(lastHeaders()).toEqual({ authorization: "Bearer plat-token-1", "x-savvycal-account": "acct_d025a96ac0c6" });
    await client.GET("/v1/accounts", { params: { query: { page: 1, page_size: 20 } as any } });
    expect(lastHeaders()).toEqual({ authorization: "Bearer plat-token-1" });
    await client.GET("/v1/platform");
    expect(lastHeaders()).toEqual({ authorization: "Bearer plat-token-1" });
  });

  it("platform token without an account: platform endpoints work, account-scoped ones throw before sending", async () => {
    const client = createSavvyCalClient({
      baseUrl: baseUrl(),
      auth: { kind: "platformToken", token: "plat-secret-9" },
    });
    await client.GET("/v1/accounts", { params: { query: anything } });
    expect(lastHeaders()).toEqual({ authorization: "Bearer plat-secret-9" });
    const count = server.requests.length;
    const error = await (client as any).GET("/v1/appointments").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toBe(
      "SavvyCal Appointments: GET /v1/appointments accepts accountToken, platformToken with accountId (sends X-SavvyCal-Account), jwt; this client is configured with platformToken",
    );
    expect(error.message).not.toContain("plat-secret-9");
    expect(server.requests.length).toBe(count);
  });

  it("JWT: Bearer on the user endpoint", async () => {
    const client = createSavvyCalClient({ baseUrl: baseUrl(), auth: { kind: "jwt", token: "eyJ.jwt.sig" } });
    await client.GET("/v1/user");
    expect(lastHeaders()).toEqual({ authorization: "Bearer eyJ.jwt.sig" });
  });

  it("public endpoints send no Authorization, whatever the credential (the spec says bearer; the docs win)", async () => {
    for (const auth of [
      { kind: "none" },
      { kind: "accountToken", token: "acct-token-1" },
      { kind: "platformToken", token: "p", accountId: "acct_1" },
    ] as const) {
      const client = createSavvyCalClient({ baseUrl: baseUrl(), auth });
      await client.GET("/v1/public/services/{service_id}/slots", {
        params: { path: { service_id: "svc_1" }, query: anything },
      });
      expect(lastHeaders()).toEqual({});
    }
  });
});

describe("Cal.com", () => {
  const baseUrl = () => server.origin;
  /** The version values, read straight from the spec's header parameters (default or description). */
  async function specVersion(method: string, specPath: string): Promise<string> {
    const spec = JSON.parse(await readFile(path.join(sharedSpecsDir, "calcom/openapi.json"), "utf8"));
    const parameter = spec.paths[specPath][method].parameters.find((p: any) => p.name === "cal-api-version");
    return parameter.schema?.default ?? parameter.description.match(/\d{4}-\d{2}-\d{2}/)[0];
  }

  it("API key: Bearer plus each operation's own cal-api-version (bookings, slots, event types, schedules differ)", async () => {
    const client = createCalcomClient({ baseUrl: baseUrl(), auth: { kind: "apiKey", apiKey: "cal_live_abc" } });
    await client.POST("/v2/bookings", { body: anything });
    expect(lastHeaders()).toEqual({
      authorization: "Bearer cal_live_abc",
      "cal-api-version": await specVersion("post", "/v2/bookings"),
    });
    await client.GET("/v2/event-types", { params: { query: anything } });
    expect(lastHeaders()).toEqual({
      authorization: "Bearer cal_live_abc",
      "cal-api-version": await specVersion("get", "/v2/event-types"),
    });
    await client.GET("/v2/schedules");
    expect(lastHeaders()).toEqual({
      authorization: "Bearer cal_live_abc",
      "cal-api-version": await specVersion("get", "/v2/schedules"),
    });
    const versions = new Set([
      await specVersion("post", "/v2/bookings"),
      await specVersion("get", "/v2/slots"),
      await specVersion("get", "/v2/event-types"),
      await specVersion("get", "/v2/schedules"),
    ]);
    expect(versions.size).toBe(4);
  });

  it("public slots: the version header and no credential", async () => {
    const client = createCalcomClient({ baseUrl: baseUrl(), auth: { kind: "apiKey", apiKey: "cal_live_abc" } });
    await client.GET("/v2/slots", { params: { query: { start: "2026-12-01", end: "2026-12-02" } as any } });
    expect(lastHeaders()).toEqual({ "cal-api-version": await specVersion("get", "/v2/slots") });
  });

  it("an endpoint without a version header gets none", async () => {
    const client = createCalcomClient({
      baseUrl: baseUrl(),
      auth: { kind: "managedUser", accessToken: "mu-access-1" },
    });
    await client.GET("/v2/me");
    expect(lastHeaders()).toEqual({ authorization: "Bearer mu-access-1" });
  });

  it("OAuth client: x-cal-client-id and x-cal-secret-key on the managed-user endpoints", async () => {
    const client = createCalcomClient({
      baseUrl: baseUrl(),
      auth: { kind: "oauthClient", clientId: "client-7", secretKey: "oauth-secret-7" },
    });
    await client.GET("/v2/oauth-clients/{clientId}/users", {
      params: { path: { clientId: "client-7" }, query: anything },
    });
    expect(lastHeaders()).toEqual({ "x-cal-client-id": "client-7", "x-cal-secret-key": "oauth-secret-7" });
    await client.POST("/v2/bookings", { body: anything });
    expect(lastHeaders()).toEqual({
      "x-cal-client-id": "client-7",
      "x-cal-secret-key": "oauth-secret-7",
      "cal-api-version": await specVersion("post", "/v2/bookings"),
    });
  });

  it("an API key cannot call OAuth-client-only endpoints, even through a cast", async () => {
    const client = createCalcomClient({ baseUrl: baseUrl(), auth: { kind: "apiKey", apiKey: "cal_live_secret" } });
    const error = await (client as any)
      .GET("/v2/oauth-clients/{clientId}/users", { params: { path: { clientId: "c" } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toMatch(
      /GET \/v2\/oauth-clients\/\{clientId\}\/users accepts oauthClient; this client is configured with apiKey$/,
    );
    expect(error.message).not.toContain("cal_live_secret");
    expect(server.requests).toHaveLength(0);
  });

  describe("team endpoints need credentials although the spec marks every auth header optional", () => {
    const teamCalls = [
      ["POST", "/v2/organizations/{orgId}/teams", "/v2/organizations/1/teams"],
      ["GET", "/v2/organizations/{orgId}/teams/{teamId}/event-types", "/v2/organizations/1/teams/2/event-types"],
      [
        "PATCH",
        "/v2/organizations/{orgId}/teams/{teamId}/memberships/{membershipId}",
        "/v2/organizations/1/teams/2/memberships/3",
      ],
    ] as const;
    const call = (client: any, method: string, template: string) =>
      client[method](template, {
        params: { path: { orgId: 1, teamId: 2, membershipId: 3 } },
        body: method === "GET" ? undefined : {},
      });

    it("a client without credentials throws before sending", async () => {
      const client = createCalcomClient({ baseUrl: baseUrl(), auth: { kind: "none" } });
      for (const [method, template] of teamCalls) {
        const error = await call(client, method, template).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CredentialError);
        expect(error.message).toBe(
          `Cal.com API v2: ${method} ${template} accepts apiKey, oauthClient, managedUser; this client is configured with none`,
        );
      }
      expect(server.requests).toHaveLength(0);
    });

    it("the OAuth client sends its id and secret; the API key its Bearer", async () => {
      const oauth = createCalcomClient({
        baseUrl: baseUrl(),
        auth: { kind: "oauthClient", clientId: "client-7", secretKey: "oauth-secret-7" },
      });
      const apiKey = createCalcomClient({ baseUrl: baseUrl(), auth: { kind: "apiKey", apiKey: "cal_live_abc" } });
      for (const [method, template, url] of teamCalls) {
        await call(oauth, method, template);
        expect(server.requests.at(-1)).toMatchObject({ method, url });
        expect(lastHeaders()).toEqual({ "x-cal-client-id": "client-7", "x-cal-secret-key": "oauth-secret-7" });
        await call(apiKey, method, template);
        expect(lastHeaders()).toEqual({ authorization: "Bearer cal_live_abc" });
      }
    });
  });

  it("a header the caller passes wins over the one the client would set", async () => {
    const client = createCalcomClient({ baseUrl: baseUrl(), auth: { kind: "apiKey", apiKey: "cal_live_abc" } });
    await client.POST("/v2/bookings", { body: anything, params: { header: { "cal-api-version": "2026-02-25" } } });
    expect(lastHeaders()["cal-api-version"]).toBe("2026-02-25");
  });
});

describe("Astrocal", () => {
  const baseUrl = () => server.origin;

  it("API key: Bearer only, and the key's prefix tells the mode", async () => {
    const live = createAstrocalClient({ baseUrl: baseUrl(), auth: { kind: "apiKey", apiKey: "ac_live_123" } });
    const sandbox = createAstrocalClient({ baseUrl: baseUrl(), auth: { kind: "apiKey", apiKey: "ac_test_123" } });
    expect(live.credential).toEqual({ kind: "apiKey", mode: "live" });
    expect(sandbox.credential).toEqual({ kind: "apiKey", mode: "test" });
    await sandbox.GET("/v1/bookings", { params: { query: anything } });
    expect(lastHeaders()).toEqual({ authorization: "Bearer ac_test_123" });
  });

  it("service key: Bearer plus X-Org-Id, and X-Astrocal-Mode only when chosen", async () => {
    const orgId = "7f6c2a4e-3b1d-4c8e-9a0f-1e2d3c4b5a69";
    const plain = createAstrocalClient({
      baseUrl: baseUrl(),
      auth: { kind: "serviceKey", serviceKey: "svc-key", orgId },
    });
    await plain.GET("/v1/event-types", { params: { query: anything } });
    expect(lastHeaders()).toEqual({ authorization: "Bearer svc-key", "x-org-id": orgId });
    const sandbox = createAstrocalClient({
      baseUrl: baseUrl(),
      auth: { kind: "serviceKey", serviceKey: "svc-key", orgId, mode: "test" },
    });
    await sandbox.GET("/v1/event-types", { params: { query: anything } });
    expect(lastHeaders()).toEqual({ authorization: "Bearer svc-key", "x-org-id": orgId, "x-astrocal-mode": "test" });
  });

  it("service key: credential.mode is the mode option, live when not given; another value is refused", () => {
    const orgId = "7f6c2a4e-3b1d-4c8e-9a0f-1e2d3c4b5a69";
    const create = (mode?: string) =>
      createAstrocalClient({
        auth: { kind: "serviceKey", serviceKey: "svc-key-secret", orgId, ...(mode ? { mode } : {}) } as any,
      });
    expect(create("live").credential).toEqual({ kind: "serviceKey", mode: "live" });
    expect(create("test").credential).toEqual({ kind: "serviceKey", mode: "test" });
    expect(create().credential).toEqual({ kind: "serviceKey", mode: "live" });
    expect(() => create("staging")).toThrow(
      new CredentialError("Astrocal: credential serviceKey option `mode` must be one of live, test"),
    );
  });

  it("public: invitee self-service cancel with ?token= sends no key", async () => {
    const client = createAstrocalClient({ baseUrl: baseUrl(), auth: { kind: "none" } });
    await client.POST("/v1/bookings/{id}/cancel", {
      params: { path: { id: "bk_1" }, query: { token: "invitee-token" } },
      body: anything,
    });
    expect(lastHeaders()).toEqual({});
    expect(server.requests.at(-1)?.url).toBe("/v1/bookings/bk_1/cancel?token=invitee-token");
  });

  it("with a key, the same public endpoint is called authenticated", async () => {
    const client = createAstrocalClient({ baseUrl: baseUrl(), auth: { kind: "apiKey", apiKey: "ac_live_123" } });
    await client.POST("/v1/bookings/{id}/cancel", { params: { path: { id: "bk_1" } }, body: anything });
    expect(lastHeaders()).toEqual({ authorization: "Bearer ac_live_123" });
  });
});

describe("Timekit", () => {
  const baseUrl = () => `${server.origin}/v2`;

  it("App API key: Basic with an empty user name (the docs' own example)", async () => {
    const client = createTimekitClient({ baseUrl: baseUrl(), auth: { kind: "apiKey", apiKey: "test_api_key_foobar" } });
    await client.GET("/resources", { params: { query: anything } });
    expect(lastHeaders()).toEqual({ authorization: "Basic OnRlc3RfYXBpX2tleV9mb29iYXI=" });
  });

  it("App Widget key on the widget endpoints the spec marks", async () => {
    const spec = parseYaml(
      await readFile(path.resolve(import.meta.dirname, "../../specs/timekit/openapi.yaml"), "utf8"),
    );
    expect(spec.paths["/availability"].post["x-widget-key"]).toBe(true);
    const client = createTimekitClient({ baseUrl: baseUrl(), auth: { kind: "widgetKey", widgetKey: "widget-key-1" } });
    await client.POST("/availability", { body: anything });
    expect(lastHeaders()).toEqual({ authorization: `Basic ${Buffer.from(":widget-key-1").toString("base64")}` });
  });

  it("a widget key cannot create resources, even through a cast", async () => {
    const client = createTimekitClient({
      baseUrl: baseUrl(),
      auth: { kind: "widgetKey", widgetKey: "widget-secret-2" },
    });
    const error = await (client as any).POST("/resources", { body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toBe("Timekit: POST /resources accepts apiKey; this client is configured with widgetKey");
    expect(server.requests).toHaveLength(0);
  });
});

describe("creating a client with a wrong credential", () => {
  it("names the kind and the missing option, never a value", () => {
    expect(() => createCalcomClient({ auth: { kind: "oauthClient", clientId: "c1" } as any })).toThrow(
      new CredentialError("Cal.com API v2: credential oauthClient needs a non-empty string `secretKey`"),
    );
    expect(() => createSavvyCalClient({ auth: { kind: "apiKey", apiKey: "sc_secret" } as any })).toThrow(
      /unknown credential kind "apiKey"; expected one of accountToken, platformToken, jwt, none/,
    );
  });
});
