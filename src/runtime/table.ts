/**
 * The shape of a provider's generated auth table (`generated/<id>/auth.ts`): how each credential
 * kind authenticates, and which credentials each operation accepts plus the headers it needs.
 */

import { own } from "./internal/own.js";
import type { Template } from "./template.js";

/** The access key of public operations, and the credential kind of a client without credentials. */
export const PUBLIC = "none";

/** A header's value: `"{option}"`, `"Prefix {option}"` or `"{option:basic}"`, in template.ts's grammar. */
export type HeaderTemplate = Template;

export interface CredentialDefinition {
  /** Options the caller passes with this kind; required ones are checked when the client is created. */
  readonly options: Readonly<Record<string, "required" | "optional">>;
  /** Headers sent on every request this credential authenticates. A template whose option is absent is not sent. */
  readonly headers: Readonly<Record<string, HeaderTemplate>>;
  /** Extra headers for operations of a scope (e.g. SavvyCal's account), available when `option` is set. */
  readonly scopes?: Readonly<
    Record<string, { readonly option: string; readonly headers: Readonly<Record<string, HeaderTemplate>> }>
  >;
  /** Secret that must not reach a browser. */
  readonly serverOnly?: boolean;
  /**
   * Other ways to obtain the token option `provides` (e.g. minting a JWT, fetching it, refreshing it),
   * by strategy name; the caller picks one by passing the strategy's options instead of the token.
   */
  readonly tokenSources?: Readonly<
    Record<
      string,
      {
        /** The option whose value the strategy supplies. */
        readonly provides: string;
        /** Options the caller passes for this strategy besides its own (values for the config's templates). */
        readonly options?: Readonly<Record<string, "required" | "optional">>;
        /** The provider's specifics (endpoints, envelopes, wording): the strategy's registry entry lists the keys. */
        readonly config?: Readonly<Record<string, unknown>>;
      }
    >
  >;
  /**
   * The mode (e.g. live/test) the credential implies, exposed as `client.credential.mode`: from the
   * prefix of an option's value (`prefixes`), or the option's own value, one of `values`, else `default`.
   */
  readonly mode?: {
    readonly option: string;
    readonly prefixes?: Readonly<Record<string, string>>;
    readonly values?: readonly string[];
    readonly default?: string;
  };
}

/** One accepted credential: a kind, and the scope it must carry where the operation needs one. */
export interface AcceptedCredential {
  readonly kind: string;
  readonly scope?: string;
}

/**
 * How the table spells an accepted credential, compactly: `kind`, or `kind@scope` when the kind must
 * carry that scope's option (a SavvyCal platform token with an account). The only encoder and decoder.
 */
export const accessKey = ({ kind, scope }: AcceptedCredential): string => (scope ? `${kind}@${scope}` : kind);

export function parseAccessKey(key: string): AcceptedCredential {
  const at = key.indexOf("@");
  return at < 0 ? { kind: key } : { kind: key.slice(0, at), scope: key.slice(at + 1) };
}

/**
 * The header templates a credential sends for one access: its kind's, and its scope's on top when
 * the access carries one. The only derivation: the runtime renders these, the generator documents them.
 */
export function headersOfAccess(
  credential: Pick<CredentialDefinition, "headers" | "scopes">,
  scope?: string,
): Readonly<Record<string, HeaderTemplate>> {
  const scoped = scope === undefined ? undefined : own(credential.scopes, scope);
  return scoped ? { ...credential.headers, ...scoped.headers } : credential.headers;
}

/**
 * An accepted credential as people read it, in error messages and JSDoc: `apiKey`, `none (public)`,
 * or `platformToken with accountId (sends X-SavvyCal-Account)`.
 */
export function describeAccepted(
  { kind, scope }: AcceptedCredential,
  credentials: Readonly<Record<string, Pick<CredentialDefinition, "scopes">>>,
): string {
  if (kind === PUBLIC) return "none (public)";
  const scoped = scope === undefined ? undefined : own(own(credentials, kind)?.scopes, scope);
  return scoped ? `${kind} with ${scoped.option} (sends ${Object.keys(scoped.headers).join(", ")})` : kind;
}

export interface OperationEntry {
  /** Accepted alternatives as access keys (see `accessKey`), `"none"` for a public operation. */
  readonly credentials: readonly string[];
  /** Headers the client sets on this operation whatever the credential (e.g. `cal-api-version`). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Index into `runtime.pagination` when the operation is a paginated list. */
  readonly pagination?: number;
}

/** A dotted path into a JSON body, e.g. `meta.total_pages`. */
export type BodyPath = string;

/** How a paginated list pages: the provider's style, as data. */
export type PaginationStyle =
  /** Page numbers from 1: SavvyCal `page`/`page_size` + `meta.total_pages`, Timekit `page`/`limit` + `last_page`. */
  | {
      readonly style: "page";
      readonly items: BodyPath;
      readonly page: string;
      readonly pageSize?: string;
      readonly totalPages?: BodyPath;
      readonly lastPage?: BodyPath;
    }
  /** Offsets: Cal.com `skip`/`take` (+ `pagination.hasNextPage` where present), `offset`/`limit`. */
  | {
      readonly style: "offset";
      readonly items: BodyPath;
      readonly offset: string;
      readonly limit: string;
      readonly defaultLimit?: number;
      readonly hasNextPage?: BodyPath;
    }
  /** A cursor taken from the last item: Astrocal `starting_after` = last id, while `has_more`. */
  | {
      readonly style: "cursor";
      readonly items: BodyPath;
      readonly cursor: string;
      readonly cursorFrom: string;
      readonly hasMore: BodyPath;
    };

/** What the provider's docs say about its runtime behaviour (annotation file, `runtime:`). */
export interface RuntimeFacts {
  readonly errors?: {
    /** Where the error's code and message are in the provider's error body (first that is a string). */
    readonly code?: readonly BodyPath[];
    readonly message?: readonly BodyPath[];
  };
  readonly rateLimit?: {
    /** Statuses besides 429 that mean "rate limited" (Timekit: 503). */
    readonly statuses?: readonly number[];
    /** Headers saying when the limit resets (ISO time, epoch or seconds). */
    readonly resetHeaders?: readonly string[];
  };
  readonly requestIdHeaders?: readonly string[];
  readonly pagination?: readonly PaginationStyle[];
}

/** path template → lower-case method → entry */
export type OperationTable = Readonly<Record<string, Readonly<Record<string, OperationEntry>>>>;

export interface ProviderAuth {
  readonly provider: string;
  readonly runtime?: RuntimeFacts;
  readonly credentials: Readonly<Record<string, CredentialDefinition>>;
  /** Per operation, what it accepts (`operations.ts`, imported by `auth.ts`). */
  readonly operations: OperationTable;
}

/** The credential a client is created with: its kind plus that kind's options. */
export type CredentialOptions = { readonly kind: string } & Readonly<Record<string, unknown>>;
