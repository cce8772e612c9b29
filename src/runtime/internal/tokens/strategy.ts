/**
 * What a token strategy is to the client: its registry description, checked when the client is
 * created, and its implementation, which creates the client's token source.
 */
import type { TokenSource } from "./cached-token.js";
import type { StrategyDescription, TokenStrategyName } from "./registry.js";

/** The fetch a client sends through (openapi-fetch's `fetch` option): one Request in, one Response out. */
export type FetchLike = (request: Request) => Promise<Response>;

export interface HttpContext {
  baseUrl: string;
  fetch: FetchLike;
}

export interface TokenStrategy extends StrategyDescription, TokenStrategyImplementation {
  readonly name: TokenStrategyName;
}

export interface TokenStrategyImplementation {
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

/** How long a renewal may take, and how its errors name the credential. */
export function limitsOf(context: TokenContext) {
  return { timeoutMs: context.tokenTimeoutMs, label: `${context.provider}: credential ${context.kind}` };
}
