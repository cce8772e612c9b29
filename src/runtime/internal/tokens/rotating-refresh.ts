import { CredentialError } from "../../errors.js";
import { renderHeaders } from "../headers.js";
import { fillTemplate, placeholdersIn } from "../../template.js";
import { CONTROL_CHARACTER, own, valueAt } from "../own.js";
import { CachedToken, type IssuedToken, type RenewalLimits, type TokenSource } from "./cached-token.js";
import { epochMsOf, EXPIRY_FORMS } from "./expiry.js";
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
    signal: AbortSignal,
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
          // Never followed: a redirect would carry the secret headers and the refresh token elsewhere.
          redirect: "manual",
          // Aborted when the renewal times out, so the request does not outlive it.
          signal,
        }),
      );
    } catch (error) {
      throw new CredentialError(
        `${provider}: refreshing the ${label} token failed: ${(error as Error).name} reaching ${path}`,
      );
    }
    if (isRedirect(response)) {
      await response.body?.cancel();
      throw new CredentialError(
        `${provider}: ${path} answered a redirect (HTTP ${response.status})${redirectTarget(response)}; token endpoints are never followed, so the ${label} token was not refreshed (check baseUrl)`,
      );
    }
    if (response.redirected) {
      // A fetch the app passed followed it anyway: whatever answered elsewhere is not used.
      await response.body?.cancel();
      throw new CredentialError(
        `${provider}: ${path} was redirected${originOf(response.url)} and the client's fetch followed it; the answer was not used and the ${label} token was not refreshed (the fetch must keep redirect: "manual")`,
      );
    }
    if (!response.ok) {
      await response.body?.cancel();
      return { status: response.status };
    }
    const payload: unknown = await response.json().catch(() => undefined);
    const found = config.tokensAt ? valueAt(payload, config.tokensAt) : payload;
    return {
      status: response.status,
      tokens: rotatedTokensFrom(found, `${provider}: ${path} answered ${response.status}`),
    };
  }

  const rejected = (status: number) => status === 400 || status === 401 || status === 403;

  async function refresh(signal: AbortSignal): Promise<IssuedToken> {
    let result = await call(config.refreshPath, headersFrom(config.refreshHeaders), signal, config.refreshBody);
    if (!result.tokens && rejected(result.status) && canForceRefresh)
      result = await call(forceRefreshPath, headersFrom(config.forceRefreshHeaders), signal);
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

  // Checked when the client was created (the registry's expiries).
  const initialExpiry = epochMsOf(options.accessTokenExpiresAt);
  return new CachedToken(refresh, limits, { token: String(own(options, provides)), expiresAt: initialExpiry });
}

/** In a browser a manual redirect is opaque (status 0); elsewhere it is the 3xx itself. */
const isRedirect = (response: Response) =>
  response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400);

/** " to <origin>" when the Location names one. */
const redirectTarget = (response: Response) =>
  originOf(response.headers.get("location") ?? "", response.url || undefined);

/** " to <origin>" of a URL: the origin only, parsed, so nothing else of the server's text is shown. */
function originOf(url: string, base?: string): string {
  try {
    const { origin } = new URL(url, base);
    return origin === "null" ? "" : ` to ${origin}`;
  } catch {
    return "";
  }
}

/**
 * The token pair in an answer, checked whole before anyone sees it (`onTokens` included): both
 * tokens non-empty strings that can go into a header, expiries in an accepted form (normalised to
 * epoch ms). Extra fields are not passed on. `answered` names the endpoint and status, never a value.
 */
export function rotatedTokensFrom(found: unknown, answered: string): RotatedTokens {
  const fields = (found !== null && typeof found === "object" ? found : {}) as Record<string, unknown>;
  const { accessToken, refreshToken } = fields;
  if (typeof accessToken !== "string" || typeof refreshToken !== "string" || !accessToken || !refreshToken)
    throw new CredentialError(`${answered} without an access and refresh token`);
  if (CONTROL_CHARACTER.test(accessToken) || CONTROL_CHARACTER.test(refreshToken))
    throw new CredentialError(`${answered} with a token that contains a control character; it was not used`);
  const tokens: RotatedTokens = { accessToken, refreshToken };
  for (const field of ["accessTokenExpiresAt", "refreshTokenExpiresAt"] as const) {
    const given = own(fields, field);
    if (given === undefined || given === null) continue;
    const ms = epochMsOf(given);
    if (ms === undefined)
      throw new CredentialError(
        `${answered} with a \`${field}\` that is not ${EXPIRY_FORMS}; the tokens were not used`,
      );
    tokens[field] = ms;
  }
  return tokens;
}

export const create: TokenStrategyImplementation["create"] = (options, context) =>
  rotatingRefreshSource(
    options as unknown as RotatingRefreshOptions & Record<string, unknown>,
    context.config as unknown as RotatingRefreshConfig,
    { http: context.http, provider: context.provider, provides: context.provides },
    limitsOf(context),
  );
