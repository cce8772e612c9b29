/**
 * The runtime's behaviour, against Acme: a provider of the project's own (test/fixtures/acme), so
 * nothing here depends on an upstream spec. Every fact the client uses — headers, scopes, the
 * rate-limit status and reset header, error and request-id fields, three pagination styles, a
 * refresh flow — comes from its annotation file and differs from every real provider's. Real HTTP
 * to a server on 127.0.0.1.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import { createAcmeClient, type AcmeCredential, type paths } from "../fixtures/acme/generated/index.js";
import {
  CredentialError,
  NotFoundError,
  RateLimitError,
  UnprocessableEntityError,
  type RotatedTokens,
} from "../../src/runtime/index.js";
import { useLoopbackServer, type Handler } from "../helpers/loopback-server.js";

const server = useLoopbackServer();

const answer =
  (code: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) =>
    void res.writeHead(code, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));

const acme = <const C extends AcmeCredential>(auth: C, options: Record<string, unknown> = {}) =>
  createAcmeClient({ baseUrl: server.origin, auth, logLevel: "off", ...options });
const apiKey = { kind: "apiKey", apiKey: "acme-key-1", workspaceId: "ws_9" } as const;

describe("headers from the annotation file", () => {
  it("an API key with its workspace: Bearer, the scope header and the rule's version header on bookings only", async () => {
    const client = acme(apiKey);
    await client.GET("/v1/bookings", { params: { query: {} } });
    await client.GET("/v1/events", { params: { query: {} } });
    const [bookings, events] = server.requests;
    expect(bookings.headers).toMatchObject({
      authorization: "Bearer acme-key-1",
      "x-acme-workspace": "ws_9",
      "acme-version": "2026-01-01",
    });
    expect(events.headers.authorization).toBe("Bearer acme-key-1");
    expect(events.headers["x-acme-workspace"]).toBeUndefined();
    expect(events.headers["acme-version"]).toBeUndefined();
  });

  it("request(method, path) is the same call as the method's own; an unknown method is refused at once", async () => {
    const client = acme(apiKey);
    await client.request("get", "/v1/bookings", { params: { query: {} } });
    expect(server.requests[0].method).toBe("GET");
    expect(server.requests[0].headers).toMatchObject({
      authorization: "Bearer acme-key-1",
      "x-acme-workspace": "ws_9",
    });
    expect(() => client.request("fetch" as never, "/v1/bookings" as never)).toThrow(
      new TypeError('Acme Booking: unknown HTTP method "fetch"'),
    );
  });

  it("a path that is no operation of the API is a usage error (TypeError), whatever the credential", async () => {
    const calls = [
      () => acme(apiKey).GET("/v1/nope" as never),
      () => acme({ kind: "session", getToken: async () => "sess-1" }).GET("/v1/nope" as never),
    ];
    for (const call of calls) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect(error).not.toBeInstanceOf(CredentialError);
      expect((error as Error).message).toBe(
        "Acme Booking: GET /v1/nope is not an operation of this API; check the path template (with {placeholders}) and the method",
      );
    }
    expect(server.requests).toHaveLength(0);
  });

  it("a session sends its own scheme; public operations send nothing; the wrong credential never reaches the server", async () => {
    await acme({ kind: "session", accessToken: "sess-1" }).GET("/v1/me");
    await acme({ kind: "none" }).GET("/v1/slots", { params: { query: {} } });
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(["Session sess-1", undefined]);

    server.requests.length = 0;
    const keyOnly = acme({ kind: "apiKey", apiKey: "acme-key-1" });
    // @ts-expect-error only a session may call /v1/me
    await expect(keyOnly.GET("/v1/me")).rejects.toThrow(
      new CredentialError("Acme Booking: GET /v1/me accepts session; this client is configured with apiKey"),
    );
    // @ts-expect-error bookings need the workspace a key carries
    await expect(keyOnly.GET("/v1/bookings", { params: { query: {} } })).rejects.toThrow(
      "GET /v1/bookings accepts apiKey with workspaceId (sends X-Acme-Workspace), session",
    );
    expect(server.requests).toHaveLength(0);
  });
});

describe("headers the caller passes", () => {
  it("win over the client's, in any case and in any form; null drops one; the client's own headers win too", async () => {
    await acme(apiKey).GET("/v1/bookings", { params: { query: {} }, headers: { "x-acme-workspace": "ws_other" } });
    await acme(apiKey).GET("/v1/bookings", {
      params: { query: {} },
      headers: new Headers([["AUTHORIZATION", "Bearer per-call"]]),
    });
    await acme(apiKey).GET("/v1/bookings", { params: { query: {} }, headers: { "Acme-Version": null } });
    await acme(apiKey, { headers: { "acme-version": "2025-05-05" } }).GET("/v1/bookings", { params: { query: {} } });
    const [workspace, authorization, dropped, clientLevel] = server.requests.map((request) => request.headers);
    expect(workspace).toMatchObject({ "x-acme-workspace": "ws_other", authorization: "Bearer acme-key-1" });
    expect(authorization).toMatchObject({ authorization: "Bearer per-call", "x-acme-workspace": "ws_9" });
    expect(dropped["acme-version"]).toBeUndefined();
    expect(clientLevel).toMatchObject({ "acme-version": "2025-05-05", authorization: "Bearer acme-key-1" });
  });
});

describe("retries and errors from the annotation's runtime facts", () => {
  it("its rate-limit status (503) is retried, POST included, after its reset header", async () => {
    server.route(
      "/v1/bookings",
      answer(503, { error: { code: "busy", message: "later" } }, { "x-acme-reset": "1" }),
      answer(201, { id: "b1", start: "2026-12-01T10:00:00Z", status: "confirmed" }),
    );
    const started = performance.now();
    const { data, response } = await acme(apiKey).POST("/v1/bookings", { body: { start: "2026-12-01T10:00:00Z" } });
    expect(response.status).toBe(201);
    expect(data?.id).toBe("b1");
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].body).toBe(server.requests[0].body);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("a POST is not retried on a 500", async () => {
    server.route("/v1/bookings", answer(500, { error: { code: "boom", message: "broken" } }));
    const { error } = await acme(apiKey).POST("/v1/bookings", { body: { start: "x" } });
    expect(error).toEqual({ error: { code: "boom", message: "broken" } });
    expect(server.requests).toHaveLength(1);
  });

  it("throwOnError: the class by status, code and message from its error body, its request-id header", async () => {
    server.route(
      "/v1/bookings/b404",
      answer(404, { error: { code: "not_found", message: "No such booking" } }, { "x-acme-request": "req_77" }),
    );
    const client = acme(apiKey, { throwOnError: true });
    const error = await client.GET("/v1/bookings/{id}", { params: { path: { id: "b404" } } }).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, code: "not_found", requestId: "req_77" });
    expect(error.message).toContain("No such booking");

    server.route("/v1/bookings", answer(422, { error: { code: "invalid", message: "start is required" } }));
    await expect(client.POST("/v1/bookings", { body: { start: "" } })).rejects.toBeInstanceOf(UnprocessableEntityError);
    server.route("/v1/events", answer(503, { error: { code: "busy", message: "later" } }, { "retry-after": "0" }));
    await expect(
      acme(apiKey, { throwOnError: true, maxRetries: 0 }).GET("/v1/events", { params: { query: {} } }),
    ).rejects.toBeInstanceOf(RateLimitError);
  });

  it("a body field with a default is optional for callers", () => {
    type NewBooking = paths["/v1/bookings"]["post"]["requestBody"]["content"]["application/json"];
    expectTypeOf<NewBooking>().toEqualTypeOf<{ start: string; notify?: boolean }>();
  });
});

describe("pagination in the three styles, as configured", () => {
  const page = <T>(all: T[], start: number, size: number) => all.slice(start, start + size);

  it("page/per_page until meta.total_pages", async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ id: `b${i}`, start: "s", status: "confirmed" as const }));
    server.route("/v1/bookings", (req, res) => {
      const query = new URL(req.url, "http://x").searchParams;
      const [number, size] = [Number(query.get("page") ?? 1), Number(query.get("per_page"))];
      answer(200, { data: page(all, (number - 1) * size, size), meta: { total_pages: 3 } })(req, res);
    });
    const ids: string[] = [];
    for await (const booking of acme(apiKey).paginate("/v1/bookings", { params: { query: { per_page: 2 } } })) {
      expectTypeOf(booking.status).toEqualTypeOf<"confirmed" | "cancelled">();
      ids.push(booking.id);
    }
    expect(ids).toEqual(all.map((booking) => booking.id));
    expect(server.requests.map((request) => request.url)).toEqual([
      "/v1/bookings?per_page=2",
      "/v1/bookings?per_page=2&page=2",
      "/v1/bookings?per_page=2&page=3",
    ]);
  });

  it("a server that ignores the page and sends no total: the walk ends when a page repeats the last one's items", async () => {
    const firstPage = [{ id: "b0", start: "s", status: "confirmed" as const }];
    server.route("/v1/bookings", answer(200, { data: firstPage, meta: {} }));
    const ids: string[] = [];
    for await (const booking of acme(apiKey).paginate("/v1/bookings", { params: { query: {} } })) {
      ids.push(booking.id);
      if (ids.length > 10) throw new Error("walked past the repeated page");
    }
    expect(ids).toEqual(["b0"]);
    expect(server.requests).toHaveLength(2);
  });

  it("maxPages bounds a list that never ends: the walk throws rather than go on", async () => {
    let served = 0;
    server.route("/v1/bookings", (req, res) =>
      answer(200, { data: [{ id: `b${++served}`, start: "s", status: "confirmed" }], meta: {} })(req, res),
    );
    const walked: string[] = [];
    const walk = async () => {
      for await (const booking of acme(apiKey).paginate("/v1/bookings", { params: { query: {} }, maxPages: 3 })) {
        walked.push(booking.id);
        if (walked.length > 10) return;
      }
    };
    await expect(walk()).rejects.toThrow(
      new RangeError(
        "Acme Booking: paginating GET /v1/bookings reached maxPages (3) and the list goes on; pass a larger maxPages to walk further",
      ),
    );
    expect(walked).toEqual(["b1", "b2", "b3"]);
    expect(server.requests.map((request) => request.url)).not.toContain("/v1/bookings?page=4");
    const invalid = acme(apiKey).paginate("/v1/bookings", { params: { query: {} }, maxPages: 0 });
    await expect(invalid[Symbol.asyncIterator]().next()).rejects.toThrow(
      new RangeError("Acme Booking: maxPages must be a positive whole number"),
    );
  });

  it("offset/limit while has_next", async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ id: i }));
    server.route("/v1/events", (req, res) => {
      const query = new URL(req.url, "http://x").searchParams;
      const [offset, limit] = [Number(query.get("offset") ?? 0), Number(query.get("limit"))];
      answer(200, { items: page(all, offset, limit), has_next: offset + limit < all.length })(req, res);
    });
    const sizes: number[] = [];
    for await (const events of acme(apiKey)
      .paginate("/v1/events", { params: { query: { limit: 2 } } })
      .pages())
      sizes.push(events.items.length);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it("a cursor from the last item's id while has_more, on a public list", async () => {
    const all = Array.from({ length: 4 }, (_, i) => ({ id: `s${i}`, start: "t" }));
    server.route("/v1/slots", (req, res) => {
      const after = new URL(req.url, "http://x").searchParams.get("after");
      const start = after ? all.findIndex((slot) => slot.id === after) + 1 : 0;
      answer(200, { data: page(all, start, 3), has_more: start + 3 < all.length })(req, res);
    });
    const ids: string[] = [];
    for await (const slot of acme({ kind: "none" }).paginate("/v1/slots", { params: { query: {} } })) ids.push(slot.id);
    expect(ids).toEqual(["s0", "s1", "s2", "s3"]);
    expect(server.requests.at(-1)?.url).toBe("/v1/slots?after=s2");
  });
});

describe("rotatingRefresh, configured entirely by the annotation file", () => {
  /** Acme's token endpoint: a snake-free body of its own, the pair at the top level of the answer. */
  function tokenApi(options: { rejectRefresh?: boolean } = {}) {
    const state = { access: "a0", refresh: "r0", generation: 0, refreshes: 0, reissues: 0 };
    const issue = () => {
      state.generation++;
      state.access = `a${state.generation}`;
      state.refresh = `r${state.generation}`;
      return { accessToken: state.access, refreshToken: state.refresh, accessTokenExpiresAt: Date.now() + 600_000 };
    };
    server.route("/oauth/apps/app-1/token", (req, res) => {
      state.refreshes++;
      const body = JSON.parse(req.body);
      const valid = body.grant === "refresh" && body.refresh === state.refresh;
      if (options.rejectRefresh || req.headers["x-app-secret"] !== "app-secret" || !valid)
        return answer(401, { error: { code: "invalid_grant", message: "no" } })(req, res);
      setTimeout(() => answer(200, issue())(req, res), 20);
    });
    server.route("/oauth/apps/app-1/accounts/7/reissue", (req, res) => {
      state.reissues++;
      if (req.headers["x-app-secret"] !== "app-secret") return answer(401, {})(req, res);
      answer(200, issue())(req, res);
    });
    server.route("/v1/me", (req, res) =>
      req.headers.authorization === `Session ${state.access}`
        ? answer(200, { id: "u1" })(req, res)
        : answer(401, { error: { code: "expired", message: "expired" } })(req, res),
    );
    return state;
  }
  const session = (extra: Record<string, unknown>, onTokens: (tokens: RotatedTokens) => void = () => {}) =>
    acme({
      kind: "session",
      accessToken: "a0",
      refreshToken: "r0",
      appId: "app-1",
      appSecret: "app-secret",
      onTokens,
      ...extra,
    });

  it("20 concurrent calls on an expired token: one refresh with the configured path, header and body", async () => {
    const state = tokenApi();
    const handed: RotatedTokens[] = [];
    const client = session({ accessTokenExpiresAt: Date.now() - 1 }, (tokens) => void handed.push(tokens));
    const results = await Promise.all(Array.from({ length: 20 }, () => client.GET("/v1/me")));
    expect(results.map((result) => result.response.status)).toEqual(Array(20).fill(200));
    expect(state.refreshes).toBe(1);
    expect(handed).toEqual([expect.objectContaining({ accessToken: "a1", refreshToken: "r1" })]);
    const refresh = server.requests.find((request) => request.url === "/oauth/apps/app-1/token")!;
    expect(JSON.parse(refresh.body)).toEqual({ grant: "refresh", refresh: "r0" });
  });

  it("a rejected refresh token is re-issued through the fallback when the numeric account id is given", async () => {
    const state = tokenApi({ rejectRefresh: true });
    const client = session({ accessTokenExpiresAt: Date.now() - 1, accountId: 7 });
    expect((await client.GET("/v1/me")).response.status).toBe(200);
    expect([state.refreshes, state.reissues]).toEqual([1, 1]);
  });

  it("without it, the message uses the annotation's label", async () => {
    tokenApi({ rejectRefresh: true });
    const error = await session({ accessTokenExpiresAt: Date.now() - 1 })
      .GET("/v1/me")
      .catch((e) => e);
    expect(error).toBeInstanceOf(CredentialError);
    expect(error.message).toBe(
      "Acme Booking: the session's refresh token was rejected (HTTP 401); the session must be re-authorised",
    );
  });

  it("the app's middleware runs after the token's, whether added before the first call or after", async () => {
    const state = tokenApi();
    const seen: string[] = [];
    const watch = (name: string) => ({
      onRequest: ({ request }: { request: Request }) =>
        void seen.push(`${name} ${request.headers.get("authorization")}`),
    });
    const client = session({ accessTokenExpiresAt: Date.now() + 600_000 });
    const early = watch("early");
    const ejected = watch("ejected");
    client.use(early, ejected);
    client.eject(ejected); // before the first call
    await client.GET("/v1/me");
    const late = watch("late");
    client.use(late);
    await client.GET("/v1/me");
    client.eject(early); // after
    await client.GET("/v1/me");
    expect(seen).toEqual([
      `early Session ${state.access}`,
      `early Session ${state.access}`,
      `late Session ${state.access}`,
      `late Session ${state.access}`,
    ]);
  });

  it("its required provider options are checked when the client is created", () => {
    expect(() => session({ appSecret: undefined })).toThrow(
      "Acme Booking: credential session needs `appSecret` (a non-empty string or a number)",
    );
  });
});
