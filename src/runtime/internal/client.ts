/**
 * The factory every generated client shares: it checks the options and the credential (kind, required
 * options, strategy, browser safety) when the client is created, and returns openapi-fetch's client
 * with the provider's headers per operation, an expiring token's middleware, deadlines, retries,
 * typed errors, `paginate`, `request` and `withOptions`. Everything a call runs through is imported
 * statically: a page loads the client in one piece.
 */
import createClient from "openapi-fetch";
import { authMiddleware, fixedHeaders } from "./authorize.js";
import { bindCalls } from "./calls.js";
import {
  checkCallOptions,
  DEFAULT_CALL_SETTINGS,
  METHODS,
  type ClientCallSettings,
  type Method,
} from "./call-options.js";
import { prepareCredential } from "./credential.js";
import { forwardsRequestInitExt, isBrowser } from "./environment.js";
import { CredentialError } from "../errors.js";
import { levelledLogger } from "./logger.js";
import { own } from "./own.js";
import { PUBLIC, type CredentialOptions, type ProviderAuth } from "../table.js";
import type { FetchLike, TokenStrategy } from "./tokens/index.js";
import type { AuthorizedClientOptions, CallOptions } from "../types.js";

/** Creates the client, returned as `Narrowed` (the generated client type for the credential). */
export function createAuthorizedClient<Narrowed>(
  auth: ProviderAuth,
  options: AuthorizedClientOptions<CredentialOptions>,
  strategies: Readonly<Record<string, TokenStrategy>> = {},
): Narrowed {
  const {
    auth: credential,
    dangerouslyAllowBrowser,
    tokenTimeout = 30_000,
    timeout,
    maxRetries,
    throwOnError,
    logger,
    logLevel,
    ...clientOptions
  } = options;
  if (!(Number.isFinite(tokenTimeout) && tokenTimeout > 0))
    throw new CredentialError(`${auth.provider}: tokenTimeout must be a positive number of milliseconds`);
  checkCallOptions(auth.provider, { timeout, maxRetries, throwOnError });
  // Resolved per call, so a fetch patched after the client was created is still used.
  // fetch's second argument carries each attempt's signal, redirect mode and openapi-fetch's requestInitExt.
  const fetchImpl: FetchLike =
    clientOptions.fetch ?? ((request: Request, init?: RequestInit) => globalThis.fetch(request, init));
  const prepared = prepareCredential(auth, credential, {
    strategies,
    baseUrl: clientOptions.baseUrl ?? "",
    fetch: fetchImpl,
    tokenTimeoutMs: tokenTimeout,
  });
  if (prepared.serverOnly && !dangerouslyAllowBrowser && isBrowser()) {
    const safe = Object.entries(auth.credentials)
      .flatMap(([kind, definition]) => [
        ...(definition.serverOnly ? [] : [kind]),
        ...Object.keys(definition.tokenSources ?? {})
          .filter((name) => definition.serverOnly && !own(strategies, name)?.serverOnly)
          .map((name) => `${kind} via ${name}`),
      ])
      .concat(PUBLIC);
    throw new CredentialError(
      `${auth.provider}: credential ${prepared.kind} is server-only and would expose its secret in a browser; use ${safe.join(", ")} here, or call your own server (dangerouslyAllowBrowser: true overrides this)`,
    );
  }
  const client = createClient(clientOptions);
  const { source } = prepared;
  // An expiring token is obtained per request (a middleware, first in line); fixed credentials'
  // headers are worked out once per operation and passed in with each call.
  if (source)
    client.use(authMiddleware(auth, prepared, source.strategy.create(prepared.options, source.context), fetchImpl));
  const injectHeaders = source ? undefined : fixedHeaders(auth, prepared, clientOptions.headers);
  const settings: ClientCallSettings = {
    timeout: timeout ?? DEFAULT_CALL_SETTINGS.timeout,
    maxRetries: maxRetries ?? DEFAULT_CALL_SETTINGS.maxRetries,
    throwOnError: throwOnError ?? DEFAULT_CALL_SETTINGS.throwOnError,
    logger: levelledLogger(logger, logLevel),
    bodySerializer: clientOptions.bodySerializer as ClientCallSettings["bodySerializer"],
  };
  // A signal in requestInitExt ends a call from its start, a token being obtained included, as it
  // would end bare openapi-fetch's fetch; where openapi-fetch drops requestInitExt, it is dropped.
  const extSignal = forwardsRequestInitExt()
    ? ((clientOptions.requestInitExt as RequestInit | undefined)?.signal ?? undefined)
    : undefined;
  const withSettings = (current: ClientCallSettings): object => {
    const calls = bindCalls(
      client,
      auth,
      { ...current, injectHeaders, redirect: clientOptions.redirect, extSignal },
      fetchImpl,
    );
    return {
      ...calls,
      request: (method: string, url: string, init?: Record<string, unknown>) => {
        const upper = method.toUpperCase() as Method;
        if (!METHODS.includes(upper))
          throw new TypeError(`${auth.provider}: unknown HTTP method ${JSON.stringify(method)}`);
        return calls[upper](url, init);
      },
      // openapi-fetch's own: middleware is checked when added, and shared by every withOptions client.
      use: client.use,
      eject: client.eject,
      credential: prepared.info,
      /** The same client (same credential and token cache) with other call options. */
      withOptions: (overrides: CallOptions) => {
        checkCallOptions(auth.provider, overrides);
        return withSettings({
          ...current,
          ...Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)),
        });
      },
    };
  };
  return withSettings(settings) as Narrowed;
}
