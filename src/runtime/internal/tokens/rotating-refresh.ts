import { CredentialError } from "../../errors.js";
import { renderHeaders } from "../headers.js";
import { fillTemplate, placeholdersIn } from "../../template.js";
import { own, valueAt } from "../own.js";
import { CachedToken, type RenewalLimits, type TokenSource } from "./cached-token.js";
import { limitsOf, type HttpContext, type TokenStrategyImplementation } from "./strategy.js";
import type { RotatedTokens, RotatingRefreshOptions } from "../../token-types.js";

/**
 * The provider's refresh endpoints, as data from its annotations. Path, header and body templates
 * are over the credential's options (`{clientId}`) and the current `{refreshToken}`.
 */
export interface RotatingRefreshConfig {
  /** Who the tokens belong to, for messages (e.g. "managed user"). */
  label: string;
  /** Path template of the refresh endpoint, e.g. /v2/oauth/{clientId}/refresh. */
  refreshPath: string;
  refreshHeaders?: Readonly<Record<string, string>>;
  /** JSON body template, e.g. { refreshToken: "{refreshToken}" }. */
  refreshBody: Readonly<Record<string, string>>;
  /** Where the token pair is in the answer (a dotted path, e.g. `data`); the body itself when absent. */
  tokensAt?: string;
  /** Path template of a fallback that re-issues tokens when the refresh token is rejected; used when every option it names is set. */
  forceRefreshPath?: string;
  forceRefreshHeaders?: Readonly<Record<string, string>>;
}

const textOf = (value: unknown) =>
  typeof value === "string" ? value : typeof value === "number" && Number.isFinite(value) ? String(value) : undefined;
const fill = (template: string, values: Readonly<Record<string, unknown>>, encode: (text: string) => string) =>
  fillTemplate(template, ({ option }) => encode(textOf(own(values, option)) ?? ""))!;

export function rotatingRefreshSource(
  options: RotatingRefreshOptions & Readonly<Record<string, unknown>>,
  config: RotatingRefreshConfig,
  context: { http: HttpContext; provider: string; provides: string },
  limits: RenewalLimits,
): TokenSource {
  const { http, provider, provides } = context;
  const { label } = config;
  let refreshToken = options.refreshToken;
  const values = () => ({ ...options, refreshToken });
  const url = (template: string) => `${http.baseUrl.replace(/\/$/, "")}${fill(template, values(), encodeURIComponent)}`;
  const headersFrom = (templates: Readonly<Record<string, string>> = {}) =>
    Object.fromEntries(renderHeaders(templates, values()));
  const forceRefreshPath = config.forceRefreshPath;
  const canForceRefresh =
    forceRefreshPath !== undefined &&
    placeholdersIn(forceRefreshPath).every(({ option }) => textOf(own(options, option)));

  async function call(
    path: string,
    headers: Record<string, string>,
    body?: Readonly<Record<string, string>>,
  ): Promise<{ status: number; tokens?: RotatedTokens }> {
    let response: Response;
    try {
      response = await http.fetch(
        new Request(url(path), {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body:
            body === undefined
              ? undefined
              : JSON.stringify(
                  Object.fromEntries(
                    Object.entries(body).map(([key, template]) => [key, fill(template, values(), String)]),
                  ),
                ),
        }),
      );
    } catch (error) {
      throw new CredentialError(
        `${provider}: refreshing the ${label} token failed: ${(error as Error).name} reaching ${path}`,
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      return { status: response.status };
    }
    const payload: unknown = await response.json().catch(() => undefined);
    const tokens = (config.tokensAt ? valueAt(payload, config.tokensAt) : payload) as
      Partial<RotatedTokens> | undefined;
    if (!tokens || typeof tokens.accessToken !== "string" || typeof tokens.refreshToken !== "string")
      throw new CredentialError(`${provider}: ${path} answered ${response.status} without an access and refresh token`);
    return { status: response.status, tokens: tokens as RotatedTokens };
  }

  const rejected = (status: number) => status === 400 || status === 401 || status === 403;

  async function refresh(): Promise<{ token: string; expiresAt?: number }> {
    let result = await call(config.refreshPath, headersFrom(config.refreshHeaders), config.refreshBody);
    if (!result.tokens && rejected(result.status) && canForceRefresh)
      result = await call(forceRefreshPath, headersFrom(config.forceRefreshHeaders));
    if (!result.tokens) {
      if (rejected(result.status))
        throw new CredentialError(
          `${provider}: the ${label}'s refresh token was rejected (HTTP ${result.status}); the ${label} must be re-authorised`,
        );
      throw new CredentialError(
        `${provider}: refreshing the ${label} token failed with HTTP ${result.status}; try again later`,
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
  return new CachedToken(refresh, limits, { token: String(own(options, provides)), expiresAt: initialExpiry });
}

export const create: TokenStrategyImplementation["create"] = (options, context) =>
  rotatingRefreshSource(
    options as unknown as RotatingRefreshOptions & Record<string, unknown>,
    context.config as unknown as RotatingRefreshConfig,
    { http: context.http, provider: context.provider, provides: context.provides },
    limitsOf(context),
  );
