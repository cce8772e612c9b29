/**
 * The clients behave like a first-class SDK: timeouts, retries, typed errors from each provider's
 * real error bodies, pagination in each provider's style, a logger. Real HTTP on 127.0.0.1.
 */
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { createAstrocalClient } from "../../generated/astrocal/index.js";
import { createCalcomClient } from "../../generated/calcom/index.js";
import { createSavvyCalClient } from "../../generated/savvycal/index.js";
import { createTimekitClient } from "../../generated/timekit/index.js";
import {
  APIError,
  AuthenticationError,
  ConnectionError,
  InternalServerError,
  NotFoundError,
  RateLimitError,
  RequestAbortedError,
  RequestTimeoutError,
  UnprocessableEntityError,
} from "../../src/runtime/index.js";
import { respond, useLoopbackServer, type Handler } from "../helpers/loopback-server.js";

const server = useLoopbackServer();

const status =
  (code: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) =>
    void res.writeHead(code, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));

const savvy = (options: Record<string, unknown> = {}) =>
  createSavvyCalClient({
    baseUrl: server.origin,
    auth: { kind: "accountToken", token: "svy-secret-1" },
    logLevel: "off",
    ...options,
  });
const cal = (options: Record<string, unknown> = {}) =>
  createCalcomClient({
    baseUrl: server.origin,
    auth: { kind: "apiKey", apiKey: "cal_secret_2" },
    logLevel: "off",
    ...options,
  });
const astro = (options: Record<string, unknown> = {}) =>
  createAstrocalClient({
    baseUrl: server.origin,
    auth: { kind: "apiKey", apiKey: "ac_live_secret_3" },
    logLevel: "off",
    ...options,
  });
const timekit = (options: Record<string, unknown> = {}) =>
  createTimekitClient({
    baseUrl: server.origin,
    auth: { kind: "apiKey", apiKey: "tk_secret_4" },
    logLevel: "off",
    ...options,
  });

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  for (const secret of ["svy-secret-1", "cal_secret_2", "ac_live_secret_3", "tk_secret_4"])
    expect((error as Error).message).not.toContain(secret);
  return error as Error;
}

describe("retries", () => {
  it("honours Retry-After: one retry, not before the delay", async () => {
    server.route(
      "/v1/appointments",
      status(429, { errors: [{ detail: "slow down" }] }, { "retry-after": "1" }),
      respond.json({ data: [], meta: {} }),
    );
    const started = performance.now();
    const { response } = await savvy().GET("/v1/appointments");
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  it("Astrocal's ISO X-RateLimit-Reset sets the delay when there is no Retry-After", async () => {
    const reset = new Date(Date.now() + 700).toISOString();
    server.route(
      "/v1/bookings",
      status(429, { error: { code: "rate_limited", message: "later" } }, { "x-ratelimit-reset": reset }),
      respond.json({ data: [], has_more: false }),
    );
    const started = performance.now();
    await astro().GET("/v1/bookings", { params: { query: {} } });
    expect(server.requests).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(500);
  });

  it("gives up after maxRetries + 1 attempts and returns the last error", async () => {
    server.route(
      "/v1/appointments",
      status(503, { errors: [{ detail: "down 1" }] }, { "retry-after-ms": "10" }),
      status(503, { errors: [{ detail: "down 2" }] }, { "retry-after-ms": "10" }),
      status(502, { errors: [{ detail: "down 3" }] }, { "retry-after-ms": "10" }),
    );
    const { error, response } = await savvy().GET("/v1/appointments");
    expect(server.requests).toHaveLength(3);
    expect(response.status).toBe(502);
    expect(error).toEqual({ errors: [{ detail: "down 3" }] });
    server.requests.length = 0;
    await savvy({ maxRetries: 0 }).GET("/v1/appointments");
    expect(server.requests).toHaveLength(1);
  });

  it("POST is not retried on a 500, but is on a 429, with the body replayed byte for byte", async () => {
    server.route("/v1/appointments", status(500, { errors: [{ detail: "boom" }] }));
    const body = {
      start_at: "2026-12-01T10:00:00Z",
      end_at: "2026-12-01T10:30:00Z",
      time_zone: "Europe/Oslo",
      émoji: "✓",
    } as any;
    await savvy().POST("/v1/appointments", { body });
    expect(server.requests).toHaveLength(1);

    server.requests.length = 0;
    server.route("/v1/appointments", status(429, {}, { "retry-after-ms": "20" }), respond.json({ id: "appt_1" }));
    const { response } = await savvy().POST("/v1/appointments", { body });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].body).toBe(server.requests[0].body);
    expect(JSON.parse(server.requests[1].body)).toEqual(body);
  });

  it("Timekit's documented rate-limit answer (503) is retried, POST included", async () => {
    server.route(
      "/availability",
      status(503, { error: "Too many requests" }, { "retry-after-ms": "20" }),
      respond.json({ data: [] }),
    );
    const { response } = await timekit().POST("/availability", { body: {} as any });
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it("a refused connection is a ConnectionError, retried even for POST (nothing was processed)", async () => {
    const closed = await unusedPort();
    const logged: string[] = [];
    const client = createSavvyCalClient({
      baseUrl: `http://127.0.0.1:${closed}`,
      auth: { kind: "accountToken", token: "svy-secret-1" },
      maxRetries: 1,
      logger: { warn: (message) => logged.push(message) },
    });
    const error = await rejection(client.POST("/v1/appointments", { body: {} as any }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/POST \/v1\/appointments could not connect \(ECONNREFUSED\)/);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/retrying in \d+ ms \(attempt 2 of 2\)/);
    expect(logged.join()).not.toContain("svy-secret-1");
  });

  it("a 401 renewal is not a retry: one replay, then the answer", async () => {
    let tokens = 0;
    server.route(
      "/v1/user",
      status(401, { errors: [{ detail: "expired" }] }),
      status(401, { errors: [{ detail: "expired" }] }),
    );
    const client = createSavvyCalClient({
      baseUrl: server.origin,
      logLevel: "off",
      auth: { kind: "jwt", getToken: async () => `token-${++tokens}` },
    });
    const { response } = await client.GET("/v1/user");
    expect(response.status).toBe(401);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual([
      "Bearer token-1",
      "Bearer token-2",
    ]);
  });
});

describe("timeouts", () => {
  it("a hung server: RequestTimeoutError within tolerance, per call or per client", async () => {
    server.route("/v1/appointments", respond.hang());
    const calls = [
      () => savvy({ timeout: 300, maxRetries: 0 }).GET("/v1/appointments"),
      () => savvy().GET("/v1/appointments", { timeout: 300, maxRetries: 0 }),
    ];
    for (const call of calls) {
      const started = performance.now();
      const error = await rejection(call());
      const took = performance.now() - started;
      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect(error.message).toMatch(/GET \/v1\/appointments (got no response|did not complete) within 300 ms/);
      expect(took).toBeGreaterThanOrEqual(290);
      expect(took).toBeLessThan(2_000);
    }
  });

  it("the timeout covers obtaining the token; the caller's signal still works", async () => {
    const hanging = createSavvyCalClient({
      baseUrl: server.origin,
      logLevel: "off",
      timeout: 300,
      auth: { kind: "jwt", getToken: () => new Promise<string>(() => {}) },
    });
    expect(await rejection(hanging.GET("/v1/user"))).toBeInstanceOf(RequestTimeoutError);
    server.route("/v1/appointments", respond.hang());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    expect(await rejection(savvy().GET("/v1/appointments", { signal: controller.signal }))).toBeInstanceOf(
      RequestAbortedError,
    );
  });
});

describe("typed errors from the providers' real error bodies", () => {
  it("Cal.com: code, message and request id; the class by status", async () => {
    server.route(
      "/v2/me",
      status(
        404,
        {
          status: "error",
          timestamp: "2026-11-30T00:00:00Z",
          path: "/v2/me",
          error: { code: "NotFoundException", message: "User not found" },
        },
        { "x-request-id": "req-42" },
      ),
    );
    const { error } = await cal().GET("/v2/me");
    expect(error?.error.code).toBe("NotFoundException");
    const thrown = (await rejection(cal({ throwOnError: true }).GET("/v2/me"))) as APIError;
    expect(thrown).toBeInstanceOf(NotFoundError);
    expect([thrown.status, thrown.code, thrown.requestId]).toEqual([404, "NotFoundException", "req-42"]);
    expect(thrown.message).toBe("Cal.com API v2: GET /v2/me answered HTTP 404 NotFoundException: User not found");
  });

  it("Astrocal: a 429 is a RateLimitError with its retry-after", async () => {
    server.route(
      "/v1/bookings",
      status(
        429,
        { error: { code: "rate_limited", message: "Too many requests" }, limit: 60, window: "1m", retry_after: 30 },
        { "retry-after": "30" },
      ),
    );
    const error = (await rejection(
      astro({ throwOnError: true, maxRetries: 0 }).GET("/v1/bookings", { params: { query: {} } }),
    )) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect([error.code, error.retryAfter]).toEqual(["rate_limited", 30]);
  });

  it("SavvyCal: a 422 with a source pointer; per call throwOnError, and withOptions", async () => {
    server.route(
      "/v1/user",
      status(422, { errors: [{ title: "Invalid", source: { pointer: "/data/email" }, detail: "email is invalid" }] }),
    );
    const client = createSavvyCalClient({
      baseUrl: server.origin,
      logLevel: "off",
      auth: { kind: "jwt", token: "jwt-1" },
    });
    const error = (await rejection(client.GET("/v1/user", { throwOnError: true } as any))) as APIError;
    expect(error).toBeInstanceOf(UnprocessableEntityError);
    expect(error.message).toBe("SavvyCal Appointments: GET /v1/user answered HTTP 422 Invalid: email is invalid");
    expect(await rejection(client.withOptions({ throwOnError: true }).GET("/v1/user"))).toBeInstanceOf(
      UnprocessableEntityError,
    );
    expect((await client.GET("/v1/user")).error).toBeDefined();
  });

  it("SavvyCal: a 429 whose status field echoes the status has no code, so the message says it once", async () => {
    server.route(
      "/v1/appointments",
      status(429, { errors: [{ status: "429", detail: "Rate limited" }] }, { "retry-after": "3" }),
    );
    const error = (await rejection(
      savvy({ throwOnError: true, maxRetries: 0 }).GET("/v1/appointments"),
    )) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.message).toBe("SavvyCal Appointments: GET /v1/appointments answered HTTP 429: Rate limited");
    expect([error.code, error.retryAfter]).toEqual([undefined, 3]);
  });

  it("Timekit: 503 is its rate limit; an error string body is the message; 401 an AuthenticationError", async () => {
    server.route("/resources", status(503, { error: "Rate limit exceeded" }, { "retry-after-ms": "5" }));
    const limited = (await rejection(
      timekit({ throwOnError: true, maxRetries: 0 }).GET("/resources", { params: { query: {} } } as any),
    )) as RateLimitError;
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited.message).toBe("Timekit: GET /resources answered HTTP 503: Rate limit exceeded");
    server.route("/resources", status(401, { error: { message: "Unauthorized" } }));
    expect(
      await rejection(timekit({ throwOnError: true }).GET("/resources", { params: { query: {} } } as any)),
    ).toBeInstanceOf(AuthenticationError);
    server.route(
      "/resources",
      (_req, res) => void res.writeHead(500, { "content-type": "text/html" }).end("<html>oops</html>"),
    );
    const html = (await rejection(
      timekit({ throwOnError: true, maxRetries: 0 }).GET("/resources", { params: { query: {} } } as any),
    )) as APIError;
    expect(html).toBeInstanceOf(InternalServerError);
    expect(html.body).toBe("<html>oops</html>");
  });
});

describe("pagination in each provider's style", () => {
  const pageOf = <T>(all: T[], start: number, size: number) => all.slice(start, start + size);

  it("SavvyCal: page/page_size until meta.total_pages", async () => {
    const all = Array.from({ length: 7 }, (_, i) => ({ id: `appt_${i}` }));
    server.route("/v1/appointments", (req, res) => {
      const query = new URL(req.url, "http://x").searchParams;
      const page = Number(query.get("page") ?? 1);
      const size = Number(query.get("page_size"));
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          data: pageOf(all, (page - 1) * size, size),
          meta: { current_page: page, page_size: size, total_count: 7, total_pages: 3 },
        }),
      );
    });
    const ids: string[] = [];
    for await (const appointment of savvy().paginate("/v1/appointments", { params: { query: { page_size: 3 } } }))
      ids.push(appointment.id);
    expect(ids).toEqual(all.map((a) => a.id));
    expect(server.requests).toHaveLength(3);
  });

  it("Cal.com: take/skip, pagination.hasNextPage where present, else a short page", async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ id: i }));
    server.route("/v2/bookings", (req, res) => {
      const query = new URL(req.url, "http://x").searchParams;
      const skip = Number(query.get("skip") ?? 0);
      const take = Number(query.get("take"));
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          status: "success",
          data: pageOf(all, skip, take),
          pagination: { hasNextPage: skip + take < all.length },
        }),
      );
    });
    const pages: number[] = [];
    for await (const page of cal()
      .paginate("/v2/bookings", { params: { query: { take: 2 } } as any })
      .pages())
      pages.push(page.items.length);
    expect(pages).toEqual([2, 2, 1]);

    server.requests.length = 0;
    const teams = Array.from({ length: 4 }, (_, i) => ({ id: i }));
    server.route("/v2/webhooks", (req, res) => {
      const query = new URL(req.url, "http://x").searchParams;
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          status: "success",
          data: pageOf(teams, Number(query.get("skip") ?? 0), Number(query.get("take"))),
        }),
      );
    });
    const collected: unknown[] = [];
    for await (const webhook of cal().paginate("/v2/webhooks", { params: { query: { take: 3 } } as any }))
      collected.push(webhook);
    expect(collected).toHaveLength(4);
    expect(server.requests).toHaveLength(2);
  });

  it("Astrocal: starting_after the last id while has_more; a repeated cursor stops it", async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({
      id: `bk_${i}`,
      status: "confirmed",
      start_time: "",
      end_time: "",
    }));
    server.route("/v1/bookings", (req, res) => {
      const after = new URL(req.url, "http://x").searchParams.get("starting_after");
      const start = after ? all.findIndex((b) => b.id === after) + 1 : 0;
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ data: pageOf(all, start, 2), has_more: start + 2 < all.length }));
    });
    const ids: string[] = [];
    for await (const booking of astro().paginate("/v1/bookings", { params: { query: { limit: 2 } } }))
      ids.push(booking.id);
    expect(ids).toEqual(all.map((b) => b.id));
    expect(
      server.requests.map((request) => new URL(request.url, "http://x").searchParams.get("starting_after")),
    ).toEqual([null, "bk_1", "bk_3"]);

    // A server that keeps answering with the same page and has_more: the repeat is not walked (nor yielded).
    server.requests.length = 0;
    server.route("/v1/bookings", respond.json({ data: [all[0], all[1]], has_more: true }));
    const repeated: string[] = [];
    for await (const booking of astro().paginate("/v1/bookings", { params: { query: {} } })) repeated.push(booking.id);
    expect(repeated).toEqual(["bk_0", "bk_1"]);
    expect(server.requests).toHaveLength(2);
  });

  it("Timekit: limit/page until last_page; stops on an empty page and honours the signal", async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ id: `r${i}` }));
    server.route("/resources", (req, res) => {
      const query = new URL(req.url, "http://x").searchParams;
      const page = Number(query.get("page") ?? 1);
      const limit = Number(query.get("limit"));
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          data: pageOf(all, (page - 1) * limit, limit),
          current_page: page,
          last_page: Math.ceil(all.length / limit),
          per_page: String(limit),
        }),
      );
    });
    const ids: string[] = [];
    for await (const resource of timekit().paginate("/resources", { params: { query: { limit: 2 } } } as any))
      ids.push((resource as { id: string }).id);
    expect(ids).toEqual(all.map((r) => r.id));

    server.route("/resources", respond.json({ data: [], current_page: 1, last_page: 9 }));
    const none: unknown[] = [];
    for await (const resource of timekit().paginate("/resources", { params: { query: {} } } as any))
      none.push(resource);
    expect(none).toEqual([]);

    const controller = new AbortController();
    server.route("/resources", respond.json({ data: [{ id: "x" }], current_page: 1, last_page: 99 }));
    const paginated = timekit().paginate("/resources", { params: { query: {} }, signal: controller.signal } as any);
    const iterator = paginated[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    expect(await rejection(iterator.next())).toBeInstanceOf(RequestAbortedError);
  });

  it("an error page throws an APIError; a path that does not page is refused", async () => {
    server.route("/v1/appointments", status(403, { errors: [{ detail: "no" }] }));
    expect(
      await rejection(
        (async () => {
          for await (const _ of savvy().paginate("/v1/appointments")) void _;
        })(),
      ),
    ).toBeInstanceOf(APIError);
    // Refused at once, before any request.
    expect(() => (savvy() as any).paginate("/v1/user")).toThrow(/GET \/v1\/user is not a paginated list/);
  });
});

describe("logger", () => {
  it("reports requests at debug and retries at warn, without credentials or query strings", async () => {
    const lines: string[] = [];
    const logger = {
      debug: (m: string) => lines.push(`debug ${m}`),
      info: (m: string) => lines.push(`info ${m}`),
      warn: (m: string) => lines.push(`warn ${m}`),
      error: (m: string) => lines.push(`error ${m}`),
    };
    server.route("/v1/bookings/bk_1/cancel", status(503, {}, { "retry-after-ms": "5" }), respond.json({}));
    const client = createAstrocalClient({
      baseUrl: server.origin,
      auth: { kind: "apiKey", apiKey: "ac_live_secret_3" },
      logger,
      logLevel: "debug",
    });
    await client.POST("/v1/bookings/{id}/cancel", {
      params: { path: { id: "bk_1" }, query: { token: "invitee-secret" } },
      body: {} as any,
    });
    await client.DELETE("/v1/api-keys/{id}", { params: { path: { id: "k1" } } });
    expect(lines.some((line) => /^debug Astrocal: DELETE \/v1\/api-keys\/k1 → HTTP 200$/.test(line))).toBe(true);
    expect(lines.join("\n")).not.toMatch(/invitee-secret|ac_live_secret_3/);
  });
});

async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
