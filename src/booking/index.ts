/**
 * `scheduling-clients/booking`: one typed booking API over SavvyCal, Cal.com, Astrocal and Timekit
 * — event types → slots → book → reschedule → cancel, bookings, and their webhooks — built on the
 * generated clients (their credentials, retries, timeouts, pagination and typed errors).
 */
import type { AuthorizedClient, AuthorizedClientOptions, ThrowingClient } from "scheduling-clients/runtime";
import type { ProviderAuth } from "scheduling-clients/runtime/generated";
import { astrocalAuth, createAstrocalClient, type AstrocalCredential } from "../../generated/astrocal/index.js";
import { calcomAuth, createCalcomClient, type CalcomCredential } from "../../generated/calcom/index.js";
import { createSavvyCalClient, savvyCalAuth, type SavvyCalCredential } from "../../generated/savvycal/index.js";
import { createTimekitClient, timekitAuth, type TimekitCredential } from "../../generated/timekit/index.js";
import type { BookingClient, BookingClientFor } from "./access.js";
import { assemble, mappingOf } from "./client.js";
import type { ProviderId } from "./model.js";

export type * from "./model.js";
export type {
  AvailableMethods,
  BookingClient,
  BookingClientFor,
  BookingMethods,
  CancelOptions,
  EventTypesQuery,
  PathsFor,
  ProviderCredentials,
  RescheduleOptions,
} from "./access.js";
export { BookingError, NotFoundError, SlotUnavailableError, ValidationError, type FieldMessage } from "./errors.js";
export {
  affectedBookingMethods,
  bookingMethods,
  bookingOperations,
  type BookingMethodName,
  type BookingOperations,
  type HttpVerb,
  type Operation,
} from "./operations.js";

const auths: Record<ProviderId, ProviderAuth> = {
  savvycal: savvyCalAuth,
  calcom: calcomAuth,
  astrocal: astrocalAuth,
  timekit: timekitAuth,
};

/** The scopes a credential holds (SavvyCal's platform token holds `account` when `accountId` is given). */
function scopesOf(provider: ProviderId, auth: { kind: string; [option: string]: unknown }): string[] {
  const definition = Object.hasOwn(auths[provider].credentials, auth.kind)
    ? auths[provider].credentials[auth.kind]
    : undefined;
  return Object.entries(definition?.scopes ?? {})
    .filter(([, { option }]) => typeof auth[option] === "string" && auth[option] !== "")
    .map(([scope]) => scope);
}

/**
 * A booking client for a provider and credential: it creates the provider's client with the same
 * options (`auth`, `baseUrl`, `timeout`, `maxRetries`, …) and has exactly the methods that
 * credential can call — with `kind: "none"` or a Timekit widget key, `bookings()` does not compile.
 */
export function createBookingClient<const C extends SavvyCalCredential>(
  options: { provider: "savvycal" } & AuthorizedClientOptions<C>,
): BookingClientFor<"savvycal", C>;
export function createBookingClient<const C extends CalcomCredential>(
  options: { provider: "calcom" } & AuthorizedClientOptions<C>,
): BookingClientFor<"calcom", C>;
export function createBookingClient<const C extends AstrocalCredential>(
  options: { provider: "astrocal" } & AuthorizedClientOptions<C>,
): BookingClientFor<"astrocal", C>;
export function createBookingClient<const C extends TimekitCredential>(
  options: { provider: "timekit" } & AuthorizedClientOptions<C>,
): BookingClientFor<"timekit", C>;
export function createBookingClient(options: { provider: ProviderId } & AuthorizedClientOptions<any>): unknown {
  const { provider, ...clientOptions } = options ?? ({} as typeof options);
  mappingOf(provider);
  const factories = {
    savvycal: createSavvyCalClient,
    calcom: createCalcomClient,
    astrocal: createAstrocalClient,
    timekit: createTimekitClient,
  } as const;
  const client = (factories[provider] as (o: AuthorizedClientOptions<any>) => AuthorizedClient<any, string, any>)(
    clientOptions,
  );
  return assemble(provider, client, scopesOf(provider, clientOptions.auth));
}

/**
 * The booking client over a client you already have (its credential, options and token cache):
 * `bookingClientFor(cal)`. A generated client carries its provider (`cal.provider`), and its type
 * the paths its credential can call, so the booking client has exactly the methods that credential
 * allows — the same access types `createBookingClient` uses. A client created or derived with
 * `throwOnError: true` does as well: the booking API makes its own calls throw either way.
 */
// The throwing client's overload comes first: checked against the plain client's type first, a
// throwing client over a literal credential made tsc give up (TS2590, a union too complex to represent).
export function bookingClientFor<P extends ProviderId, Paths extends {}>(
  client: ThrowingClient<Paths, string, any, any, P>,
): BookingClient<P, Paths>;
export function bookingClientFor<P extends ProviderId, Paths extends {}>(
  client: AuthorizedClient<Paths, string, any, any, P>,
): BookingClient<P, Paths>;
export function bookingClientFor<P extends ProviderId, Paths extends {}>(
  client: AuthorizedClient<Paths, string, any, any, P> | ThrowingClient<Paths, string, any, any, P>,
): BookingClient<P, Paths> {
  const provider = (client as { provider?: unknown } | undefined)?.provider;
  if (typeof provider !== "string")
    throw new TypeError(
      "scheduling-clients/booking: bookingClientFor takes a client created by scheduling-clients/<provider> (its `provider` names it); this one has none",
    );
  return assemble<P, Paths>(provider as P, client);
}
