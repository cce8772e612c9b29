import { CredentialError } from "../../errors.js";
import { renderHeaders } from "../headers.js";
import { CachedToken, type RenewalLimits, type TokenSource } from "./cached-token.js";

export interface RotatedTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch milliseconds. */
  accessTokenExpiresAt?: number;
  refreshTokenExpiresAt?: number;
}

/**
 * An access token the client refreshes itself (Cal.com managed users): before expiry or after one
 * 401. Each refresh rotates both tokens, handed to `onTokens` for the app to persist.
 */
export type RotatingRefreshOptions = {
  accessToken: string;
  refreshToken: string;
  /** When the access token expires (epoch ms or Date); unknown → refreshed after a 401. */
  accessTokenExpiresAt?: number | Date;
  clientId: string;
  secretKey: string;
  /** The managed user's id: enables the force-refresh fallback when the refresh token is rejected. */
  userId?: string | number;
  /** Receives every new token pair; the app must store it (the old refresh token no longer works). */
  onTokens: (tokens: RotatedTokens) => void | Promise<void>;
};

/** The provider's refresh endpoints, as data from its annotations. Headers are templates over the options. */
export interface RotatingRefreshConfig {
  /** Path template of the refresh endpoint, e.g. /v2/oauth/{clientId}/refresh; the body is { refreshToken }. */
  refreshPath: string;
  refreshHeaders: Readonly<Record<string, string>>;
  /** Path template of the fallback that re-issues tokens with the OAuth client credentials. */
  forceRefreshPath?: string;
  forceRefreshHeaders?: Readonly<Record<string, string>>;
}

/** The fetch a client sends through (openapi-fetch's `fetch` option): one Request in, one Response out. */
export type FetchLike = (request: Request) => Promise<Response>;

export interface HttpContext {
  baseUrl: string;
  fetch: FetchLike;
}

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ""));

export function rotatingRefreshSource(
  options: RotatingRefreshOptions,
  config: RotatingRefreshConfig,
  http: HttpContext,
  provider: string,
  limits: RenewalLimits,
): TokenSource {
  let refreshToken = options.refreshToken;
  const values = { clientId: options.clientId, userId: options.userId === undefined ? "" : String(options.userId) };
  const url = (template: string) => `${http.baseUrl.replace(/\/$/, "")}${fill(template, values)}`;
  const headersFrom = (templates: Readonly<Record<string, string>>) =>
    Object.fromEntries(renderHeaders(templates, options));

  async function call(
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<{ status: number; tokens?: RotatedTokens }> {
    let response: Response;
    try {
      response = await http.fetch(
        new Request(url(path), {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      );
    } catch (error) {
      throw new CredentialError(
        `${provider}: refreshing the managed-user token failed: ${(error as Error).name} reaching ${path}`,
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      return { status: response.status };
    }
    const payload = (await response.json().catch(() => undefined)) as { data?: Partial<RotatedTokens> } | undefined;
    const data = payload?.data;
    if (!data || typeof data.accessToken !== "string" || typeof data.refreshToken !== "string")
      throw new CredentialError(`${provider}: ${path} answered ${response.status} without an access and refresh token`);
    return { status: response.status, tokens: data as RotatedTokens };
  }

  const rejected = (status: number) => status === 400 || status === 401 || status === 403;

  async function refresh(): Promise<{ token: string; expiresAt?: number }> {
    let result = await call(config.refreshPath, headersFrom(config.refreshHeaders), { refreshToken });
    if (!result.tokens && rejected(result.status) && config.forceRefreshPath && options.userId !== undefined)
      result = await call(config.forceRefreshPath, headersFrom(config.forceRefreshHeaders ?? {}));
    if (!result.tokens) {
      if (rejected(result.status))
        throw new CredentialError(
          `${provider}: the managed user's refresh token was rejected (HTTP ${result.status}); the managed user must be re-authorised`,
        );
      throw new CredentialError(
        `${provider}: refreshing the managed-user token failed with HTTP ${result.status}; try again later`,
      );
    }
    refreshToken = result.tokens.refreshToken;
    await options.onTokens(result.tokens);
    return { token: result.tokens.accessToken, expiresAt: result.tokens.accessTokenExpiresAt };
  }

  const initialExpiry =
    options.accessTokenExpiresAt instanceof Date
      ? options.accessTokenExpiresAt.getTime()
      : options.accessTokenExpiresAt;
  return new CachedToken(refresh, limits, { token: options.accessToken, expiresAt: initialExpiry });
}
