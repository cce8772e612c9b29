/**
 * Token strategies: how a credential's token is obtained when it is not passed as a fixed string.
 * Each is its description from the registry plus an implementation. A generated client imports
 * only the strategies its provider's annotations name, so a provider without them does not bundle jose.
 */
import type { TokenSource } from "./cached-token.js";
import { es256JwtSource, type Es256JwtOptions } from "./es256-jwt.js";
import { fetchedTokenSource, type GetTokenOptions } from "./fetched-token.js";
import { TOKEN_STRATEGIES, type StrategyDescription, type TokenStrategyName } from "./registry.js";
import {
  rotatingRefreshSource,
  type FetchLike,
  type HttpContext,
  type RotatingRefreshConfig,
  type RotatingRefreshOptions,
} from "./rotating-refresh.js";

export interface TokenStrategy extends StrategyDescription {
  readonly name: TokenStrategyName;
  create(options: Record<string, unknown>, context: TokenContext): TokenSource;
}

export interface TokenContext {
  provider: string;
  kind: string;
  /** The provider's config for the strategy, from its annotation file. */
  config: Readonly<Record<string, unknown>>;
  /** The option the strategy provides the token as. */
  provides: string;
  http: HttpContext;
  /** Longest a renewal may take, in ms. */
  tokenTimeoutMs: number;
}

export const es256Jwt: TokenStrategy = {
  name: "es256Jwt",
  ...TOKEN_STRATEGIES.es256Jwt,
  create: (options, context) =>
    es256JwtSource(options as unknown as Es256JwtOptions, context.provider, limitsOf(context)),
};

export const getToken: TokenStrategy = {
  name: "getToken",
  ...TOKEN_STRATEGIES.getToken,
  create: (options, context) =>
    fetchedTokenSource(options as unknown as GetTokenOptions, context.provider, context.kind, limitsOf(context)),
};

export const rotatingRefresh: TokenStrategy = {
  name: "rotatingRefresh",
  ...TOKEN_STRATEGIES.rotatingRefresh,
  create: (options, context) =>
    rotatingRefreshSource(
      options as unknown as RotatingRefreshOptions & Record<string, unknown>,
      context.config as unknown as RotatingRefreshConfig,
      { http: context.http, provider: context.provider, provides: context.provides },
      limitsOf(context),
    ),
};

// Every strategy the registry describes has its implementation here (a compile-time check).
({ es256Jwt, getToken, rotatingRefresh }) satisfies Record<TokenStrategyName, TokenStrategy>;

function limitsOf(context: TokenContext) {
  return { timeoutMs: context.tokenTimeoutMs, label: `${context.provider}: credential ${context.kind}` };
}

export type { TokenSource } from "./cached-token.js";
export type { FetchLike };
export type { Es256JwtOptions } from "./es256-jwt.js";
export type { GetTokenOptions } from "./fetched-token.js";
export type { RotatedTokens, RotatingRefreshOptions } from "./rotating-refresh.js";
