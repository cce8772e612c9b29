/**
 * Which booking methods a finding affects: each manifest of a provider the booking API covers lists
 * the operations every `booking.<method>` uses, and a finding on one of them says so. Both sides'
 * lists count — the base's names an operation that was removed, the new one's an operation the
 * booking API has moved to — and an operation renamed only in a path parameter's name (as the
 * rules pair them) is still the same operation.
 */
import type { Manifest } from "../model/manifest.js";
import type { Finding } from "./findings.js";

/** An operation key with its path parameters' names left out: "POST /v2/bookings/{}/cancel". */
const shapeOf = (key: string) => key.replace(/\{[^}]+\}/g, "{}");

/** Operation shape → the booking methods (`booking.<method>`) that use it, in the manifests' order. */
function bookingIndex(before: Manifest, after: Manifest): Map<string, string[]> {
  const index = new Map<string, Set<string>>();
  for (const manifest of [before, after])
    for (const [method, keys] of Object.entries(manifest.booking ?? {}))
      for (const key of keys) {
        const shape = shapeOf(key);
        let methods = index.get(shape);
        if (!methods) index.set(shape, (methods = new Set()));
        methods.add(`booking.${method}`);
      }
  return new Map([...index].map(([shape, methods]) => [shape, [...methods]]));
}

/** Sets `affects` on each finding whose operation a booking method uses; the findings' order stays. */
export function noteBookingMethods(findings: Finding[], before: Manifest, after: Manifest): void {
  const index = bookingIndex(before, after);
  if (index.size === 0) return;
  for (const finding of findings) {
    const methods = index.get(shapeOf(finding.operation));
    if (methods) finding.affects = [...methods];
  }
}
