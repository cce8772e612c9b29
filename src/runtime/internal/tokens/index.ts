/**
 * Token strategies: how a credential's token is obtained when it is not passed as a fixed string.
 * Each is its description from the registry plus its implementation; a generated client bundles
 * only the strategies its provider's annotations name. Only server-side signing code (jose, for
 * ES256 keys) loads on demand, with the first token that needs it.
 */
import { create as createEs256Jwt } from "./es256-jwt.js";
import { create as createFetchedToken } from "./fetched-token.js";
import { create as createRotatingRefresh } from "./rotating-refresh.js";
import { TOKEN_STRATEGIES, type TokenStrategyName } from "./registry.js";
import type { TokenStrategy, TokenStrategyImplementation } from "./strategy.js";

export type { RotatingRefreshConfig } from "./rotating-refresh.js";
export type { TokenSource } from "./cached-token.js";
export type { FetchLike, HttpContext, TokenContext, TokenStrategy, TokenStrategyImplementation } from "./strategy.js";

/** A strategy as a client factory takes it: its description and its implementation, paired by name. */
const strategy = <N extends TokenStrategyName>(
  name: N,
  create: TokenStrategyImplementation["create"],
): TokenStrategy & { name: N } => ({ name, ...TOKEN_STRATEGIES[name], create });

export const es256Jwt = /* @__PURE__ */ strategy("es256Jwt", createEs256Jwt);
export const getToken = /* @__PURE__ */ strategy("getToken", createFetchedToken);
export const rotatingRefresh = /* @__PURE__ */ strategy("rotatingRefresh", createRotatingRefresh);

/** Strategies the registry describes with no implementation here: `never`, as a type test checks. */
export type UnimplementedStrategies = Exclude<
  TokenStrategyName,
  (typeof es256Jwt | typeof getToken | typeof rotatingRefresh)["name"]
>;
