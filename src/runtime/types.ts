/**
 * Type-level narrowing: a client's paths are only the operations its credential can call.
 */
import type { Client } from "openapi-fetch";
import type { CredentialOptions, ProviderAuth } from "./table.js";

type ScopeAccess<Definition, C extends CredentialOptions> = Definition extends { scopes: infer Scopes }
  ? {
      [S in keyof Scopes]: Scopes[S] extends { option: infer O extends string }
        ? C extends { readonly [K in O]: string }
          ? `${C["kind"]}@${S & string}`
          : never
        : never;
    }[keyof Scopes]
  : never;

/** The access keys a credential holds: its kind, `kind@scope` for each scope whose option it carries, and "none". */
export type AccessOf<Table extends ProviderAuth, C extends CredentialOptions> =
  | "none"
  | (C extends CredentialOptions
      ? C["kind"] | (C["kind"] extends keyof Table["credentials"] ? ScopeAccess<Table["credentials"][C["kind"]], C> : never)
      : never);

type Accepts<Entry, Access extends string> = Entry extends { credentials: readonly (infer Accepted)[] }
  ? [Extract<Accepted, Access>] extends [never]
    ? false
    : true
  : false;

type AnyMethodAccepts<Methods, Access extends string> = true extends { [M in keyof Methods]: Accepts<Methods[M], Access> }[keyof Methods] ? true : false;

/** The keys of a path item the access keys may use: permitted methods, plus non-method keys such as `parameters`. */
type PermittedKeys<Item, Entries, Access extends string> = {
  [M in keyof Item]: M extends keyof Entries ? (Accepts<Entries[M], Access> extends true ? M : never) : M;
}[keyof Item];

/**
 * `Paths` without the operations the access keys cannot call: a forbidden method becomes an optional
 * `never` (so openapi-fetch offers no such call), and a path with nothing left disappears.
 */
export type PathsFor<Paths, Operations, Access extends string> = {
  [P in keyof Paths as P extends keyof Operations ? (AnyMethodAccepts<Operations[P], Access> extends true ? P : never) : never]: P extends keyof Operations
    ? Pick<Paths[P], PermittedKeys<Paths[P], Operations[P], Access>> & { [M in Exclude<keyof Paths[P], PermittedKeys<Paths[P], Operations[P], Access>>]?: never }
    : never;
};

/** What a generated client exposes besides openapi-fetch's methods. */
export interface CredentialInfo<Kind extends string = string> {
  readonly kind: Kind;
  /** The mode the credential implies (Astrocal: "live" or "test" from the key prefix). */
  readonly mode?: string;
}

export type AuthorizedClient<Paths extends {}, Table extends ProviderAuth, C extends CredentialOptions> = Client<
  PathsFor<Paths, Table["operations"], AccessOf<Table, C>>
> & { readonly credential: CredentialInfo<C["kind"]> };
