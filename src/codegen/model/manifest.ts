/**
 * The client-facing contract of a spec, in a stable sorted form (`generated/<id>/manifest.json`):
 * per operation its parameters, request bodies, responses (every status, `default` included) by
 * media type with their headers, with schemas in full depth — every keyword in `SCHEMA_KEYWORDS`
 * — plus the credentials it accepts and the headers the client injects; the 3.1 `webhooks`; and
 * every component schema, referenced or not (an app may name any of them). Component schemas are
 * kept once, by name; a diff follows references structurally, so a schema moved to another name
 * with the same shape is no change. Descriptions and examples are not part of the contract.
 * A provider the booking API covers also records which of its operations each booking method
 * uses (`booking`), so a diff can say which `booking.<method>` a change affects.
 */
import { dict } from "../support/dict.js";
import { SpecProblem } from "../support/errors.js";
import { sanitizeRemote } from "../support/escape.js";
import { pointerSegment, resolveLocalRef, type OpenApiDocument } from "../accept/spec-document.js";
import { accessKey } from "../../runtime/table.js";
import type { BookingSurface } from "./booking-surface.js";
import type { OperationModel } from "./operation-model.js";
import { readWebhooks, type SpecContent, type SpecOperation, type SpecParameter } from "./spec-operations.js";

/**
 * Bumped when the manifest records more. 3 added `booking`; a diff still reads the versions in
 * `READABLE_MANIFEST_VERSIONS` (what an older one lacks counts as empty) and refuses any other.
 */
export const MANIFEST_VERSION = 3;
export const READABLE_MANIFEST_VERSIONS: readonly number[] = [2, 3];

/**
 * Every schema keyword the manifest records, by the shape of its value. The diff's rule table
 * (diff/rule-table.ts) has one entry per keyword here, checked by a test: what is recorded is
 * compared, and nothing is compared that is not recorded.
 */
export const SCHEMA_KEYWORDS = {
  /** Kept as the spec has it. */
  value: [
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
    "minContains",
    "maxContains",
  ],
  /** Normalised: `type` (with 3.0 `nullable` as "null"), `enum` and `required` sorted, `dependentRequired` lists sorted. */
  normalised: ["type", "enum", "required", "dependentRequired"],
  /** A schema (or, where JSON Schema allows, a boolean). */
  schema: [
    "items",
    "additionalProperties",
    "propertyNames",
    "contains",
    "if",
    "then",
    "else",
    "not",
    "unevaluatedProperties",
    "unevaluatedItems",
  ],
  /** Schemas by name. */
  schemaMap: ["properties", "patternProperties", "dependentSchemas"],
  /** Schemas by position: `prefixItems` in order, the variants sorted (their order means nothing). */
  schemaList: ["prefixItems", "oneOf", "anyOf", "allOf"],
} as const;

export type SchemaKeyword = (typeof SCHEMA_KEYWORDS)[keyof typeof SCHEMA_KEYWORDS][number];

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
  items?: SchemaSurface | boolean;
  prefixItems?: SchemaSurface[];
  patternProperties?: Record<string, SchemaSurface>;
  propertyNames?: SchemaSurface | boolean;
  contains?: SchemaSurface | boolean;
  minContains?: number;
  maxContains?: number;
  dependentRequired?: Record<string, string[]>;
  dependentSchemas?: Record<string, SchemaSurface>;
  if?: SchemaSurface | boolean;
  then?: SchemaSurface | boolean;
  else?: SchemaSurface | boolean;
  not?: SchemaSurface | boolean;
  unevaluatedProperties?: SchemaSurface | boolean;
  unevaluatedItems?: SchemaSurface | boolean;
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
  /** A number (3.1) or a flag on `minimum` / `maximum` (3.0). */
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
  /** status → media type → schema (a response without content has none). Every status, `default` included. */
  responses: Record<string, Record<string, SchemaSurface>>;
  /** status → header name (lowercase) → header. */
  responseHeaders: Record<string, Record<string, ParameterSurface>>;
  credentials: string[];
  injectedHeaders: Record<string, string>;
}

/** A 3.1 webhook: what the provider sends the app (its request body, by media type). */
export interface WebhookSurface {
  operationId: string | null;
  deprecated?: boolean;
  payload: Record<string, SchemaSurface>;
}

export interface Manifest {
  version: number;
  provider: string;
  /** Every component schema of the document, by name. */
  schemas: Record<string, SchemaSurface>;
  operations: Record<string, OperationSurface>;
  /** The 3.1 `webhooks`, keyed `webhook <name> <METHOD>`: the body is what the app receives. */
  webhooks: Record<string, WebhookSurface>;
  /**
   * Booking method → the operations (keys of `operations`) it uses, for a provider the booking API
   * covers; `{}` otherwise. Absent from version 2 manifests.
   */
  booking?: BookingSurface;
}

type Json = any;

const SCHEMA_PREFIX = "#/components/schemas/";

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

/** A `$ref` segment decoded (URI escapes, then `~1` and `~0`); a malformed URI escape is kept as written. */
function refName(ref: string): string {
  const raw = ref.slice(SCHEMA_PREFIX.length);
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // Not a valid URI escape: the name as written.
  }
  return decoded.replace(/~1/g, "/").replace(/~0/g, "~");
}

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

  /** A component schema by name, built once: every reference to it is `{ ref: name }`. */
  named(name: string, ref: string, depth: number): SchemaSurface {
    if (!Object.hasOwn(this.schemas, name)) {
      this.schemas[name] = {}; // placeholder first: a cycle refers back to it by name
      this.schemas[name] = this.schema(resolveLocalRef(this.doc, ref), depth + 1);
    }
    return { ref: name };
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
      return this.named(refName(node.$ref), node.$ref, depth);
    }
    const surface: Record<string, unknown> = {};
    const types = new Set<string>(
      Array.isArray(node.type) ? node.type : typeof node.type === "string" ? [node.type] : [],
    );
    if (node.nullable === true) types.add("null");
    if (types.size) surface.type = [...types].sort();
    for (const key of SCHEMA_KEYWORDS.value) if (node[key] !== undefined) surface[key] = node[key];
    if (Array.isArray(node.enum))
      surface.enum = [...node.enum].sort((a, b) => canonical(a).localeCompare(canonical(b)));
    if (Array.isArray(node.required) && node.required.length)
      surface.required = [...new Set<string>(node.required)].sort();
    if (node.dependentRequired && typeof node.dependentRequired === "object") {
      const dependent = dict<string[]>();
      for (const [name, list] of Object.entries<Json>(node.dependentRequired))
        if (Array.isArray(list)) dependent[name] = [...new Set<string>(list.map(String))].sort();
      surface.dependentRequired = dependent;
    }
    for (const key of SCHEMA_KEYWORDS.schema) {
      const value = node[key];
      if (typeof value === "boolean") surface[key] = value;
      else if (value && typeof value === "object" && !Array.isArray(value))
        surface[key] = this.schema(value, depth + 1);
    }
    for (const key of SCHEMA_KEYWORDS.schemaMap) {
      if (!node[key] || typeof node[key] !== "object") continue;
      const map = dict<SchemaSurface>();
      for (const [name, value] of Object.entries<Json>(node[key])) map[name] = this.schema(value, depth + 1);
      surface[key] = map;
    }
    if (Array.isArray(node.prefixItems))
      surface.prefixItems = node.prefixItems.map((item: Json) => this.schema(item, depth + 1));
    for (const key of ["oneOf", "anyOf", "allOf"] as const)
      if (Array.isArray(node[key]))
        surface[key] = node[key]
          .map((variant: Json) => this.schema(variant, depth + 1))
          .sort((a: SchemaSurface, b: SchemaSurface) => canonical(a).localeCompare(canonical(b)));
    return surface as SchemaSurface;
  }

  parameter(parameter: Pick<SpecParameter, "required" | "deprecated" | "schema">): ParameterSurface {
    return {
      required: parameter.required,
      ...(parameter.deprecated ? { deprecated: true } : {}),
      schema: this.schema(parameter.schema ?? {}),
    };
  }

  parameters(declared: SpecParameter[]): OperationSurface["parameters"] {
    const parameters: OperationSurface["parameters"] = { path: dict(), query: dict(), header: dict(), cookie: dict() };
    for (const parameter of declared) {
      const name = parameter.in === "header" ? parameter.name.toLowerCase() : parameter.name;
      parameters[parameter.in][name] = this.parameter(parameter);
    }
    return parameters;
  }

  content(content: SpecContent): Record<string, SchemaSurface> {
    const surface = dict<SchemaSurface>();
    for (const [type, schema] of Object.entries(content)) surface[type] = schema ? this.schema(schema) : {};
    return surface;
  }

  operation(
    operation: SpecOperation,
    auth: Pick<OperationSurface, "credentials" | "injectedHeaders">,
  ): OperationSurface {
    const responses = dict<Record<string, SchemaSurface>>();
    const responseHeaders = dict<Record<string, ParameterSurface>>();
    for (const [status, content] of Object.entries(operation.responses)) {
      responses[status] = this.content(content);
      const headers = Object.entries(operation.responseHeaders?.[status] ?? {});
      if (headers.length)
        responseHeaders[status] = Object.fromEntries(headers.map(([name, header]) => [name, this.parameter(header)]));
    }
    const body = operation.requestBody;
    return {
      operationId: operation.operationId ?? null,
      ...(operation.deprecated ? { deprecated: true } : {}),
      parameters: this.parameters(operation.parameters),
      requestBody: body ? { required: body.required, content: this.content(body.content) } : null,
      responses,
      responseHeaders,
      ...auth,
    };
  }

  /** Every component schema, so that one no operation refers to (a webhook event, say) is compared too. */
  components(): void {
    const declared = this.doc.components?.schemas;
    if (!declared || typeof declared !== "object") return;
    for (const name of Object.keys(declared))
      this.named(name, `${SCHEMA_PREFIX}${encodeURIComponent(pointerSegment(name))}`, 0);
  }
}

/** `booking`: the provider's booking operations (bookingSurfaceOf), for a provider the booking API covers. */
export function buildManifest(providerId: string, model: OperationModel, booking: BookingSurface = {}): Manifest {
  const builder = new SurfaceBuilder(model.document);
  const operations = dict<OperationSurface>();
  for (const operation of model.operations)
    operations[operation.key] = builder.operation(operation, {
      credentials: operation.access.map(accessKey),
      injectedHeaders: Object.fromEntries(
        Object.entries(operation.headers).map(([name, value]) => [name.toLowerCase(), value]),
      ),
    });
  const webhooks = dict<WebhookSurface>();
  for (const webhook of readWebhooks(model.document))
    webhooks[webhook.key] = {
      operationId: webhook.operationId ?? null,
      ...(webhook.deprecated ? { deprecated: true } : {}),
      payload: builder.content(webhook.requestBody?.content ?? {}),
    };
  builder.components();
  return sorted({
    version: MANIFEST_VERSION,
    provider: providerId,
    schemas: builder.schemas,
    operations,
    webhooks,
    booking,
  });
}

/** One line per operation, webhook and schema keeps the file reviewable in a diff and small on disk. */
export function renderManifest(manifest: Manifest): string {
  const section = (record: Record<string, unknown>) =>
    Object.entries(record)
      .map(([key, value]) => `    ${JSON.stringify(key)}: ${JSON.stringify(value)}`)
      .join(",\n");
  const block = (name: string, record: Record<string, unknown>) =>
    Object.keys(record).length
      ? `  ${JSON.stringify(name)}: {\n${section(record)}\n  }`
      : `  ${JSON.stringify(name)}: {}`;
  return `{\n  "version": ${manifest.version},\n  "provider": ${JSON.stringify(manifest.provider)},\n${block("schemas", manifest.schemas)},\n${block("operations", manifest.operations)},\n${block("webhooks", manifest.webhooks)},\n${block("booking", manifest.booking ?? {})}\n}\n`;
}
