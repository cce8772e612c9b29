/**
 * Compares two manifests and classifies every client-visible change, in both directions as oasdiff
 * does — on what is sent narrowing breaks callers, on what is received widening does — judged for
 * typed clients (a removed or renamed parameter stops callers compiling). The rules are in
 * `rules/`, grouped as the rule table (`rule-table.ts`, rendered to docs/spec-diff.md) is. A
 * finding on an operation the booking API uses names the `booking.<method>`s it affects.
 */
import type { Manifest } from "../model/manifest.js";
import { ManifestComparison } from "./comparison.js";
import type { ProviderDiff } from "./findings.js";
import { noteBookingMethods } from "./booking.js";
import { compareOperations, compareUnusedComponents, compareWebhooks } from "./rules/surface.js";

export type { Finding, Level, ProviderDiff } from "./findings.js";
export { renderGithub, renderJson, renderMarkdown } from "./render.js";

export function diffManifests(before: Manifest, after: Manifest, warnings: string[] = []): ProviderDiff {
  const comparison = new ManifestComparison(before, after);
  compareOperations(comparison, before, after);
  compareWebhooks(comparison, before, after);
  compareUnusedComponents(comparison, before, after);
  const diff = comparison.findings.result(after.provider, warnings);
  noteBookingMethods(diff.findings, before, after);
  return diff;
}
