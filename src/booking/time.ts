/**
 * Every time conversion the booking API makes, in one place. The booking API's instants are ISO 8601
 * strings with an explicit offset (`2026-03-29T09:00:00+02:00`), its zones IANA names; providers want
 * UTC strings (Cal.com), naive local times beside a zone (SavvyCal), or calendar dates as range keys
 * (SavvyCal, Astrocal). Intl does the zone arithmetic, so this runs wherever apps run.
 */
import { BookingError, ValidationError } from "./errors.js";
import type { ProviderId } from "./model.js";

/** `2026-03-29T09:00:00+02:00`, `…Z`, fractions allowed: an instant that says its offset. */
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
/** A naive local date-time (no offset) or a date, as SavvyCal and the zoned objects spell them. */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(provider: ProviderId, timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      throw new ValidationError(provider, `time zone ${JSON.stringify(timeZone)} is not an IANA zone name`, [
        { field: "timeZone", message: "must be an IANA time zone name, like Europe/Berlin" },
      ]);
    }
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a ValidationError unless `timeZone` is an IANA zone this runtime knows. */
export function assertTimeZone(provider: ProviderId, timeZone: string): void {
  formatterFor(provider, timeZone);
}

const providerNames: Readonly<Record<ProviderId, string>> = {
  savvycal: "SavvyCal",
  calcom: "Cal.com",
  astrocal: "Astrocal",
  timekit: "Timekit",
};

/**
 * A zone a provider answered (an attendee's or invitee's), or undefined when it gave none. Specs type
 * these fields as any string; one this runtime does not know as an IANA zone is the provider's
 * fault, and the booking API says so rather than express a booking's times in a zone that is not one.
 */
export function answeredZone(provider: ProviderId, value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  const fault = () =>
    new BookingError(
      provider,
      `${providerNames[provider]} answered ${field} ${describeAnswered(value)}, which is not an IANA time zone name, so the booking's times cannot be expressed in it: a fault in ${providerNames[provider]}'s answer, not in the request`,
    );
  // The answer is the provider's JSON, whatever its spec says: a number or an object is not a zone either.
  if (typeof value !== "string") throw fault();
  try {
    formatterFor(provider, value);
  } catch {
    throw fault();
  }
  return value;
}

/** A value a provider answered, for a message: its JSON (a string's, quoted), cut to 100 characters. */
function describeAnswered(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.slice(0, 100));
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value); // a cycle or a BigInt: JSON has no text for it
  }
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

/** The wall-clock fields of an instant in a zone. */
function wallClock(provider: ProviderId, ms: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(provider, timeZone).formatToParts(new Date(ms)))
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

/** Minutes the zone is ahead of UTC at that instant (+120 for Berlin in summer). */
export function offsetMinutes(provider: ProviderId, ms: number, timeZone: string): number {
  const w = wallClock(provider, ms, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

function offsetText(minutes: number): string {
  return `${minutes < 0 ? "-" : "+"}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/**
 * Milliseconds of an instant the caller or a provider gave; it must carry its offset (a naive time
 * would be read in whatever zone the server runs in, which is how bookings end up an hour off).
 */
export function parseInstant(provider: ProviderId, value: string, field: string): number {
  const ms = INSTANT.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms))
    throw new ValidationError(provider, `${field} ${JSON.stringify(value)} is not an ISO 8601 instant with an offset`, [
      { field, message: "must be an ISO 8601 date-time with an offset, like 2026-03-29T09:00:00+02:00" },
    ]);
  return ms;
}

/** The instant as ISO 8601 in `timeZone`, with that zone's offset at that instant: `2026-03-29T03:00:00+02:00`. */
export function formatInZone(provider: ProviderId, ms: number, timeZone: string): string {
  const w = wallClock(provider, ms, timeZone);
  const date = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
  return `${date}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${offsetText(offsetMinutes(provider, ms, timeZone))}`;
}

/** A provider's instant (any offset, or UTC) re-expressed in `timeZone`. */
export function toZone(provider: ProviderId, value: string, timeZone: string, field: string): string {
  return formatInZone(provider, parseInstant(provider, value, field), timeZone);
}

/** The instant in UTC with milliseconds, as Cal.com asks ("must be in UTC"): `2026-03-29T01:00:00.000Z`. */
export function toUtc(provider: ProviderId, value: string, field: string): string {
  return new Date(parseInstant(provider, value, field)).toISOString();
}

/** The naive local date-time of an instant in a zone (`2026-03-29T03:00:00`), for SavvyCal's `start_at`. */
export function toLocal(provider: ProviderId, value: string, timeZone: string, field: string): string {
  return formatInZone(provider, parseInstant(provider, value, field), timeZone).slice(0, 19);
}

/** The calendar date of an instant in a zone (`2026-03-29`), for APIs whose ranges are dates. */
export function toLocalDate(provider: ProviderId, value: string, timeZone: string, field: string): string {
  return toLocal(provider, value, timeZone, field).slice(0, 10);
}

/**
 * The instant a naive local time names in a zone. In a gap (a spring-forward hour that does not
 * exist) it lands after the gap, as clocks do; in an overlap, on the earlier of the two.
 */
export function fromLocal(provider: ProviderId, local: string, timeZone: string, field: string): string {
  const m = LOCAL.exec(local);
  if (!m)
    throw new ValidationError(provider, `${field} ${JSON.stringify(local)} is not a local ISO 8601 date-time`, [
      { field, message: "must be a local date-time like 2026-03-29T09:00:00" },
    ]);
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  // The offsets half a day either side cover any one change: each gives a candidate instant; the
  // candidates that read back as `local` are its instants (two in an overlap, none in a gap).
  const before = asUtc - offsetMinutes(provider, asUtc - 43_200_000, timeZone) * 60_000;
  const after = asUtc - offsetMinutes(provider, asUtc + 43_200_000, timeZone) * 60_000;
  const wanted = `${m[1]}-${m[2]}-${m[3]}T${m[4] ?? "00"}:${m[5] ?? "00"}:${m[6] ?? "00"}`;
  const valid = [before, after].filter((ms) => formatInZone(provider, ms, timeZone).slice(0, 19) === wanted);
  // In a gap, the offset from before it carries the time past the gap, as clocks do.
  const ms = valid.length > 0 ? Math.min(...valid) : before;
  return formatInZone(provider, ms, timeZone);
}

/** `value` plus `minutes`, in `timeZone`. */
export function addMinutes(
  provider: ProviderId,
  value: string,
  minutes: number,
  timeZone: string,
  field: string,
): string {
  return formatInZone(provider, parseInstant(provider, value, field) + minutes * 60_000, timeZone);
}

/** Whole minutes from `start` to `end`. */
export function minutesBetween(provider: ProviderId, start: string, end: string): number {
  return Math.round((parseInstant(provider, end, "end") - parseInstant(provider, start, "start")) / 60_000);
}

/** `start` lies in [from, to). */
export function within(provider: ProviderId, start: string, from: string, to: string): boolean {
  const ms = parseInstant(provider, start, "start");
  return ms >= parseInstant(provider, from, "from") && ms < parseInstant(provider, to, "to");
}

/** Minutes in an ISO 8601 duration of hours and minutes (`PT1H30M`), as SavvyCal gives a service's length. */
export function isoDurationMinutes(duration: string): number | undefined {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(duration);
  return m && (m[1] || m[2]) ? Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0) : undefined;
}

/** Minutes in Timekit's length words (`30 minutes`, `1 hour`, `1 hour 30 minutes`). */
export function lengthWordsMinutes(length: string): number | undefined {
  let total = 0;
  let matched = false;
  for (const [, n, unit] of length.matchAll(/(\d+)\s*(hours?|minutes?|mins?)/gi)) {
    matched = true;
    total += Number(n) * (/^h/i.test(unit) ? 60 : 1);
  }
  return matched ? total : undefined;
}
