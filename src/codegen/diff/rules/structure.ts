/**
 * What a schema contains: properties and `required`, `items` and `prefixItems`,
 * `additionalProperties` and `patternProperties`, the 2020-12 applicators that only validate
 * (`propertyNames`, `contains`, `dependentRequired`, `dependentSchemas`, `if`/`then`/`else`, `not`,
 * `unevaluatedProperties`/`Items`), `readOnly`/`writeOnly` and `deprecated`. Sub-schemas are
 * compared deeply through `Comparison.schema`.
 */
import type { SchemaSurface } from "../../model/manifest.js";
import type { Comparison, SchemaPair } from "../comparison-contract.js";
import { within } from "../location.js";
import { report } from "./constraints.js";

type Sub = SchemaSurface | boolean | undefined;

export function compareStructure(cmp: Comparison, pair: SchemaPair): void {
  compareProperties(cmp, pair);
  compareItems(cmp, pair);
  compareAdditionalProperties(cmp, pair);
  comparePatternProperties(cmp, pair);
  compareValidationOnly(cmp, pair);
  compareFlags(cmp, pair);
}

function compareProperties(cmp: Comparison, { side, operation, location, before, after, depth }: SchemaPair): void {
  const request = side === "request";
  const [was, now] = [before.properties ?? {}, after.properties ?? {}];
  const [wasRequired, nowRequired] = [new Set(before.required ?? []), new Set(after.required ?? [])];
  for (const name of Object.keys(now)) {
    if (Object.hasOwn(was, name)) continue;
    const where = within(location, `.${name}`);
    if (!request) cmp.add("response-property-added", operation, where, `\`${name}\` added`);
    else if (nowRequired.has(name))
      cmp.add("request-property-added-required", operation, where, `\`${name}\` added as required`);
    else cmp.add("request-property-added", operation, where, `\`${name}\` added`);
  }
  for (const name of Object.keys(was)) {
    const where = within(location, `.${name}`);
    if (!Object.hasOwn(now, name)) {
      cmp.add(`${side}-property-removed`, operation, where, `\`${name}\` removed`);
      continue;
    }
    if (!wasRequired.has(name) && nowRequired.has(name))
      cmp.add(`${side}-property-became-required`, operation, where, `\`${name}\` became required`);
    if (wasRequired.has(name) && !nowRequired.has(name))
      cmp.add(`${side}-property-became-optional`, operation, where, `\`${name}\` became optional`);
    cmp.schema(side, operation, where, was[name], now[name], depth + 1);
  }
}

/** `true`, absent or `{}` allow anything; `false` allows nothing; a schema is compared deeply. */
const kind = (value: Sub) =>
  value === undefined || value === true || (typeof value === "object" && Object.keys(value).length === 0)
    ? "any"
    : value === false
      ? "none"
      : "schema";

/** How much a boolean-or-schema keyword allows: anything, what a schema says, nothing. */
const RANK = { any: 2, schema: 1, none: 0 } as const;

/** One change to what is sent, tighter or looser. */
function sent(cmp: Comparison, pair: SchemaPair, tighter: boolean, change: string): void {
  report(cmp, pair, { tightened: tighter ? [change] : [], loosened: tighter ? [] : [change], changed: [] });
}

function compareItems(cmp: Comparison, pair: SchemaPair): void {
  const { side, operation, location, before, after, depth } = pair;
  const [was, now] = [before.items, after.items];
  const booleanChanged = kind(was) !== kind(now) && (typeof was === "boolean" || typeof now === "boolean");
  if (!booleanChanged) {
    if (was !== undefined || now !== undefined)
      cmp.schema(side, operation, within(location, "[]"), asSchema(was), asSchema(now), depth + 1);
  } else {
    const change = `items ${JSON.stringify(was ?? null)} → ${JSON.stringify(now ?? null)}`;
    if (side === "response") cmp.add("response-type-changed", operation, location, change);
    else sent(cmp, pair, RANK[kind(now)] < RANK[kind(was)], change);
  }
  compareTuple(cmp, pair);
}

/** `prefixItems`: each position compared, then the length (a longer tuple constrains more positions). */
function compareTuple(cmp: Comparison, pair: SchemaPair): void {
  const { side, operation, location, before, after, depth } = pair;
  const [wasTuple, nowTuple] = [before.prefixItems, after.prefixItems];
  if (!wasTuple && !nowTuple) return;
  const [from, to] = [wasTuple?.length ?? 0, nowTuple?.length ?? 0];
  for (let index = 0; index < Math.min(from, to); index++)
    cmp.schema(side, operation, within(location, `[${index}]`), wasTuple![index], nowTuple![index], depth + 1);
  if (from === to && !wasTuple === !nowTuple) return;
  const change = `prefixItems ${wasTuple ? `${from} position(s)` : "none"} → ${nowTuple ? `${to} position(s)` : "none"}`;
  if (side === "response") cmp.add("response-type-changed", operation, location, change);
  else sent(cmp, pair, to > from, change);
}

const asSchema = (value: Sub): SchemaSurface | undefined => (typeof value === "object" ? value : undefined);

function compareAdditionalProperties(cmp: Comparison, pair: SchemaPair): void {
  const { side, operation, location, before, after, depth } = pair;
  const [was, now] = [before.additionalProperties, after.additionalProperties];
  if (typeof was === "object" && typeof now === "object") {
    cmp.schema(side, operation, within(location, ".*"), was, now, depth + 1);
    return;
  }
  if (was === now) return;
  const change = `additionalProperties ${JSON.stringify(was ?? null)} → ${JSON.stringify(now ?? null)}`;
  if (side === "response") {
    // openapi-typescript writes an index signature for `true` or a schema, none when absent or false.
    const open = (value: Sub) => value === true || typeof value === "object";
    if (open(was) !== open(now)) cmp.add("response-additional-properties-changed", operation, location, change);
    return;
  }
  const [from, to] = [RANK[kind(was)], RANK[kind(now)]];
  if (from !== to) sent(cmp, pair, to < from, change);
}

function comparePatternProperties(cmp: Comparison, pair: SchemaPair): void {
  const { side, operation, location, before, after, depth } = pair;
  const [was, now] = [before.patternProperties ?? {}, after.patternProperties ?? {}];
  const added = Object.keys(now).filter((pattern) => !Object.hasOwn(was, pattern));
  const removed = Object.keys(was).filter((pattern) => !Object.hasOwn(now, pattern));
  for (const pattern of Object.keys(was))
    if (Object.hasOwn(now, pattern))
      cmp.schema(
        side,
        operation,
        within(location, `[${JSON.stringify(pattern)}]`),
        was[pattern],
        now[pattern],
        depth + 1,
      );
  if (!added.length && !removed.length) return;
  const change = `patternProperties ${added
    .map((p) => `+${JSON.stringify(p)}`)
    .concat(removed.map((p) => `-${JSON.stringify(p)}`))
    .join(" ")}`;
  if (side === "response") cmp.add("response-type-changed", operation, location, change);
  else sent(cmp, pair, added.length > 0, change);
}

const VALIDATION_SCHEMAS = ["propertyNames", "contains", "unevaluatedProperties", "unevaluatedItems"] as const;
const CONDITIONS = ["if", "then", "else", "not"] as const;

/**
 * Keywords that only validate. On what is received they change no type (info). On what is sent,
 * one added narrows and one removed widens; `propertyNames`, `contains`, `unevaluated*` and
 * `dependentSchemas` narrow as their schema does, so they are compared deeply; a rewritten
 * condition (`if`/`then`/`else`/`not`) cannot be proved either way.
 */
function compareValidationOnly(cmp: Comparison, pair: SchemaPair): void {
  const { side, operation, location, before, after, depth } = pair;
  const changes = { tightened: [] as string[], loosened: [] as string[], changed: [] as string[] };
  const presence = (key: string, was: Sub, now: Sub): boolean => {
    if (kind(was) === "any" && kind(now) !== "any") changes.tightened.push(`${key} added`);
    else if (kind(was) !== "any" && kind(now) === "any") changes.loosened.push(`${key} removed`);
    else return false;
    return true;
  };
  const touched: string[] = [];
  for (const key of [...VALIDATION_SCHEMAS, ...CONDITIONS]) {
    const [was, now] = [before[key], after[key]];
    if (cmp.same(was, now)) continue;
    touched.push(key);
    if (side === "response" || presence(key, was, now)) continue;
    if ((CONDITIONS as readonly string[]).includes(key) || typeof was !== "object" || typeof now !== "object")
      changes.changed.push(`${key} changed`);
    else cmp.schema(side, operation, within(location, `‹${key}›`), was, now, depth + 1);
  }
  for (const key of ["minContains", "maxContains"] as const)
    if (side === "response" && before[key] !== after[key]) touched.push(key);
  const [wasDeps, nowDeps] = [before.dependentRequired ?? {}, after.dependentRequired ?? {}];
  for (const name of new Set([...Object.keys(wasDeps), ...Object.keys(nowDeps)])) {
    const [from, to] = [new Set(wasDeps[name] ?? []), new Set(nowDeps[name] ?? [])];
    const added = [...to].filter((n) => !from.has(n));
    const removed = [...from].filter((n) => !to.has(n));
    if (!added.length && !removed.length) continue;
    touched.push("dependentRequired");
    if (added.length) changes.tightened.push(`dependentRequired ${name} +${added.join(" +")}`);
    if (removed.length) changes.loosened.push(`dependentRequired ${name} -${removed.join(" -")}`);
  }
  const [wasSchemas, nowSchemas] = [before.dependentSchemas ?? {}, after.dependentSchemas ?? {}];
  for (const name of new Set([...Object.keys(wasSchemas), ...Object.keys(nowSchemas)])) {
    const [was, now] = [wasSchemas[name], nowSchemas[name]];
    if (cmp.same(was, now)) continue;
    touched.push("dependentSchemas");
    if (side === "response" || presence(`dependentSchemas ${name}`, was, now)) continue;
    cmp.schema(side, operation, within(location, `‹dependentSchemas ${name}›`), was, now, depth + 1);
  }
  if (side === "response") {
    if (touched.length)
      cmp.add("response-validation-changed", operation, location, `${[...new Set(touched)].join(", ")} changed`);
    return;
  }
  report(cmp, pair, changes);
}

function compareFlags(cmp: Comparison, { side, operation, location, before, after }: SchemaPair): void {
  if (!before.deprecated && after.deprecated) cmp.add(`${side}-deprecated`, operation, location, "deprecated");
  if (side === "request" && !before.readOnly && after.readOnly)
    cmp.add("request-became-read-only", operation, location, "became readOnly");
  if (side === "response" && !before.writeOnly && after.writeOnly)
    cmp.add("response-became-write-only", operation, location, "became writeOnly");
}
