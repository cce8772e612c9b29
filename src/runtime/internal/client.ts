/**
 * The factory every generated client shares: it checks the options and the credential (kind, required
 * options, strategy, browser safety) when the client is created, and returns a client whose calls
 * go through the call layer (call-layer.ts: openapi-fetch, the operation table, auth headers,
 * retries, errors, pagination). That layer is its own chunk, which starts loading as the client is
 * created and which each call waits for, so a page loads only this factory up front.
 */
import type { ClientOptions, Middleware } from "openapi-fetch";
import { isBrowser } from "./environment.js";
import {
  checkCallOptions,
  DEFAULT_CALL_SETTINGS,
  METHODS,
  type CallOptions,
  type ClientCallSettings,
  type Method,
} from "./call-options.js";
import type { CallLayer, CallLayerInput } from "./call-layer.js";
import type { BoundCalls } from "./calls.js";
import { CredentialError } from "../errors.js";
import { levelledLogger, type Logger, type LogLevel } from "./logger.js";
import { CONTROL_CHARACTER, own } from "./own.js";
import {
  accessKey,
  PUBLIC,
  type CredentialDefinition,
  type CredentialOptions,
  type HeaderTemplate,
  type ProviderAuth,
} from "../table.js";
import type { FetchLike, TokenContext, TokenStrategy } from "./tokens/index.js";
import type { CredentialInfo } from "../types.js";

type Templates = Readonly<Record<string, HeaderTemplate>>;

/** One configured credential: which access keys it holds and how to render their headers. */
export interface PreparedCredential {
  kind: string;
  info: CredentialInfo;
  /** access key (kind or kind@scope) → header templates */
  templatesByAccess: Map<string, Templates>;
  /**
   * Expiring credentials: the strategy that obtains the token (option `provides`), and what it is
   * created with once its implementation has loaded with the call layer.
   */
  source?: { strategy: TokenStrategy; provides: string; context: TokenContext };
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
  for (const option of strategy?.positiveNumbers ?? []) {
    const value = credential[option];
    if (value !== undefined && !(typeof value === "number" && value > 0 && Number.isFinite(value)))
      throw new CredentialError(`${auth.provider}: credential ${kind} option \`${option}\` must be a positive number`);
  }
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
  if (source && strategy)
    prepared.source = {
      strategy,
      provides: source.provides,
      context: {
        provider: auth.provider,
        kind,
        provides: source.provides,
        config: source.config ?? {},
        http: { baseUrl: context.baseUrl, fetch: context.fetch },
        tokenTimeoutMs: context.tokenTimeoutMs,
      },
    };
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
  const layer = startCallLayer({ clientOptions, auth, prepared, fetch: fetchImpl });
  const settings: ClientCallSettings = {
    timeout: timeout ?? DEFAULT_CALL_SETTINGS.timeout,
    maxRetries: maxRetries ?? DEFAULT_CALL_SETTINGS.maxRetries,
    throwOnError: throwOnError ?? DEFAULT_CALL_SETTINGS.throwOnError,
    logger: levelledLogger(logger, logLevel),
    bodySerializer: clientOptions.bodySerializer as ClientCallSettings["bodySerializer"],
  };
  const withSettings = (current: ClientCallSettings): object => {
    let bound: BoundCalls | undefined;
    const calls = () => (bound ??= layer.ready()!.bind(current));
    const send = (method: Method) => (url: string, init?: Record<string, unknown>) =>
      layer.ready() ? calls()[method](url, init) : layer.loading.then(() => calls()[method](url, init));
    const methods = Object.fromEntries(METHODS.map((method) => [method, send(method)]));
    return {
      ...methods,
      request: (method: string, url: string, init?: Record<string, unknown>) => {
        const upper = method.toUpperCase();
        if (!own(methods, upper))
          throw new TypeError(`${auth.provider}: unknown HTTP method ${JSON.stringify(method)}`);
        return methods[upper](url, init);
      },
      paginate: (path: string, init?: Record<string, unknown>) =>
        layer.ready()
          ? calls().paginate(path, init)
          : paginateOnceLoaded(layer.loading, () => calls().paginate(path, init)),
      use: layer.use,
      eject: layer.eject,
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

/**
 * The call layer of one client, loading from the moment the client is created. Middleware the app
 * adds before it has loaded is kept and added after the layer's own, as it would have been.
 */
function startCallLayer(input: CallLayerInput) {
  const pendingUse: Middleware[] = [];
  let ready: CallLayer | undefined;
  const loading = import("./call-layer.js")
    .then(({ createCallLayer }) => createCallLayer(input))
    .then((loaded) => {
      loaded.client.use(...pendingUse.splice(0));
      return (ready = loaded);
    });
  // A layer that fails to load is reported by the calls that need it, not as an unhandled rejection.
  loading.catch(() => {});
  return {
    loading,
    ready: () => ready,
    use: (...middleware: Middleware[]) =>
      ready ? ready.client.use(...middleware) : void pendingUse.push(...middleware),
    eject: (...middleware: Middleware[]) => {
      if (ready) return ready.client.eject(...middleware);
      for (const item of middleware) if (pendingUse.includes(item)) pendingUse.splice(pendingUse.indexOf(item), 1);
    },
  };
}

/** `paginate` before the call layer has loaded: the same iterables, starting once it has. */
function paginateOnceLoaded(
  layer: Promise<unknown>,
  paginated: () => ReturnType<BoundCalls["paginate"]>,
): ReturnType<BoundCalls["paginate"]> {
  async function* after<T>(pick: (list: ReturnType<BoundCalls["paginate"]>) => AsyncIterable<T>) {
    await layer;
    yield* pick(paginated());
  }
  return {
    [Symbol.asyncIterator]: () => after((list) => list)[Symbol.asyncIterator](),
    pages: () => after((list) => list.pages()),
  };
}
