/**
 * openapi-fetch's contract, kept: each behaviour is the same call made through bare openapi-fetch
 * and through a generated client (Acme, test/fixtures/acme) against one loopback server, asserting
 * what reaches `fetch`, what middleware receives, when the server sees the connection close and
 * what the caller gets. Where ours differs by design (retries, typed errors), the test says so.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import createClient, { type Middleware } from "openapi-fetch";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { createAcmeClient, type AcmeCredential, type paths } from "../fixtures/acme/generated/index.js";
import { ConnectionError, RateLimitError, RequestAbortedError, RequestTimeoutError } from "../../src/runtime/index.js";
import { useLoopbackServer, type Handler } from "../helpers/loopback-server.js";

const server = useLoopbackServer();
beforeEach(() => {
  server.route("/v1/events", answer(200, { items: [] }));
  server.route("/v1/bookings", answer(200, { data: [] }));
});
const apiKey = { kind: "apiKey", apiKey: "acme-key-1", workspaceId: "ws_9" } as const;
const acme = (options: Record<string, unknown> = {}, auth: AcmeCredential = apiKey) =>
  createAcmeClient({ baseUrl: server.origin, auth, logLevel: "off", ...options });
const bare = (options: Record<string, unknown> = {}) => createClient<paths>({ baseUrl: server.origin, ...options });
const query = { params: { query: {} } };

const answer =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) =>
    void res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));

/** Never answers; records when the client closes the connection. */
function hangAndWatch() {
  const closed: number[] = [];
  const handler: Handler = (_req, res: ServerResponse) =>
    new Promise<void>((resolve) => res.on("close", () => (closed.push(closed.length), resolve())));
  return { handler, closed };
}

async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe("a timeout aborts the request", () => {
  it("the server sees the connection close, as with bare openapi-fetch and AbortSignal.timeout", async () => {
    const hung = hangAndWatch();
    server.route("/v1/events", hung.handler);
    const bareError = await bare()
      .GET("/v1/events", { ...query, signal: AbortSignal.timeout(200) })
      .catch((e: unknown) => e);
    expect(bareError).toMatchObject({ name: "TimeoutError" });
    await vi.waitFor(() => expect(hung.closed).toHaveLength(1), { timeout: 2_000 });

    const ours = await acme({ timeout: 200, maxRetries: 0 })
      .GET("/v1/events", query)
      .catch((e: unknown) => e);
    expect(ours).toBeInstanceOf(RequestTimeoutError); // ours: typed
    expect((ours as Error).message).toBe("Acme Booking: GET /v1/events did not complete within 200 ms");
    await vi.waitFor(() => expect(hung.closed).toHaveLength(2), { timeout: 2_000 });
  });

  it("an idempotent call's timed-out attempts are retried, each aborted; nothing is logged after the call threw", async () => {
    const hung = hangAndWatch();
    server.route("/v1/events", hung.handler);
    const warnings: string[] = [];
    const client = acme({
      timeout: 200,
      maxRetries: 1,
      logLevel: "warn",
      logger: { warn: (m: string) => warnings.push(m) },
    });
    await expect(client.GET("/v1/events", query)).rejects.toBeInstanceOf(RequestTimeoutError);
    expect(server.requests).toHaveLength(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /GET \/v1\/events failed \(.*did not complete within 200 ms\); retrying in \d+ ms \(attempt 2 of 2\)/,
    );
    await vi.waitFor(() => expect(hung.closed).toHaveLength(2), { timeout: 2_000 });
    // The server keeps quiet: an abandoned attempt would now fail and log a retry for a call that threw.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([server.requests.length, warnings.length]).toEqual([2, 1]);
  });

  it("a fetch that copies its init (`{ ...init }`) passes the signal on: the timeout closes the connection", async () => {
    const hung = hangAndWatch();
    server.route("/v1/events", hung.handler);
    const copying = (request: Request, init?: RequestInit) => globalThis.fetch(request, { ...init });
    await expect(acme({ timeout: 200, maxRetries: 0, fetch: copying }).GET("/v1/events", query)).rejects.toBeInstanceOf(
      RequestTimeoutError,
    );
    await vi.waitFor(() => expect(hung.closed).toHaveLength(1), { timeout: 2_000 });
  });

  it("a fetch that drops its signal still ends at the timeout", async () => {
    server.route("/v1/events", hangAndWatch().handler);
    const dropping = (request: Request, init?: RequestInit) => {
      const { signal: _dropped, ...rest } = init ?? {};
      return globalThis.fetch(request, rest);
    };
    await expect(
      acme({ timeout: 200, maxRetries: 0, fetch: dropping }).GET("/v1/events", query),
    ).rejects.toBeInstanceOf(RequestTimeoutError);
  });

  it("a POST that timed out is not retried (it may have been processed)", async () => {
    server.route("/v1/bookings", hangAndWatch().handler);
    await expect(acme({ timeout: 200 }).POST("/v1/bookings", { body: { start: "x" } })).rejects.toBeInstanceOf(
      RequestTimeoutError,
    );
    expect(server.requests).toHaveLength(1);
  });
});

describe("what reaches fetch", () => {
  /** A fetch that records what it is given and sends it. */
  function recordingFetch() {
    const calls: Array<{ request: Request; init: RequestInit | undefined }> = [];
    const fetch = (request: Request, init?: RequestInit) => {
      calls.push({ request, init });
      return globalThis.fetch(request, init);
    };
    return { calls, fetch };
  }

  it("requestInitExt is fetch's second argument on every attempt", async () => {
    const requestInitExt = { marker: "from-the-app" };
    const bareFetch = recordingFetch();
    await bare({ fetch: bareFetch.fetch, requestInitExt }).GET("/v1/events", query);
    expect(bareFetch.calls.map(({ init }) => init)).toEqual([requestInitExt]);

    server.route("/v1/events", answer(503, {}, { "retry-after-ms": "1" }), answer(200, { items: [] }));
    const ourFetch = recordingFetch();
    await acme({ fetch: ourFetch.fetch, requestInitExt }).GET("/v1/events", query);
    // Ours: two attempts (the 503 is Acme's rate-limit answer), each with the app's keys, plus the
    // attempt's own signal and redirect mode.
    expect(ourFetch.calls.map(({ init }) => init)).toEqual([
      expect.objectContaining(requestInitExt),
      expect.objectContaining(requestInitExt),
    ]);
  });

  it("a signal in requestInitExt aborts the call, as it aborts bare openapi-fetch's fetch, and is not retried", async () => {
    const hung = hangAndWatch();
    server.route("/v1/events", hung.handler);
    const bareController = new AbortController();
    const bareCall = bare({ requestInitExt: { signal: bareController.signal } })
      .GET("/v1/events", query)
      .catch((e: unknown) => e);
    setTimeout(() => bareController.abort(new Error("app shut down")), 100);
    expect(await bareCall).toMatchObject({ message: "app shut down" });
    await vi.waitFor(() => expect(hung.closed).toHaveLength(1), { timeout: 2_000 });

    const ourController = new AbortController();
    const ourCall = acme({ requestInitExt: { signal: ourController.signal }, maxRetries: 2 })
      .GET("/v1/events", query)
      .catch((e: unknown) => e);
    setTimeout(() => ourController.abort(new Error("app shut down")), 100);
    const ours = await ourCall;
    expect(ours).toBeInstanceOf(RequestAbortedError); // ours: typed, the app's reason as its cause
    expect((ours as Error).cause).toMatchObject({ message: "app shut down" });
    await vi.waitFor(() => expect(hung.closed).toHaveLength(2), { timeout: 2_000 });
    expect(server.requests.filter((r) => new URL(r.url, server.origin).pathname === "/v1/events")).toHaveLength(2); // one each: ours was not retried
  });

  it("a signal in requestInitExt also ends the wait before a retry", async () => {
    // Acme's 503 is its rate-limit answer: retried after the 5 s the server asks for.
    server.route("/v1/events", answer(503, {}, { "retry-after-ms": "5000" }));
    const controller = new AbortController();
    const call = acme({ requestInitExt: { signal: controller.signal }, maxRetries: 2 })
      .GET("/v1/events", query)
      .catch((e: unknown) => e);
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort(new Error("app shut down"));
    const error = await call;
    expect(error).toBeInstanceOf(RequestAbortedError);
    // Ended in the wait, not by the next attempt once the 5 s had passed.
    expect((error as Error).message).toMatch(/while waiting to retry/);
    expect(server.requests).toHaveLength(1);
  });

  it("a signal in requestInitExt ends a call that is still obtaining its token", async () => {
    const controller = new AbortController();
    let asked = 0;
    const hangingToken = () => (asked++, new Promise<string>(() => {}));
    const call = acme({ requestInitExt: { signal: controller.signal } }, { kind: "session", getToken: hangingToken })
      .GET("/v1/events", query)
      .catch((e: unknown) => e);
    await vi.waitFor(() => expect(asked).toBe(1));
    controller.abort(new Error("app shut down"));
    const error = await call;
    // As bare openapi-fetch's fetch would end at once, the call ends without waiting for the token.
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect((error as Error).cause).toMatchObject({ message: "app shut down" });
    expect(server.requests).toHaveLength(0);
  });

  it("a requestInitExt signal aborted before the call ends it before any token or request", async () => {
    const call = acme(
      { requestInitExt: { signal: AbortSignal.abort(new Error("already stopped")) } },
      { kind: "session", getToken: () => new Promise<string>(() => {}) },
    )
      .GET("/v1/events", query)
      .catch((e: unknown) => e);
    const error = await call;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect((error as Error).cause).toMatchObject({ message: "already stopped" });
    expect(server.requests).toHaveLength(0);
  });

  it("a retried request is of the caller's Request class, with its properties", async () => {
    class TracedRequest extends Request {
      readonly traced = true;
    }
    const seen = (calls: Array<{ request: Request }>) =>
      calls.map(({ request }) => [
        request instanceof TracedRequest,
        (request as TracedRequest).traced,
        (request as unknown as { traceId?: string }).traceId,
      ]);
    // openapi-fetch copies an init key the Request does not know onto it.
    const init = { ...query, traceId: "trace-1" } as typeof query;

    const bareFetch = recordingFetch();
    await bare({ fetch: bareFetch.fetch, Request: TracedRequest }).GET("/v1/events", init);
    expect(seen(bareFetch.calls)).toEqual([[true, true, "trace-1"]]);

    server.route("/v1/events", answer(503, {}, { "retry-after-ms": "1" }), answer(200, { items: [] }));
    const ourFetch = recordingFetch();
    await acme({ fetch: ourFetch.fetch, Request: TracedRequest }).GET("/v1/events", init);
    expect(seen(ourFetch.calls)).toEqual([
      [true, true, "trace-1"],
      [true, true, "trace-1"],
    ]);
  });
});

describe("onError middleware", () => {
  const cached = () =>
    new Response(JSON.stringify({ items: ["cached"] }), { headers: { "content-type": "application/json" } });
  /** An offline fallback keyed on the error fetch threw. */
  function offlineFallback(fallback: boolean) {
    const errors: unknown[] = [];
    const middleware: Middleware = {
      onError: ({ error }) => {
        errors.push(error);
        return fallback && error instanceof TypeError ? cached() : undefined;
      },
    };
    return { errors, middleware };
  }

  it("receives the error fetch threw, once, and a Response it returns is the call's answer", async () => {
    const baseUrl = `http://127.0.0.1:${await unusedPort()}`;
    const bareClient = createClient<paths>({ baseUrl });
    const bareSide = offlineFallback(true);
    bareClient.use(bareSide.middleware);
    const bareResult = await bareClient.GET("/v1/events", query);

    const ours = acme({ baseUrl, maxRetries: 1 });
    const ourSide = offlineFallback(true);
    ours.use(ourSide.middleware);
    const ourResult = await ours.GET("/v1/events", query);

    expect([bareResult.data, ourResult.data]).toEqual([{ items: ["cached"] }, { items: ["cached"] }]);
    // Ours retried the refused connection first, then handed onError the original error once.
    for (const { errors } of [bareSide, ourSide]) {
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(TypeError);
      expect((errors[0] as Error).message).toBe("fetch failed");
    }
  });

  it("without a fallback: bare openapi-fetch throws that error; ours throws a typed error caused by it", async () => {
    const baseUrl = `http://127.0.0.1:${await unusedPort()}`;
    const bareClient = createClient<paths>({ baseUrl });
    bareClient.use(offlineFallback(false).middleware);
    const bareError = await bareClient.GET("/v1/events", query).catch((e: unknown) => e);
    expect(bareError).toBeInstanceOf(TypeError);

    const ours = acme({ baseUrl, maxRetries: 0 });
    const ourSide = offlineFallback(false);
    ours.use(ourSide.middleware);
    const ourError = await ours.GET("/v1/events", query).catch((e: unknown) => e);
    expect(ourError).toBeInstanceOf(ConnectionError);
    expect((ourError as Error).message).toBe("Acme Booking: GET /v1/events could not connect (ECONNREFUSED)");
    expect((ourError as Error).cause).toBe(ourSide.errors[0]);
  });
});

describe("a body that cannot be sent twice", () => {
  const stream = () =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ start: "2026-12-01T10:00:00Z" })));
        controller.close();
      },
    });
  const streaming = { bodySerializer: (body: unknown) => body, duplex: "half" };

  it("a stream POST answered 429 is not retried: the answer is the 429, and a thrown error says why", async () => {
    server.route(
      "/v1/bookings",
      answer(429, { error: { code: "slow_down", message: "later" } }, { "retry-after-ms": "1" }),
    );
    const bareResult = await bare().POST("/v1/bookings", { body: stream() as never, ...streaming });
    const ourResult = await acme().POST("/v1/bookings", { body: stream() as never, ...streaming });
    expect([bareResult.response.status, ourResult.response.status]).toEqual([429, 429]);
    expect(ourResult.error).toEqual({ error: { code: "slow_down", message: "later" } });
    expect(server.requests).toHaveLength(2); // one each: ours did not retry

    const thrown = await acme({ throwOnError: true })
      .POST("/v1/bookings", { body: stream() as never, ...streaming })
      .catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(RateLimitError);
    expect((thrown as Error).message).toBe(
      "Acme Booking: POST /v1/bookings answered HTTP 429 slow_down: later; not retried: its body is a stream, which cannot be sent twice (pass a string, bytes or a Blob to allow retries)",
    );
  });
});
