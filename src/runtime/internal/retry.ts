/**
 * Retries around one call's HTTP exchange. Retried: connection failures and timeouts, 408, 409,
 * 429, 5xx and the provider's documented rate-limit answer — POST and PATCH only where the request
 * provably was not processed (connection refused, 429, the rate-limit answer). The delay is what
 * the server asks for (retry-after-ms, Retry-After, the provider's reset header), capped, else
 * exponential backoff with jitter. The body is replayed byte for byte; a body that cannot be sent
 * twice (a stream) is not retried, and the call says so.
 *
 * openapi-fetch's contract holds: fetch gets the request and openapi-fetch's second argument
 * (`requestInitExt`) on every attempt, plus the attempt's signal and redirect mode; a retried
 * request is of the caller's Request class with its properties; and when the last attempt fails,
 * what is thrown to openapi-fetch (and so to `onError` middleware, once) is the error fetch threw.
 * The call then throws the typed error recorded here for it (calls.ts).
 */
import { ConnectionError, RequestAbortedError, RequestError, RequestTimeoutError } from "../errors.js";
import type { Attempts } from "./attempts.js";
import type { ActiveLogger } from "./logger.js";
import { followRedirects, isRedirect, keepOwnProperties, type RedirectContext, type SendFetch } from "./redirects.js";
import { replayable, STREAM_BODY_NOT_RESENT, type Replayable } from "./replay.js";
import type { RuntimeFacts } from "../table.js";

export interface RetryPolicy {
  maxRetries: number;
  facts?: RuntimeFacts;
  logger: ActiveLogger;
  provider: string;
}

/** What one call's fetches leave for the call to report. */
export interface CallState {
  attempts: Attempts;
  /** The last attempt's failure: the error fetch threw, and the typed error the call throws for it. */
  failure?: { original: unknown; typed: Error };
  /** Set when a retry the policy allowed was not made, saying why. */
  notRetried?: string;
}

/** The longest the client waits between attempts, whatever a server asks. */
export const MAX_RETRY_DELAY_MS = 60_000;
const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;
const NOT_PROCESSED_CODES = new Set(["ECONNREFUSED"]);
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);

/**
 * A fetch that retries per policy. `body` is the serialized body as openapi-fetch sent it, for
 * replays; each attempt runs under the call's `attempts` (its signal and deadline); `follow` and
 * `harmlessHeader` say which redirects the client follows (redirects.ts).
 */
export function retryingFetch(
  base: SendFetch,
  policy: RetryPolicy,
  state: CallState,
  body: () => unknown,
  follow: boolean,
  harmlessHeader: RedirectContext["harmlessHeader"],
): SendFetch {
  // A replay the call makes itself (after a 401) comes without openapi-fetch's second argument: reuse it.
  let requestInitExt: RequestInit | undefined;
  return async (first, ext = requestInitExt) => {
    requestInitExt = ext;
    const method = first.method.toUpperCase();
    const where = () => `${policy.provider}: ${method} ${new URL(first.url).pathname}`;
    const { attempts } = state;
    // The call timed out while this request waited for its token: send nothing.
    if (attempts.timedOut) throw new RequestTimeoutError(`${where()} was not sent: its call had timed out`);
    const replay: Replayable = first.body === null ? { kind: "none" } : replayable(body() ?? first.body);
    const context: RedirectContext = { follow, harmlessHeader, body: replay, where };
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) attempts.start();
      const request = attempt === 0 ? first : resend(first, replay);
      const canRetry = attempt < policy.maxRetries;
      const init = attempts.fetchInit(ext);
      // openapi-fetch built the request with redirect: "manual"; a middleware's own request may not have it.
      if (context.follow && request.redirect !== "manual") init.redirect = "manual";
      let response: Response;
      attempts.inFetch = true;
      try {
        response = await attempts.guard(base(request, init));
        if (isRedirect(response, context))
          response = await attempts.guard(followRedirects(base, request, init, response, context));
      } catch (error) {
        const typed = classify(error, where, attempts);
        const notProcessed =
          typed instanceof ConnectionError &&
          !(typed instanceof RequestTimeoutError) &&
          NOT_PROCESSED_CODES.has(errorCode(error) ?? "");
        const wanted =
          canRetry &&
          !(error instanceof RequestError) &&
          !(typed instanceof RequestAbortedError) &&
          (IDEMPOTENT.has(method) || notProcessed);
        if (!wanted || replay.kind === "stream") {
          if (wanted) state.notRetried = STREAM_BODY_NOT_RESENT;
          state.failure = { original: error, typed: wanted ? withNote(typed, STREAM_BODY_NOT_RESENT) : typed };
          throw error;
        }
        const delay = backoff(attempt);
        policy.logger.warn?.(
          `${where()} failed (${typed.message}); retrying in ${delay} ms (attempt ${attempt + 2} of ${policy.maxRetries + 1})`,
        );
        await pause(attempts, delay, where);
        continue;
      } finally {
        attempts.inFetch = false;
      }
      const rateLimited =
        response.status === 429 || (policy.facts?.rateLimit?.statuses ?? []).includes(response.status);
      const retryable = rateLimited || response.status === 408 || response.status === 409 || response.status >= 500;
      if (!canRetry || !retryable || !(IDEMPOTENT.has(method) || rateLimited)) {
        policy.logger.debug?.(`${where()} → HTTP ${response.status}`);
        return response;
      }
      if (replay.kind === "stream") {
        state.notRetried = STREAM_BODY_NOT_RESENT;
        policy.logger.warn?.(`${where()} answered HTTP ${response.status}; ${STREAM_BODY_NOT_RESENT}`);
        return response;
      }
      const delay = serverDelay(response.headers, policy.facts) ?? backoff(attempt);
      await response.body?.cancel();
      policy.logger.warn?.(
        `${where()} answered HTTP ${response.status}; retrying in ${delay} ms (attempt ${attempt + 2} of ${policy.maxRetries + 1})`,
      );
      await pause(attempts, delay, where);
    }
  };
}

/** The request again, for a retry: the caller's Request class and own properties, the body replayed. */
function resend(first: Request, replay: Replayable): Request {
  const init: RequestInit = { body: replay.kind === "bytes" ? replay.value : null };
  // FormData gets a new boundary when sent again: the old Content-Type would not match it.
  if (replay.kind === "bytes" && replay.value instanceof FormData) {
    init.headers = new Headers(first.headers);
    init.headers.delete("content-type");
  }
  return keepOwnProperties(first, new (first.constructor as typeof Request)(first, init));
}

async function pause(attempts: Attempts, delay: number, where: () => string) {
  attempts.stop();
  await sleep(delay, attempts.callerSignals(), where);
}

/** What a thrown fetch error was: one of ours, a timeout, the caller's abort, or a failed connection. */
export function classify(error: unknown, where: () => string, attempts: Attempts): Error {
  if (error instanceof RequestError) return error;
  if (attempts.timedOut) return attempts.timeoutError(error);
  const aborted = attempts.abortedBy();
  if (aborted) return new RequestAbortedError(`${where()} was aborted by its signal`, { cause: aborted.reason });
  const code = errorCode(error);
  return new ConnectionError(`${where()} could not connect${code ? ` (${code})` : ""}`, { cause: error });
}

/** The same error class, its message saying why it was not retried. */
function withNote(error: Error, note: string): Error {
  const Class = error.constructor as new (message: string, options?: { cause?: unknown }) => Error;
  return new Class(`${error.message}; ${note}`, { cause: error.cause });
}

function errorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  return typeof cause?.code === "string" ? cause.code : undefined;
}

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … up to 8 s, each less up to a quarter. */
function backoff(attempt: number): number {
  const base = Math.min(INITIAL_BACKOFF_MS * 2 ** attempt, MAX_BACKOFF_MS);
  return Math.round(base * (1 - Math.random() * 0.25));
}

/** The wait the server asks for, in ms, capped; undefined when it does not say. */
export function serverDelay(headers: Headers, facts?: RuntimeFacts): number | undefined {
  const cap = (ms: number) => Math.min(Math.max(0, Math.ceil(ms)), MAX_RETRY_DELAY_MS);
  const ms = Number(headers.get("retry-after-ms"));
  if (headers.has("retry-after-ms") && Number.isFinite(ms)) return cap(ms);
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (retryAfter.trim() !== "" && Number.isFinite(seconds)) return cap(seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return cap(date - Date.now());
  }
  for (const name of facts?.rateLimit?.resetHeaders ?? []) {
    const value = headers.get(name);
    if (value === null) continue;
    const reset = resetTime(value);
    if (reset !== undefined) return cap(reset - Date.now());
  }
  return undefined;
}

/** A reset header's value as epoch ms: an ISO time, epoch seconds or ms, or seconds from now. */
function resetTime(value: string): number | undefined {
  const number = Number(value);
  if (value.trim() !== "" && Number.isFinite(number)) {
    if (number > 1e12) return number;
    if (number > 1e9) return number * 1000;
    return Date.now() + number * 1000;
  }
  const date = Date.parse(value);
  return Number.isFinite(date) ? date : undefined;
}

function sleep(ms: number, signals: (AbortSignal | undefined)[], where: () => string): Promise<void> {
  const aborted = (signal: AbortSignal) =>
    new RequestAbortedError(`${where()} was aborted by its signal while waiting to retry`, { cause: signal.reason });
  return new Promise((resolve, reject) => {
    const already = signals.find((signal) => signal?.aborted);
    if (already) return reject(aborted(already));
    const timer = setTimeout(done, ms);
    function done() {
      for (const signal of signals) signal?.removeEventListener("abort", onAbort);
      resolve();
    }
    function onAbort(this: AbortSignal) {
      clearTimeout(timer);
      for (const signal of signals) signal?.removeEventListener("abort", onAbort);
      reject(aborted(this));
    }
    for (const signal of signals) signal?.addEventListener("abort", onAbort, { once: true });
  });
}
