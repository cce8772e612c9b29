/**
 * One call's attempts and their deadlines. Each attempt gets its own AbortController, linked to the
 * caller's `signal` and aborted by the attempt's deadline, and fetch gets its signal in its second
 * argument: the timeout aborts the fetch itself (the socket is closed). The first attempt's
 * deadline starts with the call, so it bounds obtaining the token too; while no fetch is in flight
 * (a token being obtained, a body being read), the call itself rejects when the deadline passes,
 * and an attempt's fetch is rejected at it even if the fetch ignores its signal.
 *
 * The signal goes in fetch's second argument, not on the Request: undici makes a Request follow
 * its signal at a cost larger than the rest of a call, and fetch follows it once anyway. A signal
 * the app put in openapi-fetch's `requestInitExt` (which would have been fetch's signal) is
 * followed too, from the call's start: while no fetch is in flight, its abort ends the call, as a
 * deadline does.
 */
import { RequestTimeoutError } from "../errors.js";

export class Attempts {
  /** The current attempt's deadline has passed (reset when the next attempt starts). */
  timedOut = false;
  /** A fetch is in flight: its signal (and `guard`) end it, so the call does not reject around it. */
  inFetch = false;
  private controller!: AbortController;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private rejectCall: ((error: Error) => void) | undefined;
  private rejectAttempt: ((reason: unknown) => void) | undefined;
  private readonly onCallerAbort = () => this.controller.abort(this.callerSignal!.reason);
  private readonly onExtAbort = () => {
    this.controller.abort(this.extSignal!.reason);
    if (!this.inFetch) this.rejectCall?.(this.extSignal!.reason);
  };

  constructor(
    private readonly timeout: number,
    private readonly describe: () => string,
    private readonly callerSignal: AbortSignal | undefined,
    /** The signal in openapi-fetch's `requestInitExt` (the client's), or one an attempt's fetch is given. */
    private extSignal?: AbortSignal,
  ) {
    this.start();
  }

  /** Starts an attempt: a fresh deadline and signal. */
  start(): void {
    this.stop();
    this.timedOut = false;
    this.controller = new AbortController();
    if (this.callerSignal?.aborted) this.controller.abort(this.callerSignal.reason);
    else this.callerSignal?.addEventListener("abort", this.onCallerAbort, { once: true });
    if (this.extSignal?.aborted) this.controller.abort(this.extSignal.reason);
    else this.extSignal?.addEventListener("abort", this.onExtAbort, { once: true });
    this.timer = setTimeout(() => this.expire(), this.timeout);
  }

  /** fetch's second argument for the current attempt: `ext`'s keys and the attempt's signal. */
  fetchInit(ext: RequestInit | undefined): RequestInit {
    if (ext?.signal) this.followExt(ext.signal);
    return { ...ext, signal: this.controller.signal };
  }

  /** The caller's signal or `requestInitExt`'s, whichever has aborted the call. */
  abortedBy(): AbortSignal | undefined {
    if (this.callerSignal?.aborted) return this.callerSignal;
    if (this.extSignal?.aborted) return this.extSignal;
    return undefined;
  }

  /** The signals that stop the call, for a wait between attempts. */
  callerSignals(): (AbortSignal | undefined)[] {
    return [this.callerSignal, this.extSignal];
  }

  private followExt(signal: AbortSignal): void {
    if (signal === this.extSignal) return;
    this.extSignal?.removeEventListener("abort", this.onExtAbort);
    this.extSignal = signal;
    if (signal.aborted) this.controller.abort(signal.reason);
    else signal.addEventListener("abort", this.onExtAbort, { once: true });
  }

  /** No attempt is running (the call ended, or it waits before a retry). */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.callerSignal?.removeEventListener("abort", this.onCallerAbort);
    this.extSignal?.removeEventListener("abort", this.onExtAbort);
  }

  /** The call's typed error for a passed deadline. */
  timeoutError(cause?: unknown): RequestTimeoutError {
    return new RequestTimeoutError(`${this.describe()} did not complete within ${this.timeout} ms`, { cause });
  }

  /**
   * `pending`, rejected with a timeout if the deadline passes while no fetch is in flight, or with
   * the reason of a `requestInitExt` signal that aborts then.
   */
  race<T>(pending: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.rejectCall = reject;
      if (this.extSignal?.aborted) reject(this.extSignal.reason);
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
    // The reason fetch rejects with, as AbortSignal.timeout would give it: what `onError` middleware sees.
    const reason = new DOMException(`${this.describe()} did not complete within ${this.timeout} ms`, "TimeoutError");
    this.controller.abort(reason);
    if (this.inFetch) this.rejectAttempt?.(reason);
    else this.rejectCall?.(this.timeoutError());
  }
}
