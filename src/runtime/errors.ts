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
