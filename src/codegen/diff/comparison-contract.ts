/**
 * What a rule module sees of a comparison: the contract between `comparison.ts` (which walks the
 * schemas and calls the rules) and `rules/*` (which report findings and walk further through it).
 * Kept apart so that neither imports the other: the walk depends on the rules, the rules on this.
 */
import type { SchemaSurface } from "../model/manifest.js";
import type { RuleId } from "./rule-table.js";

export type Side = "request" | "response";
export type Which = "before" | "after";

/** One schema compared with its counterpart: both already resolved and merged (`effective`). */
export interface SchemaPair {
  side: Side;
  operation: string;
  location: string;
  before: SchemaSurface;
  after: SchemaSurface;
  depth: number;
}

/** One side's manifest, read through its references. */
export interface ManifestReader {
  /** A component schema by name (`{}` when there is none). */
  named(name: string): SchemaSurface;
  /** A schema with its `ref` followed and its `allOf` merged in: what values it describes. */
  effective(schema: SchemaSurface | undefined): SchemaSurface;
  /** A hash of what a schema describes, looking through references: equal prints, no finding. */
  fingerprint(schema: SchemaSurface | boolean | undefined): string;
}

export interface Comparison {
  readonly before: ManifestReader;
  readonly after: ManifestReader;
  /** Records a finding of rule `id` (its level comes from the rule table). */
  add(id: RuleId, operation: string, location: string, message: string): void;
  /** Do two schemas (one from each manifest) describe the same values? */
  same(before: SchemaSurface | boolean | undefined, after: SchemaSurface | boolean | undefined): boolean;
  /** Compares one schema with its counterpart, every rule group in turn, then what lies below. */
  schema(
    side: Side,
    operation: string,
    location: string,
    before: SchemaSurface | undefined,
    after: SchemaSurface | undefined,
    depth?: number,
  ): void;
  /** Names of the component schemas reachable from `roots` in one manifest. */
  reachable(which: Which, roots: Iterable<SchemaSurface>): Set<string>;
}
