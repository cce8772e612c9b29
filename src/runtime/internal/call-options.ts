/**
 * The options a client is created with and a call may override (CallOptions, in types.ts), checked
 * when given; the call path that applies them is in calls.ts.
 */
import type { ActiveLogger } from "./logger.js";
import type { CallOptions } from "../types.js";

export type { CallOptions };

/** openapi-fetch calls a body serializer with the body and the request's headers. */
export type Serializer = (body: unknown, headers?: unknown) => unknown;

/** A client's call settings: its options with their defaults, and how it reports. */
export interface ClientCallSettings extends Required<CallOptions> {
  logger: ActiveLogger;
  /** The client's own body serializer, if it was given one. */
  bodySerializer?: Serializer;
}

export const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;
export type Method = (typeof METHODS)[number];

export const DEFAULT_CALL_SETTINGS = { timeout: 60_000, maxRetries: 2, throwOnError: false } as const;

export function checkCallOptions(provider: string, options: CallOptions): void {
  const { timeout, maxRetries, throwOnError } = options;
  if (timeout !== undefined && !(typeof timeout === "number" && timeout > 0 && Number.isFinite(timeout)))
    throw new RangeError(`${provider}: timeout must be a positive number of milliseconds`);
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0 && maxRetries <= 10))
    throw new RangeError(`${provider}: maxRetries must be a whole number from 0 to 10`);
  if (throwOnError !== undefined && typeof throwOnError !== "boolean")
    throw new TypeError(`${provider}: throwOnError must be true or false`);
}
