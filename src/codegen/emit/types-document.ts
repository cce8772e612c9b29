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
      const schema =
        media?.schema && hasTopLevelDefaults(copy, media.schema)
          ? withoutTopLevelDefaults(copy, media.schema)
          : undefined;
      content[type] = schema ? { ...media, schema } : media;
      changed ||= schema !== undefined;
    }
    // The request body may be a shared component: give this operation its own copy.
    if (changed) operation.requestBody = { ...body, content };
  }
  return copy;
}

function hasTopLevelDefaults(doc: OpenApiDocument, schema: Json, depth = 0): boolean {
  const resolved = followRefs(doc, schema);
  if (!resolved || typeof resolved !== "object" || depth > 16) return false;
  const own = Object.values<Json>(resolved.properties ?? {}).some(
    (property) => property && typeof property === "object" && Object.hasOwn(property, "default"),
  );
  return (
    own ||
    (Array.isArray(resolved.allOf) && resolved.allOf.some((part: Json) => hasTopLevelDefaults(doc, part, depth + 1)))
  );
}

/** An inlined copy of the schema (through $ref and allOf) whose top-level properties have no default. */
function withoutTopLevelDefaults(doc: OpenApiDocument, schema: Json, depth = 0): Json {
  if (!hasTopLevelDefaults(doc, schema, depth)) return schema;
  const copy = { ...followRefs(doc, schema) };
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
  if (Array.isArray(copy.allOf))
    copy.allOf = copy.allOf.map((part: Json) => withoutTopLevelDefaults(doc, part, depth + 1));
  return copy;
}
