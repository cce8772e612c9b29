// The runtime generated clients import. It runs in browsers and edge workers too:
// no Node built-ins, and nothing from src/build.
export { createAuthorizedClient, headersFor, prepareCredential, type AuthorizedClientOptions } from "./client.js";
export { CredentialError } from "./errors.js";
export type { CredentialDefinition, CredentialOptions, OperationEntry, ProviderAuth } from "./table.js";
export type { AccessOf, AuthorizedClient, CredentialInfo, PathsFor } from "./types.js";
