/**
 * One call's attempts and their deadlines. Each attempt gets its own AbortController, handed to
 * `fetch` as its signal: the timeout aborts the fetch itself (the socket is closed), and the
 * caller's own `signal` is linked to it. The first attempt's deadline starts with the call, so it
 * bounds obtaining the token too; while no fetch is in flight (a token being obtained, a body
 * being read), the call itself rejects when the deadline passes, and an attempt's fetch is
 * rejected at it even if the fetch ignores its signal.
 *
 * The signal goes in fetch's second argument, not on the Request (undici makes a Request follow
 * its signal at a cost larger than the rest of a call, and fetch follows it once anyway), and the
 * controller is made when fetch first reads it: in Node 20 an AbortController costs a sizeable
 * part of a call, which a fetch that never reads the signal (a stub, a cache) need not pay.
 */
import { RequestTimeoutError } from "../errors.js";

export class Attempts {
  /** The current attempt's deadline has passed (reset when the next attempt starts). */
  timedOut = false;
  /** A fetch is in flight: its signal (and `guard`) end it, so the call does not reject around it. */
  inFetch = false;
  private controller: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private rejectCall: ((error: Error) => void) | undefined;
  private rejectAttempt: ((reason: unknown) => void) | undefined;
  private readonly onCallerAbort = () => this.controller?.abort(this.callerSignal!.reason);

  constructor(
    private readonly timeout: number,
    private readonly describe: () => string,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    this.start();
  }

  /** Starts an attempt: a fresh deadline (and signal, once read). */
  start(): void {
    this.stop();
    this.timedOut = false;
    this.controller = undefined;
    this.timer = setTimeout(() => this.expire(), this.timeout);
    this.callerSignal?.addEventListener("abort", this.onCallerAbort, { once: true });
  }

  /** The current attempt's signal: its deadline or the caller's signal aborts it. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.timedOut) this.controller.abort(this.timeoutReason());
      else if (this.callerSignal?.aborted) this.controller.abort(this.callerSignal.reason);
    }
    return this.controller.signal;
  }

  /** fetch's second argument for the current attempt: `ext`'s keys, and the attempt's signal, made when read. */
  fetchInit(ext: RequestInit | undefined): RequestInit {
    const init = new AttemptInit(this);
    return ext ? Object.assign(init, ext) : init;
  }

  /** No attempt is running (the call ended, or it waits before a retry). */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.callerSignal?.removeEventListener("abort", this.onCallerAbort);
  }

  /** The call's typed error for a passed deadline. */
  timeoutError(cause?: unknown): RequestTimeoutError {
    return new RequestTimeoutError(`${this.describe()} did not complete within ${this.timeout} ms`, { cause });
  }

  /** `pending`, rejected with a timeout if the deadline passes while no fetch is in flight. */
  race<T>(pending: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.rejectCall = reject;
      pending.then(resolve, reject);
    });
  }

  /**
   * The attempt's fetch, rejected with the timeout's reason when the deadline passes: a fetch that
   * does not follow its signal (a wrapper that dropped it) still ends the attempt.
   */
  guard<T>(fetching: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.rejectAttempt = reject;
      fetching.then(resolve, reject);
    });
  }

  private expire(): void {
    this.timedOut = true;
    const reason = this.timeoutReason();
    this.controller?.abort(reason);
    if (this.inFetch) this.rejectAttempt?.(reason);
    else this.rejectCall?.(this.timeoutError());
  }

  /** The reason fetch rejects with, as AbortSignal.timeout would give it: what `onError` middleware sees. */
  private timeoutReason(): DOMException {
    return new DOMException(`${this.describe()} did not complete within ${this.timeout} ms`, "TimeoutError");
  }
}

/**
 * fetch's second argument: the app's `requestInitExt` keys as own properties, `signal` a getter on
 * the prototype (a class's getter costs nothing per call; an own getter costs a third of a call). A
 * fetch that copies its init must copy `signal` by name (`{ ...init, signal: init.signal }`).
 */
class AttemptInit {
  readonly #attempts: Attempts;
  constructor(attempts: Attempts) {
    this.#attempts = attempts;
  }
  get signal(): AbortSignal {
    return this.#attempts.signal;
  }
}
