/**
 * Resolves, for every operation of a spec, what the provider's docs say about calling it: the
 * credentials it accepts, the headers the client sets, and facts worth showing. Spec data comes
 * first (derive), annotation rules override in order. Rules that no longer match the spec fail,
 * so they cannot silently rot.
 */
import { followRefs, type OpenApiDocument } from "../accept/spec-document.js";
import { dict } from "../support/dict.js";
import { ConfigProblem } from "../support/errors.js";
import { PUBLIC, type Annotations, type Rule } from "../config/annotations.js";
import type { AcceptedCredential } from "../../runtime/table.js";
import type { SpecOperation, SpecParameter } from "./spec-operations.js";

/** What the provider's docs add to a spec operation: how to call it. */
export interface OperationAuth {
  /** Accepted credential kinds (and "none"), in the annotation's order. */
  credentials: string[];
  /** The same, each with the scope it must carry where the operation has one that kind knows. */
  access: AcceptedCredential[];
  scope: string | null;
  /** Headers set whatever the credential, e.g. cal-api-version. */
  headers: Record<string, string>;
  facts: string[];
  /** customer type → access ("yes", "no", or a condition) */
  customers: Array<[string, string]>;
  /** A paginated list: which of the provider's styles, and where the items are in which response. */
  pagination?: ResolvedPagination;
  /** Why the operation is public, when it is: `spec security`, or the rule (`rules[N]`, which carries its source) that says so. */
  publicBy?: string;
}

export type ResolvedOperation = SpecOperation & OperationAuth;

/** Annotations that no longer fit the spec: the rules must follow the provider's change. */
export interface ResolvedPagination {
  /** Index into the annotation's runtime.pagination. */
  style: number;
  status: string;
  mediaType: string;
  /** Property names from the body to the items array. */
  items: string[];
}

export class AnnotationError extends ConfigProblem {
  constructor(origin: string, message: string) {
    super(
      `${origin}: ${message}`,
      "update the annotation rules to the provider's current spec (format: docs/annotations.md)",
    );
    this.name = "AnnotationError";
  }
}

/**
 * Resolves every operation, returning the annotation problems (rules that no longer fit the spec)
 * for the caller to fail on or, in a spec diff, to report as warnings.
 */
export function resolveOperationAuth(
  doc: OpenApiDocument,
  specOperations: SpecOperation[],
  annotations: Annotations,
): { operations: ResolvedOperation[]; problems: string[] } {
  const kindOrder = [...Object.keys(annotations.credentials), PUBLIC];
  const ordered = (kinds: Iterable<string>) =>
    [...new Set(kinds)].sort((a, b) => kindOrder.indexOf(a) - kindOrder.indexOf(b));
  const resolved: ResolvedOperation[] = [];
  const problems: string[] = [];
  /** Operations neither the spec nor the defaults say anything about: a rule must decide them. */
  const undecided = new Set<string>();

  for (const operation of specOperations) {
    const headerParameters = operation.parameters.filter((parameter) => parameter.in === "header");
    const derived = deriveCredentials(operation, headerParameters, annotations);
    const credentials = annotations.defaults?.credentials ?? derived?.kinds;
    if (credentials === undefined) undecided.add(operation.key);
    const entry: ResolvedOperation = {
      ...operation,
      credentials: ordered(credentials ?? []),
      publicBy: derived?.publicBy,
      pagination: operation.method === "get" ? paginationOf(doc, operation, annotations) : undefined,
      access: [],
      scope: annotations.defaults?.scope ?? null,
      headers: dict(),
      facts: [],
      customers: [],
    };
    const versionHeader = annotations.derive?.versionHeader;
    if (versionHeader) {
      const parameter = headerParameters.find((p) => p.name.toLowerCase() === versionHeader.toLowerCase());
      if (parameter) {
        const value = versionValue(parameter);
        if (value) entry.headers[parameter.name] = value;
        else if (parameter.required)
          problems.push(
            `${operation.key} requires the ${versionHeader} header but the spec gives no value for it (neither a schema default nor "Must be set to YYYY-MM-DD")`,
          );
      }
    }
    for (const [extension, fact] of Object.entries(annotations.derive?.extensionFacts ?? {}))
      if (operation.extensions[extension] === true) entry.facts.push(fact);
    resolved.push(entry);
  }

  (annotations.rules ?? []).forEach((rule, index) => applyRule(rule, index, resolved, ordered, problems, undecided));
  for (const entry of resolved) {
    const operation = entry.key;
    if (undecided.has(operation))
      problems.push(
        `${operation} declares none of the auth header parameters (${Object.keys(annotations.derive?.headerParameters ?? {}).join(", ")}): add a rule, with its source, naming the credentials it accepts or making it public`,
      );
    else if (entry.credentials.includes(PUBLIC) && !entry.publicBy)
      problems.push(
        `${operation} would be public with no documented reason: public operations come from the spec's security or from a rule with its source`,
      );
    if (!entry.credentials.includes(PUBLIC)) delete entry.publicBy;
    entry.access = entry.credentials.map((kind) =>
      entry.scope && annotations.credentials[kind]?.scopes?.[entry.scope] ? { kind, scope: entry.scope } : { kind },
    );
    entry.customers = customerAccess(entry.tags, annotations);
  }
  return { operations: resolved, problems };
}

export const SPEC_SECURITY_PUBLIC = "spec security";

/**
 * The credentials the spec implies, or undefined when it implies nothing (a rule must decide).
 * Header parameters never make an operation public: "every auth header optional" only means the
 * spec does not say which one is needed.
 */
function deriveCredentials(
  operation: SpecOperation,
  headerParameters: SpecParameter[],
  annotations: Annotations,
): { kinds: string[]; publicBy?: string } | undefined {
  const { securitySchemes, headerParameters: authHeaders } = annotations.derive ?? {};
  if (securitySchemes) {
    const requirements = operation.security ?? [];
    if (requirements.length === 0) return { kinds: [PUBLIC], publicBy: SPEC_SECURITY_PUBLIC };
    const kinds = requirements.flatMap((requirement) => {
      const schemes = Object.keys(requirement);
      if (schemes.length === 0) return [PUBLIC];
      // A requirement names schemes that must all be present; map it only when each is known.
      return schemes.every((scheme) => securitySchemes[scheme])
        ? schemes.flatMap((scheme) => securitySchemes[scheme])
        : [];
    });
    return { kinds, publicBy: kinds.includes(PUBLIC) ? SPEC_SECURITY_PUBLIC : undefined };
  }
  if (authHeaders) {
    const lowerCase = new Map(Object.entries(authHeaders).map(([name, kinds]) => [name.toLowerCase(), kinds]));
    const declared = headerParameters.filter((p) => lowerCase.has(p.name.toLowerCase()));
    // Declaring none of them says nothing either way: a rule must decide.
    if (declared.length === 0) return undefined;
    return { kinds: declared.flatMap((p) => lowerCase.get(p.name.toLowerCase())!) };
  }
  // Nothing to derive from: only defaults and rules give credentials.
  return { kinds: [] };
}

const VERSION_IN_DESCRIPTION = /must be set to\s+`?(\d{4}-\d{2}-\d{2})/i;

function versionValue(parameter: SpecParameter): string | undefined {
  const fallback = parameter.schema?.default;
  if (typeof fallback === "string" && fallback) return fallback;
  return String(parameter.description ?? "").match(VERSION_IN_DESCRIPTION)?.[1];
}

function ruleMatches(rule: Rule, entry: ResolvedOperation): boolean {
  const { operations, pathPrefix, tagPrefix } = rule.match;
  return (
    (!operations || operations.includes(entry.key)) &&
    (!pathPrefix || entry.path.startsWith(pathPrefix)) &&
    (!tagPrefix || entry.tags.some((tag) => tag.startsWith(tagPrefix)))
  );
}

function applyRule(
  rule: Rule,
  index: number,
  resolved: ResolvedOperation[],
  ordered: (kinds: Iterable<string>) => string[],
  problems: string[],
  undecided: Set<string>,
): void {
  const known = new Set(resolved.map((entry) => entry.key));
  const missing = (rule.match.operations ?? []).filter((operation) => !known.has(operation));
  if (missing.length) problems.push(`rules[${index}] names operations the spec does not have: ${missing.join(", ")}`);
  const matched = resolved.filter((entry) => ruleMatches(rule, entry));
  if (matched.length === 0 && missing.length === 0) problems.push(`rules[${index}] matches no operation of the spec`);
  const reason = `rules[${index}]`;
  for (const entry of matched) {
    if (rule.credentials) {
      entry.credentials = ordered(rule.credentials);
      entry.publicBy = rule.credentials.includes(PUBLIC) ? reason : undefined;
      undecided.delete(entry.key);
    }
    if (rule.public !== undefined) {
      entry.credentials = ordered(
        rule.public ? [...entry.credentials, PUBLIC] : entry.credentials.filter((kind) => kind !== PUBLIC),
      );
      entry.publicBy = rule.public ? reason : undefined;
      undecided.delete(entry.key);
    }
    if (rule.scope !== undefined) entry.scope = rule.scope;
    Object.assign(entry.headers, rule.headers);
    entry.facts.push(...(rule.facts ?? []));
  }
}

function customerAccess(tags: string[], annotations: Annotations): Array<[string, string]> {
  const customers = annotations.customers;
  if (!customers || tags.length === 0) return [];
  const ignored = customers.ignoreTagPrefix;
  const normalized = tags.map((tag) => (ignored && tag.startsWith(ignored) ? tag.slice(ignored.length) : tag));
  return Object.entries(customers.types).map(([customer, rules]) => {
    const rule = rules.find((r) => r.otherwise !== undefined || normalized.some((tag) => tag.startsWith(r.tagPrefix!)));
    return [customer, rule ? (rule.otherwise ?? rule.access ?? "yes") : "no"];
  });
}

/** The first of the provider's pagination styles whose query parameter the operation takes and whose items the success body has as an array. */
function paginationOf(
  doc: OpenApiDocument,
  operation: SpecOperation,
  annotations: Annotations,
): ResolvedPagination | undefined {
  const styles = annotations.runtime?.pagination ?? [];
  const query = new Set(operation.parameters.filter((p) => p.in === "query").map((p) => p.name));
  for (const [index, style] of styles.entries()) {
    if (!query.has(style.match.queryParameter)) continue;
    for (const [status, content] of Object.entries(operation.responses)) {
      if (!/^2/.test(status)) continue;
      const mediaType = Object.keys(content).find((type) => /json/i.test(type));
      if (!mediaType) continue;
      const items = style.items.split(".");
      const target = items.reduce<any>(
        (schema, name) => (schema === undefined ? undefined : propertyOf(doc, schema, name)),
        content[mediaType],
      );
      const resolved = followRefs(doc, target);
      if (resolved && (resolved.type === "array" || resolved.items)) return { style: index, status, mediaType, items };
    }
  }
  return undefined;
}

/** A property's schema, through $ref and allOf; each schema is searched once (an allOf DAG stays linear). */
function propertyOf(doc: OpenApiDocument, schema: any, name: string, searched = new Set<object>(), depth = 0): any {
  const resolved = followRefs(doc, schema);
  if (!resolved || typeof resolved !== "object" || searched.has(resolved) || depth > 64) return undefined;
  searched.add(resolved);
  if (resolved.properties && Object.hasOwn(resolved.properties, name)) return resolved.properties[name];
  for (const part of Array.isArray(resolved.allOf) ? resolved.allOf : []) {
    const found = propertyOf(doc, part, name, searched, depth + 1);
    if (found) return found;
  }
  return undefined;
}
