/**
 * Every token strategy, described once. The runtime picks and checks a strategy from its
 * description; the generator reads the same descriptions to type credentials and to check
 * annotation files. Implementations sit beside this file and are paired by name in index.ts.
 * Pure data: the generator loads it without loading any strategy (or jose).
 */
export interface StrategyDescription {
  /** The exported runtime type of the strategy's own options; generated credential types include it. */
  readonly optionsType: string;
  /** The option whose presence picks this strategy over passing the token itself. */
  readonly selector: string;
  /** Its options that must be non-empty strings. */
  readonly requiredStrings: readonly string[];
  /** Its options that, when given, must be positive numbers. */
  readonly positiveNumbers?: readonly string[];
  /** Its options that, when given, are an expiry: epoch ms or seconds, a Date or an ISO 8601 date-time (tokens/expiry.ts). */
  readonly expiries?: readonly string[];
  /** The caller also passes the token the strategy provides: renewals start from it. */
  readonly startsFromToken?: boolean;
  /** Its options hold a secret, so a client using it is server-only; otherwise it is as safe as its credential. */
  readonly serverOnly?: true;
  /** The provider-specific `config` an annotation file gives it: key → need. */
  readonly config?: Readonly<Record<string, "required" | "optional">>;
}

export const TOKEN_STRATEGIES = {
  /** Mint an ES256 JWT from a signing key (SavvyCal's user JWTs). */
  es256Jwt: {
    optionsType: "Es256JwtOptions",
    selector: "privateKey",
    requiredStrings: ["privateKey", "keyId", "userId"],
    positiveNumbers: ["ttl"],
    serverOnly: true,
  },
  /** Fetch the token from the app's own server (a browser's way). */
  getToken: { optionsType: "GetTokenOptions", selector: "getToken", requiredStrings: [] },
  /** Refresh an expiring access token, both tokens rotating (Cal.com's managed users). */
  rotatingRefresh: {
    optionsType: "RotatingRefreshOptions",
    selector: "refreshToken",
    requiredStrings: ["refreshToken"],
    expiries: ["accessTokenExpiresAt"],
    startsFromToken: true,
    serverOnly: true,
    config: {
      label: "required",
      refreshPath: "required",
      refreshHeaders: "optional",
      refreshBody: "required",
      tokensAt: "optional",
      forceRefreshPath: "optional",
      forceRefreshHeaders: "optional",
    },
  },
} as const satisfies Record<string, StrategyDescription>;

export type TokenStrategyName = keyof typeof TOKEN_STRATEGIES;
