/**
 * Timeouts and retries around one call's HTTP exchange. Retried: connection failures,
 * 408, 409, 429, 5xx and the provider's documented rate-limit answer — POST and PATCH only where
 * the request provably was not processed (connection refused, 429, the rate-limit answer). The
 * delay is what the server asks for (retry-after-ms, Retry-After, the provider's reset header),
 * capped, else exponential backoff with jitter. The body is replayed byte for byte.
 *
 * The timeout is a deadline raced against each attempt rather than an AbortSignal on the Request:
 * Node's fetch makes every Request follow its signal, which costs more than the rest of a call.
 */
import { ConnectionError, RequestAbortedError, RequestTimeoutError } from "../errors.js";
import type { ActiveLogger } from "./logger.js";
import type { RuntimeFacts } from "../table.js";
import type { FetchLike } from "./tokens/index.js";

export interface RetryPolicy {
  /** Per attempt, in ms. */
  timeout: number;
  maxRetries: number;
  /** The caller's own signal: aborting it stops everything, and is never retried. */
  callerSignal?: AbortSignal;
  facts?: RuntimeFacts;
  logger: ActiveLogger;
  provider: string;
}

/** The longest the client waits between attempts, whatever a server asks. */
export const MAX_RETRY_DELAY_MS = 60_000;
const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 8_000;
const NOT_PROCESSED_CODES = new Set(["ECONNREFUSED"]);
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);

/** A per-attempt deadline: `race` rejects with a timeout once `timeout` ms pass since the last `restart`. */
export class Deadline {
  /** Set once the deadline has passed: a late response is then discarded. */
  passed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Rejects the promise `race` returned (one promise per call, not a race of two). */
  private reject: ((error: Error) => void) | undefined;

  constructor(
    private readonly timeout: number,
    private readonly describe: () => string,
  ) {
    this.restart();
  }

  restart(): void {
    this.stop();
    this.timer = setTimeout(() => {
      this.passed = true;
      this.reject?.(new RequestTimeoutError(`${this.describe()} did not complete within ${this.timeout} ms`));
    }, this.timeout);
  }

  /** No attempt is running (waiting before a retry). */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  race<T>(pending: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.reject = reject;
      pending.then(resolve, reject);
    });
  }
}

/**
 * A fetch that retries per policy. `body` is the serialized body as openapi-fetch sent it, for
 * replays; `deadline` (which the call races) is stopped while waiting and restarted per attempt.
 */
export function retryingFetch(
  base: FetchLike,
  policy: RetryPolicy,
  deadline: Deadline,
  body: () => BodyInit | null | undefined,
): FetchLike {
  return async (first) => {
    const method = first.method.toUpperCase();
    const where = () => `${policy.provider}: ${method} ${new URL(first.url).pathname}`;
    for (let attempt = 0; ; attempt++) {
      // The call timed out while this request waited for its token: send nothing.
      if (deadline.passed) throw new RequestTimeoutError(`${where()} was not sent: its call had timed out`);
      const request = attempt === 0 ? first : new Request(first, { body: body() ?? null });
      const canRetry = attempt < policy.maxRetries;
      let response: Response;
      try {
        response = await base(request);
      } catch (error) {
        const failure = classify(error, where, policy.callerSignal);
        const notProcessed =
          failure instanceof ConnectionError &&
          !(failure instanceof RequestTimeoutError) &&
          NOT_PROCESSED_CODES.has(errorCode(error) ?? "");
        if (!canRetry || failure instanceof RequestAbortedError || !(IDEMPOTENT.has(method) || notProcessed))
          throw failure;
        const delay = backoff(attempt);
        policy.logger.warn?.(
          `${where()} failed (${failure.message}); retrying in ${delay} ms (attempt ${attempt + 2} of ${policy.maxRetries + 1})`,
        );
        await pause(deadline, delay, policy.callerSignal);
        continue;
      }
      if (deadline.passed) {
        // The call already failed with a timeout: release this late answer.
        await response.body?.cancel();
        return response;
      }
      const rateLimited =
        response.status === 429 || (policy.facts?.rateLimit?.statuses ?? []).includes(response.status);
      const retryable = rateLimited || response.status === 408 || response.status === 409 || response.status >= 500;
      if (!canRetry || !retryable || !(IDEMPOTENT.has(method) || rateLimited)) {
        policy.logger.debug?.(`${where()} → HTTP ${response.status}`);
        return response;
      }
      const delay = serverDelay(response.headers, policy.facts) ?? backoff(attempt);
      await response.body?.cancel();
      policy.logger.warn?.(
        `${where()} answered HTTP ${response.status}; retrying in ${delay} ms (attempt ${attempt + 2} of ${policy.maxRetries + 1})`,
      );
      await pause(deadline, delay, policy.callerSignal);
    }
  };
}

async function pause(deadline: Deadline, delay: number, signal: AbortSignal | undefined): Promise<void> {
  deadline.stop();
  await sleep(delay, signal);
  deadline.restart();
}

/** What a thrown fetch error was: the caller's abort, a timeout, or a failed connection. */
export function classify(error: unknown, where: () => string, callerSignal: AbortSignal | undefined): Error {
  if (error instanceof RequestAbortedError || error instanceof ConnectionError) return error;
  if (callerSignal?.aborted)
    return new RequestAbortedError(`${where()} was aborted by its signal`, { cause: callerSignal.reason });
  const code = errorCode(error);
  return new ConnectionError(`${where()} could not connect${code ? ` (${code})` : ""}`, { cause: error });
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
    if (signal?.aborted)
      return reject(new RequestAbortedError("aborted while waiting to retry", { cause: signal.reason }));
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
