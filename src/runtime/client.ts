/**
 * The runtime every generated client shares: an openapi-fetch client whose middleware sets exactly
 * the headers the provider's auth table says for the request's operation and credential.
 */
import createClient, { type ClientOptions, type Middleware } from "openapi-fetch";
import { CredentialError } from "./errors.js";
import { renderHeaders } from "./headers.js";
import type { CredentialDefinition, CredentialOptions, OperationEntry, ProviderAuth } from "./table.js";
import type { AuthorizedClient, CredentialInfo } from "./types.js";

export const PUBLIC = "none";

/** What one credential sends: its base headers, plus per-scope headers for the scopes it carries. */
interface PreparedCredential {
  kind: string;
  /** access key (kind or kind@scope) → headers to send */
  headersByAccess: Map<string, Array<[string, string]>>;
  info: CredentialInfo;
}

function describeAccess(access: string): string {
  if (access === PUBLIC) return "none (public)";
  const [kind, scope] = access.split("@");
  return scope ? `${kind} with its ${scope}` : kind;
}

export function prepareCredential(auth: ProviderAuth, credential: CredentialOptions): PreparedCredential {
  const kinds = Object.keys(auth.credentials);
  if (!credential || typeof credential.kind !== "string")
    throw new CredentialError(`${auth.provider}: pass auth: { kind } with one of ${[...kinds, PUBLIC].join(", ")}`);
  const { kind } = credential;
  if (kind === PUBLIC) return { kind, headersByAccess: new Map([[PUBLIC, []]]), info: { kind } };
  const definition: CredentialDefinition | undefined = auth.credentials[kind];
  if (!definition) throw new CredentialError(`${auth.provider}: unknown credential kind "${kind}"; expected one of ${[...kinds, PUBLIC].join(", ")}`);
  for (const [option, need] of Object.entries(definition.options)) {
    const value = credential[option];
    if (need === "required" && (typeof value !== "string" || value === ""))
      throw new CredentialError(`${auth.provider}: credential ${kind} needs a non-empty string \`${option}\``);
    if (value !== undefined && typeof value !== "string") throw new CredentialError(`${auth.provider}: credential ${kind} option \`${option}\` must be a string`);
  }
  const base = renderHeaders(definition.headers, credential);
  const headersByAccess = new Map([[kind, base]]);
  for (const [scope, { option, headers }] of Object.entries(definition.scopes ?? {})) {
    if (typeof credential[option] === "string" && credential[option] !== "") headersByAccess.set(`${kind}@${scope}`, [...base, ...renderHeaders(headers, credential)]);
  }
  return { kind, headersByAccess, info: { kind, mode: modeOf(definition, credential) } };
}

function modeOf(definition: CredentialDefinition, credential: CredentialOptions): string | undefined {
  if (!definition.mode) return undefined;
  const value = credential[definition.mode.option];
  if (typeof value !== "string") return undefined;
  return Object.entries(definition.mode.prefixes).find(([prefix]) => value.startsWith(prefix))?.[1];
}

/** The headers for one request, or a CredentialError when the credential cannot make it. */
export function headersFor(auth: ProviderAuth, prepared: PreparedCredential, method: string, schemaPath: string): Array<[string, string]> {
  const operation = `${method.toUpperCase()} ${schemaPath}`;
  const entry: OperationEntry | undefined = auth.operations[schemaPath]?.[method.toLowerCase()];
  if (!entry) throw new CredentialError(`${auth.provider}: ${operation} is not an operation of this API`);
  const granted = entry.credentials.find((access) => prepared.headersByAccess.has(access));
  const credentialHeaders = granted !== undefined ? prepared.headersByAccess.get(granted)! : entry.credentials.includes(PUBLIC) ? [] : undefined;
  if (!credentialHeaders) {
    const accepted = entry.credentials.length ? entry.credentials.map(describeAccess).join(", ") : "no credential this client supports";
    const scopes = [...prepared.headersByAccess.keys()].filter((access) => access.includes("@"));
    const configured = prepared.kind + (scopes.length ? ` (with ${scopes.map((s) => s.split("@")[1]).join(", ")})` : "");
    throw new CredentialError(`${auth.provider}: ${operation} accepts ${accepted}; this client is configured with ${configured}`);
  }
  return [...Object.entries(entry.headers ?? {}), ...credentialHeaders];
}

export function authMiddleware(auth: ProviderAuth, prepared: PreparedCredential): Middleware {
  return {
    onRequest({ request, schemaPath }) {
      for (const [name, value] of headersFor(auth, prepared, request.method, schemaPath)) {
        // A header the caller set explicitly wins: the client only fills in what is missing.
        if (!request.headers.has(name)) request.headers.set(name, value);
      }
      return request;
    },
  };
}

export type AuthorizedClientOptions<C extends CredentialOptions> = ClientOptions & { auth: C };

export function createAuthorizedClient<Paths extends {}, Table extends ProviderAuth, C extends CredentialOptions>(
  auth: Table,
  options: AuthorizedClientOptions<C>,
): AuthorizedClient<Paths, Table, C> {
  const { auth: credential, ...clientOptions } = options;
  const prepared = prepareCredential(auth, credential);
  const client = createClient<Paths>(clientOptions);
  client.use(authMiddleware(auth, prepared));
  return Object.assign(client, { credential: prepared.info }) as unknown as AuthorizedClient<Paths, Table, C>;
}
