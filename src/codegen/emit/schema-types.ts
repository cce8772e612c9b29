/**
 * The path types for an accepted document, by openapi-typescript's own transform. Its CLI entry
 * would first have Redocly validate and bundle the document again; an accepted document is already
 * self-contained with every reference resolving (accept.ts), and Redocly's walk is not safe with
 * names such as `__proto__` or `constructor`, so the transform is called directly.
 */
// The transform's own modules, not the package index: the index loads all of Redocly for its
// validate-and-bundle step, which generation does not use.
import transformSchema from "openapi-typescript/dist/transform/index.mjs";
import { astToString } from "openapi-typescript/dist/lib/ts.mjs";
import { resolveRef, scanDiscriminators } from "openapi-typescript/dist/lib/utils.mjs";
import type { GlobalContext, OpenAPI3 } from "openapi-typescript";
import { SpecProblem } from "../support/errors.js";
import type { OpenApiDocument } from "../accept/spec-document.js";

export interface SchemaTypesOptions {
  /** `$Read<T>` / `$Write<T>` around readOnly / writeOnly fields (openapi-typescript's readWriteMarkers). */
  readWriteMarkers?: boolean;
}

/** openapi-typescript's defaults (as its CLI sets them), which the generated clients are built on. */
function contextFor(schema: OpenAPI3, options: SchemaTypesOptions): GlobalContext {
  return {
    additionalProperties: false,
    alphabetize: false,
    arrayLength: false,
    defaultNonNullable: true,
    discriminators: scanDiscriminators(schema, {}),
    emptyObjectsUnknown: false,
    enum: false,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: false,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc: undefined as unknown as GlobalContext["redoc"],
    silent: true,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: options.readWriteMarkers ?? false,
    resolve: ($ref: string) => resolveRef(schema, $ref, { silent: true }),
  } as GlobalContext;
}

/** The types of a document as openapi-typescript prints them. */
export function schemaTypesAst(
  document: OpenApiDocument | Record<string, unknown>,
  options: SchemaTypesOptions = {},
): ReturnType<typeof transformSchema> {
  // Work on a copy: the transform annotates the objects it visits.
  const copy = structuredClone(document) as unknown as OpenAPI3;
  return transformSchema(copy, contextFor(copy, options));
}

export async function emitSchemaTypes(
  document: OpenApiDocument,
  name: string,
  options: SchemaTypesOptions = {},
): Promise<string> {
  try {
    return astToString(schemaTypesAst(document, options));
  } catch (error) {
    throw new SpecProblem(
      `openapi-typescript could not translate the ${name} spec: ${(error as Error).message}`,
      "report the defect: a repair or a correction under specs/corrections/ can cover it",
    );
  }
}
