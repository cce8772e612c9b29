import openapiTS, { astToString } from "openapi-typescript";
import type { OpenAPI3 } from "openapi-typescript";
import { SpecProblem } from "./errors.js";
import type { OpenApiDocument } from "./spec-document.js";
import { redoclyConfig } from "./validate.js";

/** The path types for a (repaired) document, as openapi-typescript emits them. */
export async function emitSchemaTypes(document: OpenApiDocument, name: string): Promise<string> {
  // openapi-typescript mutates nothing we rely on, but work on a copy so callers keep their document.
  const copy = structuredClone(document) as unknown as OpenAPI3;
  try {
    const ast = await openapiTS(copy, { redocly: await redoclyConfig(), silent: true });
    return astToString(ast);
  } catch (error) {
    throw new SpecProblem(`openapi-typescript could not translate the ${name} spec: ${(error as Error).message}`, "report the defect: a repair or a correction under specs/corrections/ can cover it");
  }
}
