/**
 * What every call goes through: its options (timeout, retries, throwOnError, per client and per
 * call), one signal per attempt that also bounds obtaining the token, the retrying fetch that
 * follows redirects within the origin, typed errors for what is thrown, and `paginate` /
 * `withOptions` on the client.
 */
import { defaultBodySerializer } from "openapi-fetch";
import { apiErrorFor } from "./api-error.js";
import { Attempts } from "./attempts.js";
import { CredentialError, RequestAbortedError, RequestError, ResponseBodyError } from "../errors.js";
import {
  checkCallOptions,
  METHODS,
  type CallOptions,
  type ClientCallSettings,
  type Method,
  type Serializer,
} from "./call-options.js";
import { own } from "./own.js";
import { paginate } from "./paginate.js";
import type { SendFetch } from "./redirects.js";
import { retryingFetch, type CallState } from "./retry.js";
import type { ProviderAuth } from "../table.js";
import type { FetchLike } from "./tokens/index.js";

/** The headers a client sets on an operation (path template), whatever the call passes. */
export type InjectHeaders = (method: string, path: string) => Readonly<Record<string, string>>;

export interface CallSettings extends ClientCallSettings {
  /** Fixed credentials' headers, passed in with the call's own (expiring tokens use a middleware). */
  injectHeaders?: InjectHeaders;
  /** The client's `redirect` option, if it was given one. */
  redirect?: RequestRedirect;
  /** The signal in openapi-fetch's `requestInitExt`, where openapi-fetch gives it to fetch. */
  extSignal?: AbortSignal;
}

type Send = (
  url: string,
  init?: Record<string, unknown>,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export type BoundCalls = ReturnType<typeof bindCalls>;

/** The call methods of a client, with these settings, over openapi-fetch's `client`. */
export function bindCalls(client: object, auth: ProviderAuth, settings: CallSettings, baseFetch: FetchLike) {
  const raw = client as unknown as Record<Method, Send>;
  const bound = {} as Record<Method, Send>;
  const harmlessHeader = harmlessHeaders(auth);
  for (const method of METHODS)
    bound[method] = (url, init = {}) =>
      call(raw[method], method, url, init, auth, settings, baseFetch as SendFetch, harmlessHeader);
  return {
    ...bound,
    paginate(path: string, init?: Record<string, unknown>) {
      const index = own(own(auth.operations, path), "get")?.pagination;
      const style = index === undefined ? undefined : auth.runtime?.pagination?.[index];
      if (!style) throw new TypeError(`${auth.provider}: GET ${path} is not a paginated list`);
      // paginate throws on error responses whatever throwOnError says.
      return paginate(
        (p, i) => bound.GET(p, { ...i, throwOnError: false }),
        auth.provider,
        auth.runtime,
        style,
        path,
        init,
      );
    },
  };
}

async function call(
  send: Send,
  method: string,
  url: string,
  init: Record<string, unknown>,
  auth: ProviderAuth,
  settings: CallSettings,
  baseFetch: SendFetch,
  harmlessHeader: (name: string) => boolean,
) {
  const {
    timeout = settings.timeout,
    maxRetries = settings.maxRetries,
    throwOnError = settings.throwOnError,
    fetch: callFetch,
    bodySerializer = settings.bodySerializer ?? defaultBodySerializer,
    ...rest
  } = init as CallOptions & {
    fetch?: FetchLike;
    bodySerializer?: Serializer;
    signal?: AbortSignal | null;
    headers?: unknown;
    redirect?: RequestRedirect;
  };
  if (timeout !== settings.timeout || maxRetries !== settings.maxRetries || throwOnError !== settings.throwOnError)
    checkCallOptions(auth.provider, { timeout, maxRetries, throwOnError });
  const callerSignal = (rest.signal as AbortSignal | null | undefined) ?? undefined;
  const headers = settings.injectHeaders
    ? withInjected(settings.injectHeaders(method, url), rest.headers)
    : rest.headers;
  const policy = {
    maxRetries,
    facts: auth.runtime,
    logger: settings.logger,
    provider: auth.provider,
  };
  // Started here, so that the first attempt's deadline bounds obtaining its token as well.
  const state: CallState = {
    attempts: new Attempts(timeout, () => `${auth.provider}: ${method} ${url}`, callerSignal, settings.extSignal),
  };
  // The body as serialized for the first attempt, kept for replays (no copy of the stream).
  let serialized: unknown;
  const keepBody: Serializer = (body, headers) => (serialized = bodySerializer(body, headers));
  // Redirects the caller lets fetch follow are followed by the client, within the origin (redirects.ts).
  const follow = (rest.redirect ?? settings.redirect ?? "follow") === "follow";
  // openapi-fetch gets the call's own options (`rest`, already a copy) with ours set on them: a
  // second spread into a new object cost more than the rest of this function.
  const options: Record<string, unknown> = rest;
  if (follow) options.redirect = "manual";
  options.headers = headers;
  options.bodySerializer = keepBody;
  options.fetch = retryingFetch(
    (callFetch as SendFetch | undefined) ?? baseFetch,
    policy,
    state,
    () => serialized,
    follow,
    harmlessHeader,
  );
  let result: Awaited<ReturnType<Send>>;
  try {
    result = await state.attempts.race(send(url, options));
  } catch (error) {
    throw explain(error, method, url, auth.provider, state);
  } finally {
    state.attempts.stop();
  }
  if (throwOnError && (result.error !== undefined || !result.response.ok)) {
    const error = apiErrorFor(auth.provider, `${method} ${url}`, result.response, result.error, auth.runtime);
    if (state.notRetried) error.message += `; ${state.notRetried}`;
    throw error;
  }
  return result;
}

/** Header names (lower case) operations get that are no credential, e.g. an API version: safe to follow a redirect with. */
function harmlessHeaders(auth: ProviderAuth): (name: string) => boolean {
  let names: Set<string> | undefined;
  return (name) => {
    names ??= new Set(
      Object.values(auth.operations).flatMap((methods) =>
        Object.values(methods ?? {}).flatMap((entry) =>
          Object.keys((entry as { headers?: object } | undefined)?.headers ?? {}).map((header) => header.toLowerCase()),
        ),
      ),
    );
    return names.has(name);
  };
}

/** The client's headers under the call's: a header the call passes (any case, or null to drop it) wins. */
function withInjected(injected: Readonly<Record<string, string>>, passed: unknown): unknown {
  if (passed === undefined || passed === null) return injected;
  const given =
    passed instanceof Headers || Array.isArray(passed)
      ? Object.fromEntries(new Headers(passed as HeadersInit))
      : (passed as Record<string, unknown>);
  const overridden = new Set(Object.keys(given).map((name) => name.toLowerCase()));
  const merged: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(injected)) if (!overridden.has(name.toLowerCase())) merged[name] = value;
  return Object.assign(merged, given);
}

/**
 * Every thrown error is one of ours: a request error, a credential error, or a body that lies. When
 * fetch failed, the error it threw (what `onError` middleware saw) becomes the typed error recorded
 * for it; an error a middleware put in its place is the app's, thrown as it is.
 */
function explain(error: unknown, method: string, url: string, provider: string, state: CallState): unknown {
  if (state.failure && error === state.failure.original) return state.failure.typed;
  if (error instanceof RequestError || error instanceof CredentialError || error instanceof ResponseBodyError)
    return error;
  if (state.failure) return error;
  if (state.attempts.timedOut) return state.attempts.timeoutError(error);
  if (error instanceof SyntaxError)
    return new ResponseBodyError(
      `${provider}: ${method} ${url} answered with a body that is not the JSON its content type says`,
    );
  const aborted = state.attempts.abortedBy();
  if (aborted)
    return new RequestAbortedError(`${provider}: ${method} ${url} was aborted by its signal`, {
      cause: aborted.reason,
    });
  return error;
}
