/**
 * A problem with a spec that makes it unusable. `pointer` locates it (JSON pointer) when it is
 * inside the document; `hint` says what the user can do about it.
 */
export class SpecProblem extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly pointer?: string,
  ) {
    super(pointer ? `${message} (at ${pointer})` : message);
    this.name = "SpecProblem";
  }
}

/** A failure to obtain a spec (network, HTTP status, size), with what to do about it. */
export class FetchProblem extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
    this.name = "FetchProblem";
  }
}

export function describeError(error: unknown): { message: string; hint: string } {
  if (error instanceof SpecProblem || error instanceof FetchProblem) return { message: error.message, hint: error.hint };
  return { message: error instanceof Error ? error.message : String(error), hint: "this looks like a bug in scheduling-clients; please report it" };
}
