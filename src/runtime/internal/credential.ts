/**
 * A client's credential, checked and prepared once when the client is created: its kind, required
 * options and token strategy, the header templates of each access it holds, and the mode it implies.
 * What creating a client refuses (a wrong kind, a missing option) is refused here, before any call.
 */
import { epochMsOf, EXPIRY_FORMS } from "./tokens/expiry.js";
import { CredentialError } from "../errors.js";
import { CONTROL_CHARACTER, own } from "./own.js";
import { placeholdersIn } from "../template.js";
import {
  accessKey,
  headersOfAccess,
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
  /** Expiring credentials: the strategy that obtains the token (option `provides`), and what it is created with. */
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
  for (const option of strategy?.expiries ?? [])
    if (credential[option] !== undefined && epochMsOf(credential[option]) === undefined)
      throw new CredentialError(`${auth.provider}: credential ${kind} option \`${option}\` must be ${EXPIRY_FORMS}`);
  // The strategy's provider-specific options fill templates: a string, or a number (an id).
  for (const [option, need] of Object.entries(source?.options ?? {}))
    if (need === "required" && !present(credential[option]) && !Number.isFinite(credential[option]))
      throw new CredentialError(
        `${auth.provider}: credential ${kind} needs \`${option}\` (a non-empty string or a number)`,
      );

  const templatesByAccess = new Map<string, Templates>([[kind, headersOfAccess(definition)]]);
  for (const [scope, { option }] of Object.entries(definition.scopes ?? {}))
    if (present(credential[option]))
      templatesByAccess.set(accessKey({ kind, scope }), headersOfAccess(definition, scope));

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
  const inHeaders = new Set(placeholdersIn(templates).map(({ option }) => option));
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
