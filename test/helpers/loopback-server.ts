import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

/**
 * A real HTTP server on 127.0.0.1 for tests. Each path has a queue of handlers: every request takes
 * the next one, and the last one keeps answering. Every request is recorded.
 */
export async function startLoopbackServer() {
  const routes = new Map<string, Handler[]>();
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    requests.push(recorded);
    const path = recorded.url.split("?")[0];
    const queue = routes.get(path) ?? routes.get("*");
    if (!queue || queue.length === 0) {
      res.writeHead(404, { "content-type": "text/plain" }).end(`no route for ${path}`);
      return;
    }
    const handler = queue.length > 1 ? queue.shift()! : queue[0];
    try {
      await handler(recorded, res);
    } catch (error) {
      // A broken handler must fail the test, not hang it.
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`test handler failed: ${(error as Error).message}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    /** Answers requests to `path` with these handlers in turn (the last one repeats). */
    route(path: string, ...handlers: Handler[]) {
      routes.set(path, handlers);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type LoopbackServer = Awaited<ReturnType<typeof startLoopbackServer>>;

export const respond = {
  json:
    (body: unknown, headers: Record<string, string> = {}): Handler =>
    (_req, res) => {
      res
        .writeHead(200, { "content-type": "application/json", ...headers })
        .end(typeof body === "string" ? body : JSON.stringify(body));
    },
  text:
    (status: number, body: string, contentType = "text/plain"): Handler =>
    (_req, res) => {
      res.writeHead(status, { "content-type": contentType }).end(body);
    },
  /** Never answers: the client's timeout must fire. */
  hang: (): Handler => () => new Promise(() => {}),
};

/**
 * One loopback server for a test file: started before its tests, closed after, its recorded requests
 * cleared before each test and every path answered by `fallback` unless a test routes it.
 */
export function useLoopbackServer(fallback: Handler | undefined = respond.json({ ok: true })): LoopbackServer {
  const server = {} as LoopbackServer;
  beforeAll(async () => void Object.assign(server, await startLoopbackServer()));
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    if (fallback) server.route("*", fallback);
  });
  return server;
}
