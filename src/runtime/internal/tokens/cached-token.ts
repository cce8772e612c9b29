/**
 * A token that expires: kept until shortly before its expiry, renewed single-flight (concurrent
 * callers share one renewal), and renewed at most once per rejected token after a 401.
 *
 * Each renewal is bounded by `tokenTimeout`: then it is aborted and dropped, so nobody joins it
 * later. A caller that joined a renewal already under way and saw it fail or time out starts one
 * fresh renewal (or joins a newer one): the source may have recovered since that renewal began, and
 * a failure from before the caller asked is not the caller's answer. So a caller waits for at most
 * two renewals, and never past its own signal (the call's timeout or the app's abort).
 */
import { CredentialError } from "../../errors.js";
import { CONTROL_CHARACTER } from "../own.js";

/** How long a renewal may take, and how errors name the credential (provider and kind, no value). */
export interface RenewalLimits {
  timeoutMs: number;
  label: string;
}
export interface IssuedToken {
  token: string;
  /** Epoch milliseconds; undefined when unknown (then kept until rejected). */
  expiresAt?: number;
}

/** Obtains a new token; `signal` aborts when the renewal has timed out, so a request it makes can stop. */
export type Issue = (signal: AbortSignal) => Promise<IssuedToken>;

export interface TokenSource {
  /** The token to send now; `signal` is the request's, and waiting stops when it aborts. */
  current(signal?: AbortSignal): Promise<string>;
  /** The token to send now when it is at hand (fresh), without waiting; else undefined. */
  fresh(): string | undefined;
  /** After a 401 for `rejected`: a newer token, or undefined when none can be had. */
  renewAfterRejection(rejected: string, signal?: AbortSignal): Promise<string | undefined>;
}

/** Renew this long before expiry: a minute, or a quarter of a short lifetime. */
export function skewFor(lifetimeMs: number | undefined): number {
  return lifetimeMs === undefined ? 60_000 : Math.min(60_000, Math.floor(lifetimeMs / 4));
}

export class CachedToken implements TokenSource {
  private issued: IssuedToken | undefined;
  /** Lifetime of the current token when it was issued, for the skew. */
  private lifetime: number | undefined;
  private inflight: Promise<string> | undefined;

  constructor(
    private readonly issue: Issue,
    private readonly limits: RenewalLimits,
    initial?: IssuedToken,
  ) {
    this.issued = initial;
  }

  fresh(): string | undefined {
    if (!this.issued) return undefined;
    const { token, expiresAt } = this.issued;
    return expiresAt === undefined || Date.now() < expiresAt - skewFor(this.lifetime) ? token : undefined;
  }

  current(signal?: AbortSignal): Promise<string> {
    const token = this.fresh();
    return token !== undefined ? Promise.resolve(token) : this.obtain(signal);
  }

  async renewAfterRejection(rejected: string, signal?: AbortSignal): Promise<string | undefined> {
    const renewed = await this.obtain(signal, rejected);
    return renewed === rejected ? undefined : renewed;
  }

  /** A token other than `rejected`, from the renewal under way or a new one, until the caller's signal aborts. */
  private async obtain(signal: AbortSignal | undefined, rejected?: string): Promise<string> {
    const replacement = () => {
      // After a 401, someone else may already have replaced the rejected token.
      const token = rejected === undefined ? undefined : this.fresh();
      return token !== rejected ? token : undefined;
    };
    const joined = this.inflight;
    try {
      return await untilAborted(joined ?? replacement() ?? this.renew(), signal, this.limits);
    } catch (error) {
      if (!joined || signal?.aborted) throw error;
      // The renewal joined began before this caller asked, and failed: once more, afresh.
      return await untilAborted(this.inflight ?? replacement() ?? this.renew(), signal, this.limits);
    }
  }

  private renew(): Promise<string> {
    const { timeoutMs, label } = this.limits;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = tookTooLong(this.limits);
        reject(error);
        // Stops whatever the renewal is waiting on (a refresh request), so nothing outlives its bound.
        controller.abort(error);
      }, timeoutMs);
    });
    const renewal: Promise<string> = Promise.race([this.issue(controller.signal), timedOut])
      .then((issued) => {
        if (typeof issued.token !== "string" || issued.token === "" || CONTROL_CHARACTER.test(issued.token))
          throw new CredentialError(`${label}: the token obtained is empty or contains a control character`);
        this.issued = issued;
        this.lifetime = issued.expiresAt === undefined ? undefined : issued.expiresAt - Date.now();
        return issued.token;
      })
      .finally(() => {
        clearTimeout(timer);
        if (this.inflight === renewal) this.inflight = undefined;
      });
    this.inflight = renewal;
    return renewal;
  }
}

const tookTooLong = ({ label, timeoutMs }: RenewalLimits) =>
  new CredentialError(`${label}: obtaining a token took longer than ${timeoutMs} ms (tokenTimeout)`);

/** The token, or a rejection as soon as the caller's signal aborts (a shared renewal goes on). */
function untilAborted(
  pending: string | Promise<string>,
  signal: AbortSignal | undefined,
  limits: RenewalLimits,
): Promise<string> {
  if (!signal) return Promise.resolve(pending);
  if (signal.aborted) return Promise.reject(abortReason(signal, limits));
  return new Promise<string>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal, limits));
    signal.addEventListener("abort", onAbort, { once: true });
    Promise.resolve(pending)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** The signal's own reason: the call turns it into a timeout or an abort (calls.ts). */
function abortReason(signal: AbortSignal, { label }: RenewalLimits): unknown {
  return signal.reason ?? new Error(`${label}: the request was aborted while obtaining its token`);
}
