/**
 * Validation keywords: bounds (lengths, numbers — 3.0 and 3.1 exclusive forms as one bound —,
 * counts), `multipleOf`, `uniqueItems`, `pattern`. They do not change the TypeScript type: on what
 * is sent a tighter rule makes the server reject values that compiled (breaking); on what is
 * received a looser one is a warning for code that validates or stores by the old rule. A keyword
 * that cannot apply to the declared type (`maxItems` on a string) has no effect and is ignored.
 */
import type { SchemaSurface } from "../../model/manifest.js";
import type { Comparison, SchemaPair } from "../comparison-contract.js";

type Count =
  | "minLength"
  | "maxLength"
  | "minItems"
  | "maxItems"
  | "minProperties"
  | "maxProperties"
  | "minContains"
  | "maxContains";

/** The JSON types each validation keyword applies to. */
const APPLIES_TO: Record<string, string[]> = {
  minLength: ["string"],
  maxLength: ["string"],
  pattern: ["string"],
  minimum: ["number", "integer"],
  maximum: ["number", "integer"],
  exclusiveMinimum: ["number", "integer"],
  exclusiveMaximum: ["number", "integer"],
  multipleOf: ["number", "integer"],
  minItems: ["array"],
  maxItems: ["array"],
  uniqueItems: ["array"],
  minContains: ["array"],
  maxContains: ["array"],
  minProperties: ["object"],
  maxProperties: ["object"],
};

/** Can the keyword constrain a value of the declared type? No declared type means any type. */
function applies(schema: SchemaSurface, key: string): boolean {
  const types = schema.type?.filter((type) => type !== "null");
  return !types?.length || types.some((type) => APPLIES_TO[key]?.includes(type));
}

interface Changes {
  tightened: string[];
  loosened: string[];
  changed: string[];
}

export function compareConstraints(cmp: Comparison, pair: SchemaPair): void {
  const { before, after } = pair;
  // A keyword counts only where it can apply on both sides: one the type cannot carry has no
  // effect, and one the type stopped carrying is the type's change, reported by its own rule.
  const effectiveValue = <K extends keyof SchemaSurface>(schema: SchemaSurface, key: K) =>
    applies(before, key) && applies(after, key) ? schema[key] : undefined;
  const changes: Changes = { tightened: [], loosened: [], changed: [] };
  const counts = (keys: Count[], tighter: (was: number, now: number) => boolean) => {
    for (const key of keys)
      compareCount(key, effectiveValue(before, key), effectiveValue(after, key), tighter, changes);
  };
  // min/maxContains only validate what `contains` matches: on what is received, rules/structure.ts reports them.
  const contains = pair.side === "request";
  counts(
    ["maxLength", "maxItems", "maxProperties", ...(contains ? (["maxContains"] as const) : [])],
    (was, now) => now < was,
  );
  counts(
    ["minLength", "minItems", "minProperties", ...(contains ? (["minContains"] as const) : [])],
    (was, now) => now > was,
  );
  compareBounds(before, after, effectiveValue, changes);
  compareMultipleOf(effectiveValue(before, "multipleOf"), effectiveValue(after, "multipleOf"), changes);
  const [unique, nowUnique] = [
    effectiveValue(before, "uniqueItems") === true,
    effectiveValue(after, "uniqueItems") === true,
  ];
  if (unique !== nowUnique)
    (nowUnique ? changes.tightened : changes.loosened).push(`uniqueItems ${unique} → ${nowUnique}`);
  comparePattern(effectiveValue(before, "pattern"), effectiveValue(after, "pattern"), changes);
  report(cmp, pair, changes);
}

/** One finding per kind of change at a location, listing what changed. */
export function report(cmp: Comparison, { side, operation, location }: SchemaPair, changes: Changes): void {
  if (changes.tightened.length)
    cmp.add(`${side}-constraint-tightened`, operation, location, changes.tightened.join(", "));
  if (changes.loosened.length) cmp.add(`${side}-constraint-loosened`, operation, location, changes.loosened.join(", "));
  if (changes.changed.length) cmp.add(`${side}-constraint-changed`, operation, location, changes.changed.join(", "));
}

function compareCount(
  key: string,
  was: number | undefined,
  now: number | undefined,
  tighter: (was: number, now: number) => boolean,
  changes: Changes,
): void {
  if (was === now) return;
  const change = `${key} ${was ?? "none"} → ${now ?? "none"}`;
  if (now !== undefined && (was === undefined || tighter(was, now))) changes.tightened.push(change);
  else changes.loosened.push(change);
}

interface Bound {
  value: number;
  exclusive: boolean;
}

/**
 * A numeric bound from `minimum` / `exclusiveMinimum` (or the maximum pair): 3.0 writes an exclusive
 * bound as `minimum: 5, exclusiveMinimum: true`, 3.1 as `exclusiveMinimum: 5`; both are the same bound.
 */
function bound(schema: SchemaSurface, end: "min" | "max", effectiveValue: Effective): Bound | undefined {
  const inclusive = effectiveValue(schema, end === "min" ? "minimum" : "maximum");
  const exclusive = effectiveValue(schema, end === "min" ? "exclusiveMinimum" : "exclusiveMaximum");
  const candidates: Bound[] = [];
  if (typeof inclusive === "number") candidates.push({ value: inclusive, exclusive: exclusive === true });
  if (typeof exclusive === "number") candidates.push({ value: exclusive, exclusive: true });
  // Of two bounds, the tighter one holds.
  return candidates.reduce<Bound | undefined>(
    (held, next) => (!held || tighter(held, next, end) ? next : held),
    undefined,
  );
}

/** Is `now` a tighter bound than `was`? */
function tighter(was: Bound, now: Bound, end: "min" | "max"): boolean {
  if (now.value !== was.value) return end === "min" ? now.value > was.value : now.value < was.value;
  return now.exclusive && !was.exclusive;
}

type Effective = <K extends keyof SchemaSurface>(schema: SchemaSurface, key: K) => SchemaSurface[K] | undefined;

function compareBounds(before: SchemaSurface, after: SchemaSurface, effectiveValue: Effective, changes: Changes): void {
  for (const end of ["min", "max"] as const) {
    const [was, now] = [bound(before, end, effectiveValue), bound(after, end, effectiveValue)];
    const text = (b: Bound | undefined) =>
      b ? `${end === "min" ? (b.exclusive ? ">" : "≥") : b.exclusive ? "<" : "≤"} ${b.value}` : "none";
    if (text(was) === text(now)) continue;
    const change = `${end === "min" ? "minimum" : "maximum"} ${text(was)} → ${text(now)}`;
    if (now && (!was || tighter(was, now, end))) changes.tightened.push(change);
    else changes.loosened.push(change);
  }
}

/** A new step accepts every old value only when the old step is a multiple of it. */
function compareMultipleOf(was: number | undefined, now: number | undefined, changes: Changes): void {
  if (was === now) return;
  const change = `multipleOf ${was ?? "none"} → ${now ?? "none"}`;
  const divides = was !== undefined && now !== undefined && Math.abs(was / now - Math.round(was / now)) < 1e-9;
  if (now === undefined || divides) changes.loosened.push(change);
  else changes.tightened.push(change);
}

/** Patterns matching every string: the same as none. */
const UNIVERSAL = new Set(["", ".*", "^.*", ".*$", "^.*$", "[\\s\\S]*", "^[\\s\\S]*$"]);

/**
 * A pattern is compared as a language only where that is provable: the same, removed or made
 * universal widens; one added where there was none narrows; any other rewrite is "changed".
 */
function comparePattern(was: string | undefined, now: string | undefined, changes: Changes): void {
  if (was === now) return;
  const [wasAny, nowAny] = [was === undefined || UNIVERSAL.has(was), now === undefined || UNIVERSAL.has(now)];
  if (wasAny && nowAny) return;
  const change = `pattern ${JSON.stringify(was ?? null)} → ${JSON.stringify(now ?? null)}`;
  if (nowAny) changes.loosened.push(change);
  else if (wasAny) changes.tightened.push(change);
  else changes.changed.push(change);
}
