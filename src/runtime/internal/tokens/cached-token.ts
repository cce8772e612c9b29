/**
 * A token that expires: kept until shortly before its expiry, renewed single-flight (concurrent
 * callers share one renewal), and renewed at most once per rejected token after a 401. A renewal
 * is bounded in time; one that fails or times out is dropped, so the next caller starts afresh.
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

export interface TokenSource {
  /** The token to send now. */
  current(): Promise<string>;
  /** The token to send now when it is at hand (fresh), without waiting; else undefined. */
  fresh(): string | undefined;
  /** After a 401 for `rejected`: a newer token, or undefined when none can be had. */
  renewAfterRejection(rejected: string): Promise<string | undefined>;
}

/** Renew this long before expiry: a minute, or a quarter of a short lifetime. */
export function skewFor(lifetimeMs: number | undefined): number {
  return lifetimeMs === undefined ? 60_000 : Math.min(60_000, Math.floor(lifetimeMs / 4));
}

export class CachedToken implements TokenSource {
  private issued: IssuedToken | undefined;
  private inflight: Promise<string> | undefined;

  constructor(
    private readonly issue: () => Promise<IssuedToken>,
    private readonly limits: RenewalLimits,
    initial?: IssuedToken,
  ) {
    this.issued = initial;
  }

  private fresh_(): boolean {
    if (!this.issued) return false;
    const { expiresAt } = this.issued;
    if (expiresAt === undefined) return true;
    return Date.now() < expiresAt - skewFor(this.lifetime);
  }

  /** Lifetime of the current token when it was issued, for the skew. */
  private lifetime: number | undefined;

  fresh(): string | undefined {
    return this.fresh_() ? this.issued!.token : undefined;
  }

  current(): Promise<string> {
    if (this.fresh_()) return Promise.resolve(this.issued!.token);
    return this.renew();
  }

  async renewAfterRejection(rejected: string): Promise<string | undefined> {
    if (this.inflight) return this.inflight;
    // Someone else already replaced the rejected token.
    if (this.issued && this.issued.token !== rejected) return this.issued.token;
    const renewed = await this.renew();
    return renewed === rejected ? undefined : renewed;
  }

  private renew(): Promise<string> {
    if (this.inflight) return this.inflight;
    const renewal: Promise<string> = withTimeout(this.issue(), this.limits)
      .then((issued) => {
        if (typeof issued.token !== "string" || issued.token === "" || CONTROL_CHARACTER.test(issued.token))
          throw new CredentialError(
            `${this.limits.label}: the token obtained is empty or contains a control character`,
          );
        this.issued = issued;
        this.lifetime = issued.expiresAt === undefined ? undefined : issued.expiresAt - Date.now();
        return issued.token;
      })
      .finally(() => {
        if (this.inflight === renewal) this.inflight = undefined;
      });
    this.inflight = renewal;
    return renewal;
  }
}

function withTimeout<T>(pending: Promise<T>, { timeoutMs, label }: RenewalLimits): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CredentialError(`${label}: obtaining a token took longer than ${timeoutMs} ms (tokenTimeout)`)),
      timeoutMs,
    );
  });
  return Promise.race([pending, timeout]).finally(() => clearTimeout(timer));
}
