/**
 * The document openapi-typescript renders the path types from: the accepted one, changed only
 * where its types would otherwise lie to callers. Manifests and diffs read the accepted document.
 *
 * - An operation that declares no error response gets the provider's documented error body as its
 *   `default` response, so its `error` is that body instead of `never` (all of Cal.com).
 * - Request-body fields with a `default` are optional for callers: openapi-typescript makes a field
 *   with a default required (right for responses, which always carry it), so on the request side
 *   the top-level properties lose their `default` in an inlined copy of the body schema.
 */
import { followRefs, type OpenApiDocument } from "../accept/spec-document.js";
import type { OperationModel } from "../model/operation-model.js";

type Json = any;

export function documentForTypes(model: OperationModel): OpenApiDocument {
  const errorSchema = model.annotations?.runtime?.errors?.schema;
  const copy = structuredClone(model.document);
  // One response component for the documented error body, named so as not to meet the spec's own.
  let errorResponse: { $ref: string } | undefined;
  if (errorSchema) {
    const components = (copy.components ??= {});
    const responses = (components.responses ??= {});
    let name = "DocumentedError";
    while (Object.hasOwn(responses, name)) name += "_";
    responses[name] = {
      description: "The provider's documented error body.",
      content: { "application/json": { schema: structuredClone(errorSchema) } },
    };
    errorResponse = { $ref: `#/components/responses/${name}` };
  }
  const defaults = topLevelDefaults(copy);
  for (const { path, method } of model.operations) {
    const operation = (copy.paths[path] as Record<string, Json>)[method];
    const responses =
      operation.responses && typeof operation.responses === "object" ? operation.responses : (operation.responses = {});
    if (errorResponse && !Object.keys(responses).some((status) => !/^[123]/.test(status)))
      responses.default = errorResponse;
    const body = followRefs(copy, operation.requestBody);
    if (!body?.content || typeof body.content !== "object") continue;
    const content: Record<string, Json> = {};
    let changed = false;
    for (const [type, media] of Object.entries<Json>(body.content)) {
      const schema = media?.schema && defaults.has(media.schema) ? defaults.without(media.schema) : undefined;
      content[type] = schema ? { ...media, schema } : media;
      changed ||= schema !== undefined;
    }
    // The request body may be a shared component: give this operation its own copy.
    if (changed) operation.requestBody = { ...body, content };
  }
  return copy;
}

/** Inlined copies per document at most: beyond, a part stays a reference (its defaults then read as required). */
const MAX_INLINED = 2_000;

/**
 * Top-level defaults of request-body schemas, through `$ref` and `allOf`. Each schema object is
 * looked at once (memoized by reference), and an `allOf` naming the same schema twice inlines it
 * once, so a chain of schemas that each refer to the next several times stays linear.
 */
function topLevelDefaults(doc: OpenApiDocument) {
  const memo = new WeakMap<object, boolean>();
  let inlined = 0;

  /** Whether the schema (or an `allOf` part, at any depth) has a top-level property with a default. */
  function has(schema: Json, depth = 0): boolean {
    const resolved = followRefs(doc, schema);
    // Deeper than any real allOf chain: not looked into (keeps the stack bounded).
    if (!resolved || typeof resolved !== "object" || depth > 64) return false;
    const known = memo.get(resolved);
    if (known !== undefined) return known;
    memo.set(resolved, false); // an allOf cycle adds nothing
    const result =
      Object.values<Json>(resolved.properties ?? {}).some(
        (property) => property && typeof property === "object" && Object.hasOwn(property, "default"),
      ) ||
      (Array.isArray(resolved.allOf) && resolved.allOf.some((part: Json) => has(part, depth + 1)));
    memo.set(resolved, result);
    return result;
  }

  /** An inlined copy of the schema (through $ref and allOf) whose top-level properties have no default. */
  function without(schema: Json, seen = new Set<object>()): Json {
    const resolved = followRefs(doc, schema);
    if (!has(schema) || seen.has(resolved) || inlined >= MAX_INLINED) return schema;
    inlined++;
    const copy = { ...resolved };
    if (copy.properties) {
      copy.properties = Object.fromEntries(
        Object.entries<Json>(copy.properties).map(([name, property]) => {
          if (!property || typeof property !== "object" || !Object.hasOwn(property, "default")) return [name, property];
          // Said in the docs instead, where openapi-typescript would have shown @default.
          const { default: value, ...rest } = property;
          return [
            name,
            {
              ...rest,
              description: `${rest.description ? `${rest.description} ` : ""}Defaults to ${JSON.stringify(value)}.`,
            },
          ];
        }),
      );
    }
    if (Array.isArray(copy.allOf)) {
      const inner = new Set(seen).add(resolved);
      // allOf of the same schema twice is that schema once.
      const parts = new Map<unknown, Json>();
      for (const part of copy.allOf) {
        const key = followRefs(doc, part) ?? part;
        if (!parts.has(key)) parts.set(key, part);
      }
      copy.allOf = [...parts.values()].map((part: Json) => without(part, inner));
    }
    return copy;
  }

  return { has, without };
}
