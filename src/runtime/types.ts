/**
 * The types an app handles: a client's options (its own, the SDK's, openapi-fetch's), the logger,
 * pagination, and what a generated client is, type-wise: openapi-fetch's client over the paths its
 * credential can call (generated per provider and credential in generated/<id>/access.ts), plus
 * what it was configured with, `withOptions`, and `paginate` over the provider's paginated lists.
 */
import type { Client, ClientOptions, FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import type { CredentialOptions } from "./table.js";

/** Options a client is created with and a call may override. */
export interface CallOptions {
  /** Per attempt, in ms, obtaining its token included (default 60 000). */
  timeout?: number;
  /** Retries after the first attempt (default 2). */
  maxRetries?: number;
  /** Throw an APIError instead of returning `{ error }` (default false). */
  throwOnError?: boolean;
}

/**
 * Where the client reports requests, retries and token renewals, at or above its level. Messages
 * carry methods, paths and statuses, never credentials or query strings.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

/** A client factory's options: the credential, the SDK's own options, and openapi-fetch's. */
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

/** paginate's own option, beside the list call's. */
export interface PaginateOptions {
  /** The most pages walked; one more throws a RangeError (default 1000). */
  maxPages?: number;
}

/** One page of a paginated list. */
export interface Page<Item, Body> {
  items: Item[];
  /** The whole response body of this page. */
  body: Body;
  response: Response;
}

/** `for await (const item of client.paginate(...))`, or `.pages()` for whole pages. */
export interface Paginated<Item, Body> extends AsyncIterable<Item> {
  pages(): AsyncIterable<Page<Item, Body>>;
}

export interface CredentialInfo<Kind extends string = string> {
  readonly kind: Kind;
  /** The mode the credential implies (Astrocal: "live" or "test" from the key prefix). */
  readonly mode?: string;
}

/** A paginated list: the type of one item and of a whole page's body (generated per provider). */
export interface PaginatedList<Item = unknown, Body = unknown> {
  item: Item;
  body: Body;
}

/** Per call, besides openapi-fetch's own options. */
export type PerCallOptions = CallOptions & { signal?: AbortSignal };

type InitParam<Init> =
  RequiredKeysOf<Init> extends never
    ? [(Init & PerCallOptions & { [key: string]: unknown })?]
    : [Init & PerCallOptions & { [key: string]: unknown }];

/** `client.paginate(path, init)` for the paths of `Lists` the client can GET. */
export interface Paginator<Paths extends {}, Lists> {
  paginate<P extends Extract<PathsWithMethod<Paths, "get">, keyof Lists>>(
    path: P,
    ...init: InitParam<MaybeOptionalInit<Paths[P] & Record<"get", {}>, "get"> & PaginateOptions>
  ): Lists[P] extends PaginatedList<infer Item, infer Body> ? Paginated<Item, Body> : never;
}

/**
 * A generated client: openapi-fetch's client over the paths its credential can call, `paginate`,
 * its provider, its credential and `withOptions`. `Media`, as openapi-fetch's, picks the media type
 * `data` and `error` are typed from (e.g. "application/json"); by default every media type an
 * operation has. `Provider` is the generated client's id (e.g. "calcom"), so code that takes a
 * client — `bookingClientFor(client)` — knows whose it is.
 */
export type AuthorizedClient<
  Paths extends {},
  Kind extends string,
  Lists = {},
  Media extends MediaType = MediaType,
  Provider extends string = string,
> = Client<Paths, Media> &
  Paginator<Paths, Lists> & {
    /** Which generated client this is: its id, e.g. "calcom". */
    readonly provider: Provider;
    readonly credential: CredentialInfo<Kind>;
    /** The same client (credential, token cache) with other call options. */
    withOptions<const O extends CallOptions>(
      options: O,
    ): O extends { throwOnError: true }
      ? ThrowingClient<Paths, Kind, Lists, Media, Provider>
      : AuthorizedClient<Paths, Kind, Lists, Media, Provider>;
  };

type ThrowingMethod<
  Paths extends Record<string, Record<HttpMethod, {}>>,
  Method extends HttpMethod,
  Media extends MediaType,
> = <Path extends PathsWithMethod<Paths, Method>, Init extends MaybeOptionalInit<Paths[Path], Method>>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<Extract<FetchResponse<Paths[Path][Method], Init, Media>, { error?: never }>>;

type Routes<Paths> = Paths & Record<string, Record<HttpMethod, {}>>;

/** A client created with `throwOnError: true`: error responses throw an APIError, so `data` is the success body. */
export type ThrowingClient<
  Paths extends {},
  Kind extends string,
  Lists = {},
  Media extends MediaType = MediaType,
  Provider extends string = string,
> = Omit<
  AuthorizedClient<Paths, Kind, Lists, Media, Provider>,
  "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE" | "withOptions"
> & {
  GET: ThrowingMethod<Routes<Paths>, "get", Media>;
  PUT: ThrowingMethod<Routes<Paths>, "put", Media>;
  POST: ThrowingMethod<Routes<Paths>, "post", Media>;
  DELETE: ThrowingMethod<Routes<Paths>, "delete", Media>;
  OPTIONS: ThrowingMethod<Routes<Paths>, "options", Media>;
  HEAD: ThrowingMethod<Routes<Paths>, "head", Media>;
  PATCH: ThrowingMethod<Routes<Paths>, "patch", Media>;
  TRACE: ThrowingMethod<Routes<Paths>, "trace", Media>;
  withOptions<const O extends CallOptions>(
    options: O,
  ): O extends { throwOnError: false }
    ? AuthorizedClient<Paths, Kind, Lists, Media, Provider>
    : ThrowingClient<Paths, Kind, Lists, Media, Provider>;
};

/** A media type, as openapi-fetch's client type parameter takes it: `type/subtype`. */
export type { MediaType };
