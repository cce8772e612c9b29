/**
 * What a generated client is, type-wise: openapi-fetch's client over the paths its credential can
 * call (generated per provider and credential in generated/<id>/access.ts), plus what it was
 * configured with, `withOptions`, and `paginate` over the provider's paginated lists.
 */
import type { Client, FetchResponse, MaybeOptionalInit } from "openapi-fetch";
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from "openapi-typescript-helpers";
import type { CallOptions } from "./internal/call-options.js";
import type { PaginateOptions, Paginated } from "./internal/paginate.js";

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

export type AuthorizedClient<Paths extends {}, Kind extends string, Lists = {}> = Client<Paths> &
  Paginator<Paths, Lists> & {
    readonly credential: CredentialInfo<Kind>;
    /** The same client (credential, token cache) with other call options. */
    withOptions<const O extends CallOptions>(
      options: O,
    ): O extends { throwOnError: true } ? ThrowingClient<Paths, Kind, Lists> : AuthorizedClient<Paths, Kind, Lists>;
  };

type ThrowingMethod<Paths extends Record<string, Record<HttpMethod, {}>>, Method extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, Method>,
  Init extends MaybeOptionalInit<Paths[Path], Method>,
>(
  url: Path,
  ...init: InitParam<Init>
) => Promise<Extract<FetchResponse<Paths[Path][Method], Init, MediaType>, { error?: never }>>;

/** A client created with `throwOnError: true`: error responses throw an APIError, so `data` is the success body. */
export type ThrowingClient<Paths extends {}, Kind extends string, Lists = {}> = Omit<
  AuthorizedClient<Paths, Kind, Lists>,
  "GET" | "PUT" | "POST" | "DELETE" | "OPTIONS" | "HEAD" | "PATCH" | "TRACE" | "withOptions"
> & {
  GET: ThrowingMethod<Paths & Record<string, Record<HttpMethod, {}>>, "get">;
  PUT: ThrowingMethod<Paths & Record<string, Record<HttpMethod, {}>>, "put">;
  POST: ThrowingMethod<Paths & Record<string, Record<HttpMethod, {}>>, "post">;
  DELETE: ThrowingMethod<Paths & Record<string, Record<HttpMethod, {}>>, "delete">;
  OPTIONS: ThrowingMethod<Paths & Record<string, Record<HttpMethod, {}>>, "options">;
  HEAD: ThrowingMethod<Paths & Record<string, Record<HttpMethod, {}>>, "head">;
  PATCH: ThrowingMethod<Paths & Record<string, Record<HttpMethod, {}>>, "patch">;
  TRACE: ThrowingMethod<Paths & Record<string, Record<HttpMethod, {}>>, "trace">;
  withOptions<const O extends CallOptions>(
    options: O,
  ): O extends { throwOnError: false } ? AuthorizedClient<Paths, Kind, Lists> : ThrowingClient<Paths, Kind, Lists>;
};
