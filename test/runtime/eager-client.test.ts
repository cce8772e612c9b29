/**
 * A client is whole when it is created: its call path is imported with it, so what a client does
 * is the same on its first call as on later ones. openapi-fetch's own checks apply at once; only
 * server-side signing code (jose, for ES256 keys) loads on demand, and a load that fails is tried
 * again on the next call. Against Acme (test/fixtures/acme), real HTTP to 127.0.0.1.
 */
import createClient from "openapi-fetch";
import { decodeJwt, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { createAcmeClient, type AcmeCredential } from "../fixtures/acme/generated/index.js";
import { onDemand } from "../../src/runtime/internal/on-demand.js";
import { expiryOf } from "../../src/runtime/internal/tokens/fetched-token.js";
import { useLoopbackServer } from "../helpers/loopback-server.js";

const server = useLoopbackServer();
const acme = <const C extends AcmeCredential>(auth: C) =>
  createAcmeClient({ baseUrl: server.origin, auth, logLevel: "off" });
const apiKey = { kind: "apiKey", apiKey: "acme-key-1", workspaceId: "ws_9" } as const;

describe("the client as created", () => {
  it("use() checks its middleware at once, with openapi-fetch's own error; later calls are unaffected", async () => {
    const bare = (() => {
      try {
        createClient({}).use({} as never);
      } catch (error) {
        return error;
      }
    })();
    expect(bare).toBeInstanceOf(Error);
    const client = acme(apiKey);
    expect(() => client.use({} as never)).toThrow((bare as Error).message);
    const { response } = await client.GET("/v1/bookings", { params: { query: {} } });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(1);
  });

  it("paginate on a path that does not page is refused at once, on a client's very first call", () => {
    expect(() => acme(apiKey).paginate("/v1/me" as never)).toThrow(
      new TypeError("Acme Booking: GET /v1/me is not a paginated list"),
    );
  });

  it("middleware added before the first call runs on it", async () => {
    const seen: string[] = [];
    const client = acme(apiKey);
    client.use({ onRequest: ({ request }) => void seen.push(request.headers.get("authorization") ?? "") });
    await client.GET("/v1/bookings", { params: { query: {} } });
    expect(seen).toEqual(["Bearer acme-key-1"]);
  });
});

describe("code loaded on demand", () => {
  it("a load that fails is tried again by the next caller; one that succeeds is kept", async () => {
    let attempts = 0;
    const load = onDemand(async () => {
      attempts += 1;
      if (attempts === 1) throw new TypeError("Failed to fetch dynamically imported module");
      return { loaded: attempts };
    });
    await expect(load()).rejects.toThrow("Failed to fetch dynamically imported module");
    expect(await load()).toEqual({ loaded: 2 });
    expect(await load()).toEqual({ loaded: 2 });
    expect(attempts).toBe(2);
  });

  it("callers waiting on the same load share it", async () => {
    let attempts = 0;
    const load = onDemand(async () => ++attempts);
    expect(await Promise.all([load(), load(), load()])).toEqual([1, 1, 1]);
  });
});

describe("a fetched token's expiry, read without jose", () => {
  it("is the JWT's exp, as jose decodes it; undefined for anything that is not a JWT with a numeric exp", async () => {
    const key = new TextEncoder().encode("a-test-secret-of-at-least-32-bytes!!");
    const exp = Math.floor(Date.now() / 1000) + 600;
    const jwt = await new SignJWT({ name: "Zoë ✓" })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime(exp)
      .sign(key);
    expect(expiryOf(jwt)).toBe(decodeJwt(jwt).exp! * 1000);
    const noExp = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).sign(key);
    expect(expiryOf(noExp)).toBeUndefined();
    const textExp = `e30.${btoa(JSON.stringify({ exp: "soon" })).replace(/=+$/, "")}.sig`;
    expect(expiryOf(textExp)).toBeUndefined();
    for (const token of ["opaque-token", "a.b", "a.!!!.c", "a.bnVsbA.c", ""]) expect(expiryOf(token)).toBeUndefined();
  });
});
