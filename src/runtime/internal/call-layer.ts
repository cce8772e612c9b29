/**
 * The call layer: what a client's calls run through once it exists — openapi-fetch, the operation
 * table, the credential's headers per operation, deadlines and retries, typed errors, pagination.
 * It is its own chunk: the factory (client.ts) starts loading it when a client is created and each
 * call waits for it, so what a page loads up front is the factory and the credential checks.
 */
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import { authMiddleware, fixedHeaders } from "./authorize.js";
import type { ClientCallSettings } from "./call-options.js";
import { bindCalls, type BoundCalls } from "./calls.js";
import type { PreparedCredential } from "./client.js";
import type { LoadedAuth, ProviderAuth } from "../table.js";
import type { FetchLike } from "./tokens/index.js";

export interface CallLayerInput {
  /** openapi-fetch's options, as the app passed them. */
  clientOptions: ClientOptions;
  auth: ProviderAuth;
  prepared: PreparedCredential;
  fetch: FetchLike;
}

export interface CallLayer {
  /** The openapi-fetch client, its middleware: an expiring credential's first (token per request, renewal after a 401). */
  client: Client<{}>;
  /** The call methods for one set of call settings (a client, or one of its `withOptions`). */
  bind(settings: ClientCallSettings): BoundCalls;
}

export async function createCallLayer({ clientOptions, auth, prepared, fetch }: CallLayerInput): Promise<CallLayer> {
  const { source } = prepared;
  const [operations, strategy] = await Promise.all([auth.operations(), source?.strategy.load()]);
  const loaded: LoadedAuth = { ...auth, operations };
  const client = createClient(clientOptions);
  if (source && strategy)
    client.use(authMiddleware(loaded, prepared, strategy.create(prepared.options, source.context), fetch));
  const injectHeaders = source ? undefined : fixedHeaders(loaded, prepared, clientOptions.headers);
  return {
    client,
    bind: (settings) =>
      bindCalls(client, loaded, { ...settings, injectHeaders, redirect: clientOptions.redirect }, fetch),
  };
}
