import { decodeJwt } from "jose";
import { CredentialError } from "../../errors.js";
import { CachedToken, type RenewalLimits, type TokenSource } from "./cached-token.js";

/** Fetch the bearer from the app's own server (e.g. in a browser): cached until shortly before its `exp`. */
export type GetTokenOptions = {
  getToken: () => Promise<string>;
};

function expiryOf(token: string): number | undefined {
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
    return { token, expiresAt: expiryOf(token) };
  }, limits);
}
