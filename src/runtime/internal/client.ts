/**
 * The runtime every generated client shares: an openapi-fetch client whose middleware sets exactly
 * the headers the provider's auth table says for the request's operation and credential, obtains
 * expiring tokens through their strategy, and replays a request once after a 401 with a renewed token.
 */
import createClient, { type ClientOptions, type Middleware } from "openapi-fetch";
import { isBrowser } from "./environment.js";
import {
  bindCalls,
  checkCallOptions,
  DEFAULT_CALL_SETTINGS,
  type CallOptions,
  type CallSettings,
  type InjectHeaders,
} from "./calls.js";
import { CredentialError } from "../errors.js";
import { levelledLogger, type Logger, type LogLevel } from "./logger.js";
import { CONTROL_CHARACTER, own } from "./own.js";
import { headerNames, renderHeaders } from "./headers.js";
import {
  accessKey,
  describeAccepted,
  parseAccessKey,
  PUBLIC,
  type CredentialDefinition,
  type CredentialOptions,
  type HeaderTemplate,
  type OperationEntry,
  type ProviderAuth,
} from "../table.js";
import type { FetchLike, TokenSource, TokenStrategy } from "./tokens/index.js";
import type { CredentialInfo } from "../types.js";

type Templates = Readonly<Record<string, HeaderTemplate>>;

/** One configured credential: which access keys it holds and how to render their headers. */
interface PreparedCredential {
  kind: string;
  info: CredentialInfo;
  /** access key (kind or kind@scope) → header templates */
  templatesByAccess: Map<string, Templates>;
  /** Fixed credentials: headers rendered once, here. */
  staticHeaders?: Map<string, Array<[string, string]>>;
  /** Expiring credentials: the token comes from here per request, as option `provides`. */
  source?: { tokens: TokenSource; provides: string };
  serverOnly: boolean;
  options: CredentialOptions;
}

const present = (value: unknown) => typeof value === "string" && value !== "";

export interface PrepareContext {
  strategies: Readonly<Record<string, TokenStrategy>>;
  baseUrl: string;
  fetch: FetchLike;
  /** Longest wait for a token (minting, fetching or refreshing one), in ms. */
  tokenTimeoutMs: number;
}

export function prepareCredential(
  auth: ProviderAuth,
  credential: CredentialOptions,
  context: PrepareContext,
): PreparedCredential {
  const kinds = Object.keys(auth.credentials);
  if (!credential || typeof credential.kind !== "string")
    throw new CredentialError(`${auth.provider}: pass auth: { kind } with one of ${[...kinds, PUBLIC].join(", ")}`);
  const { kind } = credential;
  if (kind === PUBLIC)
    return {
      kind,
      info: { kind },
      templatesByAccess: new Map([[PUBLIC, {}]]),
      staticHeaders: new Map([[PUBLIC, []]]),
      serverOnly: false,
      options: credential,
    };
  const definition: CredentialDefinition | undefined = own(auth.credentials, kind);
  // The kind is the caller's string: shown only when it is a plain name.
  const shown = /^[A-Za-z][A-Za-z0-9]{0,40}$/.test(kind) ? `"${kind}"` : "given";
  if (!definition)
    throw new CredentialError(
      `${auth.provider}: unknown credential kind ${shown}; expected one of ${[...kinds, PUBLIC].join(", ")}`,
    );
  assertNoControlCharacters(auth.provider, kind, credential, definition);

  const chosen = Object.entries(definition.tokenSources ?? {}).find(([name]) => {
    const strategy = own(context.strategies, name);
    return strategy && credential[strategy.selector] !== undefined;
  });
  const source = chosen?.[1];
  const strategy = chosen && own(context.strategies, chosen[0]);
  const required = Object.entries(definition.options)
    .filter(([option, need]) => need === "required" && (option !== source?.provides || strategy?.startsFromToken))
    .map(([option]) => option);
  for (const option of [...required, ...(strategy?.requiredStrings ?? [])])
    if (!present(credential[option]))
      throw new CredentialError(`${auth.provider}: credential ${kind} needs a non-empty string \`${option}\``);
  // The strategy's provider-specific options fill templates: a string, or a number (an id).
  for (const [option, need] of Object.entries(source?.options ?? {}))
    if (need === "required" && !present(credential[option]) && !Number.isFinite(credential[option]))
      throw new CredentialError(
        `${auth.provider}: credential ${kind} needs \`${option}\` (a non-empty string or a number)`,
      );

  const templatesByAccess = new Map<string, Templates>([[kind, definition.headers]]);
  for (const [scope, { option, headers }] of Object.entries(definition.scopes ?? {}))
    if (present(credential[option]))
      templatesByAccess.set(accessKey({ kind, scope }), { ...definition.headers, ...headers });

  const prepared: PreparedCredential = {
    kind,
    info: { kind, mode: modeOf(auth.provider, definition, credential) },
    templatesByAccess,
    serverOnly: strategy?.serverOnly ?? definition.serverOnly ?? false,
    options: credential,
  };
  if (source && strategy) {
    const tokens = strategy.create(credential, {
      provider: auth.provider,
      kind,
      provides: source.provides,
      config: source.config ?? {},
      http: { baseUrl: context.baseUrl, fetch: context.fetch },
      tokenTimeoutMs: context.tokenTimeoutMs,
    });
    prepared.source = { tokens, provides: source.provides };
  } else {
    prepared.staticHeaders = new Map(
      [...templatesByAccess].map(([access, templates]) => [access, renderHeaders(templates, credential)]),
    );
  }
  return prepared;
}

/**
 * Options that go into a header (any template of the kind, its scopes or its token sources' config)
 * cannot hold a line break: refused up front, rather than as a TypeError carrying the value.
 */
function assertNoControlCharacters(
  provider: string,
  kind: string,
  credential: CredentialOptions,
  definition: CredentialDefinition,
): void {
  const templates = JSON.stringify([definition.headers, definition.scopes ?? {}, definition.tokenSources ?? {}]);
  const inHeaders = new Set([...templates.matchAll(/\{([A-Za-z0-9_]+)(?::basic)?\}/g)].map((match) => match[1]));
  for (const option of inHeaders) {
    const value = own(credential, option);
    if (typeof value === "string" && CONTROL_CHARACTER.test(value))
      throw new CredentialError(
        `${provider}: credential ${kind} option \`${option}\` contains a control character (a line break?); pass the value without it`,
      );
  }
}

function modeOf(provider: string, definition: CredentialDefinition, credential: CredentialOptions): string | undefined {
  const mode = definition.mode;
  if (!mode) return undefined;
  const value = credential[mode.option];
  if (typeof value !== "string" || value === "") return mode.default;
  if (mode.prefixes)
    return Object.entries(mode.prefixes).find(([prefix]) => value.startsWith(prefix))?.[1] ?? mode.default;
  if (mode.values && !mode.values.includes(value))
    throw new CredentialError(
      `${provider}: credential ${credential.kind} option \`${mode.option}\` must be one of ${mode.values.join(", ")}`,
    );
  return value;
}

/** The access key this credential uses for an operation: one it holds, or "none"; otherwise a CredentialError. */
export function accessFor(
  auth: ProviderAuth,
  prepared: PreparedCredential,
  method: string,
  schemaPath: string,
): { access: string; entry: OperationEntry } {
  const operation = () => `${method.toUpperCase()} ${schemaPath}`;
  const entry: OperationEntry | undefined = own(own(auth.operations, schemaPath), method.toLowerCase());
  if (!entry) throw new CredentialError(`${auth.provider}: ${operation()} is not an operation of this API`);
  const granted = entry.credentials.find((access) => prepared.templatesByAccess.has(access));
  if (granted !== undefined) return { access: granted, entry };
  if (entry.credentials.includes(PUBLIC)) return { access: PUBLIC, entry };
  const accepted = entry.credentials.length
    ? entry.credentials.map((access) => describeAccepted(parseAccessKey(access), auth.credentials)).join(", ")
    : "no credential this client supports";
  const scopes = [...prepared.templatesByAccess.keys()].flatMap((access) => parseAccessKey(access).scope ?? []);
  const configured = prepared.kind + (scopes.length ? ` (with ${scopes.join(", ")})` : "");
  throw new CredentialError(
    `${auth.provider}: ${operation()} accepts ${accepted}; this client is configured with ${configured}`,
  );
}

function credentialHeaders(prepared: PreparedCredential, access: string, token?: string): Array<[string, string]> {
  if (access === PUBLIC) return [];
  if (!prepared.source) return prepared.staticHeaders!.get(access)!;
  return renderHeaders(prepared.templatesByAccess.get(access)!, {
    ...prepared.options,
    [prepared.source.provides]: token,
  });
}

function setMissing(headers: Headers, entries: Array<[string, string]>): void {
  // A header the caller set explicitly wins: the client only fills in what is missing.
  for (const [name, value] of entries) if (!headers.has(name)) headers.set(name, value);
}

/**
 * Fixed credentials: an operation always gets the same headers, worked out once per operation and
 * handed to openapi-fetch with the call's own, so the Request is built with them (no middleware).
 * A header the client was created with wins over them, as one passed with the call does.
 */
function fixedHeaders(
  auth: ProviderAuth,
  prepared: PreparedCredential,
  clientHeaders: ClientOptions["headers"],
): InjectHeaders {
  const overridden = new Set(headerNames(clientHeaders));
  const resolved = new Map<string, Record<string, string>>();
  return (method, path) => {
    const key = `${method} ${path}`;
    let headers = resolved.get(key);
    if (!headers) {
      const { access, entry } = accessFor(auth, prepared, method, path);
      const entries = [...Object.entries(entry.headers ?? {}), ...credentialHeaders(prepared, access)];
      headers = Object.fromEntries(entries.filter(([name]) => !overridden.has(name.toLowerCase())));
      resolved.set(key, headers);
    }
    return headers;
  };
}

/** Expiring credentials: the token is obtained per request, and a 401 renews it and replays once. */
export function authMiddleware(auth: ProviderAuth, prepared: PreparedCredential, fetchImpl: FetchLike): Middleware {
  const source = prepared.source!;
  /** Per in-flight request that used an expiring token: the token sent, and a copy of its body to replay. */
  const pending = new Map<string, { token: string; replay?: Request }>();
  // Per operation, worked out once: its access and the headers it always gets.
  const resolved = new Map<string, { access: string; fixed: Array<[string, string]> }>();
  // The credential's headers for the last token seen, per access: rendered once per token.
  const rendered = new Map<string, { token: string; headers: Array<[string, string]> }>();
  const headersFor = (access: string, token: string) => {
    let last = rendered.get(access);
    if (last?.token !== token)
      rendered.set(access, (last = { token, headers: credentialHeaders(prepared, access, token) }));
    return last.headers;
  };
  return {
    async onRequest({ request, schemaPath, id }) {
      const key = `${request.method} ${schemaPath}`;
      let operation = resolved.get(key);
      if (!operation) {
        const { access, entry } = accessFor(auth, prepared, request.method, schemaPath);
        resolved.set(key, (operation = { access, fixed: Object.entries(entry.headers ?? {}) }));
      }
      const { access } = operation;
      setMissing(request.headers, operation.fixed);
      if (access === PUBLIC) return request;
      const token =
        source.tokens.fresh() ?? (await untilAborted(source.tokens.current(), request.signal, auth.provider));
      setMissing(request.headers, headersFor(access, token));
      // Only a body is consumed by sending; a bodiless request can be rebuilt from itself later.
      pending.set(id, { token, replay: request.body ? request.clone() : undefined });
      return request;
    },
    async onResponse({ response, id, schemaPath, request }) {
      const sent = pending.get(id);
      pending.delete(id);
      if (!sent || response.status !== 401) return response;
      // One renewal and one replay per request, never a loop.
      const renewed = await source.tokens.renewAfterRejection(sent.token);
      if (renewed === undefined) return response;
      await response.body?.cancel();
      const replay = sent.replay ?? new Request(request);
      const { access } = accessFor(auth, prepared, request.method, schemaPath);
      for (const [name, value] of credentialHeaders(prepared, access, renewed)) replay.headers.set(name, value);
      return fetchImpl(replay);
    },
    onError({ id }) {
      pending.delete(id);
    },
  };
}

export type AuthorizedClientOptions<C extends CredentialOptions> = ClientOptions &
  CallOptions & {
    auth: C;
    /** Longest wait for an expiring credential's token (minting, fetching, refreshing), in ms; default 30 000. */
    tokenTimeout?: number;
    /** Allow a server-only credential in a browser. It exposes the secret to every visitor: don't. */
    dangerouslyAllowBrowser?: boolean;
    /** Where requests, retries and token renewals are reported (default: the console). */
    logger?: Partial<Logger>;
    /** The least severe level reported (default: warn). */
    logLevel?: LogLevel;
  };

/**
 * Creates the client. `Paths` types the underlying openapi-fetch client; `Narrowed` is the type it
 * is returned as (the generated client type for the credential).
 */
export function createAuthorizedClient<Paths extends {}, Narrowed>(
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
  const fetchImpl: FetchLike = clientOptions.fetch ?? ((request) => globalThis.fetch(request));
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
  const client = createClient<Paths>(clientOptions);
  if (prepared.source) client.use(authMiddleware(auth, prepared, fetchImpl));
  const settings: CallSettings = {
    injectHeaders: prepared.source ? undefined : fixedHeaders(auth, prepared, clientOptions.headers),
    timeout: timeout ?? DEFAULT_CALL_SETTINGS.timeout,
    maxRetries: maxRetries ?? DEFAULT_CALL_SETTINGS.maxRetries,
    throwOnError: throwOnError ?? DEFAULT_CALL_SETTINGS.throwOnError,
    logger: levelledLogger(logger, logLevel),
    bodySerializer: clientOptions.bodySerializer as CallSettings["bodySerializer"],
  };
  const withSettings = (current: CallSettings): object => ({
    ...bindCalls(client, auth, current, fetchImpl),
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
  });
  return withSettings(settings) as Narrowed;
}

/** The token, or a rejection as soon as the request's signal aborts (the shared renewal goes on). */
function untilAborted<T>(pending: Promise<T>, signal: AbortSignal | undefined, provider: string): Promise<T> {
  if (!signal) return pending;
  if (signal.aborted) return Promise.reject(abortReason(signal, provider));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal, provider));
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** The signal's own reason: the call turns it into a timeout or an abort (calls.ts). */
function abortReason(signal: AbortSignal, provider: string): unknown {
  return signal.reason ?? new Error(`${provider}: the request was aborted while obtaining its token`);
}
