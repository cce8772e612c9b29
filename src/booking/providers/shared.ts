/**
 * What every provider's mapping module shares: the contract it implements for the assembler, the
 * small memory a booking client keeps between calls, and the bookings filter.
 */
import { APIError } from "scheduling-clients/runtime";
import type { OperationTable } from "scheduling-clients/runtime/generated";
import type { BookingMethods } from "../access.js";
import type { Booking, BookingEvent, BookingsQuery, ProviderId, WebhookInput } from "../model.js";
import type { BookingMethodName } from "../operations.js";
import { parseInstant } from "../time.js";

/** Which alternative of operations.ts each method uses for this credential (undefined: the method is absent). */
export type Choice = Readonly<Record<BookingMethodName, number | undefined>>;

/**
 * What one booking client remembers between calls, so the flow `slots` → `book` → `reschedule` →
 * `cancel` needs no more than the arguments: the end of each slot it listed, and the
 * Astrocal invitee tokens of bookings it made. Bounded: the oldest entries go first.
 */
export class Memory {
  private readonly slotEnds = new Map<string, string>();
  private readonly tokens = new Map<string, string>();
  private static readonly limit = 2_000;

  rememberSlot(provider: ProviderId, eventTypeId: string, start: string, end: string): void {
    remember(this.slotEnds, `${eventTypeId}\u0000${parseInstant(provider, start, "start")}`, end, Memory.limit);
  }

  slotEnd(provider: ProviderId, eventTypeId: string, start: string): string | undefined {
    return this.slotEnds.get(`${eventTypeId}\u0000${parseInstant(provider, start, "start")}`);
  }

  rememberToken(bookingId: string, token: string | undefined): void {
    if (token) remember(this.tokens, bookingId, token, Memory.limit);
  }

  token(bookingId: string): string | undefined {
    return this.tokens.get(bookingId);
  }
}

function remember(map: Map<string, string>, key: string, value: string, limit: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > limit) map.delete(map.keys().next().value!);
}

/** One provider's mapping, as the assembler (../client.ts) uses it. */
export interface ProviderMapping<P extends ProviderId> {
  readonly provider: P;
  /** The provider's generated operation table: which credentials each operation accepts. */
  readonly operations: OperationTable;
  /** Every method, over the raw client, using the alternative `choice` names. */
  methods(client: unknown, choice: Choice, memory: Memory): BookingMethods<P>;
  /** The booking API's error for a provider's APIError thrown by `method`, or the error unchanged. */
  normalise(error: unknown, method: BookingMethodName): unknown;
  /** Verifies and normalises a webhook delivery (absent where the provider signs none). */
  webhook?(input: WebhookInput): Promise<BookingEvent<P>>;
}

/** The APIError of a failed call (the raw clients throw it with `throwOnError`). */
export function apiError(error: unknown): APIError | undefined {
  return error instanceof APIError ? error : undefined;
}

/** Whether a booking passes the `bookings()` filter. */
export function matchesQuery<P extends ProviderId>(booking: Booking<P>, query: BookingsQuery, now: number): boolean {
  const start = parseInstant(booking.provider, booking.start, "start");
  const end = parseInstant(booking.provider, booking.end, "end");
  if (query.from !== undefined && start < parseInstant(booking.provider, query.from, "from")) return false;
  if (query.to !== undefined && start >= parseInstant(booking.provider, query.to, "to")) return false;
  const live = booking.status === "confirmed" || booking.status === "pending";
  switch (query.status) {
    case "upcoming":
      return live && end > now;
    case "past":
      return live && end <= now;
    case "cancelled":
      return booking.status === "cancelled";
    default:
      return true;
  }
}

/** "Ada King Lovelace" → first "Ada", last "King Lovelace" (for APIs that split names). */
export function splitName(name: string): { first: string; last: string } {
  const trimmed = name.trim();
  const space = trimmed.indexOf(" ");
  return space < 0
    ? { first: trimmed, last: "" }
    : { first: trimmed.slice(0, space), last: trimmed.slice(space + 1).trim() };
}

/** Lowercased text of an error body, for the few places a provider says "slot taken" only in words. */
export function bodyText(body: unknown): string {
  try {
    return (typeof body === "string" ? body : (JSON.stringify(body) ?? "")).toLowerCase();
  } catch {
    return "";
  }
}
