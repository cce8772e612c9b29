/** The booking API's one time module, across Berlin's DST changes of 2026 (29 March, 25 October). */
import { describe, expect, it } from "vitest";
import { BookingError, ValidationError } from "../../src/booking/index.js";
import {
  addMinutes,
  answeredZone,
  formatInZone,
  fromLocal,
  isoDurationMinutes,
  lengthWordsMinutes,
  parseInstant,
  toLocal,
  toLocalDate,
  toUtc,
  toZone,
} from "../../src/booking/time.js";

const P = "calcom" as const;
const berlin = "Europe/Berlin";

describe("instants in a zone, across a DST change", () => {
  it("gives each instant its zone's offset at that instant", () => {
    expect(formatInZone(P, Date.parse("2026-03-29T00:30:00Z"), berlin)).toBe("2026-03-29T01:30:00+01:00");
    expect(formatInZone(P, Date.parse("2026-03-29T01:30:00Z"), berlin)).toBe("2026-03-29T03:30:00+02:00");
    expect(toZone(P, "2026-03-29T09:00:00.000Z", "America/New_York", "start")).toBe("2026-03-29T05:00:00-04:00");
    expect(toZone(P, "2026-03-01T09:00:00Z", "Asia/Kolkata", "start")).toBe("2026-03-01T14:30:00+05:30");
  });

  it("adds minutes on the time line, not the wall clock", () => {
    expect(addMinutes(P, "2026-03-29T01:30:00+01:00", 60, berlin, "start")).toBe("2026-03-29T03:30:00+02:00");
    expect(addMinutes(P, "2026-10-25T02:30:00+02:00", 60, berlin, "start")).toBe("2026-10-25T02:30:00+01:00");
  });

  it("reads a local time in a zone: a skipped hour lands after the gap, a repeated one on the earlier", () => {
    expect(fromLocal(P, "2026-03-29T01:30:00", berlin, "start")).toBe("2026-03-29T01:30:00+01:00");
    expect(fromLocal(P, "2026-03-29T02:30:00", berlin, "start")).toBe("2026-03-29T03:30:00+02:00");
    expect(fromLocal(P, "2026-03-29T04:00:00", berlin, "start")).toBe("2026-03-29T04:00:00+02:00");
    expect(fromLocal(P, "2026-10-25T02:30:00", berlin, "start")).toBe("2026-10-25T02:30:00+02:00");
  });

  it("converts to each provider's convention", () => {
    expect(toUtc(P, "2026-03-29T03:30:00+02:00", "start")).toBe("2026-03-29T01:30:00.000Z");
    expect(toLocal(P, "2026-03-29T01:30:00Z", berlin, "start")).toBe("2026-03-29T03:30:00");
    expect(toLocalDate(P, "2026-03-28T23:30:00Z", berlin, "from")).toBe("2026-03-29");
  });

  it("refuses a time without an offset and an unknown zone, naming the field", () => {
    expect(() => parseInstant(P, "2026-03-29T09:00:00", "start")).toThrow(ValidationError);
    expect(() => parseInstant(P, "tomorrow", "start")).toThrow(/start "tomorrow" is not an ISO 8601 instant/);
    const error = (() => {
      try {
        toZone(P, "2026-03-29T09:00:00Z", "Mars/Olympus", "start");
      } catch (e) {
        return e as ValidationError;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error?.fields[0]?.field).toBe("timeZone");
  });

  it("reads the providers' lengths", () => {
    expect(isoDurationMinutes("PT1H30M")).toBe(90);
    expect(isoDurationMinutes("PT45M")).toBe(45);
    expect(lengthWordsMinutes("1 hour 30 minutes")).toBe(90);
    expect(lengthWordsMinutes("30 minutes")).toBe(30);
  });

  it("takes a zone a provider answered, and blames the provider for one that is no zone, whatever its type", () => {
    expect(answeredZone(P, berlin, "attendees[0].timeZone")).toBe(berlin);
    for (const none of [undefined, null, ""]) expect(answeredZone(P, none, "attendees[0].timeZone")).toBeUndefined();
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const cases: [unknown, string][] = [
      ["Mars/Olympus", '"Mars/Olympus"'],
      [5, "5"],
      [{}, "{}"],
      [true, "true"],
      [[berlin], '["Europe/Berlin"]'],
      [{ zone: "x".repeat(200) }, `{"zone":"${"x".repeat(91)}…`],
      [10n, "[object BigInt]"],
      [cycle, "[object Object]"],
    ];
    for (const [value, shown] of cases) {
      let error: unknown;
      try {
        answeredZone(P, value, "attendees[0].timeZone");
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(BookingError);
      expect(error).not.toBeInstanceOf(ValidationError);
      expect((error as BookingError).message).toBe(
        `Cal.com answered attendees[0].timeZone ${shown}, which is not an IANA time zone name, so the booking's times cannot be expressed in it: a fault in Cal.com's answer, not in the request`,
      );
    }
  });
});
