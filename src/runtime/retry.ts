/**
 * Timeouts and retries around one call's HTTP exchange. Retried: connection failures, timeouts,
 * 408, 409, 429, 5xx and the provider's documented rate-limit answer — POST and PATCH only where
 * the request provably was not processed (connection refused, 429, the rate-limit answer). The
 * delay is what the server asks for (retry-after-ms, Retry-After, the provider's reset header),
 * capped, else exponential backoff with jitter. The body is replayed byte for byte.
 */
import { ConnectionError, RequestAbortedError, RequestTimeoutError } from "./errors.js";
import type { Logger } from "./logger.js";
import type { RuntimeFacts } from "./table.js";
import type { FetchLike } from "./tokens/index.js";

export interface RetryPolicy {
  /** Per attempt, in ms. */
  timeout: number;
  maxRetries: number;
  /** The caller's own signal: aborting it stops everything, and is never retried. */
  callerSignal?: AbortSignal;
  facts?: RuntimeFacts;
  logger: Logger;
  provider: string;
}

/** The longest the client waits between attempts, whatever a server asks. */
export const MAX_RETRY_DELAY_MS = 60_000;
const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;
const NOT_PROCESSED_CODES = new Set(["ECONNREFUSED"]);
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);

/** The signal of one attempt: the caller's, plus this attempt's timeout. */
export function attemptSignal(timeout: number, callerSignal?: AbortSignal): AbortSignal {
  const timer = AbortSignal.timeout(timeout);
  return callerSignal ? AbortSignal.any([callerSignal, timer]) : timer;
}

/** A fetch that retries per policy; the first attempt's Request carries its own signal already. */
export function retryingFetch(base: FetchLike, policy: RetryPolicy): FetchLike {
  return async (first) => {
    const method = first.method.toUpperCase();
    const body = first.body ? await first.clone().arrayBuffer() : undefined;
    const where = `${method} ${new URL(first.url).pathname}`;
    for (let attempt = 0; ; attempt++) {
      const request = attempt === 0 ? first : new Request(first, { body, signal: attemptSignal(policy.timeout, policy.callerSignal) });
      const canRetry = attempt < policy.maxRetries;
      let response: Response;
      try {
        response = await base(request);
      } catch (error) {
        const failure = classify(error, request, policy);
        const notProcessed = failure instanceof ConnectionError && !(failure instanceof RequestTimeoutError) && NOT_PROCESSED_CODES.has(errorCode(error) ?? "");
        if (!canRetry || failure instanceof RequestAbortedError || !(IDEMPOTENT.has(method) || notProcessed)) throw failure;
        const delay = backoff(attempt);
        policy.logger.warn(`${policy.provider}: ${where} failed (${failure.message}); retrying in ${delay} ms (attempt ${attempt + 2} of ${policy.maxRetries + 1})`);
        await sleep(delay, policy.callerSignal);
        continue;
      }
      const rateLimited = response.status === 429 || (policy.facts?.rateLimit?.statuses ?? []).includes(response.status);
      const retryable = rateLimited || response.status === 408 || response.status === 409 || response.status >= 500;
      if (!canRetry || !retryable || !(IDEMPOTENT.has(method) || rateLimited)) {
        policy.logger.debug(`${policy.provider}: ${where} → HTTP ${response.status}`);
        return response;
      }
      const delay = serverDelay(response.headers, policy.facts) ?? backoff(attempt);
      await response.body?.cancel();
      policy.logger.warn(`${policy.provider}: ${where} answered HTTP ${response.status}; retrying in ${delay} ms (attempt ${attempt + 2} of ${policy.maxRetries + 1})`);
      await sleep(delay, policy.callerSignal);
    }
  };
}

/** What a thrown fetch error was: the caller's abort, a timeout, or a failed connection. */
export function classify(error: unknown, request: Request, policy: Pick<RetryPolicy, "callerSignal" | "timeout" | "provider">): Error {
  const where = `${request.method.toUpperCase()} ${new URL(request.url).pathname}`;
  if (error instanceof RequestAbortedError || error instanceof ConnectionError) return error;
  if (policy.callerSignal?.aborted) return new RequestAbortedError(`${policy.provider}: ${where} was aborted by its signal`, { cause: policy.callerSignal.reason });
  if (request.signal.aborted) return new RequestTimeoutError(`${policy.provider}: ${where} got no response within ${policy.timeout} ms`);
  const code = errorCode(error);
  return new ConnectionError(`${policy.provider}: ${where} could not connect${code ? ` (${code})` : ""}`, { cause: error });
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

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new RequestAbortedError("aborted while waiting to retry", { cause: signal.reason }));
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }
    function onAbort() {
      clearTimeout(timer);
      reject(new RequestAbortedError("aborted while waiting to retry", { cause: signal!.reason }));
    }
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
