/**
 * Redirects, against two loopback servers (two origins): credentials and bodies never follow a
 * redirect to another origin, for every credential kind of every checked-in client; redirects
 * within the origin, and public requests without a body, are followed as fetch would.
 */
import { exportPKCS8, generateKeyPair } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createAstrocalClient } from "../../generated/astrocal/index.js";
import { createCalcomClient } from "../../generated/calcom/index.js";
import { createSavvyCalClient } from "../../generated/savvycal/index.js";
import { createTimekitClient } from "../../generated/timekit/index.js";
import { RedirectError } from "../../src/runtime/index.js";
import { respond, startLoopbackServer, type Handler, type LoopbackServer } from "../helpers/loopback-server.js";

let api: LoopbackServer;
let elsewhere: LoopbackServer;
beforeAll(async () => {
  [api, elsewhere] = await Promise.all([startLoopbackServer(), startLoopbackServer()]);
});
afterAll(() => Promise.all([api.close(), elsewhere.close()]));
beforeEach(() => {
  api.requests.length = 0;
  elsewhere.requests.length = 0;
  elsewhere.route("*", respond.json({ stolen: true }));
});

const redirect =
  (status: number, location: () => string): Handler =>
  (_req, res) =>
    void res.writeHead(status, { location: location() }).end();
const anything = {} as any;
const SECRETS = ["sv-account-1", "sv-platform-1", "sv-jwt-1", "cal-key-1", "cal-secret-1", "cal-access-1"];

/** One call per credential kind, each as the kind would really make it. */
async function everyCredential() {
  const baseUrl = api.origin;
  const privateKey = await exportPKCS8((await generateKeyPair("ES256", { extractable: true })).privateKey);
  const options = { baseUrl, logLevel: "off" as const, maxRetries: 0 };
  return {
    "SavvyCal account token": () =>
      createSavvyCalClient({ ...options, auth: { kind: "accountToken", token: "sv-account-1" } }).POST(
        "/v1/appointments",
        { body: anything },
      ),
    "SavvyCal platform token + account": () =>
      createSavvyCalClient({
        ...options,
        auth: { kind: "platformToken", token: "sv-platform-1", accountId: "acct_1" },
      }).GET("/v1/appointments"),
    "SavvyCal JWT (minted)": () =>
      createSavvyCalClient({ ...options, auth: { kind: "jwt", privateKey, keyId: "kid_1", userId: "user_1" } }).GET(
        "/v1/user",
      ),
    "SavvyCal JWT (getToken)": () =>
      createSavvyCalClient({ ...options, auth: { kind: "jwt", getToken: async () => "sv-jwt-1" } }).GET("/v1/user"),
    "Cal.com API key": () =>
      createCalcomClient({ ...options, auth: { kind: "apiKey", apiKey: "cal-key-1" } }).GET("/v2/me"),
    "Cal.com OAuth client": () =>
      createCalcomClient({
        ...options,
        auth: { kind: "oauthClient", clientId: "client-1", secretKey: "cal-secret-1" },
      }).GET("/v2/oauth-clients/{clientId}/users", { params: { path: { clientId: "client-1" }, query: {} } } as any),
    "Cal.com managed user": () =>
      createCalcomClient({
        ...options,
        auth: {
          kind: "managedUser",
          accessToken: "cal-access-1",
          refreshToken: "cal-refresh-1",
          accessTokenExpiresAt: Date.now() + 3_600_000,
          clientId: "client-1",
          secretKey: "cal-secret-1",
          onTokens: () => {},
        },
      }).GET("/v2/me"),
    "Astrocal API key": () =>
      createAstrocalClient({ ...options, auth: { kind: "apiKey", apiKey: "ac_live_1" } }).GET("/v1/usage"),
    "Astrocal service key": () =>
      createAstrocalClient({ ...options, auth: { kind: "serviceKey", serviceKey: "svc-1", orgId: "org_1" } }).GET(
        "/v1/usage",
      ),
    "Timekit App API key": () =>
      createTimekitClient({ ...options, auth: { kind: "apiKey", apiKey: "tk-key-1" } }).GET("/resources", {
        params: { query: anything },
      }),
    "Timekit widget key": () =>
      createTimekitClient({ ...options, auth: { kind: "widgetKey", widgetKey: "tk-widget-1" } }).POST("/availability", {
        body: anything,
      }),
  };
}

describe("a redirect to another origin", () => {
  for (const status of [302, 307])
    it(`HTTP ${status}: no credential kind and no body reaches the other origin; a RedirectError names both`, async () => {
      api.route(
        "*",
        redirect(status, () => `${elsewhere.origin}/collect`),
      );
      const calls = await everyCredential();
      for (const [name, call] of Object.entries(calls)) {
        const error = await call().then(
          () => new Error(`${name}: the call succeeded`),
          (e: unknown) => e,
        );
        expect(error, name).toBeInstanceOf(RedirectError);
        expect(error, name).toMatchObject({ from: api.origin, to: elsewhere.origin, status });
        expect((error as Error).message, name).toContain(
          `was redirected (HTTP ${status}) from ${api.origin} to ${elsewhere.origin}`,
        );
        for (const secret of SECRETS) expect((error as Error).message).not.toContain(secret);
      }
      expect(elsewhere.requests).toEqual([]);
      expect(api.requests).toHaveLength(Object.keys(calls).length);
    });

  it("a public request's body: 307 would resend it, so it is refused; 302 turns a POST into a GET without it", async () => {
    const publicClient = createCalcomClient({ baseUrl: api.origin, logLevel: "off", auth: { kind: "none" } });
    const book = () => publicClient.POST("/v2/bookings", { body: { start: "private" } as any });
    api.route(
      "*",
      redirect(307, () => `${elsewhere.origin}/collect`),
    );
    await expect(book()).rejects.toBeInstanceOf(RedirectError);
    expect(elsewhere.requests).toEqual([]);
    api.route(
      "*",
      redirect(302, () => `${elsewhere.origin}/collect`),
    );
    await book();
    expect(elsewhere.requests.map((request) => [request.method, request.body])).toEqual([["GET", ""]]);
  });

  it("a public request without a body follows, as fetch would", async () => {
    api.route(
      "/v2/event-types",
      redirect(302, () => `${elsewhere.origin}/v2/event-types`),
    );
    const { data, response } = await createCalcomClient({ baseUrl: api.origin, auth: { kind: "none" } }).GET(
      "/v2/event-types",
      { params: { query: anything } },
    );
    expect(data).toEqual({ stolen: true });
    expect([response.redirected, response.url]).toEqual([true, `${elsewhere.origin}/v2/event-types`]);
    expect(elsewhere.requests).toHaveLength(1);
  });

  it("a redirect the caller handles itself (redirect: manual) is returned as it is", async () => {
    api.route(
      "*",
      redirect(307, () => `${elsewhere.origin}/collect`),
    );
    const client = createCalcomClient({ baseUrl: api.origin, auth: { kind: "apiKey", apiKey: "cal-key-1" } });
    const { response } = await client.GET("/v2/me", { redirect: "manual" });
    expect([response.status, response.headers.get("location")]).toEqual([307, `${elsewhere.origin}/collect`]);
    expect(elsewhere.requests).toEqual([]);
  });
});

describe("a redirect within the origin", () => {
  it("307 replays the method, body and credentials; 303 turns into a GET without the body", async () => {
    const client = createCalcomClient({ baseUrl: api.origin, auth: { kind: "apiKey", apiKey: "cal-key-1" } });
    api.route(
      "/v2/bookings",
      redirect(307, () => `${api.origin}/v2/bookings-moved`),
    );
    api.route("/v2/bookings-moved", respond.json({ status: "success", data: { id: 1 } }));
    const { data, response } = await client.POST("/v2/bookings", { body: { start: "2026-12-01" } as any });
    expect(data).toEqual({ status: "success", data: { id: 1 } });
    expect(response.redirected).toBe(true);
    const [first, moved] = api.requests;
    expect([moved.method, moved.url, moved.body]).toEqual(["POST", "/v2/bookings-moved", first.body]);
    expect(moved.headers.authorization).toBe("Bearer cal-key-1");
    expect(moved.headers["cal-api-version"]).toBe(first.headers["cal-api-version"]);

    api.requests.length = 0;
    api.route(
      "/v2/bookings",
      redirect(303, () => "/v2/bookings-moved"),
    );
    await client.POST("/v2/bookings", { body: { start: "2026-12-01" } as any });
    const see = api.requests[1];
    expect([see.method, see.body, see.headers["content-type"]]).toEqual(["GET", "", undefined]);
    expect(see.headers.authorization).toBe("Bearer cal-key-1");
  });

  it("a loop ends after 20 redirects with a RedirectError", async () => {
    api.route(
      "/v2/me",
      redirect(302, () => "/v2/me"),
    );
    const client = createCalcomClient({ baseUrl: api.origin, auth: { kind: "apiKey", apiKey: "cal-key-1" } });
    const error = await client.GET("/v2/me").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toContain("more than 20 redirects");
    expect(api.requests).toHaveLength(21);
  });
});

describe("in a browser, where fetch hides a redirect's target (an opaque redirect)", () => {
  /** What a browser's fetch answers for a redirect under redirect: "manual"; it follows under "follow". */
  function browserFetch() {
    const sent: Array<{ url: string; redirect: RequestRedirect | undefined; authorization: string | null }> = [];
    const fetch = async (request: Request, init?: RequestInit) => {
      const redirect = init?.redirect ?? request.redirect;
      sent.push({ url: request.url, redirect, authorization: request.headers.get("authorization") });
      if (redirect === "follow") return new Response(JSON.stringify({ followed: true }), { status: 200 });
      const opaque = new Response(null, { status: 200 });
      Object.defineProperty(opaque, "type", { value: "opaqueredirect" });
      return opaque;
    };
    return { sent, fetch };
  }

  it("a request carrying credentials is not followed: a RedirectError, its target unknown", async () => {
    const browser = browserFetch();
    const client = createCalcomClient({
      baseUrl: api.origin,
      fetch: browser.fetch,
      auth: { kind: "managedUser", accessToken: "cal-access-1" },
    });
    const error = await client.GET("/v2/me").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toMatchObject({ from: api.origin, to: undefined });
    expect((error as Error).message).toContain("the browser does not say where");
    expect(browser.sent).toEqual([
      { url: `${api.origin}/v2/me`, redirect: "manual", authorization: "Bearer cal-access-1" },
    ]);
  });

  it("a public request without a body is sent again with the browser's own following", async () => {
    const browser = browserFetch();
    const client = createCalcomClient({ baseUrl: api.origin, fetch: browser.fetch, auth: { kind: "none" } });
    const { data } = await client.GET("/v2/event-types", { params: { query: anything } });
    expect(data).toEqual({ followed: true });
    expect(browser.sent.map(({ redirect }) => redirect)).toEqual(["manual", "follow"]);
  });
});
