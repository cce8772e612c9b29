/**
 * Errors about credentials. Messages name credential kinds and option names, never their values.
 */
export class CredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CredentialError";
  }
}
