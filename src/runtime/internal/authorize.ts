/**
 * The headers a configured credential sets per operation, from the operation table: worked out once
 * per operation for fixed credentials (passed in with the call), or per request through a middleware
 * for expiring tokens, which also renews a token after a 401 and replays the request once.
 */
import type { Middleware } from "openapi-fetch";
import type { InjectHeaders } from "./calls.js";
import { CredentialError } from "../errors.js";
import { headerNames, renderHeaders } from "./headers.js";
import { own } from "./own.js";
import { PerOperation } from "./per-operation.js";
import type { PreparedCredential } from "./credential.js";
import { describeAccepted, parseAccessKey, PUBLIC, type ProviderAuth, type OperationEntry } from "../table.js";
import type { FetchLike, TokenSource } from "./tokens/index.js";

/** The access key this credential uses for an operation: one it holds, or "none"; otherwise a CredentialError. */
export function accessFor(
  auth: ProviderAuth,
  prepared: PreparedCredential,
  method: string,
  schemaPath: string,
): { access: string; entry: OperationEntry } {
  const operation = () => `${method.toUpperCase()} ${schemaPath}`;
  const entry: OperationEntry | undefined = own(own(auth.operations, schemaPath), method.toLowerCase());
  // A usage error, not a credential's: no credential can call what the API does not have.
  if (!entry)
    throw new TypeError(
      `${auth.provider}: ${operation()} is not an operation of this API; check the path template (with {placeholders}) and the method`,
    );
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
  const templates = prepared.templatesByAccess.get(access)!;
  if (!prepared.source) return renderHeaders(templates, prepared.options);
  return renderHeaders(templates, { ...prepared.options, [prepared.source.provides]: token });
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
export function fixedHeaders(auth: ProviderAuth, prepared: PreparedCredential, clientHeaders: unknown): InjectHeaders {
  const overridden = new Set(headerNames(clientHeaders));
  const resolved = new PerOperation<Record<string, string>>();
  return (method, path) =>
    resolved.get(path, method, () => {
      // Throws for what is not an operation of the API, before anything is kept for it.
      const { access, entry } = accessFor(auth, prepared, method, path);
      const entries = [...Object.entries(entry.headers ?? {}), ...credentialHeaders(prepared, access)];
      return Object.fromEntries(entries.filter(([name]) => !overridden.has(name.toLowerCase())));
    });
}

/** Expiring credentials: the token is obtained per request, and a 401 renews it and replays once. */
export function authMiddleware(
  auth: ProviderAuth,
  prepared: PreparedCredential,
  tokens: TokenSource,
  fetchImpl: FetchLike,
): Middleware {
  /** Per in-flight request that used an expiring token: the token sent, and a copy of its body to replay. */
  const pending = new Map<string, { token: string; replay?: Request }>();
  // Per operation, worked out once: its access and the headers it always gets.
  const resolved = new PerOperation<{ access: string; fixed: Array<[string, string]> }>();
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
      const operation = resolved.get(schemaPath, request.method, () => {
        const { access, entry } = accessFor(auth, prepared, request.method, schemaPath);
        return { access, fixed: Object.entries(entry.headers ?? {}) };
      });
      const { access } = operation;
      setMissing(request.headers, operation.fixed);
      if (access === PUBLIC) return request;
      const token = tokens.fresh() ?? (await tokens.current(request.signal));
      setMissing(request.headers, headersFor(access, token));
      // Only a body is consumed by sending; a bodiless request can be rebuilt from itself later.
      pending.set(id, { token, replay: request.body ? request.clone() : undefined });
      return request;
    },
    async onResponse({ response, id, schemaPath, request, options }) {
      const sent = pending.get(id);
      pending.delete(id);
      if (!sent || response.status !== 401) return response;
      // One renewal and one replay per request, never a loop.
      const renewed = await tokens.renewAfterRejection(sent.token, request.signal);
      if (renewed === undefined) return response;
      await response.body?.cancel();
      const replay = sent.replay ?? new Request(request);
      const { access } = accessFor(auth, prepared, request.method, schemaPath);
      for (const [name, value] of credentialHeaders(prepared, access, renewed)) replay.headers.set(name, value);
      // The call's own fetch: the replay is bounded by the call's deadline and follows redirects as it does.
      return (options.fetch ?? fetchImpl)(replay);
    },
    onError({ id }) {
      pending.delete(id);
    },
  };
}
