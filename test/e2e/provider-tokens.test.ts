/**
 * Expiring credentials over real HTTP on 127.0.0.1, against a server that verifies signatures,
 * expires tokens, issues 401s and counts refreshes. Time is faked (Date only) where expiry matters.
 */
import { SignJWT, decodeProtectedHeader, exportPKCS8, exportSPKI, generateKeyPair, importSPKI, jwtVerify } from "jose";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createCalcomClient } from "../../generated/calcom/index.js";
import { createSavvyCalClient } from "../../generated/savvycal/index.js";
import { CredentialError, type RotatedTokens } from "../../src/runtime/index.js";
import { startLoopbackServer, type LoopbackServer } from "../helpers/loopback-server.js";

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-25T12:00:00Z") });
});
afterEach(() => {
  vi.useRealTimers();
});

const bearer = (authorization: string | string[] | undefined) => String(authorization ?? "").replace(/^Bearer /, "");
function json(res: import("node:http").ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

describe("SavvyCal: the server mints its own ES256 JWT", () => {
  let privateKey: string;
  let publicKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateKeyPair("ES256", { extractable: true });
    privateKey = await exportPKCS8(pair.privateKey);
    publicKey = await importSPKI(await exportSPKI(pair.publicKey), "ES256");
  });

  /** The API side: accepts only JWTs that verify with the public key. */
  function routeVerifyingApi() {
    server.route("/v1/user", async (req, res) => {
      try {
        await jwtVerify(bearer(req.headers.authorization), publicKey, { algorithms: ["ES256"] });
        json(res, 200, { data: { id: "user_0987654321" } });
      } catch {
        json(res, 401, { errors: [{ detail: "invalid token", status: "401" }] });
      }
    });
  }

  it("signs with the key: header alg ES256 and kid, claims sub, iat and exp one hour later", async () => {
    routeVerifyingApi();
    const client = createSavvyCalClient({
      baseUrl: server.origin,
      auth: { kind: "jwt", privateKey, keyId: "kid_f05b815d1852", userId: "user_0987654321" },
    });
    const { response } = await client.GET("/v1/user");
    expect(response.status).toBe(200);
    const token = bearer(server.requests[0].headers.authorization);
    const { payload, protectedHeader } = await jwtVerify(token, publicKey);
    expect(protectedHeader).toMatchObject({ alg: "ES256", kid: "kid_f05b815d1852" });
    const now = Math.floor(Date.now() / 1000);
    expect(payload).toMatchObject({ sub: "user_0987654321", iat: now, exp: now + 3600 });
  });

  it("re-mints shortly before expiry, never per request; ttl is configurable", async () => {
    routeVerifyingApi();
    const client = createSavvyCalClient({
      baseUrl: server.origin,
      auth: { kind: "jwt", privateKey, keyId: "kid_1", userId: "user_1", ttl: 600 },
    });
    await client.GET("/v1/user");
    await client.GET("/v1/user");
    vi.setSystemTime(Date.now() + 400_000); // still well before exp - skew
    await client.GET("/v1/user");
    const tokens = server.requests.map((r) => bearer(r.headers.authorization));
    expect(new Set(tokens).size).toBe(1);
    const { payload } = await jwtVerify(tokens[0], publicKey, { currentDate: new Date(Date.now() - 400_000) });
    expect(payload.exp! - payload.iat!).toBe(600);

    vi.setSystemTime(Date.now() + 150_000); // 50 s before exp: inside the one-minute margin
    await client.GET("/v1/user");
    const renewed = bearer(server.requests.at(-1)!.headers.authorization);
    expect(renewed).not.toBe(tokens[0]);
    expect((await jwtVerify(renewed, publicKey)).payload.iat).toBe(Math.floor(Date.now() / 1000));
  });

  it("a ttl that is not a positive number is refused when the client is created", () => {
    for (const ttl of [0, -60, Number.NaN, "600"])
      expect(() =>
        createSavvyCalClient({
          baseUrl: server.origin,
          auth: { kind: "jwt", privateKey, keyId: "kid_1", userId: "user_1", ttl: ttl as number },
        }),
      ).toThrow(new CredentialError("SavvyCal Appointments: credential jwt option `ttl` must be a positive number"));
  });

  it("a key that is not a PKCS#8 EC key is a clear error that does not echo the key", async () => {
    const client = createSavvyCalClient({
      baseUrl: server.origin,
      auth: {
        kind: "jwt",
        privateKey: "-----BEGIN EC PRIVATE KEY-----\nnot-really\n-----END EC PRIVATE KEY-----",
        keyId: "k",
        userId: "u",
      },
    });
    const error = await client.GET("/v1/user").catch((e) => e);
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toMatch(/not an EC P-256 private key in PKCS#8 PEM/);
    expect(error.message).not.toContain("not-really");
  });
});

describe("SavvyCal in the browser: getToken", () => {
  const secret = new TextEncoder().encode("server-side-secret-for-test-tokens");
  async function jwtExpiringIn(seconds: number, label: string) {
    return new SignJWT({ label })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
      .sign(secret);
  }

  it("caches until shortly before exp, and concurrent requests share one fetch", async () => {
    server.route("/v1/user", (_req, res) => json(res, 200, { data: {} }));
    let calls = 0;
    const getToken = async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return jwtExpiringIn(600, `t${calls}`);
    };
    const client = createSavvyCalClient({ baseUrl: server.origin, auth: { kind: "jwt", getToken } });
    await Promise.all(Array.from({ length: 20 }, () => client.GET("/v1/user")));
    expect(calls).toBe(1);
    vi.setSystemTime(Date.now() + 300_000);
    await client.GET("/v1/user");
    expect(calls).toBe(1);
    vi.setSystemTime(Date.now() + 260_000); // 40 s before exp: inside the margin
    await client.GET("/v1/user");
    expect(calls).toBe(2);
    expect(new Set(server.requests.map((r) => r.headers.authorization)).size).toBe(2);
  });

  it("a 401 triggers one re-fetch and one replay of the request, body included", async () => {
    let calls = 0;
    const getToken = async () => jwtExpiringIn(600, `t${++calls}`);
    server.route("/v1/appointments", (req, res) => {
      const label =
        decodeProtectedHeader(bearer(req.headers.authorization)) &&
        JSON.parse(Buffer.from(bearer(req.headers.authorization).split(".")[1], "base64url").toString()).label;
      if (label === "t1") json(res, 401, { errors: [{ detail: "revoked" }] });
      else json(res, 201, { data: { echoed: JSON.parse(req.body) } });
    });
    const client = createSavvyCalClient({ baseUrl: server.origin, auth: { kind: "jwt", getToken } });
    const body = { start_at: "2026-12-01T10:00:00Z", end_at: "2026-12-01T10:30:00Z" } as any;
    const { data, response } = await client.POST("/v1/appointments", { body });
    expect(response.status).toBe(201);
    expect(calls).toBe(2);
    expect(server.requests).toHaveLength(2);
    expect(server.requests.map((r) => JSON.parse(r.body))).toEqual([body, body]);
    expect((data as any).data.echoed).toEqual(body);
  });

  it("never loops: when the renewed token is rejected too, the 401 reaches the caller", async () => {
    let calls = 0;
    server.route("/v1/user", (_req, res) => json(res, 401, { errors: [{ detail: "no" }] }));
    const client = createSavvyCalClient({
      baseUrl: server.origin,
      auth: { kind: "jwt", getToken: async () => jwtExpiringIn(600, `t${++calls}`) },
    });
    const { response, error } = await client.GET("/v1/user");
    expect(response.status).toBe(401);
    expect(error).toEqual({ errors: [{ detail: "no" }] });
    expect(server.requests).toHaveLength(2);
    expect(calls).toBe(2);
  });
});

describe("Cal.com managed users: refresh, rotation, single flight", () => {
  /** A Cal.com stand-in: one valid access token and refresh token at a time; refresh rotates both. */
  function managedUserApi(options: { rejectRefresh?: boolean } = {}) {
    const state = { access: "access-0", refresh: "refresh-0", generation: 0, refreshCalls: 0, forceRefreshCalls: 0 };
    const issue = () => {
      state.generation++;
      state.access = `access-${state.generation}`;
      state.refresh = `refresh-${state.generation}`;
      return {
        accessToken: state.access,
        refreshToken: state.refresh,
        accessTokenExpiresAt: Date.now() + 3_600_000,
        refreshTokenExpiresAt: Date.now() + 31_536_000_000,
      };
    };
    server.route("/v2/oauth/client-1/refresh", (req, res) => {
      state.refreshCalls++;
      const { refreshToken } = JSON.parse(req.body);
      if (options.rejectRefresh || req.headers["x-cal-secret-key"] !== "oauth-secret" || refreshToken !== state.refresh)
        return json(res, 401, { status: "error" });
      setTimeout(() => json(res, 200, { status: "success", data: issue() }), 30);
    });
    server.route("/v2/oauth-clients/client-1/users/42/force-refresh", (req, res) => {
      state.forceRefreshCalls++;
      if (req.headers["x-cal-client-id"] !== "client-1" || req.headers["x-cal-secret-key"] !== "oauth-secret")
        return json(res, 401, { status: "error" });
      json(res, 200, { status: "success", data: issue() });
    });
    server.route("/v2/me", (req, res) =>
      bearer(req.headers.authorization) === state.access
        ? json(res, 200, { status: "success", data: { id: 42 } })
        : json(res, 401, { status: "error" }),
    );
    return state;
  }

  const managedUser = (overrides: Record<string, unknown>, onTokens: (tokens: RotatedTokens) => void) =>
    createCalcomClient({
      baseUrl: server.origin,
      auth: {
        kind: "managedUser",
        accessToken: "access-0",
        refreshToken: "refresh-0",
        clientId: "client-1",
        secretKey: "oauth-secret",
        onTokens,
        ...overrides,
      },
    });

  it("50 concurrent requests on an expired token cause exactly one refresh, then all succeed", async () => {
    const state = managedUserApi();
    const handed: RotatedTokens[] = [];
    const client = managedUser({ accessTokenExpiresAt: Date.now() - 1000 }, (tokens) => void handed.push(tokens));
    const results = await Promise.all(Array.from({ length: 50 }, () => client.GET("/v2/me")));
    expect(state.refreshCalls).toBe(1);
    expect(results.map((r) => r.response.status)).toEqual(Array(50).fill(200));
    expect(handed).toEqual([expect.objectContaining({ accessToken: "access-1", refreshToken: "refresh-1" })]);
    expect(
      server.requests.filter((r) => r.url === "/v2/me").every((r) => r.headers.authorization === "Bearer access-1"),
    ).toBe(true);
  });

  it("refreshes shortly before expiry, then again with the rotated refresh token", async () => {
    const state = managedUserApi();
    const handed: RotatedTokens[] = [];
    const client = managedUser(
      { accessTokenExpiresAt: new Date(Date.now() + 30_000) },
      (tokens) => void handed.push(tokens),
    );
    await client.GET("/v2/me");
    expect(state.refreshCalls).toBe(1);
    vi.setSystemTime(Date.now() + 3_600_000);
    expect((await client.GET("/v2/me")).response.status).toBe(200);
    expect(state.refreshCalls).toBe(2);
    expect(handed.map((t) => t.refreshToken)).toEqual(["refresh-1", "refresh-2"]);
    const refreshBodies = server.requests
      .filter((r) => r.url.endsWith("/refresh"))
      .map((r) => JSON.parse(r.body).refreshToken);
    expect(refreshBodies).toEqual(["refresh-0", "refresh-1"]);
  });

  it("with no known expiry, one 401 triggers the refresh and a replay", async () => {
    const state = managedUserApi();
    state.access = "access-rotated-elsewhere";
    const client = managedUser({}, () => {});
    const { response } = await client.GET("/v2/me");
    expect(response.status).toBe(200);
    expect(state.refreshCalls).toBe(1);
    expect(server.requests.filter((r) => r.url === "/v2/me").map((r) => r.headers.authorization)).toEqual([
      "Bearer access-0",
      "Bearer access-1",
    ]);
  });

  it("a rejected refresh token falls back once to force-refresh with the OAuth client credentials", async () => {
    const state = managedUserApi({ rejectRefresh: true });
    const handed: RotatedTokens[] = [];
    const client = managedUser(
      { accessTokenExpiresAt: Date.now() - 1, userId: 42 },
      (tokens) => void handed.push(tokens),
    );
    expect((await client.GET("/v2/me")).response.status).toBe(200);
    expect([state.refreshCalls, state.forceRefreshCalls]).toEqual([1, 1]);
    expect(handed).toHaveLength(1);
  });

  it("without the user id to force a refresh, says the managed user must be re-authorised", async () => {
    const state = managedUserApi({ rejectRefresh: true });
    const client = managedUser({ accessTokenExpiresAt: Date.now() - 1 }, () => {});
    const error = await client.GET("/v2/me").catch((e) => e);
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toBe(
      "Cal.com API v2: the managed user's refresh token was rejected (HTTP 401); the managed user must be re-authorised",
    );
    expect([state.refreshCalls, state.forceRefreshCalls]).toEqual([1, 0]);
  });
});
