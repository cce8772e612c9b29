/**
 * What values a schema holds: `type` (nullability included), `format`, `enum`, `const`, `default`.
 * On what is sent, narrowing breaks; on what is received, widening does.
 */
import type { Comparison, SchemaPair } from "../comparison-contract.js";

const show = (value: unknown) => JSON.stringify(value);

export function compareTypes(cmp: Comparison, { side, operation, location, before: b, after: a }: SchemaPair): void {
  const [before, after] = [b.type ?? [], a.type ?? []];
  if (before.join("|") === after.join("|")) return;
  const covers = (set: string[], type: string) => set.includes(type) || (type === "integer" && set.includes("number"));
  const removed = before.filter((type) => !covers(after, type));
  const added = after.filter((type) => !covers(before, type));
  const change = `type ${before.join("|") || "any"} → ${after.join("|") || "any"}`;
  if (side === "request") {
    // No type at all accepts anything: going to one narrows, coming from one widens.
    const narrowed = (before.length === 0 && after.length > 0) || (after.length > 0 && removed.length > 0);
    cmp.add(narrowed ? "request-type-narrowed" : "request-type-widened", operation, location, change);
    return;
  }
  if (added.length === 1 && added[0] === "null" && removed.length === 0)
    cmp.add("response-became-nullable", operation, location, "may now be null");
  else if (after.length === 0 || added.length) cmp.add("response-type-changed", operation, location, change);
  else if (removed.length) cmp.add("response-type-narrowed", operation, location, change);
}

export function compareFormat(cmp: Comparison, { side, operation, location, before, after }: SchemaPair): void {
  const [was, now] = [before.format, after.format];
  if (was === now) return;
  const change = `format ${was ?? "none"} → ${now ?? "none"}`;
  if (was === undefined) cmp.add(`${side}-format-added`, operation, location, change);
  else if (now === undefined) cmp.add(`${side}-format-removed`, operation, location, change);
  else cmp.add(`${side}-format-changed`, operation, location, change);
}

/** Enum values compared as sets of their JSON text: linear in the number of values. */
export function compareEnum(cmp: Comparison, { side, operation, location, before, after }: SchemaPair): void {
  const request = side === "request";
  const was = before.enum && new Set(before.enum.map(show));
  const now = after.enum && new Set(after.enum.map(show));
  if (was && now) {
    const removed = [...was].filter((value) => !now.has(value));
    const added = [...now].filter((value) => !was.has(value));
    if (removed.length)
      cmp.add(
        `${side}-enum-value-removed`,
        operation,
        location,
        `no longer ${request ? "accepts" : "returns"} ${list(removed)}`,
      );
    if (added.length)
      cmp.add(
        `${side}-enum-value-added`,
        operation,
        location,
        `${request ? "also accepts" : "may now return"} ${list(added)}`,
      );
  } else if (now) cmp.add(`${side}-enum-added`, operation, location, `now limited to ${list([...now])}`);
  else if (was) cmp.add(`${side}-enum-removed`, operation, location, "is no longer limited to an enum");
}

/** A long list of values is cut: the line stays readable, the count says how many. */
function list(values: string[]): string {
  return values.length > 20 ? `${values.slice(0, 20).join(", ")} … (${values.length} values)` : values.join(", ");
}

export function compareConst(cmp: Comparison, { side, operation, location, before, after }: SchemaPair): void {
  const [had, has] = [Object.hasOwn(before, "const"), Object.hasOwn(after, "const")];
  const [was, now] = [show(before.const), show(after.const)];
  if (had === has && was === now) return;
  const change = `const ${had ? was : "none"} → ${has ? now : "none"}`;
  if (side === "request") cmp.add(has ? "request-const-changed" : "request-const-removed", operation, location, change);
  else cmp.add(had ? "response-const-changed" : "response-const-added", operation, location, change);
}

/** A parameter's own default has its rule (rules/operation.ts); here, defaults inside a body. */
export function compareDefault(cmp: Comparison, { side, operation, location, before, after }: SchemaPair): void {
  if (side !== "request") return;
  const [was, now] = [show(before.default), show(after.default)];
  if (was !== now)
    cmp.add("request-default-changed", operation, location, `default ${was ?? "none"} → ${now ?? "none"}`);
}
