/**
 * Secrets stay secret: server-only credentials are refused in a browser, and no error or log line
 * the clients produce ever contains a key, token or private key — errors name the credential kind.
 */
import { exportPKCS8, generateKeyPair } from "jose";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createAstrocalClient } from "../../generated/astrocal/index.js";
import { createCalcomClient } from "../../generated/calcom/index.js";
import { createSavvyCalClient } from "../../generated/savvycal/index.js";
import { createTimekitClient } from "../../generated/timekit/index.js";
import { CredentialError } from "../../src/runtime/index.js";
import { startLoopbackServer, type LoopbackServer } from "../helpers/loopback-server.js";

const SECRETS = {
  savvyAccount: "svy-account-secret-1111",
  savvyPlatform: "svy-platform-secret-2222",
  savvyJwt: "eyJsecret.jwt.3333",
  calApiKey: "cal_live_secret_4444",
  calClientSecret: "cal-oauth-secret-5555",
  calAccess: "cal-access-secret-6666",
  calRefresh: "cal-refresh-secret-7777",
  astroKey: "ac_live_secret_8888",
  astroService: "astro-service-secret-9999",
  timekitKey: "live_api_key_secret_aaaa",
  timekitWidget: "widget-secret-bbbb",
};

/** A Cal.com managed user that refreshes its own tokens, with the secrets above. */
const refreshingManagedUser = (extra: { userId?: number; accessTokenExpiresAt?: number } = {}) =>
  ({
    kind: "managedUser",
    accessToken: SECRETS.calAccess,
    refreshToken: SECRETS.calRefresh,
    clientId: "c",
    secretKey: SECRETS.calClientSecret,
    onTokens: () => {},
    ...extra,
  }) as const;

let server: LoopbackServer;
let privateKey: string;
beforeAll(async () => {
  server = await startLoopbackServer();
  privateKey = await exportPKCS8((await generateKeyPair("ES256", { extractable: true })).privateKey);
});
afterAll(() => server.close());

describe("in a browser", () => {
  beforeAll(() => {
    Object.assign(globalThis, { window: globalThis, document: {} });
  });
  afterAll(() => {
    delete (globalThis as any).window;
    delete (globalThis as any).document;
  });

  const refused = (create: () => unknown, kind: string) => {
    const error = (() => {
      try {
        create();
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error, kind).toBeInstanceOf(CredentialError);
    expect(error!.message).toContain(`credential ${kind} is server-only`);
    for (const secret of [...Object.values(SECRETS), privateKey]) expect(error!.message).not.toContain(secret);
  };

  it("refuses every server-only credential", () => {
    refused(
      () => createSavvyCalClient({ auth: { kind: "accountToken", token: SECRETS.savvyAccount } }),
      "accountToken",
    );
    refused(
      () => createSavvyCalClient({ auth: { kind: "platformToken", token: SECRETS.savvyPlatform } }),
      "platformToken",
    );
    refused(() => createSavvyCalClient({ auth: { kind: "jwt", privateKey, keyId: "kid", userId: "user" } }), "jwt");
    refused(() => createCalcomClient({ auth: { kind: "apiKey", apiKey: SECRETS.calApiKey } }), "apiKey");
    refused(
      () => createCalcomClient({ auth: { kind: "oauthClient", clientId: "c", secretKey: SECRETS.calClientSecret } }),
      "oauthClient",
    );
    refused(() => createCalcomClient({ auth: refreshingManagedUser() }), "managedUser");
    refused(() => createAstrocalClient({ auth: { kind: "apiKey", apiKey: SECRETS.astroKey } }), "apiKey");
    refused(
      () => createAstrocalClient({ auth: { kind: "serviceKey", serviceKey: SECRETS.astroService, orgId: "o" } }),
      "serviceKey",
    );
    refused(() => createTimekitClient({ auth: { kind: "apiKey", apiKey: SECRETS.timekitKey } }), "apiKey");
  });

  it("allows the browser-safe ones: public, widget key, a JWT or getToken, a managed user's access token", () => {
    expect(createSavvyCalClient({ auth: { kind: "none" } }).credential.kind).toBe("none");
    expect(createSavvyCalClient({ auth: { kind: "jwt", token: SECRETS.savvyJwt } }).credential.kind).toBe("jwt");
    expect(
      createSavvyCalClient({ auth: { kind: "jwt", getToken: async () => SECRETS.savvyJwt } }).credential.kind,
    ).toBe("jwt");
    expect(createTimekitClient({ auth: { kind: "widgetKey", widgetKey: SECRETS.timekitWidget } }).credential.kind).toBe(
      "widgetKey",
    );
    expect(createCalcomClient({ auth: { kind: "managedUser", accessToken: SECRETS.calAccess } }).credential.kind).toBe(
      "managedUser",
    );
    expect(createAstrocalClient({ auth: { kind: "none" } }).credential.kind).toBe("none");
  });

  it("says which credentials are safe instead", () => {
    expect(() => createTimekitClient({ auth: { kind: "apiKey", apiKey: SECRETS.timekitKey } })).toThrow(
      /use widgetKey, none here/,
    );
    expect(() => createSavvyCalClient({ auth: { kind: "accountToken", token: SECRETS.savvyAccount } })).toThrow(
      /use jwt, none here/,
    );
  });

  it("dangerouslyAllowBrowser: true is the explicit override", () => {
    expect(
      createCalcomClient({ auth: { kind: "apiKey", apiKey: SECRETS.calApiKey }, dangerouslyAllowBrowser: true })
        .credential.kind,
    ).toBe("apiKey");
  });
});

describe("no error or log line contains a secret", () => {
  const logged: string[] = [];
  afterEach(() => vi.restoreAllMocks());

  it("across failing requests of every kind", async () => {
    for (const method of ["log", "info", "warn", "error", "debug"] as const)
      vi.spyOn(console, method).mockImplementation((...args) => void logged.push(args.map(String).join(" ")));
    server.route("/v2/oauth/c/refresh", (_req, res) => void res.writeHead(401).end());
    server.route("/v2/oauth-clients/c/users/1/force-refresh", (_req, res) => void res.writeHead(500).end());
    server.route(
      "*",
      (_req, res) => void res.writeHead(401, { "content-type": "application/json" }).end('{"error":"unauthorized"}'),
    );
    const closed = "http://127.0.0.1:9"; // nothing listens on the discard port
    const failures: unknown[] = [];
    let attempts = 0;
    const attempt = async (run: () => Promise<unknown>) => {
      attempts++;
      try {
        const result = (await run()) as { error?: unknown } | undefined;
        if (result && "error" in result) failures.push(result.error);
      } catch (error) {
        failures.push(error);
      }
    };

    const base = { baseUrl: server.origin };
    // Wrong credential for the operation, reached through a cast.
    await attempt(() =>
      (createSavvyCalClient({ ...base, auth: { kind: "platformToken", token: SECRETS.savvyPlatform } }) as any).GET(
        "/v1/appointments",
      ),
    );
    await attempt(() =>
      (createSavvyCalClient({ ...base, auth: { kind: "accountToken", token: SECRETS.savvyAccount } }) as any).POST(
        "/v1/accounts",
        { body: {} },
      ),
    );
    await attempt(() =>
      (createCalcomClient({ ...base, auth: { kind: "apiKey", apiKey: SECRETS.calApiKey } }) as any).GET(
        "/v2/oauth-clients/{clientId}/users",
        { params: { path: { clientId: "c" } } },
      ),
    );
    await attempt(() =>
      (createTimekitClient({ ...base, auth: { kind: "widgetKey", widgetKey: SECRETS.timekitWidget } }) as any).POST(
        "/resources",
        { body: {} },
      ),
    );
    await attempt(() => (createAstrocalClient({ ...base, auth: { kind: "none" } }) as any).GET("/v1/usage"));
    // Missing or wrong options.
    await attempt(async () =>
      createCalcomClient({ ...base, auth: { kind: "oauthClient", clientId: SECRETS.calClientSecret } as any }),
    );
    await attempt(async () =>
      createAstrocalClient({ ...base, auth: { kind: "serviceKey", serviceKey: SECRETS.astroService } as any }),
    );
    await attempt(async () =>
      createSavvyCalClient({ ...base, auth: { kind: "apikey", apiKey: SECRETS.savvyAccount } as any }),
    );
    // Rejected by the API (401), with every kind.
    await attempt(() =>
      createSavvyCalClient({ ...base, auth: { kind: "accountToken", token: SECRETS.savvyAccount } }).GET("/v1/account"),
    );
    await attempt(() =>
      createCalcomClient({ ...base, auth: { kind: "apiKey", apiKey: SECRETS.calApiKey } }).GET("/v2/me"),
    );
    await attempt(() =>
      createAstrocalClient({ ...base, auth: { kind: "serviceKey", serviceKey: SECRETS.astroService, orgId: "o" } }).GET(
        "/v1/usage",
      ),
    );
    await attempt(() =>
      createTimekitClient({ baseUrl: server.origin, auth: { kind: "apiKey", apiKey: SECRETS.timekitKey } }).GET(
        "/app",
        { params: { query: {} } },
      ),
    );
    // Token lifecycles that fail.
    await attempt(() =>
      createSavvyCalClient({ ...base, auth: { kind: "jwt", getToken: async () => SECRETS.savvyJwt } }).GET("/v1/user"),
    );
    await attempt(() =>
      createSavvyCalClient({
        ...base,
        auth: { kind: "jwt", getToken: () => Promise.reject(new Error(`expired ${SECRETS.savvyJwt}`)) },
      }).GET("/v1/user"),
    );
    await attempt(() =>
      createSavvyCalClient({
        ...base,
        auth: { kind: "jwt", privateKey: `${privateKey.slice(0, 60)}broken`, keyId: "k", userId: "u" },
      }).GET("/v1/user"),
    );
    for (const userId of [undefined, 1]) {
      const auth = refreshingManagedUser({ userId, accessTokenExpiresAt: 0 });
      await attempt(() => createCalcomClient({ ...base, auth }).GET("/v2/me"));
    }
    // Network failures.
    await attempt(() =>
      createCalcomClient({ baseUrl: closed, auth: { kind: "apiKey", apiKey: SECRETS.calApiKey } }).GET("/v2/me"),
    );
    await attempt(() =>
      createCalcomClient({
        baseUrl: closed,
        auth: refreshingManagedUser({ accessTokenExpiresAt: 0 }),
      }).GET("/v2/me"),
    );

    expect(failures.length).toBe(attempts); // every attempt failed
    const credentialErrors = failures.filter((failure) => failure instanceof CredentialError);
    expect(credentialErrors.length).toBeGreaterThanOrEqual(12);
    const texts = failures.flatMap((failure) =>
      failure instanceof Error
        ? [failure.message, failure.stack ?? "", String((failure as { cause?: unknown }).cause ?? "")]
        : [JSON.stringify(failure)],
    );
    // The getToken failure's own message contained the token: the client must not pass it on.
    for (const secret of [...Object.values(SECRETS), privateKey, privateKey.slice(27, 80)])
      for (const text of [...texts, ...logged])
        expect(text.includes(secret), `leaked ${secret.slice(0, 12)}… in: ${text.slice(0, 200)}`).toBe(false);
  });
});
