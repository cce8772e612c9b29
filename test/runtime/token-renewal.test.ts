/**
 * Token renewal against sources and token endpoints that misbehave, over real HTTP on 127.0.0.1:
 * a renewal that fails or times out is not inherited by a request that came later, a token
 * endpoint's redirect is never followed (a second loopback origin stands for "elsewhere"), and a
 * token answer is checked whole — format, control characters, expiry — before `onTokens` sees it.
 */
import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { createCalcomClient } from "../../generated/calcom/index.js";
import { createSavvyCalClient } from "../../generated/savvycal/index.js";
import { CredentialError, type RotatedTokens } from "../../src/runtime/index.js";
import { useLoopbackServer } from "../helpers/loopback-server.js";

const SECRET_KEY = "oauth-secret-key-5c1d";
const REFRESH_TOKEN = "refresh-token-9f2a";
const REFRESH_PATH = "/v2/oauth/client-1/refresh";
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
