// `scheduling-clients/runtime/generated`: what generated clients are built from — the factory they
// call, the token strategies they pass it, the format of their auth and operation tables. Not for
// apps: it follows the generator and may change in any release. Apps import
// `scheduling-clients/runtime` and their provider's subpath.
export { createAuthorizedClient } from "./internal/client.js";
export { withProvider } from "./internal/provider-tag.js";
export { es256Jwt, getToken, rotatingRefresh, type TokenStrategy } from "./internal/tokens/index.js";
export {
  PUBLIC,
  type CredentialDefinition,
  type CredentialOptions,
  type OperationEntry,
  type OperationTable,
  type PaginationStyle,
  type ProviderAuth,
  type RuntimeFacts,
} from "./table.js";
