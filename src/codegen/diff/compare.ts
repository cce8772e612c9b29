/**
 * Compares two manifests and classifies every client-visible change, in both directions as oasdiff
 * does: on the request side narrowing breaks callers (newly required, type narrowed, enum value or
 * variant removed, constraint tightened), on the response side widening does (property removed or
 * made optional or nullable, type changed, enum value or variant added, media type or success
 * status removed). Judged for typed clients: a removed or renamed parameter stops callers from
 * compiling, so it is breaking. Beyond oasdiff: narrowed credentials and injected header values.
 */
import { own } from "../support/dict.js";
import type { Manifest, OperationSurface, ParameterSurface, SchemaSurface } from "../model/manifest.js";

export type Level = "breaking" | "warning" | "info";

export interface Finding {
  /** Stable rule id, e.g. `request-property-became-required`. */
  id: string;
  level: Level;
  /** "METHOD /path" */
  operation: string;
  /** Where inside the operation, e.g. "response 200 application/json › data.items[].name". */
  location: string;
  message: string;
}

export interface ProviderDiff {
  provider: string;
  /** Breaking first, then warnings, then info. */
  findings: Finding[];
  breaking: Finding[];
  nonBreaking: Finding[];
  /** Annotation rules that no longer fit one of the specs. */
  warnings: string[];
}

type Side = "request" | "response";

const LEVEL_ORDER: Record<Level, number> = { breaking: 0, warning: 1, info: 2 };
const MAX_LOWER = ["maxLength", "maximum", "maxItems", "maxProperties"] as const;
const MIN_HIGHER = ["minLength", "minimum", "minItems", "minProperties"] as const;

const canonical = (value: unknown): string => JSON.stringify(value);
const fmt = (value: unknown) => JSON.stringify(value);

class Comparison {
  /** Pairs of named schemas already compared on a side: cycles and shared schemas terminate. */
  private readonly visited = new Set<string>();
  readonly findings: Finding[] = [];

  constructor(
    private readonly before: Manifest,
    private readonly after: Manifest,
  ) {}

  add(level: Level, id: string, operation: string, location: string, message: string): void {
    this.findings.push({ id, level, operation, location, message });
  }

  /** A schema with its `ref` followed and its `allOf` merged: what values it describes. */
  private effective(
    schema: SchemaSurface | undefined,
    schemas: Record<string, SchemaSurface>,
    depth = 0,
  ): SchemaSurface {
    let node = schema ?? {};
    while (node.ref !== undefined && depth++ < 32) node = own(schemas, node.ref) ?? {};
    if (!node.allOf?.length) return node;
    const merged: SchemaSurface = { ...node, allOf: undefined };
    for (const part of node.allOf) {
      const resolved = this.effective(part, schemas, depth + 1);
      if (resolved.properties) merged.properties = { ...(merged.properties ?? {}), ...resolved.properties };
      if (resolved.required) merged.required = [...new Set([...(merged.required ?? []), ...resolved.required])].sort();
      merged.type ??= resolved.type;
      merged.enum ??= resolved.enum;
      merged.format ??= resolved.format;
    }
    return merged;
  }

  schema(
    side: Side,
    operation: string,
    location: string,
    beforeRaw: SchemaSurface | undefined,
    afterRaw: SchemaSurface | undefined,
    depth = 0,
  ): void {
    // A named schema met again with the same counterpart on this side: already compared (or being
    // compared further up — a cycle). Past a depth no real contract reaches, stop.
    if (beforeRaw?.ref !== undefined || afterRaw?.ref !== undefined) {
      const key = `${side} ${operation} ${beforeRaw?.ref ?? canonical(beforeRaw ?? null)} ${afterRaw?.ref ?? canonical(afterRaw ?? null)}`;
      if (this.visited.has(key)) return;
      this.visited.add(key);
    }
    if (depth > 32) return;
    const before = this.effective(beforeRaw, this.before.schemas);
    const after = this.effective(afterRaw, this.after.schemas);
    const at = (suffix: string) =>
      location.includes("›") ? `${location}${suffix}` : `${location} › ${suffix.replace(/^\./, "")}`;
    const here = location;
    const request = side === "request";

    this.types(side, operation, here, before.type ?? [], after.type ?? []);
    if (before.format !== after.format && before.format !== undefined && after.format !== undefined)
      this.add("warning", `${side}-format-changed`, operation, here, `format ${before.format} → ${after.format}`);

    // Enums.
    const beforeEnum = before.enum?.map(canonical);
    const afterEnum = after.enum?.map(canonical);
    if (beforeEnum && afterEnum) {
      const removed = beforeEnum.filter((value) => !afterEnum.includes(value));
      const added = afterEnum.filter((value) => !beforeEnum.includes(value));
      if (removed.length)
        this.add(
          request ? "breaking" : "info",
          `${side}-enum-value-removed`,
          operation,
          here,
          `no longer ${request ? "accepts" : "returns"} ${removed.join(", ")}`,
        );
      if (added.length)
        this.add(
          request ? "info" : "breaking",
          `${side}-enum-value-added`,
          operation,
          here,
          `${request ? "also accepts" : "may now return"} ${added.join(", ")}`,
        );
    } else if (!beforeEnum && afterEnum)
      this.add(
        request ? "breaking" : "info",
        `${side}-enum-added`,
        operation,
        here,
        `now limited to ${afterEnum.join(", ")}`,
      );
    else if (beforeEnum && !afterEnum)
      this.add(
        request ? "info" : "breaking",
        `${side}-enum-removed`,
        operation,
        here,
        "is no longer limited to an enum",
      );

    // Constraints: tightening rejects requests that were valid; for responses they are no contract change.
    if (request) {
      const tightened: string[] = [];
      const loosened: string[] = [];
      for (const key of MAX_LOWER) compareBound(before[key], after[key], (b, a) => a < b, key, tightened, loosened);
      for (const key of MIN_HIGHER) compareBound(before[key], after[key], (b, a) => a > b, key, tightened, loosened);
      if (before.pattern !== after.pattern)
        (after.pattern === undefined ? loosened : tightened).push(
          `pattern ${fmt(before.pattern)} → ${fmt(after.pattern)}`,
        );
      if (before.multipleOf !== after.multipleOf && after.multipleOf !== undefined)
        tightened.push(`multipleOf ${fmt(before.multipleOf)} → ${after.multipleOf}`);
      if (!before.uniqueItems && after.uniqueItems) tightened.push("uniqueItems");
      if (tightened.length) this.add("breaking", "request-constraint-tightened", operation, here, tightened.join(", "));
      if (loosened.length) this.add("info", "request-constraint-loosened", operation, here, loosened.join(", "));
    }
    if (!before.deprecated && after.deprecated) this.add("info", `${side}-deprecated`, operation, here, "deprecated");

    // Properties, both ways.
    const beforeProps = before.properties ?? {};
    const afterProps = after.properties ?? {};
    const beforeRequired = new Set(before.required ?? []);
    const afterRequired = new Set(after.required ?? []);
    for (const name of Object.keys(afterProps)) {
      if (Object.hasOwn(beforeProps, name)) continue;
      if (request)
        this.add(
          afterRequired.has(name) ? "breaking" : "info",
          afterRequired.has(name) ? "request-property-added-required" : "request-property-added",
          operation,
          at(`.${name}`),
          `\`${name}\` added${afterRequired.has(name) ? " as required" : ""}`,
        );
      else this.add("info", "response-property-added", operation, at(`.${name}`), `\`${name}\` added`);
    }
    for (const name of Object.keys(beforeProps)) {
      const where = at(`.${name}`);
      if (!Object.hasOwn(afterProps, name)) {
        this.add("breaking", `${side}-property-removed`, operation, where, `\`${name}\` removed`);
        continue;
      }
      const [wasRequired, isRequired] = [beforeRequired.has(name), afterRequired.has(name)];
      if (!wasRequired && isRequired)
        this.add(
          request ? "breaking" : "info",
          `${side}-property-became-required`,
          operation,
          where,
          `\`${name}\` became required`,
        );
      if (wasRequired && !isRequired)
        this.add(
          request ? "info" : "breaking",
          `${side}-property-became-optional`,
          operation,
          where,
          `\`${name}\` became optional`,
        );
      this.schema(side, operation, where, beforeProps[name], afterProps[name], depth + 1);
    }
    if (before.items || after.items) this.schema(side, operation, at("[]"), before.items, after.items, depth + 1);
    if (typeof before.additionalProperties === "object" && typeof after.additionalProperties === "object")
      this.schema(side, operation, at(".*"), before.additionalProperties, after.additionalProperties, depth + 1);

    for (const key of ["oneOf", "anyOf"] as const)
      this.variants(side, operation, here, key, before[key] ?? [], after[key] ?? [], depth);
  }

  private types(side: Side, operation: string, location: string, before: string[], after: string[]): void {
    if (canonical(before) === canonical(after)) return;
    const covers = (set: string[], type: string) =>
      set.includes(type) || (type === "integer" && set.includes("number"));
    const removed = before.filter((type) => !covers(after, type));
    const added = after.filter((type) => !covers(before, type));
    const change = `type ${before.join("|") || "any"} → ${after.join("|") || "any"}`;
    if (side === "request") {
      // No type at all accepts anything: going to one narrows, coming from one widens.
      if ((before.length === 0 && after.length > 0) || (after.length > 0 && removed.length))
        this.add("breaking", "request-type-narrowed", operation, location, change);
      else this.add("info", "request-type-widened", operation, location, change);
      return;
    }
    if (added.length === 1 && added[0] === "null" && removed.length === 0)
      this.add("breaking", "response-became-nullable", operation, location, "may now be null");
    else if (after.length === 0 || added.length || removed.length)
      this.add(
        after.length === 0 || added.length ? "breaking" : "info",
        after.length === 0 || added.length ? "response-type-changed" : "response-type-narrowed",
        operation,
        location,
        change,
      );
  }

  private variants(
    side: Side,
    operation: string,
    location: string,
    key: "oneOf" | "anyOf",
    before: SchemaSurface[],
    after: SchemaSurface[],
    depth: number,
  ): void {
    if (!before.length && !after.length) return;
    const shape = (schema: SchemaSurface, schemas: Record<string, SchemaSurface>) =>
      canonical(this.effective(schema, schemas));
    const beforeShapes = before.map((variant) => shape(variant, this.before.schemas));
    const afterShapes = after.map((variant) => shape(variant, this.after.schemas));
    const removed = before.filter((_, index) => !afterShapes.includes(beforeShapes[index]));
    const added = after.filter((_, index) => !beforeShapes.includes(afterShapes[index]));
    if (removed.length === added.length) {
      // Same number changed: the same variants, edited — compare them pairwise.
      removed.forEach((variant, index) =>
        this.schema(side, operation, `${location} (${key} variant)`, variant, added[index], depth + 1),
      );
      return;
    }
    const request = side === "request";
    if (removed.length > added.length)
      this.add(
        request ? "breaking" : "info",
        `${side}-variant-removed`,
        operation,
        location,
        `${removed.length - added.length} ${key} variant(s) removed`,
      );
    else
      this.add(
        request ? "info" : "breaking",
        `${side}-variant-added`,
        operation,
        location,
        `${added.length - removed.length} ${key} variant(s) added`,
      );
  }

  operation(key: string, before: OperationSurface, after: OperationSurface): void {
    if (!before.deprecated && after.deprecated)
      this.add("warning", "operation-deprecated", key, "operation", "deprecated");
    this.parameters(key, before, after);
    this.requestBody(key, before, after);
    this.responses(key, before, after);
    const lost = before.credentials.filter((c) => !after.credentials.includes(c));
    const gained = after.credentials.filter((c) => !before.credentials.includes(c));
    if (lost.length)
      this.add("breaking", "credentials-narrowed", key, "credentials", `no longer accepts ${lost.join(", ")}`);
    if (gained.length)
      this.add("info", "credentials-widened", key, "credentials", `now also accepts ${gained.join(", ")}`);
    for (const name of new Set([...Object.keys(before.injectedHeaders), ...Object.keys(after.injectedHeaders)])) {
      const [was, now] = [own(before.injectedHeaders, name), own(after.injectedHeaders, name)];
      if (was !== now)
        this.add(
          "breaking",
          "injected-header-changed",
          key,
          `header ${name}`,
          `the client's \`${name}\` ${was === undefined ? `is now set to ${now}` : now === undefined ? `(${was}) is no longer set` : `changes ${was} → ${now}`}`,
        );
    }
  }

  private parameters(key: string, before: OperationSurface, after: OperationSurface): void {
    for (const location of ["path", "query", "header", "cookie"] as const) {
      const [was, now] = [before.parameters[location] ?? {}, after.parameters[location] ?? {}];
      // Headers the client injects are not the caller's to send: their values are compared apart.
      const injected = (name: string) =>
        location === "header" &&
        (Object.hasOwn(before.injectedHeaders, name) || Object.hasOwn(after.injectedHeaders, name));
      const removed = Object.keys(was).filter((name) => !Object.hasOwn(now, name) && !injected(name));
      const added = Object.keys(now).filter((name) => !Object.hasOwn(was, name) && !injected(name));
      if (location === "path" && removed.length && removed.length === added.length) {
        removed.forEach((name, index) =>
          this.add(
            "breaking",
            "path-parameter-renamed",
            key,
            `path parameter \`${name}\``,
            `\`${name}\` renamed to \`${added[index]}\``,
          ),
        );
        removed.forEach((name, index) => this.parameter(key, location, added[index], was[name], now[added[index]]));
        continue;
      }
      for (const name of removed)
        this.add(
          "breaking",
          "parameter-removed",
          key,
          `${location} parameter \`${name}\``,
          `${location} parameter \`${name}\` removed`,
        );
      for (const name of added) {
        const required = now[name].required;
        this.add(
          required ? "breaking" : "info",
          required ? "parameter-added-required" : "parameter-added",
          key,
          `${location} parameter \`${name}\``,
          `${location} parameter \`${name}\` added${required ? " as required" : ""}`,
        );
      }
      for (const name of Object.keys(was))
        if (Object.hasOwn(now, name) && !injected(name)) this.parameter(key, location, name, was[name], now[name]);
    }
  }

  private parameter(
    key: string,
    location: string,
    name: string,
    before: ParameterSurface,
    after: ParameterSurface,
  ): void {
    const where = `${location} parameter \`${name}\``;
    if (!before.required && after.required)
      this.add("breaking", "parameter-became-required", key, where, `${where} became required`);
    if (before.required && !after.required)
      this.add("info", "parameter-became-optional", key, where, `${where} became optional`);
    if (!before.deprecated && after.deprecated)
      this.add("info", "parameter-deprecated", key, where, `${where} deprecated`);
    this.schema("request", key, where, before.schema, after.schema);
  }

  private requestBody(key: string, before: OperationSurface, after: OperationSurface): void {
    const [was, now] = [before.requestBody, after.requestBody];
    if (!was && !now) return;
    if (!was)
      return this.add(
        now!.required ? "breaking" : "info",
        now!.required ? "request-body-added-required" : "request-body-added",
        key,
        "request body",
        `request body added${now!.required ? " as required" : ""}`,
      );
    if (!now) return this.add("breaking", "request-body-removed", key, "request body", "request body removed");
    if (!was.required && now.required)
      this.add("breaking", "request-body-became-required", key, "request body", "request body became required");
    for (const type of Object.keys(was.content)) {
      if (!Object.hasOwn(now.content, type))
        this.add("breaking", "request-media-type-removed", key, `request body ${type}`, `${type} no longer accepted`);
      else this.schema("request", key, `request body ${type}`, was.content[type], now.content[type]);
    }
    for (const type of Object.keys(now.content))
      if (!Object.hasOwn(was.content, type))
        this.add("info", "request-media-type-added", key, `request body ${type}`, `${type} also accepted`);
  }

  private responses(key: string, before: OperationSurface, after: OperationSurface): void {
    const success = (status: string) => /^2/.test(status);
    for (const status of Object.keys(before.responses).filter(success)) {
      const now = own(after.responses, status);
      if (!now) {
        this.add("breaking", "success-status-removed", key, `response ${status}`, `success response ${status} removed`);
        continue;
      }
      const was = before.responses[status];
      for (const type of Object.keys(was)) {
        if (!Object.hasOwn(now, type))
          this.add(
            "breaking",
            "response-media-type-removed",
            key,
            `response ${status} ${type}`,
            `${type} no longer returned (now ${Object.keys(now).join(", ") || "no body"})`,
          );
        else this.schema("response", key, `response ${status} ${type}`, was[type], now[type]);
      }
      for (const type of Object.keys(now))
        if (!Object.hasOwn(was, type))
          this.add("warning", "response-media-type-added", key, `response ${status} ${type}`, `may now return ${type}`);
    }
    for (const status of Object.keys(after.responses).filter(success))
      if (!Object.hasOwn(before.responses, status))
        this.add("info", "success-status-added", key, `response ${status}`, `success response ${status} added`);
  }
}

function compareBound(
  before: number | undefined,
  after: number | undefined,
  tighter: (before: number, after: number) => boolean,
  key: string,
  tightened: string[],
  loosened: string[],
): void {
  if (before === after) return;
  const change = `${key} ${before ?? "none"} → ${after ?? "none"}`;
  if (after !== undefined && (before === undefined || tighter(before, after))) tightened.push(change);
  else loosened.push(change);
}

/** Operations whose path differs only in parameter names are the same operation, renamed. */
const shapeOf = (key: string) => key.replace(/\{[^}]+\}/g, "{}");

export function diffManifests(before: Manifest, after: Manifest, warnings: string[] = []): ProviderDiff {
  const comparison = new Comparison(
    { ...before, schemas: before.schemas ?? {} },
    { ...after, schemas: after.schemas ?? {} },
  );
  const removed = Object.keys(before.operations).filter((key) => !Object.hasOwn(after.operations, key));
  const added = new Set(Object.keys(after.operations).filter((key) => !Object.hasOwn(before.operations, key)));
  for (const key of removed) {
    const renamed = [...added].find((candidate) => shapeOf(candidate) === shapeOf(key));
    if (renamed) {
      added.delete(renamed);
      comparison.operation(renamed, before.operations[key], after.operations[renamed]);
    } else comparison.add("breaking", "operation-removed", key, "operation", "operation removed");
  }
  for (const key of added) comparison.add("info", "operation-added", key, "operation", "operation added");
  for (const key of Object.keys(after.operations)) {
    const old = own(before.operations, key);
    if (old) comparison.operation(key, old, after.operations[key]);
  }
  const findings = comparison.findings.sort(
    (a, b) =>
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
      a.operation.localeCompare(b.operation) ||
      a.location.localeCompare(b.location) ||
      a.id.localeCompare(b.id),
  );
  return {
    provider: after.provider,
    findings,
    breaking: findings.filter((f) => f.level === "breaking"),
    nonBreaking: findings.filter((f) => f.level !== "breaking"),
    warnings,
  };
}

/** Markdown for a pull-request description: per provider, breaking → warning → info. */
export function renderMarkdown(diffs: ProviderDiff[]): string {
  const lines = ["# Spec changes, as the clients see them", ""];
  for (const diff of diffs) {
    const count = (level: Level) => diff.findings.filter((f) => f.level === level).length;
    lines.push(
      `## ${diff.provider}: ${count("breaking")} breaking, ${count("warning")} warning, ${count("info")} info`,
      "",
    );
    for (const warning of diff.warnings) lines.push(`> ⚠ ${warning}`, "");
    if (diff.findings.length === 0) lines.push("No client-facing change.", "");
    for (const [level, title] of [
      ["breaking", "Breaking"],
      ["warning", "Warnings"],
      ["info", "Info"],
    ] as const) {
      const findings = diff.findings.filter((f) => f.level === level);
      if (!findings.length) continue;
      lines.push(`### ${title}`, "");
      for (const f of findings)
        lines.push(
          `- \`${f.operation}\` ${f.location === "operation" ? "" : `(${f.location.replace(/`/g, "")}) `}— ${f.message} \`${f.id}\``,
        );
      lines.push("");
    }
  }
  return lines.join("\n");
}

export function renderJson(diffs: ProviderDiff[]): string {
  return (
    JSON.stringify(
      {
        providers: diffs.map((d) => ({
          provider: d.provider,
          counts: {
            breaking: d.breaking.length,
            warning: d.findings.filter((f) => f.level === "warning").length,
            info: d.findings.filter((f) => f.level === "info").length,
          },
          findings: d.findings,
          warnings: d.warnings,
        })),
      },
      null,
      2,
    ) + "\n"
  );
}

/** GitHub Actions workflow commands: each finding an annotation on the run. */
export function renderGithub(diffs: ProviderDiff[]): string {
  const command = { breaking: "error", warning: "warning", info: "notice" } as const;
  const escape = (text: string) => text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const property = (text: string) => escape(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const lines: string[] = [];
  for (const diff of diffs) {
    for (const warning of diff.warnings)
      lines.push(`::warning title=${property(`${diff.provider}: annotations`)}::${escape(warning)}`);
    for (const f of diff.findings)
      lines.push(
        `::${command[f.level]} title=${property(`${diff.provider} ${f.operation} (${f.id})`)}::${escape(`${f.location}: ${f.message}`)}`,
      );
  }
  return lines.join("\n") + (lines.length ? "\n" : "");
}
