/**
 * The options of each token strategy, as an app passes them in a credential instead of a fixed
 * token (generated credential types include them), and what a rotating refresh hands back.
 */

/** Mint the bearer on the server: an ES256 JWT signed with the provider-issued signing key. */
export type Es256JwtOptions = {
  /** EC P-256 private key, PKCS#8 PEM. Never leaves the server. */
  privateKey: string;
  /** The signing key's id, sent as the JWT header `kid`. */
  keyId: string;
  /** The user the token acts for: claim `sub`. */
  userId: string;
  /** Lifetime in seconds (default 3600). */
  ttl?: number;
};

/** Fetch the bearer from the app's own server (e.g. in a browser): cached until shortly before its `exp`. */
export type GetTokenOptions = {
  getToken: () => Promise<string>;
};

/** A new token pair, as the refresh endpoint answers it. */
export interface RotatedTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds, whatever form the endpoint answered it in (ms, seconds or an ISO date). */
  accessTokenExpiresAt?: number;
  /** Epoch milliseconds, likewise. */
  refreshTokenExpiresAt?: number;
}

/**
 * An access token the client refreshes itself, before expiry or after one 401. Each refresh rotates
 * both tokens, handed to `onTokens` for the app to persist. The current access token is passed as
 * the credential's own token option; provider-specific options (client ids, secrets) come beside it.
 */
export type RotatingRefreshOptions = {
  refreshToken: string;
  /**
   * When the access token expires: epoch ms, epoch seconds (a number below 10^11), a Date or an ISO
   * 8601 date-time with a zone; unknown → refreshed after a 401.
   */
  accessTokenExpiresAt?: number | Date | string;
  /** Receives every new token pair; the app must store it (the old refresh token no longer works). */
  onTokens: (tokens: RotatedTokens) => void | Promise<void>;
};
