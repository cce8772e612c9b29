/**
 * The client-facing surface of a spec, in a stable sorted form (`generated/<id>/manifest.json`):
 * what a caller of the generated client depends on, per operation. Spec diffs compare manifests, so
 * a change that does not reach the client (a reworded description) is no change, while one that
 * does (a `cal-api-version` value moved in a description) is.
 */
import { dict } from "./dict.js";
import type { ResolvedOperation } from "./layer/operation-auth.js";
import { operationsOf, resolveLocalRef, type OpenApiDocument } from "./spec-document.js";

export interface FieldSurface {
  required: boolean;
  type: string;
  enum?: Array<string | number | boolean | null>;
}

export interface OperationSurface {
  operationId: string | null;
  parameters: { path: Record<string, FieldSurface>; query: Record<string, FieldSurface>; header: Record<string, FieldSurface> };
  requestBody: { required: boolean; fields: Record<string, FieldSurface> } | null;
  /** success status → top-level properties of its JSON body */
  responses: Record<string, string[]>;
  credentials: string[];
  /** headers the client sets on this operation, with their values */
  injectedHeaders: Record<string, string>;
}

export interface Manifest {
  provider: string;
  operations: Record<string, OperationSurface>;
}

type Json = any;

function resolve(doc: OpenApiDocument, node: Json, depth = 0): Json {
  while (node && typeof node.$ref === "string" && depth++ < 32) node = resolveLocalRef(doc, node.$ref);
  return node ?? {};
}

/** A short, stable description of a schema's type: "string<date-time>", "array<integer>", "a|b". */
export function describeType(doc: OpenApiDocument, schema: Json, depth = 0): string {
  schema = resolve(doc, schema);
  if (depth > 4) return "object";
  for (const key of ["oneOf", "anyOf"] as const)
    if (Array.isArray(schema[key])) return [...new Set(schema[key].map((s: Json) => describeType(doc, s, depth + 1)))].sort().join("|");
  if (Array.isArray(schema.allOf)) return schema.allOf.length === 1 ? describeType(doc, schema.allOf[0], depth + 1) : "object";
  const types: string[] = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const described = types.map((type) => {
    if (type === "array") return `array<${schema.items ? describeType(doc, schema.items, depth + 1) : "unknown"}>`;
    if (type === "string" && schema.format) return `string<${schema.format}>`;
    return type;
  });
  if (schema.nullable === true && !types.includes("null")) described.push("null");
  if (described.length) return [...described].sort().join("|");
  if (schema.properties || schema.additionalProperties) return "object";
  if (Array.isArray(schema.enum)) return [...new Set(schema.enum.map((v: unknown) => (v === null ? "null" : typeof v)))].sort().join("|");
  return "unknown";
}

function field(doc: OpenApiDocument, schema: Json, required: boolean): FieldSurface {
  const resolved = resolve(doc, schema);
  const surface: FieldSurface = { required, type: describeType(doc, resolved) };
  const values = Array.isArray(resolved.enum) ? resolved.enum : resolved.items && Array.isArray(resolve(doc, resolved.items).enum) ? resolve(doc, resolved.items).enum : undefined;
  if (values) surface.enum = [...values].sort((a, b) => String(a).localeCompare(String(b)));
  return surface;
}

/** Top-level properties of an object schema, merging allOf; a oneOf/anyOf field is required only if every variant requires it. */
function objectFields(doc: OpenApiDocument, schema: Json, depth = 0): Record<string, FieldSurface> {
  schema = resolve(doc, schema);
  if (depth > 8) return dict();
  const variants = schema.oneOf ?? schema.anyOf;
  if (Array.isArray(variants) && variants.length) {
    const each = variants.map((variant: Json) => objectFields(doc, variant, depth + 1));
    const merged = dict<FieldSurface>();
    for (const fields of each)
      for (const [name, surface] of Object.entries<FieldSurface>(fields)) merged[name] ??= { ...surface, required: each.every((f: Record<string, FieldSurface>) => f[name]?.required) };
    return merged;
  }
  const fields = dict<FieldSurface>();
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) Object.assign(fields, objectFields(doc, part, depth + 1));
  const required = new Set<string>(Array.isArray(schema.required) ? schema.required : []);
  for (const [name, property] of Object.entries<Json>(schema.properties ?? {})) fields[name] = field(doc, property, required.has(name));
  return fields;
}

const jsonSchemaOf = (doc: OpenApiDocument, holder: Json) => {
  const content = resolve(doc, holder)?.content ?? {};
  const type = Object.keys(content).find((t) => /json/i.test(t)) ?? Object.keys(content)[0];
  return type ? content[type].schema : undefined;
};

function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map((key) => [key, record[key]]));
}

export function buildManifest(providerId: string, doc: OpenApiDocument, auth?: ResolvedOperation[]): Manifest {
  const operations = dict<OperationSurface>();
  const authByKey = new Map((auth ?? []).map((op) => [`${op.method} ${op.path}`, op]));
  for (const { path, method, operation, pathItem } of operationsOf(doc)) {
    const parameters: OperationSurface["parameters"] = { path: dict(), query: dict(), header: dict() };
    for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
      const parameter = resolve(doc, raw);
      const location = parameter.in as keyof OperationSurface["parameters"];
      if (location !== "path" && location !== "query" && location !== "header") continue;
      parameters[location][location === "header" ? String(parameter.name).toLowerCase() : parameter.name] = field(doc, parameter.schema ?? {}, parameter.required === true);
    }
    const body = operation.requestBody ? resolve(doc, operation.requestBody) : undefined;
    const responses = dict<string[]>();
    for (const [status, response] of Object.entries<Json>(operation.responses ?? {})) {
      if (!/^2/.test(status)) continue;
      const schema = jsonSchemaOf(doc, response);
      responses[status] = schema ? Object.keys(objectFields(doc, schema)).sort() : [];
    }
    const resolvedAuth = authByKey.get(`${method} ${path}`);
    const specSecurity: Array<Record<string, unknown>> = operation.security ?? (doc.security as Json) ?? [];
    operations[`${method.toUpperCase()} ${path}`] = {
      operationId: operation.operationId ?? null,
      parameters: { path: sorted(parameters.path), query: sorted(parameters.query), header: sorted(parameters.header) },
      requestBody: body ? { required: body.required === true, fields: sorted(objectFields(doc, jsonSchemaOf(doc, body) ?? {})) } : null,
      responses: sorted(responses),
      credentials: resolvedAuth ? resolvedAuth.access : [...new Set(specSecurity.map((requirement) => Object.keys(requirement).sort().join("+") || "none"))],
      injectedHeaders: sorted(Object.fromEntries(Object.entries(resolvedAuth?.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]))),
    };
  }
  return { provider: providerId, operations: sorted(operations) };
}

export function renderManifest(manifest: Manifest): string {
  return JSON.stringify(manifest, null, 2) + "\n";
}
