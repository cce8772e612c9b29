/**
 * The runtime on bad input: token sources that hang, values with line breaks, kinds named after
 * Object.prototype, bodies that lie about being JSON. It never hangs past its bounds and never puts
 * a secret into an error. Real HTTP on 127.0.0.1.
 */
import { describe, expect, it } from "vitest";
import { createCalcomClient } from "../../generated/calcom/index.js";
import { createSavvyCalClient } from "../../generated/savvycal/index.js";
import { createTimekitClient } from "../../generated/timekit/index.js";
import { CredentialError, RequestAbortedError, ResponseBodyError } from "../../src/runtime/index.js";
import { respond, useLoopbackServer } from "../helpers/loopback-server.js";

const SECRET = "secret-value-e3b0c442";
const server = useLoopbackServer();

async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).not.toContain(SECRET);
  return error as Error;
}

const elapsed = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

describe("token sources that hang", () => {
  it("a request rejects at its signal while getToken hangs", async () => {
    const client = createSavvyCalClient({
      baseUrl: server.origin,
      auth: { kind: "jwt", getToken: () => new Promise<string>(() => {}) },
    });
    let error: Error | undefined;
    const took = await elapsed(async () => {
      error = await failure(client.GET("/v1/user", { signal: AbortSignal.timeout(300) }));
    });
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(2_000);
    expect(server.requests).toEqual([]);
  });

  it("a renewal that times out is not handed to the next request, which succeeds once the source recovers", async () => {
    let calls = 0;
    const getToken = () => (++calls === 1 ? new Promise<string>(() => {}) : Promise.resolve(`token-${calls}`));
    const client = createSavvyCalClient({ baseUrl: server.origin, tokenTimeout: 300, auth: { kind: "jwt", getToken } });
    const error = await failure(client.GET("/v1/user"));
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toBe(
      "SavvyCal Appointments: credential jwt: obtaining a token took longer than 300 ms (tokenTimeout)",
    );
    const { response } = await client.GET("/v1/user");
    expect(response.status).toBe(200);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(["Bearer token-2"]);
  });

  it("a hanging refresh endpoint: the call fails at tokenTimeout, the next one refreshes", async () => {
    server.route(
      "/v2/oauth/client-1/refresh",
      respond.hang(),
      respond.json({
        status: "success",
        data: { accessToken: "access-2", refreshToken: "refresh-2", accessTokenExpiresAt: Date.now() + 3_600_000 },
      }),
    );
    const stored: unknown[] = [];
    const client = createCalcomClient({
      baseUrl: server.origin,
      tokenTimeout: 300,
      auth: {
        kind: "managedUser",
        accessToken: SECRET,
        refreshToken: "refresh-1",
        accessTokenExpiresAt: Date.now() - 1,
        clientId: "client-1",
        secretKey: "s",
        onTokens: (tokens) => void stored.push(tokens),
      },
    });
    const error = await failure(client.GET("/v2/me"));
    expect(error.message).toMatch(/obtaining a token took longer than 300 ms/);
    const { response } = await client.GET("/v2/me");
    expect(response.status).toBe(200);
    expect(server.requests.at(-1)!.headers.authorization).toBe("Bearer access-2");
    expect(stored).toHaveLength(1);
  });

  it("tokenTimeout must be a positive number", () => {
    expect(() =>
      createSavvyCalClient({ tokenTimeout: Number.NaN, auth: { kind: "jwt", getToken: async () => "t" } }),
    ).toThrow(CredentialError);
  });
});

describe("values that would corrupt a header", () => {
  it("CR/LF in a credential option is refused when the client is created, naming the option only", () => {
    const cases: Array<[() => unknown, RegExp]> = [
      [
        () => createCalcomClient({ auth: { kind: "apiKey", apiKey: `${SECRET}\r\nX-Injected: 1` } }),
        /credential apiKey option `apiKey` contains a control character/,
      ],
      [
        () => createSavvyCalClient({ auth: { kind: "platformToken", token: "t", accountId: `acct_1\nX-Injected: 1` } }),
        /credential platformToken option `accountId` contains a control character/,
      ],
      [
        () => createTimekitClient({ auth: { kind: "widgetKey", widgetKey: `${SECRET}\u0000` } }),
        /option `widgetKey` contains a control character/,
      ],
    ];
    for (const [create, message] of cases) {
      let error: unknown;
      try {
        create();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CredentialError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(SECRET);
    }
  });

  it("a fetched token with a line break is a CredentialError without the token", async () => {
    const client = createSavvyCalClient({
      baseUrl: server.origin,
      auth: { kind: "jwt", getToken: async () => `${SECRET}\r\nX-Injected: 1` },
    });
    const error = await failure(client.GET("/v1/user"));
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toBe(
      "SavvyCal Appointments: credential jwt: the token obtained is empty or contains a control character",
    );
    expect(server.requests).toEqual([]);
  });

  it("a credential kind named after Object.prototype is an unknown kind", () => {
    for (const kind of ["toString", "__proto__", "constructor", "hasOwnProperty"])
      expect(() => createSavvyCalClient({ auth: { kind } as any })).toThrow(
        /unknown credential kind "?\w*"?; expected one of accountToken, platformToken, jwt, none/,
      );
  });
});

describe("bodies that lie", () => {
  it("a success body labelled JSON that is not becomes a ResponseBodyError", async () => {
    server.route("/v2/me", respond.text(200, "<html>maintenance</html>", "application/json"));
    const client = createCalcomClient({ baseUrl: server.origin, auth: { kind: "apiKey", apiKey: SECRET } });
    const error = await failure(client.GET("/v2/me"));
    expect(error).toBeInstanceOf(ResponseBodyError);
    expect(error.message).toBe(
      "Cal.com API v2: GET /v2/me answered with a body that is not the JSON its content type says",
    );
  });
});
