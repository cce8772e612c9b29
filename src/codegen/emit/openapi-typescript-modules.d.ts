// Types for the openapi-typescript modules schema-types.ts imports directly (the package declares
// only its index, which re-exports the same functions).
declare module "openapi-typescript/dist/transform/index.mjs" {
  import type { transformSchema } from "openapi-typescript";
  const transform: typeof transformSchema;
  export default transform;
}
declare module "openapi-typescript/dist/lib/ts.mjs" {
  export { astToString } from "openapi-typescript";
}
declare module "openapi-typescript/dist/lib/utils.mjs" {
  export { resolveRef, scanDiscriminators } from "openapi-typescript";
}
