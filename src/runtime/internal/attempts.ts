/**
 * One call's attempts and their deadlines. Each attempt gets its own AbortController, handed to
 * `fetch` as its signal: the timeout aborts the fetch itself (the socket is closed), and the
 * caller's own `signal` is linked to it. The first attempt's deadline starts with the call, so it
 * bounds obtaining the token too; while no fetch is in flight (a token being obtained, a body
 * being read), the call itself rejects when the deadline passes.
 *
 * The signal goes in fetch's second argument, not on the Request: undici makes a Request follow
 * its signal at a cost larger than the rest of a call, while fetch follows it once anyway.
 */
import { RequestTimeoutError } from "../errors.js";

export class Attempts {
  /** The current attempt's deadline has passed (reset when the next attempt starts). */
  timedOut = false;
  /** A fetch is in flight: its own signal ends it, so the call does not reject around it. */
  inFetch = false;
  /** The current attempt's signal: its deadline or the caller's signal aborts it. */
  signal!: AbortSignal;
  private controller!: AbortController;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private rejectCall: ((error: Error) => void) | undefined;
  private readonly onCallerAbort = () => this.controller.abort(this.callerSignal!.reason);

  constructor(
    private readonly timeout: number,
    private readonly describe: () => string,
    private readonly callerSignal: AbortSignal | undefined,
  ) {
    this.start();
  }

  /** Starts an attempt: a fresh signal and deadline. */
  start(): AbortSignal {
    this.stop();
    this.timedOut = false;
    const controller = (this.controller = new AbortController());
    this.signal = controller.signal;
    this.timer = setTimeout(() => this.expire(controller), this.timeout);
    if (this.callerSignal) {
      if (this.callerSignal.aborted) controller.abort(this.callerSignal.reason);
      else this.callerSignal.addEventListener("abort", this.onCallerAbort, { once: true });
    }
    return this.signal;
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

  private expire(controller: AbortController): void {
    this.timedOut = true;
    // The reason fetch rejects with, as AbortSignal.timeout would give it: what `onError` middleware sees.
    controller.abort(new DOMException(`${this.describe()} did not complete within ${this.timeout} ms`, "TimeoutError"));
    if (!this.inFetch) this.rejectCall?.(this.timeoutError());
  }
}
