/**
 * The client-facing contract of a spec, in a stable sorted form (`generated/<id>/manifest.json`):
 * per operation its parameters, request bodies and responses by status and media type, with their
 * schemas in full depth — types (nullability in the 3.0 and 3.1 forms alike), formats, `required`,
 * enums, constraints, variants, defaults, `deprecated` — plus the credentials it accepts and the
 * headers the client injects. Component schemas are kept once, by name; a diff follows references
 * structurally, so a schema moved to another name with the same shape is no change. Descriptions
 * and examples are not part of the contract.
 */
import { dict } from "../support/dict.js";
import { SpecProblem } from "../support/errors.js";
import { sanitizeRemote } from "../support/escape.js";
import { resolveLocalRef, type OpenApiDocument } from "../accept/spec-document.js";
import { accessKey } from "../../runtime/table.js";
import type { OperationModel } from "./operation-model.js";
import type { SpecContent, SpecParameter } from "./spec-operations.js";

/** A schema as the contract sees it. `ref` names an entry of the manifest's `schemas`. */
export interface SchemaSurface {
  ref?: string;
  /** JSON types, sorted; "null" when the schema is nullable (3.0 `nullable`, or 3.1 `type: [..., "null"]`). */
  type?: string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, SchemaSurface>;
  required?: string[];
  additionalProperties?: SchemaSurface | boolean;
  items?: SchemaSurface;
  oneOf?: SchemaSurface[];
  anyOf?: SchemaSurface[];
  allOf?: SchemaSurface[];
  deprecated?: boolean;
  readOnly?: boolean;
  writeOnly?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  multipleOf?: number;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minProperties?: number;
  maxProperties?: number;
}

export interface ParameterSurface {
  required: boolean;
  deprecated?: boolean;
  schema: SchemaSurface;
}

export interface OperationSurface {
  operationId: string | null;
  deprecated?: boolean;
  parameters: {
    path: Record<string, ParameterSurface>;
    query: Record<string, ParameterSurface>;
    header: Record<string, ParameterSurface>;
    cookie: Record<string, ParameterSurface>;
  };
  requestBody: { required: boolean; content: Record<string, SchemaSurface> } | null;
  /** status → media type → schema (a response without content has none). */
  responses: Record<string, Record<string, SchemaSurface>>;
  credentials: string[];
  injectedHeaders: Record<string, string>;
}

export interface Manifest {
  provider: string;
  /** Component schemas the operations refer to, by name. */
  schemas: Record<string, SchemaSurface>;
  operations: Record<string, OperationSurface>;
}

type Json = any;

const SCHEMA_PREFIX = "#/components/schemas/";
const KEPT = [
  "format",
  "const",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "minLength",
  "maxLength",
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
] as const;

/** Keys sorted, recursively: the manifest's text does not depend on the spec's key order. */
function sorted<T>(value: T): T {
  if (Array.isArray(value)) return value.map(sorted) as T;
  if (!value || typeof value !== "object") return value;
  const out = dict<unknown>();
  for (const key of Object.keys(value).sort()) out[key] = sorted((value as Record<string, unknown>)[key]);
  return out as T;
}

const canonical = (value: unknown) => JSON.stringify(sorted(value));

/**
 * A schema reached through a reference to another kind of component (`#/components/parameters/P/schema`)
 * is copied into the surface at each use. Uses are counted: a document whose such references
 * multiply (each one's schema referring to the next several times) would otherwise grow the
 * manifest exponentially.
 */
export const MAX_INLINED_REFERENCES = 10_000;

class SurfaceBuilder {
  readonly schemas = dict<SchemaSurface>();
  inlinedReferences = 0;

  constructor(private readonly doc: OpenApiDocument) {}

  /** Follows `$ref`s to other parts of the document (parameters, responses, bodies). */
  resolve(node: Json, depth = 0): Json {
    let current = node;
    while (current && typeof current.$ref === "string" && !current.$ref.startsWith(SCHEMA_PREFIX) && depth++ < 32)
      current = resolveLocalRef(this.doc, current.$ref);
    return current ?? {};
  }

  schema(node: Json, depth = 0): SchemaSurface {
    if (!node || typeof node !== "object" || depth > 64) return {};
    if (typeof node.$ref === "string") {
      if (!node.$ref.startsWith(SCHEMA_PREFIX)) {
        if (++this.inlinedReferences > MAX_INLINED_REFERENCES)
          throw new SpecProblem(
            `schemas reached through references to other components (${sanitizeRemote(node.$ref, 120)} …) are copied more than ${MAX_INLINED_REFERENCES} times`,
            "the references multiply: refer to #/components/schemas/… instead, through a correction under specs/corrections/",
          );
        return this.schema(this.resolve(node), depth + 1);
      }
      const name = decodeURIComponent(node.$ref.slice(SCHEMA_PREFIX.length)).replace(/~1/g, "/").replace(/~0/g, "~");
      if (!Object.hasOwn(this.schemas, name)) {
        this.schemas[name] = {}; // placeholder first: a cycle refers back to it by name
        this.schemas[name] = this.schema(resolveLocalRef(this.doc, node.$ref), depth + 1);
      }
      return { ref: name };
    }
    const surface: SchemaSurface = {};
    const types = new Set<string>(
      Array.isArray(node.type) ? node.type : typeof node.type === "string" ? [node.type] : [],
    );
    if (node.nullable === true) types.add("null");
    if (types.size) surface.type = [...types].sort();
    for (const key of KEPT) if (node[key] !== undefined) (surface as Record<string, unknown>)[key] = node[key];
    if (Array.isArray(node.enum))
      surface.enum = [...node.enum].sort((a, b) => canonical(a).localeCompare(canonical(b)));
    if (node.properties && typeof node.properties === "object") {
      surface.properties = dict();
      for (const [name, property] of Object.entries<Json>(node.properties))
        surface.properties[name] = this.schema(property, depth + 1);
    }
    if (Array.isArray(node.required) && node.required.length)
      surface.required = [...new Set<string>(node.required)].sort();
    if (node.additionalProperties !== undefined)
      surface.additionalProperties =
        typeof node.additionalProperties === "object"
          ? this.schema(node.additionalProperties, depth + 1)
          : Boolean(node.additionalProperties);
    if (node.items && typeof node.items === "object") surface.items = this.schema(node.items, depth + 1);
    for (const key of ["oneOf", "anyOf", "allOf"] as const)
      if (Array.isArray(node[key]))
        surface[key] = node[key]
          .map((variant: Json) => this.schema(variant, depth + 1))
          .sort((a: SchemaSurface, b: SchemaSurface) => canonical(a).localeCompare(canonical(b)));
    return surface;
  }

  parameters(declared: SpecParameter[]): OperationSurface["parameters"] {
    const parameters: OperationSurface["parameters"] = { path: dict(), query: dict(), header: dict(), cookie: dict() };
    for (const parameter of declared) {
      const name = parameter.in === "header" ? parameter.name.toLowerCase() : parameter.name;
      parameters[parameter.in][name] = {
        required: parameter.required,
        ...(parameter.deprecated ? { deprecated: true } : {}),
        schema: this.schema(parameter.schema ?? {}),
      };
    }
    return parameters;
  }

  content(content: SpecContent): Record<string, SchemaSurface> {
    const surface = dict<SchemaSurface>();
    for (const [type, schema] of Object.entries(content)) surface[type] = schema ? this.schema(schema) : {};
    return surface;
  }
}

export function buildManifest(providerId: string, model: OperationModel): Manifest {
  const builder = new SurfaceBuilder(model.document);
  const operations = dict<OperationSurface>();
  for (const operation of model.operations) {
    const responses = dict<Record<string, SchemaSurface>>();
    for (const [status, content] of Object.entries(operation.responses)) responses[status] = builder.content(content);
    const body = operation.requestBody;
    operations[operation.key] = {
      operationId: operation.operationId ?? null,
      ...(operation.deprecated ? { deprecated: true } : {}),
      parameters: builder.parameters(operation.parameters),
      requestBody: body ? { required: body.required, content: builder.content(body.content) } : null,
      responses,
      credentials: operation.access.map(accessKey),
      injectedHeaders: Object.fromEntries(
        Object.entries(operation.headers).map(([name, value]) => [name.toLowerCase(), value]),
      ),
    };
  }
  return sorted({ provider: providerId, schemas: builder.schemas, operations });
}

/** One line per operation and per schema keeps the file reviewable in a diff and small on disk. */
export function renderManifest(manifest: Manifest): string {
  const section = (record: Record<string, unknown>) =>
    Object.entries(record)
      .map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)}`)
      .join(",\n");
  return `{\n  "provider": ${JSON.stringify(manifest.provider)},\n  "schemas": {\n${section(manifest.schemas)}\n  },\n  "operations": {\n${section(manifest.operations)}\n  }\n}\n`;
}
