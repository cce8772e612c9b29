/**
 * Token renewal against sources and token endpoints that misbehave, over real HTTP on 127.0.0.1:
 * a renewal that fails or times out is not inherited by a request that came later, a token
 * endpoint's redirect is never followed (a second loopback origin stands for "elsewhere"), and a
 * token answer is checked whole — format, control characters, expiry — before `onTokens` sees it.
 */
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCalcomClient } from "../../generated/calcom/index.js";
import { createSavvyCalClient } from "../../generated/savvycal/index.js";
import { CredentialError, RequestAbortedError, type RotatedTokens } from "../../src/runtime/index.js";
import { startLoopbackServer, useLoopbackServer, type LoopbackServer } from "../helpers/loopback-server.js";

const SECRET_KEY = "oauth-secret-key-5c1d";
const REFRESH_TOKEN = "refresh-token-9f2a";
const REFRESH_PATH = "/v2/oauth/client-1/refresh";
const FORCE_REFRESH_PATH = "/v2/oauth-clients/client-1/users/42/force-refresh";
const server = useLoopbackServer();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const settled = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ value, error: undefined }),
    (error: unknown) => ({ value: undefined, error: error as Error }),
  );
/** Polls until `condition` holds; the test's own timeout bounds it. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(5);
}
const json = (res: ServerResponse, status: number, body: unknown) =>
  void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

interface ManagedUserOptions {
  tokenTimeout?: number;
  onTokens?: (tokens: RotatedTokens) => void;
  /** Any other credential option, as an app might pass it (a wrong type included). */
  [option: string]: unknown;
}
function managedUser(options: ManagedUserOptions = {}) {
  const { tokenTimeout, onTokens = () => {}, ...auth } = options;
  return createCalcomClient({
    baseUrl: server.origin,
    tokenTimeout,
    auth: {
      kind: "managedUser",
      accessToken: "access-0",
      refreshToken: REFRESH_TOKEN,
      accessTokenExpiresAt: Date.now() - 1_000,
      clientId: "client-1",
      secretKey: SECRET_KEY,
      onTokens,
      ...(auth as object),
    },
  });
}
const tokenPair = (generation: number, extra: Record<string, unknown> = {}) => ({
  status: "success",
  data: {
    accessToken: `access-${generation}`,
    refreshToken: `refresh-${generation}`,
    accessTokenExpiresAt: Date.now() + 3_600_000,
    refreshTokenExpiresAt: Date.now() + 31_536_000_000,
    ...extra,
  },
});
const apiCalls = () => server.requests.filter((request) => request.url === "/v2/me");
const refreshCalls = () => server.requests.filter((request) => request.url === REFRESH_PATH);

describe("a renewal that fails or times out is not inherited by a request that came later", () => {
  it("getToken: a request that joined a renewal which then timed out starts a fresh one and succeeds", async () => {
    let calls = 0;
    // The first getToken never answers; the source has recovered by the time it is asked again.
    const getToken = () => (++calls === 1 ? new Promise<string>(() => {}) : Promise.resolve(`token-${calls}`));
    const client = createSavvyCalClient({
      baseUrl: server.origin,
      tokenTimeout: 1000,
      auth: { kind: "jwt", getToken },
    });
    const first = settled(client.GET("/v1/user"));
    await until(() => calls === 1);
    await sleep(100); // well inside the first renewal's 1000 ms: the second request joins it
    const second = await settled(client.GET("/v1/user"));
    expect(second.error).toBeUndefined();
    expect(second.value!.response.status).toBe(200);
    const { error } = await first;
    expect(error).toBeInstanceOf(CredentialError);
    expect(error!.message).toBe(
      "SavvyCal Appointments: credential jwt: obtaining a token took longer than 1000 ms (tokenTimeout)",
    );
    expect(calls).toBe(2);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(["Bearer token-2"]);
  });

  it("getToken failing: the request that started the renewal fails; one that joined it tries once more, not again", async () => {
    let calls = 0;
    const getToken = async () => {
      calls++;
      await sleep(150);
      throw new TypeError("network down");
    };
    const client = createSavvyCalClient({ baseUrl: server.origin, auth: { kind: "jwt", getToken } });
    const first = settled(client.GET("/v1/user"));
    await until(() => calls === 1);
    const second = await settled(client.GET("/v1/user"));
    expect((await first).error!.message).toBe("SavvyCal Appointments: credential jwt: getToken() failed (TypeError)");
    expect(second.error!.message).toBe("SavvyCal Appointments: credential jwt: getToken() failed (TypeError)");
    expect(calls).toBe(2);
    expect(server.requests).toEqual([]);
  });

  it("a request whose own signal aborts while it waits starts no renewal of its own", async () => {
    let calls = 0;
    let fail!: () => void;
    const getToken = () => {
      calls++;
      return new Promise<string>((_, reject) => (fail = () => reject(new TypeError("network down"))));
    };
    const client = createSavvyCalClient({ baseUrl: server.origin, auth: { kind: "jwt", getToken } });
    const first = settled(client.GET("/v1/user"));
    await until(() => calls === 1);
    const controller = new AbortController();
    const second = settled(client.GET("/v1/user", { signal: controller.signal }));
    await sleep(50);
    controller.abort();
    expect((await second).error).toBeInstanceOf(RequestAbortedError);
    fail();
    await first;
    await sleep(50);
    expect(calls).toBe(1);
  });

  it("Cal.com refresh: a hung refresh is aborted at tokenTimeout; a request that joined it refreshes afresh", async () => {
    let hungClosed = false;
    server.route(
      REFRESH_PATH,
      (_req, res) => new Promise<void>((resolve) => res.on("close", () => resolve(void (hungClosed = true)))),
      (_req, res) => json(res, 200, tokenPair(1)),
    );
    server.route("/v2/me", (req, res) =>
      json(res, req.headers.authorization === "Bearer access-1" ? 200 : 401, { status: "success" }),
    );
    const stored: RotatedTokens[] = [];
    const client = managedUser({ tokenTimeout: 1000, onTokens: (tokens) => void stored.push(tokens) });
    const first = settled(client.GET("/v2/me"));
    await until(() => refreshCalls().length === 1);
    await sleep(100);
    const second = await settled(client.GET("/v2/me"));
    expect(second.error).toBeUndefined();
    expect(second.value!.response.status).toBe(200);
    expect((await first).error!.message).toBe(
      "Cal.com API v2: credential managedUser: obtaining a token took longer than 1000 ms (tokenTimeout)",
    );
    expect(refreshCalls()).toHaveLength(2);
    expect(stored.map((tokens) => tokens.accessToken)).toEqual(["access-1"]);
    // The timed-out refresh request did not live on: its connection was closed.
    await until(() => hungClosed);
  });
});

describe("token endpoints never follow a redirect", () => {
  let elsewhere: LoopbackServer;
  beforeAll(async () => {
    elsewhere = await startLoopbackServer();
    elsewhere.route("*", (_req, res) => json(res, 200, tokenPair(666)));
  });
  afterAll(() => elsewhere.close());

  const redirectTo = (status: number, location: () => string) => (_req: unknown, res: ServerResponse) =>
    void res.writeHead(status, { location: location() }).end();

  async function refreshFails(client: ReturnType<typeof managedUser>) {
    const { error } = await settled(client.GET("/v2/me"));
    expect(error).toBeInstanceOf(CredentialError);
    for (const secret of [SECRET_KEY, REFRESH_TOKEN]) expect(error!.message).not.toContain(secret);
    return error!;
  }

  it.each([301, 302, 303, 307, 308])(
    "a %i from the refresh endpoint to another origin sends nothing there, and its answer is never used",
    async (status) => {
      elsewhere.requests.length = 0;
      server.route(
        REFRESH_PATH,
        redirectTo(status, () => `${elsewhere.origin}${REFRESH_PATH}`),
      );
      const handed: RotatedTokens[] = [];
      const error = await refreshFails(managedUser({ onTokens: (tokens) => void handed.push(tokens) }));
      expect(error.message).toBe(
        `Cal.com API v2: /v2/oauth/{clientId}/refresh answered a redirect (HTTP ${status}) to ${elsewhere.origin}; token endpoints are never followed, so the managed user token was not refreshed (check baseUrl)`,
      );
      expect(elsewhere.requests).toEqual([]);
      expect(handed).toEqual([]);
      expect(apiCalls()).toEqual([]);
    },
  );

  it("a redirect that an app's own fetch follows anyway is not used: onTokens is not called", async () => {
    elsewhere.requests.length = 0;
    server.route(
      REFRESH_PATH,
      redirectTo(307, () => `${elsewhere.origin}${REFRESH_PATH}`),
    );
    const handed: RotatedTokens[] = [];
    const client = createCalcomClient({
      baseUrl: server.origin,
      // An app's fetch that overrides the redirect mode.
      fetch: (request: Request) => globalThis.fetch(new Request(request, { redirect: "follow" })),
      auth: {
        kind: "managedUser",
        accessToken: "access-0",
        refreshToken: REFRESH_TOKEN,
        accessTokenExpiresAt: Date.now() - 1_000,
        clientId: "client-1",
        secretKey: SECRET_KEY,
        onTokens: (tokens) => void handed.push(tokens),
      },
    });
    const error = await refreshFails(client);
    expect(error.message).toBe(
      `Cal.com API v2: /v2/oauth/{clientId}/refresh was redirected to ${elsewhere.origin} and the client's fetch followed it; the answer was not used and the managed user token was not refreshed (the fetch must keep redirect: "manual")`,
    );
    expect(handed).toEqual([]);
    expect(apiCalls()).toEqual([]);
  });

  it("the force-refresh fallback is not followed either, nor a redirect within the same origin", async () => {
    elsewhere.requests.length = 0;
    server.route(REFRESH_PATH, (_req, res) => json(res, 401, { status: "error" }));
    server.route(
      FORCE_REFRESH_PATH,
      redirectTo(307, () => `${elsewhere.origin}/steal`),
    );
    const handed: RotatedTokens[] = [];
    const onTokens = (tokens: RotatedTokens) => void handed.push(tokens);
    const error = await refreshFails(managedUser({ userId: 42, onTokens }));
    expect(error.message).toMatch(
      /^Cal\.com API v2: \/v2\/oauth-clients\/\{clientId\}\/users\/\{userId\}\/force-refresh answered a redirect \(HTTP 307\)/,
    );
    expect(elsewhere.requests).toEqual([]);

    server.route(
      REFRESH_PATH,
      redirectTo(308, () => "/v2/moved-refresh"),
    );
    server.route("/v2/moved-refresh", (_req, res) => json(res, 200, tokenPair(7)));
    await refreshFails(managedUser({ onTokens }));
    expect(server.requests.filter((request) => request.url === "/v2/moved-refresh")).toEqual([]);
    expect(handed).toEqual([]);
  });
});

describe("a token answer is checked whole before onTokens sees it", () => {
  it.each([
    ["an access token", { accessToken: "access-1\r\nX-Injected: 1" }],
    ["a refresh token", { refreshToken: "refresh-1\nX-Injected: 1" }],
  ])("%s with CR/LF is refused: onTokens is not called and nothing is sent with it", async (_which, extra) => {
    server.route(REFRESH_PATH, (_req, res) => json(res, 200, tokenPair(1, extra)));
    const handed: RotatedTokens[] = [];
    const { error } = await settled(managedUser({ onTokens: (tokens) => void handed.push(tokens) }).GET("/v2/me"));
    expect(error).toBeInstanceOf(CredentialError);
    expect(error!.message).toBe(
      "Cal.com API v2: /v2/oauth/{clientId}/refresh answered 200 with a token that contains a control character; it was not used",
    );
    expect(handed).toEqual([]);
    expect(apiCalls()).toEqual([]);
  });

  it.each([
    ["an empty access token", { accessToken: "" }],
    ["a numeric refresh token", { refreshToken: 12345 }],
  ])("%s is refused before onTokens", async (_which, extra) => {
    server.route(REFRESH_PATH, (_req, res) => json(res, 200, tokenPair(1, extra)));
    const handed: RotatedTokens[] = [];
    const { error } = await settled(managedUser({ onTokens: (tokens) => void handed.push(tokens) }).GET("/v2/me"));
    expect(error!.message).toBe(
      "Cal.com API v2: /v2/oauth/{clientId}/refresh answered 200 without an access and refresh token",
    );
    expect(handed).toEqual([]);
  });

  it("an expiry that is no date is refused before onTokens", async () => {
    server.route(REFRESH_PATH, (_req, res) => json(res, 200, tokenPair(1, { accessTokenExpiresAt: "in an hour" })));
    const handed: RotatedTokens[] = [];
    const { error } = await settled(managedUser({ onTokens: (tokens) => void handed.push(tokens) }).GET("/v2/me"));
    expect(error!.message).toBe(
      "Cal.com API v2: /v2/oauth/{clientId}/refresh answered 200 with a `accessTokenExpiresAt` that is not epoch milliseconds, epoch seconds, a Date or an ISO 8601 date-time with a zone; the tokens were not used",
    );
    expect(handed).toEqual([]);
  });

  const inAnHour = () => Date.now() + 3_600_000;
  const forms: Array<[string, (ms: number) => unknown]> = [
    ["epoch milliseconds", (ms) => ms],
    ["epoch seconds", (ms) => ms / 1000],
    ["an ISO 8601 date-time", (ms) => new Date(ms).toISOString()],
    ["an ISO 8601 date-time with an offset", (ms) => new Date(ms).toISOString().replace("Z", "+00:00")],
  ];

  it.each(forms)(
    "an answered expiry in %s reaches onTokens as epoch ms, and the token is used until then",
    async (_form, write) => {
      const expiresAt = Math.floor(inAnHour() / 1000) * 1000;
      server.route(REFRESH_PATH, (_req, res) =>
        json(
          res,
          200,
          tokenPair(1, { accessTokenExpiresAt: write(expiresAt), refreshTokenExpiresAt: write(expiresAt) }),
        ),
      );
      server.route("/v2/me", (_req, res) => json(res, 200, { status: "success" }));
      const handed: RotatedTokens[] = [];
      const client = managedUser({ onTokens: (tokens) => void handed.push(tokens) });
      for (let call = 0; call < 3; call++) expect((await client.GET("/v2/me")).response.status).toBe(200);
      expect(handed).toEqual([
        {
          accessToken: "access-1",
          refreshToken: "refresh-1",
          accessTokenExpiresAt: expiresAt,
          refreshTokenExpiresAt: expiresAt,
        },
      ]);
      expect(refreshCalls()).toHaveLength(1);
      expect(apiCalls().map((request) => request.headers.authorization)).toEqual(Array(3).fill("Bearer access-1"));
    },
  );

  it.each([...forms, ["a Date", (ms: number) => new Date(ms)] as [string, (ms: number) => unknown]])(
    "the stored accessTokenExpiresAt option in %s is read as that instant: no refresh before it",
    async (_form, write) => {
      server.route("/v2/me", (_req, res) => json(res, 200, { status: "success" }));
      const client = managedUser({ accessTokenExpiresAt: write(inAnHour()) });
      for (let call = 0; call < 2; call++) expect((await client.GET("/v2/me")).response.status).toBe(200);
      expect(refreshCalls()).toEqual([]);
      expect(apiCalls().map((request) => request.headers.authorization)).toEqual(Array(2).fill("Bearer access-0"));
    },
  );

  it("an accessTokenExpiresAt option in no accepted form is refused when the client is created, without its value", () => {
    for (const given of ["next tuesday 1764072000", "2026-11-25T12:00:00", -5, Number.NaN, {}])
      expect(() => managedUser({ accessTokenExpiresAt: given })).toThrow(
        new CredentialError(
          "Cal.com API v2: credential managedUser option `accessTokenExpiresAt` must be epoch milliseconds, epoch seconds, a Date or an ISO 8601 date-time with a zone",
        ),
      );
  });
});
