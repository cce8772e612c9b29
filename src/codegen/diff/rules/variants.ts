/**
 * `oneOf` / `anyOf` members. Members are matched by what they describe, looking through
 * references: an unchanged member (even under another name) matches its twin; of the rest, a
 * member and the one that replaced it — the same name, or the most similar shape — are the same
 * member, edited, and are compared deeply. Only members left over were added or removed.
 */
import type { SchemaSurface } from "../../model/manifest.js";
import type { Comparison, SchemaPair } from "../comparison-contract.js";

export function compareVariants(cmp: Comparison, pair: SchemaPair): void {
  for (const key of ["oneOf", "anyOf"] as const) compareMembers(cmp, pair, key);
}

function compareMembers(cmp: Comparison, pair: SchemaPair, key: "oneOf" | "anyOf"): void {
  const { side, operation, location, depth } = pair;
  const before = pair.before[key] ?? [];
  const after = pair.after[key] ?? [];
  if (!before.length && !after.length) return;

  // Unchanged members: the same fingerprint, matched once each.
  const unmatchedAfter = new Map<string, number[]>();
  after.forEach((member, index) => {
    const print = cmp.after.fingerprint(member);
    unmatchedAfter.set(print, [...(unmatchedAfter.get(print) ?? []), index]);
  });
  const removed: number[] = [];
  before.forEach((member, index) => {
    const twins = unmatchedAfter.get(cmp.before.fingerprint(member));
    if (twins?.length) twins.shift();
    else removed.push(index);
  });
  const added = new Set([...unmatchedAfter.values()].flat());

  // Edited members: pair each removed one with the most similar added one.
  const candidates: Array<{ from: number; to: number; score: number }> = [];
  for (const from of removed)
    for (const to of added) {
      const score = similarity(cmp, before[from], after[to]);
      if (score > 0) candidates.push({ from, to, score });
    }
  candidates.sort((a, b) => b.score - a.score || a.from - b.from || a.to - b.to);
  const paired = new Set<number>();
  for (const { from, to } of candidates) {
    if (paired.has(from) || !added.has(to)) continue;
    paired.add(from);
    added.delete(to);
    const where = `${location} (${key} ${label(after[to], to)})`;
    cmp.schema(side, operation, where, before[from], after[to], depth + 1);
  }

  const request = side === "request";
  for (const from of removed.filter((index) => !paired.has(index)))
    cmp.add(
      `${side}-variant-removed`,
      operation,
      location,
      `${key} member ${label(before[from], from)} removed: ${request ? "no longer accepted" : "no longer returned"}`,
    );
  for (const to of added)
    cmp.add(
      `${side}-variant-added`,
      operation,
      location,
      `${key} member ${label(after[to], to)} added: ${request ? "also accepted" : "may now be returned"}`,
    );
}

/** A member's name when it is a reference, else its position. */
const label = (member: SchemaSurface, index: number) => (member.ref !== undefined ? member.ref : `#${index + 1}`);

/**
 * How alike two members are: the same name wins outright; otherwise the same literal values (a
 * discriminator's `const` or `enum`), shared property names and the same type count. Zero: unrelated.
 */
function similarity(cmp: Comparison, before: SchemaSurface, after: SchemaSurface): number {
  if (before.ref !== undefined && before.ref === after.ref) return 1_000_000;
  const [was, now] = [cmp.before.effective(before), cmp.after.effective(after)];
  let score = 0;
  const [wasProps, nowProps] = [Object.keys(was.properties ?? {}), Object.keys(now.properties ?? {})];
  const shared = wasProps.filter((name) => nowProps.includes(name));
  for (const name of shared) {
    const [a, b] = [
      literals(cmp.before.effective(was.properties![name])),
      literals(cmp.after.effective(now.properties![name])),
    ];
    if (a && b && a === b) score += 10_000;
  }
  if (wasProps.length && nowProps.length && !shared.length && score === 0) return 0; // objects with nothing in common
  if (wasProps.length || nowProps.length)
    score += Math.round((1000 * shared.length) / new Set([...wasProps, ...nowProps]).size);
  // Scalars: the same type, or integer ↔ number, are the same member retyped.
  const scalar = (types: string[] | undefined) => (types ?? []).map((type) => (type === "integer" ? "number" : type));
  if (scalar(was.type).some((type) => scalar(now.type).includes(type))) score += 1;
  if (literals(was) && literals(was) === literals(now)) score += 10_000;
  return score;
}

const literals = (schema: SchemaSurface) =>
  Object.hasOwn(schema, "const") ? JSON.stringify(schema.const) : schema.enum ? JSON.stringify(schema.enum) : undefined;
