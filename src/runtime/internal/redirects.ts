/**
 * Redirects, followed by the client instead of by fetch, so that credentials and bodies never
 * leave the origin they were given for. A request the caller lets follow redirects (fetch's
 * default) is sent with `redirect: "manual"`; a 301/302/303/307/308 is then followed here with
 * fetch's own rules (303, and 301/302 after a POST, become a GET without a body; 307/308 replay
 * the body; at most 20 hops) as long as it stays on the request's origin. To another origin, only
 * a request with neither a body nor a header beyond the harmless ones (`Accept`, `Content-Language`,
 * the operation's non-credential headers such as a version) follows; any other is a RedirectError
 * naming both origins, and nothing is sent there.
 *
 * In a browser, `redirect: "manual"` yields an opaque redirect that hides its target: a request
 * carrying credentials or a body then fails with a RedirectError (its target unknown), and one
 * carrying neither is sent again with the browser's own following.
 */
import { RedirectError } from "../errors.js";
import type { Replayable } from "./replay.js";

export type SendFetch = (request: Request, init?: RequestInit) => Promise<Response>;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;
/** Headers that describe a body, dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];
/** Headers no one would call a credential (fetch's CORS-safelisted ones and a few more). */
const HARMLESS_HEADERS = new Set(["accept", "accept-language", "content-language", "user-agent", "cache-control"]);

export interface RedirectContext {
  /** The caller lets redirects be followed: the client follows them, and fetch gets `redirect: "manual"`. */
  follow: boolean;
  /** A header name (lower case) the operation sets that is no credential. */
  harmlessHeader: (name: string) => boolean;
  /** The request's body as it can be sent again. */
  body: Replayable;
  where: () => string;
}

/** A response the client follows (when the caller lets redirects be followed). */
export function isRedirect(response: Response, context: RedirectContext): boolean {
  return context.follow && (REDIRECT_STATUSES.has(response.status) || response.type === "opaqueredirect");
}

/**
 * Follows `response`, the redirect `request` was answered with, as described above. `init` is fetch's
 * second argument for the attempt, with `redirect: "manual"`.
 */
export async function followRedirects(
  base: SendFetch,
  request: Request,
  init: RequestInit,
  first: Response,
  context: RedirectContext,
): Promise<Response> {
  const from = new URL(request.url).origin;
  let current = request;
  let response = first;
  let body = context.body;
  for (let hops = 0; ; hops++) {
    if (response.type === "opaqueredirect") return resendInBrowser(base, current, init, response, from, context);
    if (!REDIRECT_STATUSES.has(response.status)) return hops === 0 ? response : markRedirected(response);
    const location = response.headers.get("location");
    if (location === null) return hops === 0 ? response : markRedirected(response);
    await response.body?.cancel();
    const status = response.status;
    const target = parseLocation(location, current.url);
    const fail = (why: string) =>
      new RedirectError(
        `${context.where()} was redirected (HTTP ${status}) from ${from} to ${target?.origin ?? "an invalid location"}; ${why}`,
        from,
        target?.origin,
        status,
      );
    if (!target) throw fail("a redirect must name an http(s) URL");
    if (hops + 1 > MAX_REDIRECTS) throw fail(`not followed: more than ${MAX_REDIRECTS} redirects`);
    const toGet =
      status === 303
        ? current.method !== "GET" && current.method !== "HEAD"
        : (status === 301 || status === 302) && current.method === "POST";
    if (toGet) body = { kind: "none" };
    if (target.origin !== from && (body.kind !== "none" || carriesCredentials(current.headers, context)))
      throw fail(
        "a request carrying credentials or a body is not sent to another origin (if that origin is the API's, pass it as baseUrl)",
      );
    if (body.kind === "stream") throw fail("not followed: its body is a stream, which cannot be sent twice");
    current = requestAt(target, current, toGet ? "GET" : current.method, body.kind === "none" ? null : body.value);
    response = await base(current, init);
  }
}

function parseLocation(location: string, base: string): URL | undefined {
  try {
    const url = new URL(location, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}

function carriesCredentials(headers: Headers, context: RedirectContext): boolean {
  for (const name of headers.keys())
    if (!HARMLESS_HEADERS.has(name) && name !== "content-type" && !context.harmlessHeader(name)) return true;
  return false;
}

/** The next hop's request: the same class and properties, another URL, method and body. */
function requestAt(url: URL, previous: Request, method: string, body: BodyInit | null): Request {
  const headers = new Headers(previous.headers);
  if (body === null) for (const name of BODY_HEADERS) headers.delete(name);
  const Class = previous.constructor as typeof Request;
  const next = new Class(url, {
    method,
    headers,
    body,
    redirect: "manual",
    signal: previous.signal,
    credentials: previous.credentials,
    cache: previous.cache,
    keepalive: previous.keepalive,
    referrerPolicy: previous.referrerPolicy,
  });
  return keepOwnProperties(previous, next);
}

/** The caller's own properties (openapi-fetch copies unknown init keys onto the Request) carry over. */
export function keepOwnProperties(from: Request, to: Request): Request {
  for (const key of Object.keys(from))
    if (!Object.hasOwn(to, key))
      (to as unknown as Record<string, unknown>)[key] = (from as unknown as Record<string, unknown>)[key];
  return to;
}

/** As fetch reports a followed redirect: the final response says it was redirected. */
function markRedirected(response: Response): Response {
  Object.defineProperty(response, "redirected", { value: true });
  return response;
}

/** A browser hid the redirect's target: resend with the browser's following only what carries nothing to leak. */
async function resendInBrowser(
  base: SendFetch,
  request: Request,
  init: RequestInit,
  response: Response,
  from: string,
  context: RedirectContext,
): Promise<Response> {
  if (context.body.kind !== "none" || carriesCredentials(request.headers, context))
    throw new RedirectError(
      `${context.where()} was redirected, and the browser does not say where; a request carrying credentials or a body is not followed (call the URL the API redirects to as baseUrl)`,
      from,
      undefined,
      response.status,
    );
  const again = keepOwnProperties(
    request,
    new (request.constructor as typeof Request)(request, { redirect: "follow" }),
  );
  return base(again, { ...init, redirect: "follow" });
}
