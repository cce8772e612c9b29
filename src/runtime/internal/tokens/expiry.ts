/**
 * When a token expires, as apps and token endpoints write it: epoch milliseconds, epoch seconds, a
 * Date, or an ISO 8601 date-time with a zone. One reading for all, so that a stored expiry in
 * another unit is not taken for one long past (which would refresh and rotate on every call).
 */

/**
 * Numbers below this are epoch seconds, from it on epoch milliseconds: 10^11 seconds is the year
 * 5138, 10^11 milliseconds is March 1973, so no expiry a token endpoint gives falls in between.
 */
export const SECONDS_BELOW = 1e11;

/** A date-time with a zone (`Z` or ±hh:mm): without one, the instant would depend on the machine's zone. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Epoch milliseconds for an expiry in any accepted form; undefined when it is none of them. */
export function epochMsOf(value: unknown): number | undefined {
  let ms: number | undefined;
  if (typeof value === "number") ms = value < SECONDS_BELOW ? value * 1000 : value;
  else if (value instanceof Date) ms = value.getTime();
  else if (typeof value === "string" && ISO_DATE_TIME.test(value)) ms = Date.parse(value);
  return ms !== undefined && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/** How the accepted forms are named in messages. */
export const EXPIRY_FORMS = "epoch milliseconds, epoch seconds, a Date or an ISO 8601 date-time with a zone";
