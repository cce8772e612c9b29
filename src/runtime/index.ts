// The runtime generated clients import. It runs in browsers and edge workers too:
// no Node built-ins, and nothing from src/codegen.
export { createAuthorizedClient, type AuthorizedClientOptions } from "./internal/client.js";
export type { CallOptions } from "./internal/call-options.js";
export {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  ConnectionError,
  CredentialError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RedirectError,
  RequestAbortedError,
  RequestError,
  RequestTimeoutError,
  ResponseBodyError,
  UnprocessableEntityError,
} from "./errors.js";
export type { Logger, LogLevel } from "./internal/logger.js";
export type { Page, Paginated } from "./internal/paginate.js";
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
export type { AuthorizedClient, CredentialInfo, PaginatedList, PerCallOptions, ThrowingClient } from "./types.js";
export { es256Jwt, getToken, rotatingRefresh, type TokenStrategy } from "./internal/tokens/index.js";
export type {
  Es256JwtOptions,
  GetTokenOptions,
  RotatedTokens,
  RotatingRefreshOptions,
  TokenSource,
} from "./internal/tokens/index.js";
export { signWebhookBody, verifyWebhookSignature, WebhookVerificationError } from "./internal/webhooks.js";
export type {
  SignWebhookInput,
  VerifyWebhookInput,
  WebhookErrorReason,
  WebhookHeaders,
  WebhookSignatureScheme,
} from "./internal/webhooks.js";
