/**
 * Conservative repairs of defects real upstream specs ship with. Each repair keeps the document's
 * intent where it is clear and otherwise widens to "unconstrained" — never narrows — and is recorded
 * with the JSON pointer it touched, so the pull/generate output, lock file and generated README can
 * say exactly what was changed.
 */
import { own } from "../support/dict.js";
import { SpecProblem } from "../support/errors.js";
import { followRefs, operationsOf, resolveLocalRef, toPointer, type OpenApiDocument } from "./spec-document.js";

export type RepairKind =
  | "dangling-schema-ref"
  | "enum-type-mismatch"
  | "unknown-schema-type"
  | "duplicate-operation-id"
  | "undeclared-path-parameter"
  | "optional-path-parameter"
  | "unused-path-parameter"
  | "external-reference-in-example";

export interface Repair {
  kind: RepairKind;
  pointer: string;
  detail: string;
}

type Json = any;
type Segments = Array<string | number>;

const SCHEMA_REF_PREFIX = "#/components/schemas/";
const VALID_TYPES = new Set(["string", "number", "integer", "boolean", "array", "object", "null"]);
const DATE_TYPES: Record<string, string> = { date: "date", "date-time": "date-time", datetime: "date-time" };
/** Keys whose values are example data, not spec structure: never repaired or followed. */
const DATA_KEYS = new Set(["default", "enum", "const", "x-examples"]);
const SCHEMA_MAP_KEYS = new Set(["properties", "patternProperties", "$defs", "definitions"]);
const SCHEMA_KEYS = new Set([
  "items",
  "additionalProperties",
  "not",
  "contains",
  "propertyNames",
  "if",
  "then",
  "else",
  "unevaluatedProperties",
  "unevaluatedItems",
]);
const SCHEMA_LIST_KEYS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);

/** Repairs `doc` in place and returns what was repaired, in document order. */
export function repairSpec(doc: OpenApiDocument): Repair[] {
  const repairs: Repair[] = [];
  walk(doc, doc, [], false, repairs);
  repairOperationIds(doc, repairs);
  repairPathParameters(doc, repairs);
  return repairs;
}

function walk(doc: OpenApiDocument, node: Json, at: Segments, isSchema: boolean, repairs: Repair[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => walk(doc, item, [...at, index], false, repairs));
    return;
  }
  if (!node || typeof node !== "object") return;
  if (typeof node.$ref === "string") {
    repairRef(doc, node, at, repairs);
    return;
  }
  if (isSchema) repairSchemaType(node, at, repairs);
  for (const [key, child] of Object.entries(node)) {
    if (key === "example" || key === "examples" || (isSchema && DATA_KEYS.has(key))) continue;
    const childAt = [...at, key];
    if (isSchema && SCHEMA_MAP_KEYS.has(key) && child && typeof child === "object") {
      for (const [name, schema] of Object.entries(child)) walk(doc, schema, [...childAt, name], true, repairs);
    } else if (isSchema && SCHEMA_LIST_KEYS.has(key) && Array.isArray(child)) {
      child.forEach((schema, index) => walk(doc, schema, [...childAt, index], true, repairs));
    } else if ((isSchema && SCHEMA_KEYS.has(key)) || key === "schema") {
      walk(doc, child, childAt, true, repairs);
    } else if (key === "schemas" && at.length === 1 && at[0] === "components" && child && typeof child === "object") {
      for (const [name, schema] of Object.entries(child)) walk(doc, schema, [...childAt, name], true, repairs);
    } else {
      walk(doc, child, childAt, false, repairs);
    }
  }
}

function repairRef(doc: OpenApiDocument, node: Json, at: Segments, repairs: Repair[]): void {
  const ref: string = node.$ref;
  const pointer = toPointer([...at, "$ref"]);
  // External references were refused before repairs (self-contained.ts).
  if (resolveLocalRef(doc, ref) !== undefined) return;
  if (!ref.startsWith(SCHEMA_REF_PREFIX)) {
    throw new SpecProblem(
      `$ref "${ref}" points at nothing, and only missing schemas can be repaired`,
      "add a correction for it under specs/corrections/, or wait for the provider to fix the document",
      pointer,
    );
  }
  delete node.$ref;
  repairs.push({
    kind: "dangling-schema-ref",
    pointer,
    detail: `${ref} does not exist; the schema is left unconstrained (unknown)`,
  });
}

function jsonTypeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeAccepts(type: string, valueType: string): boolean {
  return type === valueType || (type === "number" && valueType === "integer");
}

function repairSchemaType(schema: Json, at: Segments, repairs: Repair[]): void {
  const pointer = toPointer([...at, "type"]);
  if (typeof schema.type === "string" && !VALID_TYPES.has(schema.type)) {
    const declared = schema.type;
    const format = own(DATE_TYPES, declared.toLowerCase());
    if (format) {
      schema.type = "string";
      schema.format ??= format;
      repairs.push({
        kind: "unknown-schema-type",
        pointer,
        detail: `type "${declared}" is not a JSON Schema type; read as string (format ${format})`,
      });
    } else {
      delete schema.type;
      repairs.push({
        kind: "unknown-schema-type",
        pointer,
        detail: `type "${declared}" is not a JSON Schema type; the schema is left unconstrained`,
      });
    }
  }
  if (!Array.isArray(schema.enum) || schema.enum.length === 0) return;
  const declaredTypes: string[] = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter(
    (t: unknown): t is string => typeof t === "string",
  );
  if (declaredTypes.length === 0) return;
  const valueTypes = [...new Set(schema.enum.filter((v: unknown) => v !== null).map(jsonTypeOf))] as string[];
  const contradicted = valueTypes.some((valueType) => !declaredTypes.some((t) => typeAccepts(t, valueType)));
  if (!contradicted) return;
  if (declaredTypes.length === 1 && declaredTypes[0] === "array" && !valueTypes.includes("array")) {
    // A common generator slip: the item enum is repeated on the array itself. It belongs to the items.
    const items =
      schema.items && typeof schema.items === "object" && !Array.isArray(schema.items) ? schema.items : undefined;
    const moved = items !== undefined && !items.$ref && !Array.isArray(items.enum);
    if (moved) items.enum = schema.enum;
    delete schema.enum;
    repairs.push({
      kind: "enum-type-mismatch",
      pointer: toPointer([...at, "enum"]),
      detail: moved
        ? "an array schema declares scalar enum values; they are moved onto its items"
        : "an array schema declares scalar enum values its items already constrain; the array's enum is dropped",
    });
    return;
  }
  const merged = valueTypes.every((t) => t === "integer" || t === "number")
    ? valueTypes.includes("number")
      ? "number"
      : "integer"
    : valueTypes.length === 1
      ? valueTypes[0]
      : undefined;
  const before = JSON.stringify(schema.type);
  if (merged) schema.type = merged;
  else delete schema.type;
  repairs.push({
    kind: "enum-type-mismatch",
    pointer,
    detail: merged
      ? `declared type ${before} contradicts the enum values; takes their type "${merged}"`
      : `declared type ${before} contradicts the enum values of mixed types; type removed`,
  });
}

function repairOperationIds(doc: OpenApiDocument, repairs: Repair[]): void {
  const seen = new Set<string>();
  const all = [...operationsOf(doc)];
  for (const { operation } of all) if (typeof operation.operationId === "string") seen.add(operation.operationId);
  const first = new Set<string>();
  for (const { path, method, operation } of all) {
    const id = operation.operationId;
    if (typeof id !== "string") continue;
    if (!first.has(id)) {
      first.add(id);
      continue;
    }
    let n = 2;
    while (seen.has(`${id}_${n}`)) n++;
    const renamed = `${id}_${n}`;
    seen.add(renamed);
    operation.operationId = renamed;
    repairs.push({
      kind: "duplicate-operation-id",
      pointer: toPointer(["paths", path, method, "operationId"]),
      detail: `operationId "${id}" is used twice; renamed to "${renamed}"`,
    });
  }
}

/**
 * The parameter names in a path template, as openapi-fetch reads them: `{name}`, and the label,
 * matrix and explode forms `{.name}`, `{;name}`, `{name*}` (RFC 6570), which name `name` too.
 */
export function pathTemplateNames(path: string): string[] {
  return [...path.matchAll(/\{([^{}]+)\}/g)].map((match) => match[1].replace(/\*$/, "").replace(/^[.;]/, ""));
}

function repairPathParameters(doc: OpenApiDocument, repairs: Repair[]): void {
  for (const { path, method, operation, pathItem } of operationsOf(doc)) {
    const names = pathTemplateNames(path);
    dropUnusedPathParameters(doc, operation, names, ["paths", path, method, "parameters"], repairs);
    const declared = [
      ...(Array.isArray(pathItem.parameters) ? pathItem.parameters : []),
      ...(Array.isArray(operation.parameters) ? operation.parameters : []),
    ];
    for (const name of names) {
      const entry = declared.find((p) => {
        const resolved = followRefs(doc, p);
        return resolved && resolved.in === "path" && resolved.name === name;
      });
      const parametersAt = ["paths", path, method, "parameters"];
      if (!entry) {
        operation.parameters = Array.isArray(operation.parameters) ? operation.parameters : [];
        operation.parameters.push({ name, in: "path", required: true, schema: { type: "string" } });
        repairs.push({
          kind: "undeclared-path-parameter",
          pointer: toPointer(parametersAt),
          detail: `path parameter {${name}} is used in the path but not declared; declared as a required string`,
        });
      } else if (!entry.$ref && entry.required !== true) {
        entry.required = true;
        repairs.push({
          kind: "optional-path-parameter",
          pointer: toPointer(parametersAt),
          detail: `path parameter {${name}} was not marked required; path parameters always are`,
        });
      }
    }
  }
}

/** A path parameter the path template doesn't contain can never be sent: the declaration is dropped. */
function dropUnusedPathParameters(
  doc: OpenApiDocument,
  operation: Json,
  names: string[],
  at: Segments,
  repairs: Repair[],
): void {
  if (!Array.isArray(operation.parameters)) return;
  operation.parameters = operation.parameters.filter((parameter: Json, index: number) => {
    const resolved = followRefs(doc, parameter);
    if (!resolved || resolved.in !== "path" || names.includes(resolved.name)) return true;
    repairs.push({
      kind: "unused-path-parameter",
      pointer: toPointer([...at, index]),
      detail: `path parameter "${resolved.name}" is not in the path template; the declaration is dropped`,
    });
    return false;
  });
}
