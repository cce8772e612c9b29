/**
 * The rule table: every finding the diff can report, with its level and what a typed client (an
 * app compiled against the generated types, calling through openapi-fetch) feels; and every schema
 * keyword the manifest records, with its rule in both directions. `docs/spec-diff.md` is rendered
 * from here (`npm run specs:diff -- --rules`) and a test keeps the two equal. The groups are the
 * modules under `rules/` that apply them.
 */
import type { SchemaKeyword } from "../model/manifest.js";

export type Level = "breaking" | "warning" | "info";

type Group = "surface" | "operation" | "types" | "constraints" | "structure" | "variants";

interface Rule {
  level: Level;
  group: Group;
  /** What an app compiled against the old client feels. */
  feels: string;
}

const rule = (level: Level, group: Group, feels: string): Rule => ({ level, group, feels });

export const RULES = {
  // rules/surface.ts — what exists
  "operation-removed": rule("breaking", "surface", "calls to it stop compiling"),
  "operation-added": rule("info", "surface", "nothing; a new method is available"),
  "path-parameter-renamed": rule("breaking", "surface", "the `params.path` object no longer compiles"),
  "operation-deprecated": rule("warning", "surface", "nothing yet; plan to move off it"),
  "webhook-removed": rule("breaking", "surface", "the event type handlers are written against is gone"),
  "webhook-added": rule("info", "surface", "nothing; a new event type exists"),
  "component-schema-removed": rule(
    "breaking",
    "surface",
    'code naming `components["schemas"][…]` (a schema no operation uses, e.g. a webhook event) stops compiling',
  ),
  "component-schema-added": rule("info", "surface", "nothing"),
  // rules/operation.ts — parameters, bodies, responses, credentials
  "parameter-removed": rule("breaking", "operation", "calls passing it stop compiling"),
  "parameter-added-required": rule("breaking", "operation", "calls without it stop compiling"),
  "parameter-added": rule("info", "operation", "nothing"),
  "parameter-became-required": rule("breaking", "operation", "calls without it stop compiling"),
  "parameter-became-optional": rule("info", "operation", "nothing"),
  "parameter-deprecated": rule("info", "operation", "nothing yet"),
  "parameter-default-changed": rule(
    "breaking",
    "operation",
    "still compiles, but calls that omit the parameter get different behaviour",
  ),
  "request-body-added-required": rule("breaking", "operation", "calls without a body stop compiling"),
  "request-body-added": rule("info", "operation", "nothing"),
  "request-body-removed": rule("breaking", "operation", "calls passing a body stop compiling"),
  "request-body-became-required": rule("breaking", "operation", "calls without a body stop compiling"),
  "request-body-became-optional": rule("info", "operation", "nothing"),
  "request-media-type-removed": rule("breaking", "operation", "bodies of that type are rejected"),
  "request-media-type-added": rule("info", "operation", "nothing"),
  "success-status-removed": rule("breaking", "operation", "`data` loses a type the code handles"),
  "success-status-added": rule("info", "operation", "`data` may have another shape; the old shapes still compile"),
  "error-status-removed": rule("info", "operation", "nothing"),
  "error-status-added": rule("warning", "operation", "`error` gains a member: code narrowing it may need a case"),
  "response-media-type-removed": rule("breaking", "operation", "`data` loses the type of that media type"),
  "response-media-type-added": rule("warning", "operation", "`data` may be of another type"),
  "response-media-type-changed": rule(
    "info",
    "operation",
    "nothing: the media type changed but its schema did not, so `data` keeps its type",
  ),
  "response-header-removed": rule("breaking", "operation", "code reading the header gets null"),
  "response-header-became-optional": rule("breaking", "operation", "code reading the header may get null"),
  "response-header-added": rule("info", "operation", "nothing"),
  "credentials-narrowed": rule("breaking", "operation", "clients built with a dropped credential get 401/403"),
  "credentials-widened": rule("info", "operation", "nothing; more credentials work"),
  "operation-became-public": rule(
    "warning",
    "operation",
    "nothing breaks; the client stops sending credentials to it — check that the provider meant it",
  ),
  "injected-header-changed": rule(
    "breaking",
    "operation",
    "the client sends another value: the API may behave differently",
  ),
  // rules/types.ts — what values a schema holds
  "request-type-narrowed": rule("breaking", "types", "values of the dropped type stop compiling"),
  "request-type-widened": rule("info", "types", "nothing"),
  "response-type-changed": rule("breaking", "types", "code written for the old type stops compiling"),
  "response-type-narrowed": rule("info", "types", "nothing"),
  "response-became-nullable": rule("breaking", "types", "code reading it must handle null (strict mode)"),
  "request-format-added": rule("breaking", "types", "compiles, but the server rejects strings not in the format"),
  "request-format-changed": rule("warning", "types", "compiles; values valid before may be rejected"),
  "request-format-removed": rule("info", "types", "nothing"),
  "response-format-added": rule("info", "types", "nothing"),
  "response-format-changed": rule("warning", "types", "same TypeScript type; code parsing the value may fail"),
  "response-format-removed": rule("warning", "types", "same TypeScript type; code parsing the value may fail"),
  "request-enum-value-removed": rule("breaking", "types", "the removed literal stops compiling"),
  "request-enum-value-added": rule("info", "types", "nothing"),
  "request-enum-added": rule("breaking", "types", "values outside the enum stop compiling"),
  "request-enum-removed": rule("info", "types", "nothing"),
  "response-enum-value-added": rule("breaking", "types", "exhaustive switches stop compiling"),
  "response-enum-value-removed": rule("info", "types", "nothing"),
  "response-enum-added": rule("info", "types", "nothing"),
  "response-enum-removed": rule("breaking", "types", "code relying on the literal union stops compiling"),
  "request-const-changed": rule("breaking", "types", "the old literal stops compiling"),
  "request-const-removed": rule("info", "types", "nothing"),
  "response-const-changed": rule("breaking", "types", "code comparing against the old literal stops compiling"),
  "response-const-added": rule("info", "types", "nothing"),
  "request-default-changed": rule("warning", "types", "compiles; requests that omit the field behave differently"),
  // rules/constraints.ts — validation keywords
  "request-constraint-tightened": rule("breaking", "constraints", "compiles, but the server rejects values it took"),
  "request-constraint-loosened": rule("info", "constraints", "nothing"),
  "request-constraint-changed": rule(
    "warning",
    "constraints",
    "compiles; whether old values still pass cannot be proved (a pattern or condition rewritten)",
  ),
  "response-constraint-loosened": rule(
    "warning",
    "constraints",
    "same TypeScript type; code that validates or stores by the old bound may fail",
  ),
  "response-constraint-tightened": rule("info", "constraints", "nothing"),
  "response-constraint-changed": rule(
    "warning",
    "constraints",
    "same TypeScript type; code that validates by the old rule may fail",
  ),
  "response-validation-changed": rule(
    "info",
    "constraints",
    "nothing: the keyword does not change the TypeScript type",
  ),
  // rules/structure.ts — properties, items, maps
  "request-property-became-required": rule("breaking", "structure", "objects without it stop compiling"),
  "request-property-added-required": rule("breaking", "structure", "objects without it stop compiling"),
  "request-property-added": rule("info", "structure", "nothing"),
  "request-property-removed": rule("breaking", "structure", "objects passing it stop compiling"),
  "request-property-became-optional": rule("info", "structure", "nothing"),
  "response-property-removed": rule("breaking", "structure", "code reading it stops compiling"),
  "response-property-became-optional": rule("breaking", "structure", "code reading it must handle undefined"),
  "response-property-added": rule("info", "structure", "nothing"),
  "response-property-became-required": rule("info", "structure", "nothing"),
  "response-additional-properties-changed": rule(
    "warning",
    "structure",
    "the type's index signature appears or goes: code reading unknown keys may stop compiling",
  ),
  "request-became-read-only": rule("warning", "structure", "compiles; the server ignores or rejects the field"),
  "response-became-write-only": rule("warning", "structure", "compiles; the field is no longer returned"),
  "request-deprecated": rule("info", "structure", "nothing yet"),
  "response-deprecated": rule("info", "structure", "nothing yet"),
  // rules/variants.ts — oneOf / anyOf members, matched through references
  "request-variant-removed": rule("breaking", "variants", "values of that shape stop compiling"),
  "request-variant-added": rule("info", "variants", "nothing"),
  "response-variant-added": rule("breaking", "variants", "exhaustive narrowing stops compiling"),
  "response-variant-removed": rule("info", "variants", "nothing"),
} as const satisfies Record<string, Rule>;

export type RuleId = keyof typeof RULES;

interface KeywordRule {
  /** On what is sent (parameters, request bodies, the app's webhook answers). */
  request: string;
  /** On what is received (responses, response headers, webhook payloads, unused component schemas). */
  response: string;
}

const tightenLoosen = (tighter: string): KeywordRule => ({
  request: `${tighter} → \`request-constraint-tightened\`; the reverse → \`request-constraint-loosened\``,
  response: `${tighter} → \`response-constraint-tightened\`; the reverse → \`response-constraint-loosened\` (a warning)`,
});
const validationOnly = (request: string): KeywordRule => ({
  request,
  response: "any change → `response-validation-changed` (no effect on the type)",
});
const bound = tightenLoosen("a minimum raised, a maximum lowered, or one set");

/** Every keyword the manifest records (`SCHEMA_KEYWORDS`), with its rule both ways. */
export const KEYWORD_RULES: Record<SchemaKeyword, KeywordRule> = {
  type: {
    request:
      "a type dropped, or a type set where there was none → `request-type-narrowed`; else `request-type-widened`",
    response:
      "`null` added → `response-became-nullable`; a type added → `response-type-changed`; dropped → `response-type-narrowed`",
  },
  format: {
    request: "added → `request-format-added`; changed → `request-format-changed`; removed → `request-format-removed`",
    response:
      "changed → `response-format-changed`; removed → `response-format-removed`; added → `response-format-added`",
  },
  enum: {
    request:
      "value removed / enum added → breaking (`request-enum-value-removed`, `request-enum-added`); value added / enum removed → info",
    response:
      "value added / enum removed → breaking (`response-enum-value-added`, `response-enum-removed`); the reverse → info",
  },
  const: {
    request: "added or changed → `request-const-changed`; removed → `request-const-removed`",
    response: "changed or removed → `response-const-changed`; added → `response-const-added`",
  },
  default: {
    request: "on a parameter → `parameter-default-changed`; inside a body → `request-default-changed`",
    response: "none: a default does not change what is returned",
  },
  deprecated: { request: "set → `request-deprecated`", response: "set → `response-deprecated`" },
  readOnly: { request: "set → `request-became-read-only`", response: "none: readOnly values are still returned" },
  writeOnly: { request: "none: writeOnly values are still accepted", response: "set → `response-became-write-only`" },
  minLength: bound,
  maxLength: bound,
  pattern: {
    request:
      "added → `request-constraint-tightened`; removed or `.*` → `request-constraint-loosened`; any other change → `request-constraint-changed` (a pattern is only compared as a language when it provably widens)",
    response:
      "removed or `.*` → `response-constraint-loosened`; added → `response-constraint-tightened`; other → `response-constraint-changed`",
  },
  minimum: bound,
  maximum: bound,
  exclusiveMinimum: tightenLoosen("the bound made exclusive or raised (the 3.0 flag and the 3.1 number are one bound)"),
  exclusiveMaximum: tightenLoosen(
    "the bound made exclusive or lowered (the 3.0 flag and the 3.1 number are one bound)",
  ),
  multipleOf: tightenLoosen("set, or to a step the old one is not a multiple of"),
  minItems: bound,
  maxItems: bound,
  uniqueItems: tightenLoosen("set"),
  minProperties: bound,
  maxProperties: bound,
  minContains: validationOnly("tightened → `request-constraint-tightened`; loosened → `request-constraint-loosened`"),
  maxContains: validationOnly("tightened → `request-constraint-tightened`; loosened → `request-constraint-loosened`"),
  required: {
    request:
      "a property became required → `request-property-became-required`; optional → `request-property-became-optional`",
    response:
      "a property became optional → `response-property-became-optional`; required → `response-property-became-required`",
  },
  dependentRequired: validationOnly(
    "a name added → `request-constraint-tightened`; removed → `request-constraint-loosened`",
  ),
  items: {
    request: "compared deeply; `false` set → `request-constraint-tightened`",
    response: "compared deeply; changed to or from a boolean → `response-type-changed`",
  },
  additionalProperties: {
    request:
      "`false` set → `request-constraint-tightened`; removed → `request-constraint-loosened`; a schema compared deeply",
    response: "allowed ↔ not allowed → `response-additional-properties-changed`; a schema compared deeply",
  },
  propertyNames: validationOnly("added → `request-constraint-tightened`; removed → loosened; compared deeply"),
  contains: validationOnly("added → `request-constraint-tightened`; removed → loosened; compared deeply"),
  if: validationOnly(
    "added → `request-constraint-tightened`; removed → loosened; changed → `request-constraint-changed`",
  ),
  then: validationOnly(
    "added → `request-constraint-tightened`; removed → loosened; changed → `request-constraint-changed`",
  ),
  else: validationOnly(
    "added → `request-constraint-tightened`; removed → loosened; changed → `request-constraint-changed`",
  ),
  not: validationOnly(
    "added → `request-constraint-tightened`; removed → loosened; changed → `request-constraint-changed`",
  ),
  unevaluatedProperties: validationOnly(
    "`false` or a schema added → `request-constraint-tightened`; removed → loosened; compared deeply",
  ),
  unevaluatedItems: validationOnly(
    "`false` or a schema added → `request-constraint-tightened`; removed → loosened; compared deeply",
  ),
  properties: {
    request:
      "added as required → `request-property-added-required`; removed → `request-property-removed`; added → `request-property-added`",
    response: "removed → `response-property-removed`; added → `response-property-added`",
  },
  patternProperties: {
    request: "a pattern added → `request-constraint-tightened`; removed → loosened; each compared deeply",
    response:
      "a pattern added or removed → `response-type-changed` (the index signature changes); each compared deeply",
  },
  dependentSchemas: validationOnly(
    "a name added → `request-constraint-tightened`; removed → loosened; compared deeply",
  ),
  prefixItems: {
    request:
      "added or longer → `request-constraint-tightened`; removed or shorter → loosened; each position compared deeply",
    response:
      "added, removed or another length → `response-type-changed` (the tuple type changes); positions compared deeply",
  },
  oneOf: {
    request:
      "members matched through references (an edited member is compared deeply); unmatched: `request-variant-removed` / `request-variant-added`",
    response: "the same matching; unmatched: `response-variant-added` / `response-variant-removed`",
  },
  anyOf: {
    request: "as `oneOf`",
    response: "as `oneOf`",
  },
  allOf: {
    request: "merged into one schema (properties, required, keywords) before comparing",
    response: "merged into one schema before comparing",
  },
};

/** docs/spec-diff.md, from the tables above. */
export function renderRuleTable(): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  const lines = [
    "# Spec diff rules",
    "",
    "<!-- Generated from src/codegen/diff/rule-table.ts by `npm run specs:diff -- --rules`; a test keeps it equal. -->",
    "",
    "`npm run specs:diff` reports each client-visible change as a finding of one of these rules. The level says",
    "what `--fail-on` counts: `breaking` fails `--fail-on breaking`.",
    "",
    "A finding on an operation the booking API (`scheduling-clients/booking`) uses also names the methods it",
    "affects — `affects booking.book, booking.reschedule` in Markdown, `affects` in JSON — and the Markdown report",
    "sums them up per provider. Which operations each method uses is `src/booking/operations.ts`, recorded in each",
    "provider's `generated/<id>/manifest.json` (`booking`, manifest version 3; a version 2 manifest is still read).",
    "",
    "## Findings",
    "",
    "Grouped by the module under `src/codegen/diff/rules/` that applies them.",
  ];
  const groups = [...new Set(Object.values(RULES).map((r) => r.group))];
  for (const group of groups) {
    lines.push(
      "",
      `### ${group} (\`rules/${group}.ts\`)`,
      "",
      "| rule | level | what a typed client feels |",
      "|---|---|---|",
    );
    for (const [id, r] of Object.entries(RULES))
      if (r.group === group) lines.push(`| \`${id}\` | ${r.level} | ${cell(r.feels)} |`);
  }
  lines.push(
    "",
    "## Schema keywords",
    "",
    "Every keyword `manifest.json` records, with its rule on what is sent (request parameters and bodies) and on",
    "what is received (responses, response headers, webhook payloads, component schemas no operation uses). A",
    "validation keyword counts only where the declared type lets it apply, before and after: `maxItems` on a",
    "string has no effect and is ignored; one the type stopped carrying is the type's change, reported once.",
    "",
    "| keyword | sent | received |",
    "|---|---|---|",
  );
  for (const [keyword, r] of Object.entries(KEYWORD_RULES))
    lines.push(`| \`${keyword}\` | ${cell(r.request)} | ${cell(r.response)} |`);
  return lines.join("\n") + "\n";
}
