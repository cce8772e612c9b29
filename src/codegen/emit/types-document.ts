/**
 * The document openapi-typescript renders the path types from: the accepted one, changed only
 * where its types would otherwise lie to callers. Manifests and diffs read the accepted document.
 *
 * - An operation that declares no error response gets the provider's documented error body as its
 *   `default` response, so its `error` is that body instead of `never` (all of Cal.com).
 * - What a caller may omit is optional at every depth: request bodies refer to request variants of
 *   the component schemas that hold defaulted fields (request-variants.ts).
 */
import type { OpenApiDocument } from "../accept/spec-document.js";
import { addRequestVariants } from "./request-variants.js";
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
  }
  addRequestVariants(copy);
  return copy;
}
