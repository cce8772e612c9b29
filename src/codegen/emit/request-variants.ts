/**
 * What a caller may omit, at every depth. openapi-typescript makes a property with a `default`
 * required (`defaultNonNullable`: right for responses, which always carry it) except where the
 * schema sits inside a request body. A component schema referenced from a request body is printed
 * once, under `components`, so its defaulted fields were required in requests too.
 *
 * Each component from which a defaulted property can be reached (through properties, items,
 * `allOf`/`oneOf`/`anyOf` members and other `$ref`s) gets a request variant, `<Name>Request` (`<Name>Body` for a `…Request`): a copy
 * whose properties carry no `default` (the value is said in the description instead) and whose
 * references lead to the other variants. Request bodies refer to the variants; responses keep the
 * originals. A request body's own inline schema keeps its defaults (and their `@default` docs):
 * openapi-typescript already makes them optional there. Linear in the document: each component is walked once for the reference graph and
 * copied at most once.
 */
import { dict, own } from "../support/dict.js";
import { HTTP_METHODS, pointerSegment, type OpenApiDocument } from "../accept/spec-document.js";

type Json = any;

const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;
const componentName = (ref: unknown) => {
  const match = typeof ref === "string" ? SCHEMA_REF.exec(ref) : null;
  return match ? match[1].replace(/~1/g, "/").replace(/~0/g, "~") : undefined;
};
const schemaRef = (name: string) => `#/components/schemas/${pointerSegment(name)}`;

/** Keywords whose value is a schema, an array of schemas, or a map of schemas. */
const ONE = ["additionalProperties", "items", "not", "if", "then", "else", "contains", "propertyNames"] as const;
const MANY = ["allOf", "anyOf", "oneOf", "prefixItems", "items"] as const;
const MAP = ["properties", "patternProperties", "$defs", "dependentSchemas"] as const;
const ONE_MORE = ["unevaluatedProperties", "unevaluatedItems", "additionalItems"] as const;

/** Calls `visit` on every schema nested in `schema` (not through `$ref`), the schema itself first. */
function eachInlineSchema(schema: Json, visit: (node: Json) => void): void {
  const stack = [schema];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== "object" || Array.isArray(node)) continue;
    visit(node);
    for (const key of [...ONE, ...ONE_MORE]) if (own(node, key) && !Array.isArray(node[key])) stack.push(node[key]);
    for (const key of MANY) if (own(node, key) && Array.isArray(node[key])) stack.push(...node[key]);
    for (const key of MAP)
      if (own(node, key) && node[key] && typeof node[key] === "object") stack.push(...Object.values(node[key]));
  }
}

const discriminatorOf = (schema: Json) =>
  schema && typeof schema === "object" && schema.discriminator && typeof schema.discriminator.propertyName === "string";

const hasDefault = (property: Json) => property && typeof property === "object" && Object.hasOwn(property, "default");

/** The component schemas from which a property with a default can be reached. */
function componentsWithDefaults(schemas: Record<string, Json>): Set<string> {
  const referencedBy = dict<string[]>();
  const found = new Set<string>();
  for (const name of Object.keys(schemas)) {
    eachInlineSchema(schemas[name], (node) => {
      if (own(node, "properties") && node.properties && Object.values(node.properties).some(hasDefault))
        found.add(name);
      const target = componentName(node.$ref);
      if (target !== undefined && Object.hasOwn(schemas, target)) (referencedBy[target] ??= []).push(name);
    });
  }
  // Whatever refers to a component with defaults has them too, however indirectly.
  const queue = [...found];
  while (queue.length) {
    const name = queue.pop()!;
    for (const referrer of referencedBy[name] ?? [])
      if (!found.has(referrer)) {
        found.add(referrer);
        queue.push(referrer);
      }
  }
  return found;
}

/** Rewrites the document's request bodies (and adds the variants they need) in place. */
export function addRequestVariants(doc: OpenApiDocument): void {
  const schemas: Record<string, Json> = (doc.components?.schemas as Record<string, Json> | undefined) ?? dict();
  const needsVariant = componentsWithDefaults(schemas);
  const variantNames = dict<string>();
  const originals = dict<string>();
  const pending: string[] = [];
  const taken = new Set(Object.keys(schemas));

  const variantOf = (name: string): string => {
    if (!Object.hasOwn(variantNames, name)) {
      // `AvailabilityRequest` becomes `AvailabilityRequestBody`, not `…RequestRequest`.
      let variant = /Request$/.test(name) ? `${name}Body` : `${name}Request`;
      while (taken.has(variant)) variant += "_";
      taken.add(variant);
      variantNames[name] = variant;
      originals[variant] = name;
      pending.push(name);
    }
    return variantNames[name];
  };

  /** A copy of the schema as a caller sends it: references to the variants, and (`strip`) no defaults. */
  const forRequests = (schema: Json, strip: boolean): Json => {
    if (!schema || typeof schema !== "object" || Array.isArray(schema)) return schema;
    const copy: Json = { ...schema };
    const target = componentName(schema.$ref);
    if (target !== undefined && needsVariant.has(target)) copy.$ref = schemaRef(variantOf(target));
    for (const key of [...ONE, ...ONE_MORE])
      if (own(schema, key) && !Array.isArray(schema[key])) copy[key] = forRequests(schema[key], strip);
    for (const key of MANY)
      if (own(schema, key) && Array.isArray(schema[key]))
        copy[key] = schema[key].map((member: Json) => forRequests(member, strip));
    for (const key of MAP)
      if (own(schema, key) && schema[key] && typeof schema[key] === "object") {
        const map = dict<Json>();
        for (const [name, value] of Object.entries<Json>(schema[key])) map[name] = forRequests(value, strip);
        copy[key] = map;
      }
    if (strip && own(schema, "properties") && copy.properties)
      for (const [name, property] of Object.entries<Json>(copy.properties))
        if (hasDefault(property)) copy.properties[name] = withoutDefault(property);
    if (own(schema, "discriminator")) copy.discriminator = discriminatorFor(schema, copy);
    return copy;
  };

  for (const [, pathItem] of Object.entries<Json>(doc.paths ?? {})) {
    if (!pathItem || typeof pathItem !== "object") continue;
    for (const method of HTTP_METHODS) {
      const body = pathItem[method]?.requestBody;
      if (body && typeof body === "object" && !own(body, "$ref")) pathItem[method].requestBody = bodyForRequests(body);
    }
  }
  // Shared request bodies are only ever sent: rewritten where they stand.
  const bodies: Record<string, Json> | undefined = doc.components?.requestBodies as Json;
  if (bodies && typeof bodies === "object")
    for (const [name, body] of Object.entries<Json>(bodies))
      if (body && typeof body === "object" && !own(body, "$ref")) bodies[name] = bodyForRequests(body);

  // Variants of discriminated children: child variant name → the parent variant it inherits from.
  const inherits: Array<{ child: string; parent: string }> = [];
  while (pending.length) {
    const name = pending.shift()!;
    const variant = forRequests(schemas[name], true);
    // A child inheriting a discriminator (`allOf: [{ $ref: Pet }, …]`) takes its value from the
    // parent's mapping, or else from its own name, which `CatRequest` is not: it inherits from the
    // parent's variant instead, whose mapping names it (below).
    if (Array.isArray(variant.allOf))
      variant.allOf = variant.allOf.map((member: Json) => {
        const parent = componentName(member?.$ref);
        const original = parent === undefined ? undefined : originalOf(parent);
        if (original === undefined || !discriminatorOf(schemas[original])) return member;
        inherits.push({ child: name, parent: original });
        return { ...member, $ref: schemaRef(variantOf(original)) };
      });
    schemas[variantNames[name]] = variant;
  }
  const movesByParent = new Map<string, MappingMove[]>();
  for (const { child, parent } of inherits) {
    const moves = movesByParent.get(parent) ?? movesByParent.set(parent, []).get(parent)!;
    moves.push({ targets: [schemaRef(child), child], to: schemaRef(variantNames[child]), name: child });
  }
  for (const [parent, moves] of movesByParent) {
    const variant = schemas[variantNames[parent]];
    variant.discriminator = {
      ...variant.discriminator,
      mapping: repointMapping(variant.discriminator.mapping, moves),
    };
  }

  /** The component a (possibly variant) name stands for. */
  function originalOf(name: string): string | undefined {
    if (Object.hasOwn(originals, name)) return originals[name];
    return Object.hasOwn(schemas, name) ? name : undefined;
  }

  function bodyForRequests(body: Json): Json {
    if (!body.content || typeof body.content !== "object") return body;
    const content = dict<Json>();
    for (const [type, media] of Object.entries<Json>(body.content))
      content[type] =
        media && typeof media === "object" && own(media, "schema")
          ? { ...media, schema: forRequests(media.schema, false) }
          : media;
    return { ...body, content };
  }
}

/** The property without its default, which its description states instead (where @default would have). */
function withoutDefault(property: Json): Json {
  const { default: value, ...rest } = property;
  return {
    ...rest,
    description: `${rest.description ? `${rest.description} ` : ""}Defaults to ${JSON.stringify(value)}.`,
  };
}

/**
 * openapi-typescript infers a `oneOf` member's discriminator value from its component's name: a
 * member that now refers to `<Name>Request` keeps the value `Name` (or the values mapped to it).
 */
function discriminatorFor(original: Json, copy: Json): Json {
  const discriminator = original.discriminator;
  if (!discriminator || typeof discriminator !== "object") return discriminator;
  const moves: MappingMove[] = [];
  for (const key of ["oneOf", "anyOf"] as const) {
    if (!Array.isArray(original[key])) continue;
    original[key].forEach((member: Json, index: number) => {
      const from = member?.$ref;
      const to = copy[key][index]?.$ref;
      const name = componentName(from);
      if (typeof from === "string" && from !== to && name !== undefined) moves.push({ targets: [from], to, name });
    });
  }
  return moves.length ? { ...discriminator, mapping: repointMapping(discriminator.mapping, moves) } : discriminator;
}

/** A mapping's entries that led to `targets` lead to `to`; with none, the inferred value `name` does. */
interface MappingMove {
  targets: string[];
  to: string;
  name: string;
}

/** The mapping with each move applied, in one pass over it (a spec's mapping may be long). */
function repointMapping(original: unknown, moves: MappingMove[]): Record<string, string> {
  const mapping = dict<string>();
  if (original && typeof original === "object") Object.assign(mapping, original);
  const valuesByTarget = new Map<unknown, string[]>();
  for (const value of Object.keys(mapping))
    (valuesByTarget.get(mapping[value]) ?? valuesByTarget.set(mapping[value], []).get(mapping[value])!).push(value);
  for (const { targets, to, name } of moves) {
    const values = targets.flatMap((target) => valuesByTarget.get(target) ?? []);
    if (values.length) for (const value of values) mapping[value] = to;
    else if (!Object.hasOwn(mapping, name)) mapping[name] = to;
  }
  return mapping;
}
