/**
 * Token strategies: how a credential's token is obtained when it is not passed as a fixed string.
 * Each is its description from the registry plus an implementation, one module each behind a dynamic
 * import: a generated client bundles only the strategies its provider's annotations name, and loads
 * the implementation with its call layer, not up front.
 */
import { TOKEN_STRATEGIES, type TokenStrategyName } from "./registry.js";
import type { TokenStrategy, TokenStrategyImplementation } from "./strategy.js";

export type { Es256JwtOptions } from "./es256-jwt.js";
export type { GetTokenOptions } from "./fetched-token.js";
export type { RotatedTokens, RotatingRefreshConfig, RotatingRefreshOptions } from "./rotating-refresh.js";
export type { TokenSource } from "./cached-token.js";
export type { FetchLike, HttpContext, TokenContext, TokenStrategy, TokenStrategyImplementation } from "./strategy.js";

/** A strategy as a client factory takes it: its description now, its implementation when a client first needs it. */
const strategy = <N extends TokenStrategyName>(
  name: N,
  load: () => Promise<TokenStrategyImplementation>,
): TokenStrategy & { name: N } => ({ name, ...TOKEN_STRATEGIES[name], load });

export const es256Jwt = /* @__PURE__ */ strategy("es256Jwt", () => import("./es256-jwt.js"));
export const getToken = /* @__PURE__ */ strategy("getToken", () => import("./fetched-token.js"));
export const rotatingRefresh = /* @__PURE__ */ strategy("rotatingRefresh", () => import("./rotating-refresh.js"));

/** Strategies the registry describes with no implementation here: `never`, as a type test checks. */
export type UnimplementedStrategies = Exclude<
  TokenStrategyName,
  (typeof es256Jwt | typeof getToken | typeof rotatingRefresh)["name"]
>;
