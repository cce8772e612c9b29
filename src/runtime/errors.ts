/**
 * Every error the clients throw, under one root: `error instanceof SchedulingClientError` tells an
 * app's handler that the error came from a client (a credential, a request, a response, a webhook),
 * and each subclass says whose fault it is. Messages name credential kinds and option names, never
 * their values. The generator re-exports every class here from each provider's subpath.
 */

/** The root of every error the clients throw. */
export class SchedulingClientError extends Error {
  // Each class names itself: a minifying bundler renames classes, so `new.target.name` would not do.
  override name = "SchedulingClientError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A credential that is missing, malformed or refused, or a token that could not be obtained. */
export class CredentialError extends SchedulingClientError {
  override name = "CredentialError";
}

/** A response body that is not what its content type says (e.g. HTML labelled application/json). */
export class ResponseBodyError extends SchedulingClientError {
  override name = "ResponseBodyError";
}

/** Every error the clients throw about a request (other than credentials) extends this. */
export class RequestError extends SchedulingClientError {
  override name = "RequestError";
}

/** No HTTP response: the connection failed (refused, reset, DNS, TLS), or code it needed did not load. */
export class ConnectionError extends RequestError {
  override name = "ConnectionError";
}

/** No response within the `timeout` (per attempt, obtaining the token included). */
export class RequestTimeoutError extends ConnectionError {
  override name = "RequestTimeoutError";
}

/** The caller's `signal` aborted the request. */
export class RequestAbortedError extends RequestError {
  override name = "RequestAbortedError";
}

/** What an error response said, as an APIError carries it. */
export interface APIErrorDetails {
  readonly status: number;
  /** The provider's error code, parsed from its documented error body. */
  readonly code?: string;
  /** The provider's request id, for support. */
  readonly requestId?: string;
  /** The parsed error body (or text). */
  readonly body?: unknown;
  /** The response's headers (rate-limit and request-id headers, among others). */
  readonly headers?: Headers;
}

/** The API answered with an error status (thrown with `throwOnError`, and by `paginate`). */
export class APIError extends RequestError {
  override name = "APIError";
  readonly status: number;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly body: unknown;
  readonly headers: Headers;

  constructor(message: string, details: APIErrorDetails) {
    super(message);
    this.status = details.status;
    this.code = details.code;
    this.requestId = details.requestId;
    this.body = details.body;
    this.headers = details.headers ?? new Headers();
  }
}

export class BadRequestError extends APIError {
  override name = "BadRequestError";
}
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends APIError {
  override name = "NotFoundError";
}
export class ConflictError extends APIError {
  override name = "ConflictError";
}
export class UnprocessableEntityError extends APIError {
  override name = "UnprocessableEntityError";
}
export class InternalServerError extends APIError {
  override name = "InternalServerError";
}

/** Rate limited (429, or the provider's documented answer such as Timekit's 503). */
export class RateLimitError extends APIError {
  override name = "RateLimitError";
  /** Seconds until a retry may succeed, when the response says. */
  readonly retryAfter: number | undefined;

  constructor(message: string, details: APIErrorDetails & { readonly retryAfter?: number }) {
    super(message, details);
    this.retryAfter = details.retryAfter;
  }
}

export type WebhookErrorReason =
  "missing_secret" | "missing_signature" | "unsigned" | "malformed_signature" | "signature_mismatch" | "invalid_body";

/** A webhook that could not be verified. Holds neither the secret nor the signature. */
export class WebhookVerificationError extends SchedulingClientError {
  override name = "WebhookVerificationError";
  readonly reason: WebhookErrorReason;
  constructor(reason: WebhookErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/**
 * The API redirected a request somewhere the client will not send it: to another origin while it
 * carries credentials or a body (or, in a browser, anywhere: a browser hides a redirect's target),
 * past the redirect limit, or with a body that cannot be sent twice. Names origins, never a URL's path.
 */
export class RedirectError extends RequestError {
  override name = "RedirectError";
  constructor(
    message: string,
    /** The origin the request was sent to. */
    readonly from: string,
    /** The origin it was redirected to; undefined where a browser does not say. */
    readonly to: string | undefined,
    /** The redirect's status (0 for a browser's opaque redirect). */
    readonly status: number,
  ) {
    super(message);
  }
}
