/**
 * The booking API's errors, on top of the clients' typed ones: what an app branches on whichever
 * provider answered. Each keeps the provider's own APIError as `cause` (status, code, body,
 * request id); errors the booking API does not normalise (auth, rate limits, connection) are the
 * clients' own and pass through unchanged.
 */
import type { ProviderId } from "./model.js";

/** A field the provider (or the booking API, before sending) found wrong, with its message. */
export interface FieldMessage {
  /** The field as the provider names it (`attendee.email`, `start_at`), or the booking API's input name. */
  readonly field: string;
  readonly message: string;
}

/** Base of the booking API's own errors. */
export class BookingError extends Error {
  constructor(
    readonly provider: ProviderId,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The slot was taken between `slots` and `book` (or `reschedule`), or lies outside availability: pick another. */
export class SlotUnavailableError extends BookingError {}

/** The event type or booking does not exist (or this credential cannot see it). */
export class NotFoundError extends BookingError {}

/** The request was refused as invalid: `fields` holds the provider's field messages. */
export class ValidationError extends BookingError {
  constructor(
    provider: ProviderId,
    message: string,
    readonly fields: readonly FieldMessage[],
    options?: { cause?: unknown },
  ) {
    super(provider, message, options);
  }
}
