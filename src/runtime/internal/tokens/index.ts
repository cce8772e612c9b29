/**
 * Token strategies: how a credential's token is obtained when it is not passed as a fixed string.
 * A generated client imports only the strategies its provider's annotations name, so a provider
 * without them does not bundle jose.
 */
import type { TokenSource } from "./cached-token.js";
import { es256JwtSource, type Es256JwtOptions } from "./es256-jwt.js";
import { fetchedTokenSource, type GetTokenOptions } from "./fetched-token.js";
import {
  rotatingRefreshSource,
  type FetchLike,
  type HttpContext,
  type RotatingRefreshConfig,
  type RotatingRefreshOptions,
} from "./rotating-refresh.js";

export interface TokenStrategy {
  /** The option whose presence selects this strategy (e.g. `privateKey`). */
  readonly selector: string;
  /** Options that must be non-empty strings (functions are checked by the strategy). */
  readonly requiredStrings: readonly string[];
  create(options: Record<string, unknown>, context: TokenContext): TokenSource;
}

export interface TokenContext {
  provider: string;
  kind: string;
  config: Readonly<Record<string, unknown>>;
  http: HttpContext;
  /** Longest a renewal may take, in ms. */
  tokenTimeoutMs: number;
}

export const es256Jwt: TokenStrategy = {
  selector: "privateKey",
  requiredStrings: ["privateKey", "keyId", "userId"],
  create: (options, context) =>
    es256JwtSource(options as unknown as Es256JwtOptions, context.provider, limitsOf(context)),
};

export const getToken: TokenStrategy = {
  selector: "getToken",
  requiredStrings: [],
  create: (options, context) =>
    fetchedTokenSource(options as unknown as GetTokenOptions, context.provider, context.kind, limitsOf(context)),
};

export const rotatingRefresh: TokenStrategy = {
  selector: "refreshToken",
  requiredStrings: ["accessToken", "refreshToken", "clientId", "secretKey"],
  create: (options, context) =>
    rotatingRefreshSource(
      options as unknown as RotatingRefreshOptions,
      context.config as unknown as RotatingRefreshConfig,
      context.http,
      context.provider,
      limitsOf(context),
    ),
};

function limitsOf(context: TokenContext) {
  return { timeoutMs: context.tokenTimeoutMs, label: `${context.provider}: credential ${context.kind}` };
}

export type { TokenSource } from "./cached-token.js";
export type { FetchLike };
export type { Es256JwtOptions } from "./es256-jwt.js";
export type { GetTokenOptions } from "./fetched-token.js";
export type { RotatedTokens, RotatingRefreshOptions } from "./rotating-refresh.js";
