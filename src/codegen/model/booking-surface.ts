/**
 * The operations the booking API (`scheduling-clients/booking`) uses, per method, as the manifest
 * records them: `{ book: ["POST /v2/bookings"], … }`. Read from the booking module's own table
 * (src/booking/operations.ts) — the one list both the booking runtime and `specs:diff` follow; the
 * generator may import the runtime's data, never the reverse.
 */
import { bookingMethods, bookingOperations, type Operation } from "../../booking/operations.js";
import { dict } from "../support/dict.js";
import { operationKey } from "./spec-operations.js";

/** Booking method → the operation keys any of its alternatives calls, sorted; `{}` for a provider the booking API does not cover. */
export type BookingSurface = Record<string, string[]>;

export function bookingSurfaceOf(providerId: string): BookingSurface {
  const tables: Record<string, Record<string, readonly (readonly Operation[])[]>> = bookingOperations;
  const surface = dict<string[]>();
  if (!Object.hasOwn(tables, providerId)) return surface;
  for (const method of bookingMethods) {
    const keys = tables[providerId][method].flatMap((alternative) =>
      alternative.map(([verb, path]) => operationKey(verb, path)),
    );
    surface[method] = [...new Set(keys)].sort();
  }
  return surface;
}
