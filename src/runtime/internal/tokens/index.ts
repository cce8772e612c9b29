/**
 * Token strategies: how a credential's token is obtained when it is not passed as a fixed string.
 * Each is its description from the registry plus an implementation, one module each, so that a
 * generated client bundles only the strategies its provider's annotations name (and a provider
 * without them does not bundle jose).
 */
import type { es256Jwt } from "./es256-jwt.js";
import type { getToken } from "./fetched-token.js";
import type { TokenStrategyName } from "./registry.js";
import type { rotatingRefresh } from "./rotating-refresh.js";

export { es256Jwt, type Es256JwtOptions } from "./es256-jwt.js";
export { getToken, type GetTokenOptions } from "./fetched-token.js";
export {
  rotatingRefresh,
  type RotatedTokens,
  type RotatingRefreshConfig,
  type RotatingRefreshOptions,
} from "./rotating-refresh.js";
export type { TokenSource } from "./cached-token.js";
export type { FetchLike, HttpContext, TokenContext, TokenStrategy } from "./strategy.js";

/** Strategies the registry describes with no implementation here: `never`, as a type test checks. */
export type UnimplementedStrategies = Exclude<
  TokenStrategyName,
  (typeof es256Jwt | typeof getToken | typeof rotatingRefresh)["name"]
>;
