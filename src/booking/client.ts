/**
 * Builds a booking client over a raw client: the methods its credential can call (the first
 * alternative of operations.ts whose operations all accept the credential, read from the provider's
 * generated operation table), each turning the provider's APIError into the booking API's errors.
 */
import type { CredentialInfo } from "scheduling-clients/runtime";
import type { OperationTable } from "scheduling-clients/runtime/generated";
import type { BookingClient } from "./access.js";
import type { ProviderId } from "./model.js";
import { bookingMethods, bookingOperations, type BookingMethodName, type Operation } from "./operations.js";
import { astrocalMapping } from "./providers/astrocal.js";
import { calcomMapping } from "./providers/calcom.js";
import { savvyCalMapping } from "./providers/savvycal.js";
import { Memory, type Choice, type ProviderMapping } from "./providers/shared.js";
import { timekitMapping } from "./providers/timekit.js";

const mappings: { readonly [P in ProviderId]: ProviderMapping<P> } = {
  savvycal: savvyCalMapping,
  calcom: calcomMapping,
  astrocal: astrocalMapping,
  timekit: timekitMapping,
};

/** The provider's mapping, or a one-line error naming the providers there are. */
export function mappingOf<P extends ProviderId>(provider: P): ProviderMapping<P> {
  if (typeof provider !== "string" || !Object.hasOwn(mappings, provider))
    throw new TypeError(
      `scheduling-clients/booking: unknown provider ${JSON.stringify(provider)}; pass one of ${Object.keys(mappings).join(", ")}`,
    );
  return mappings[provider] as ProviderMapping<P>;
}

/**
 * Whether the credential may call the operation. The table spells accepted credentials `kind` or
 * `kind@scope`; `scopes` are those the credential holds, or undefined when unknown (a raw client
 * does not say), in which case the raw client itself refuses a call its credential lacks the scope for.
 */
function accepts(
  table: OperationTable,
  [verb, path]: Operation,
  kind: string,
  scopes: readonly string[] | undefined,
): boolean {
  const entry = Object.hasOwn(table, path)
    ? (table[path] as Record<string, { credentials: readonly string[] }>)
    : undefined;
  const operation = entry && Object.hasOwn(entry, verb) ? entry[verb] : undefined;
  return (
    operation?.credentials.some((key) => {
      if (key === "none") return true; // public operations are callable with any credential, sent without it
      const [k, scope] = key.split("@");
      return k === kind && (scope === undefined || scopes === undefined || scopes.includes(scope));
    }) ?? false
  );
}

/** For each method, the first alternative all of whose operations the credential may call. */
export function chooseAlternatives(
  provider: ProviderId,
  table: OperationTable,
  kind: string,
  scopes?: readonly string[],
): Choice {
  const alternatives: Record<BookingMethodName, readonly (readonly Operation[])[]> = bookingOperations[provider];
  const choice = {} as Record<BookingMethodName, number | undefined>;
  for (const method of bookingMethods) {
    const index = alternatives[method].findIndex((ops) => ops.every((op) => accepts(table, op, kind, scopes)));
    choice[method] = index < 0 ? undefined : index;
  }
  return choice;
}

/** A booking client over `client`, a raw client of `provider` (its credential's kind decides the methods). */
export function assemble<P extends ProviderId, Paths>(
  provider: P,
  client: { readonly credential: CredentialInfo },
  scopes?: readonly string[],
): BookingClient<P, Paths> {
  const mapping = mappingOf(provider);
  const kind = client?.credential?.kind;
  if (typeof kind !== "string")
    throw new TypeError(`scheduling-clients/booking: pass a client created by scheduling-clients/${provider}`);
  const choice = chooseAlternatives(provider, mapping.operations, kind, scopes);
  const methods = mapping.methods(client, choice, new Memory()) as unknown as Record<
    BookingMethodName,
    (...args: unknown[]) => unknown
  >;
  const booking: Record<string, unknown> = { provider };
  for (const method of bookingMethods) {
    if (choice[method] === undefined) continue; // exactly the methods the credential can call
    const run = methods[method];
    booking[method] =
      method === "bookings"
        ? async function* (...args: unknown[]) {
            try {
              yield* run(...args) as AsyncIterable<unknown>;
            } catch (error) {
              throw mapping.normalise(error, method);
            }
          }
        : async (...args: unknown[]) => {
            try {
              return await run(...args);
            } catch (error) {
              throw mapping.normalise(error, method);
            }
          };
  }
  if (mapping.webhook) booking.webhook = mapping.webhook.bind(mapping);
  return Object.freeze(booking) as BookingClient<P, Paths>;
}
