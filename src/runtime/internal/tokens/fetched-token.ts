import { CredentialError } from "../../errors.js";
import { CachedToken, type RenewalLimits, type TokenSource } from "./cached-token.js";
import { limitsOf, type TokenStrategyImplementation } from "./strategy.js";
import type { GetTokenOptions } from "../../token-types.js";

/**
 * When a JWT expires, by its `exp` claim (decoded, not verified: the API verifies it). Decoded here
 * rather than with jose, so a page that fetches its tokens loads no signing library.
 */
export function expiryOf(token: string): number | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined; // not a JWT: kept until the API rejects it
  try {
    const base64 = parts[1].replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "=")), (c) => c.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    const exp = claims && typeof claims === "object" ? (claims as { exp?: unknown }).exp : undefined;
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

export function fetchedTokenSource(
  options: GetTokenOptions,
  provider: string,
  kind: string,
  limits: RenewalLimits,
): TokenSource {
  return new CachedToken(async () => {
    let token: unknown;
    try {
      token = await options.getToken();
    } catch (error) {
      throw new CredentialError(
        `${provider}: credential ${kind}: getToken() failed${error instanceof Error && error.name !== "Error" ? ` (${error.name})` : ""}`,
      );
    }
    if (typeof token !== "string" || token === "")
      throw new CredentialError(`${provider}: credential ${kind}: getToken() must resolve to a non-empty string`);
    return { token, expiresAt: expiryOf(token) };
  }, limits);
}

export const create: TokenStrategyImplementation["create"] = (options, context) =>
  fetchedTokenSource(options as unknown as GetTokenOptions, context.provider, context.kind, limitsOf(context));
