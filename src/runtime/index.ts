// `scheduling-clients/runtime`: what apps use beside a provider's client — the errors, the client
// and credential types, pagination types, webhook verification. What only generated clients use
// is in `scheduling-clients/runtime/generated` (generated.ts). It runs in browsers and edge workers
// too: no Node built-ins, and nothing from src/codegen.
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
  SchedulingClientError,
  UnprocessableEntityError,
  WebhookVerificationError,
  type APIErrorDetails,
  type WebhookErrorReason,
} from "./errors.js";
export type {
  AuthorizedClient,
  AuthorizedClientOptions,
  CallOptions,
  CredentialInfo,
  Logger,
  LogLevel,
  MediaType,
  Page,
  Paginated,
  PaginatedList,
  PerCallOptions,
  ThrowingClient,
} from "./types.js";
export type { Es256JwtOptions, GetTokenOptions, RotatedTokens, RotatingRefreshOptions } from "./token-types.js";
export { signWebhookBody, verifyWebhookSignature } from "./internal/webhooks.js";
export type { SignWebhookInput, VerifyWebhookInput, WebhookHeaders, WebhookSignatureScheme } from "./webhook-types.js";
