/**
 * The comparison's state and its schema walk. Every walk is memoized by reference, so work stays
 * linear in the document however schemas share each other (an `allOf` chain where each schema
 * names the next four times is no worse than a list): a named schema's merged form and its
 * fingerprint are computed once per manifest, and a pair of named schemas is compared once per
 * operation. The rules themselves live in `rules/`, grouped as the rule table is.
 */
import { createHash } from "node:crypto";
import { own } from "../support/dict.js";
import { SCHEMA_KEYWORDS, type Manifest, type SchemaSurface } from "../model/manifest.js";
import { Findings } from "./findings.js";
import type { RuleId } from "./rule-table.js";
import type { Comparison, ManifestReader, SchemaPair, Side, Which } from "./comparison-contract.js";
import { compareConst, compareDefault, compareEnum, compareFormat, compareTypes } from "./rules/types.js";
import { compareConstraints } from "./rules/constraints.js";
import { compareStructure } from "./rules/structure.js";
import { compareVariants } from "./rules/variants.js";

/** Past a depth no real contract reaches, the walk stops. */
const MAX_DEPTH = 48;

// The schema-valued keywords, as the manifest records them.
const SCHEMA_VALUED = SCHEMA_KEYWORDS.schema;
const SCHEMA_MAPS = SCHEMA_KEYWORDS.schemaMap;
const SCHEMA_LISTS = SCHEMA_KEYWORDS.schemaList;

/** Each sub-schema of a schema (one level down). */
export function* childSchemas(schema: SchemaSurface): Generator<SchemaSurface> {
  for (const key of SCHEMA_VALUED) {
    const child = schema[key];
    if (child && typeof child === "object") yield child;
  }
  for (const key of SCHEMA_MAPS) for (const child of Object.values(schema[key] ?? {})) yield child;
  for (const key of SCHEMA_LISTS) yield* schema[key] ?? [];
}

class ManifestView implements ManifestReader {
  private readonly effectiveByName = new Map<string, SchemaSurface>();
  private readonly effectiveByNode = new WeakMap<SchemaSurface, SchemaSurface>();
  private readonly printByName = new Map<string, string>();
  private readonly printByNode = new WeakMap<SchemaSurface, string>();
  /** Named schemas being merged / fingerprinted further up: met again, they are a cycle. */
  private readonly merging = new Set<string>();
  private readonly printing = new Set<string>();

  constructor(readonly manifest: Manifest) {}

  named(name: string): SchemaSurface {
    return own(this.manifest.schemas, name) ?? {};
  }

  /** A schema with its `ref` followed and its `allOf` merged in: what values it describes. */
  effective(schema: SchemaSurface | undefined): SchemaSurface {
    if (!schema) return {};
    if (schema.ref !== undefined) return this.effectiveNamed(schema.ref);
    const known = this.effectiveByNode.get(schema);
    if (known) return known;
    let merged = schema;
    if (schema.allOf?.length) {
      const result: Record<string, unknown> = { ...schema, allOf: undefined };
      for (const part of schema.allOf) mergeInto(result, this.effective(part));
      merged = result as SchemaSurface;
    }
    this.effectiveByNode.set(schema, merged);
    return merged;
  }

  private effectiveNamed(name: string): SchemaSurface {
    const known = this.effectiveByName.get(name);
    if (known) return known;
    if (this.merging.has(name)) return {}; // a cycle through allOf or refs: nothing more to merge
    this.merging.add(name);
    const merged = this.effective(this.named(name));
    this.merging.delete(name);
    this.effectiveByName.set(name, merged);
    return merged;
  }

  /**
   * A hash of what a schema describes, looking through references (their names do not count): two
   * schemas with the same fingerprint compare without a finding.
   */
  fingerprint(schema: SchemaSurface | boolean | undefined): string {
    if (schema === undefined || typeof schema === "boolean") return String(schema);
    if (schema.ref !== undefined) return this.fingerprintNamed(schema.ref);
    const known = this.printByNode.get(schema);
    if (known) return known;
    const shallow: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(schema)) {
      if ((SCHEMA_VALUED as readonly string[]).includes(key)) shallow[key] = this.fingerprint(value);
      else if ((SCHEMA_MAPS as readonly string[]).includes(key))
        shallow[key] = Object.fromEntries(
          Object.entries(value as Record<string, SchemaSurface>).map(([name, child]) => [
            name,
            this.fingerprint(child),
          ]),
        );
      else if (key === "prefixItems") shallow[key] = (value as SchemaSurface[]).map((child) => this.fingerprint(child));
      else if ((SCHEMA_LISTS as readonly string[]).includes(key))
        shallow[key] = (value as SchemaSurface[]).map((child) => this.fingerprint(child)).sort();
      else shallow[key] = value;
    }
    const print = createHash("sha256").update(JSON.stringify(shallow)).digest("base64url").slice(0, 22);
    this.printByNode.set(schema, print);
    return print;
  }

  private fingerprintNamed(name: string): string {
    const known = this.printByName.get(name);
    if (known) return known;
    if (this.printing.has(name)) return `cycle:${name}`;
    this.printing.add(name);
    const print = this.fingerprint(this.named(name));
    this.printing.delete(name);
    this.printByName.set(name, print);
    return print;
  }
}

/** `allOf`: properties and `required` are united; any other keyword is taken from the first part that has it. */
function mergeInto(target: Record<string, unknown>, part: SchemaSurface): void {
  for (const [key, value] of Object.entries(part)) {
    if (value === undefined) continue;
    if (key === "properties")
      target.properties = { ...(value as object), ...((target.properties as object | undefined) ?? {}) };
    else if (key === "required")
      target.required = [
        ...new Set([...((target.required as string[] | undefined) ?? []), ...(value as string[])]),
      ].sort();
    else if (target[key] === undefined) target[key] = value;
  }
}

/** The comparison of two manifests: the rules report into it through the `Comparison` contract. */
export class ManifestComparison implements Comparison {
  readonly findings = new Findings();
  readonly before: ManifestView;
  readonly after: ManifestView;
  /** Pairs of named schemas already compared within an operation: cycles and shared schemas end. */
  private readonly visited = new Set<string>();

  constructor(before: Manifest, after: Manifest) {
    this.before = new ManifestView(before);
    this.after = new ManifestView(after);
  }

  add(id: RuleId, operation: string, location: string, message: string): void {
    this.findings.add(id, operation, location, message);
  }

  view(which: Which): ManifestView {
    return which === "before" ? this.before : this.after;
  }

  /** Do two schemas (one from each manifest) describe the same values? */
  same(before: SchemaSurface | boolean | undefined, after: SchemaSurface | boolean | undefined): boolean {
    return this.before.fingerprint(before) === this.after.fingerprint(after);
  }

  /** Compares one schema with its counterpart, every rule group in turn, then what lies below. */
  schema(
    side: Side,
    operation: string,
    location: string,
    beforeRaw: SchemaSurface | undefined,
    afterRaw: SchemaSurface | undefined,
    depth = 0,
  ): void {
    if (depth > MAX_DEPTH || this.same(beforeRaw, afterRaw)) return;
    // Two named schemas met again in this operation: already compared (or being compared further up —
    // a cycle). An inline schema has one place in the manifest, so it needs no such record.
    if (beforeRaw?.ref !== undefined && afterRaw?.ref !== undefined) {
      const key = JSON.stringify([side, operation, beforeRaw.ref, afterRaw.ref]);
      if (this.visited.has(key)) return;
      this.visited.add(key);
    }
    const pair: SchemaPair = {
      side,
      operation,
      location,
      before: this.before.effective(beforeRaw),
      after: this.after.effective(afterRaw),
      depth,
    };
    compareTypes(this, pair);
    compareFormat(this, pair);
    compareEnum(this, pair);
    compareConst(this, pair);
    compareDefault(this, pair);
    compareConstraints(this, pair);
    compareStructure(this, pair);
    compareVariants(this, pair);
  }

  /** Names of the component schemas reachable from `roots` in one manifest, each visited once. */
  reachable(which: Which, roots: Iterable<SchemaSurface>): Set<string> {
    const view = this.view(which);
    const names = new Set<string>();
    const stack = [...roots];
    while (stack.length) {
      const schema = stack.pop()!;
      if (schema.ref !== undefined) {
        if (names.has(schema.ref)) continue;
        names.add(schema.ref);
        stack.push(view.named(schema.ref));
        continue;
      }
      stack.push(...childSchemas(schema));
    }
    return names;
  }
}
