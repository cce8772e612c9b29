import type { RecordedRequest } from "./loopback-server.js";

/** Headers fetch itself adds; everything else a request carries was set by the client or the caller. */
const TRANSPORT_HEADERS = new Set([
  "host",
  "connection",
  "content-type",
  "content-length",
  "accept",
  "accept-language",
  "accept-encoding",
  "sec-fetch-mode",
  "user-agent",
]);

export function clientHeaders(request: RecordedRequest | undefined): Record<string, string> {
  if (!request) throw new Error("the server received no request");
  return Object.fromEntries(
    Object.entries(request.headers)
      .filter(([name]) => !TRANSPORT_HEADERS.has(name))
      .map(([name, value]) => [name, String(value)])
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}
