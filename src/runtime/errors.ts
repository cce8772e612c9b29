/**
 * Errors about credentials. Messages name credential kinds and option names, never their values.
 */
export class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialError";
  }
}

/** A response body that is not what its content type says (e.g. HTML labelled application/json). */
export class ResponseBodyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ResponseBodyError";
  }
}

/** Every error the clients throw about a request (other than credentials) extends this. */
export class RequestError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** No HTTP response: the connection failed (refused, reset, DNS, TLS). */
export class ConnectionError extends RequestError {}

/** No response within the `timeout` (per attempt, obtaining the token included). */
export class RequestTimeoutError extends ConnectionError {}

/** The caller's `signal` aborted the request. */
export class RequestAbortedError extends RequestError {}

/** The API answered with an error status (thrown with `throwOnError`, and by `paginate`). */
export class APIError extends RequestError {
  constructor(
    message: string,
    readonly status: number,
    /** The provider's error code, parsed from its documented error body. */
    readonly code: string | undefined,
    /** The provider's request id, for support. */
    readonly requestId: string | undefined,
    /** The parsed error body (or text). */
    readonly body: unknown,
  ) {
    super(message);
  }
}

export class BadRequestError extends APIError {}
export class AuthenticationError extends APIError {}
export class PermissionDeniedError extends APIError {}
export class NotFoundError extends APIError {}
export class ConflictError extends APIError {}
export class UnprocessableEntityError extends APIError {}
export class InternalServerError extends APIError {}

/** Rate limited (429, or the provider's documented answer such as Timekit's 503). */
export class RateLimitError extends APIError {
  constructor(
    message: string,
    status: number,
    code: string | undefined,
    requestId: string | undefined,
    body: unknown,
    /** Seconds until a retry may succeed, when the response says. */
    readonly retryAfter: number | undefined,
  ) {
    super(message, status, code, requestId, body);
  }
}

/**
 * The API redirected a request somewhere the client will not send it: to another origin while it
 * carries credentials or a body (or, in a browser, anywhere: a browser hides a redirect's target),
 * past the redirect limit, or with a body that cannot be sent twice. Names origins, never a URL's path.
 */
export class RedirectError extends RequestError {
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
