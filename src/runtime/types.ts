/**
 * What a generated client is, type-wise: openapi-fetch's client over the paths its credential can
 * call (generated per provider and credential in generated/<id>/access.ts), plus what it was
 * configured with.
 */
import type { Client } from "openapi-fetch";

export interface CredentialInfo<Kind extends string = string> {
  readonly kind: Kind;
  /** The mode the credential implies (Astrocal: "live" or "test" from the key prefix). */
  readonly mode?: string;
}

export type AuthorizedClient<Paths extends {}, Kind extends string> = Client<Paths> & { readonly credential: CredentialInfo<Kind> };
