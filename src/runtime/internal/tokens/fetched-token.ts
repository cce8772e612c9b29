import { CredentialError } from "../../errors.js";
import { CachedToken, type RenewalLimits, type TokenSource } from "./cached-token.js";
import { limitsOf, type TokenStrategyImplementation } from "./strategy.js";

/** Fetch the bearer from the app's own server (e.g. in a browser): cached until shortly before its `exp`. */
export type GetTokenOptions = {
  getToken: () => Promise<string>;
};

/** When a JWT expires, by its `exp`. jose is loaded with the first token, so a page bundles none of it up front. */
async function expiryOf(token: string): Promise<number | undefined> {
  const { decodeJwt } = await import("jose");
  try {
    const { exp } = decodeJwt(token);
    return typeof exp === "number" ? exp * 1000 : undefined;
  } catch {
    return undefined; // not a JWT: kept until the API rejects it
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
    return { token, expiresAt: await expiryOf(token) };
  }, limits);
}

export const create: TokenStrategyImplementation["create"] = (options, context) =>
  fetchedTokenSource(options as unknown as GetTokenOptions, context.provider, context.kind, limitsOf(context));
