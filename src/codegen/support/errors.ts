/**
 * Errors of the generator, each saying whose fault it is and what to do. Only a real bug asks to
 * be reported; every message is one line, with text from elsewhere sanitised and capped.
 */
import { sanitizeRemote } from "./escape.js";

/** Whose fault: the provider's document, the network, the project's files, the user's arguments. */
export type Fault = "spec" | "network" | "config" | "usage";

export abstract class GeneratorError extends Error {
  abstract readonly fault: Fault;
  constructor(
    message: string,
    /** What the user can do about it. */
    readonly hint: string,
  ) {
    super(message);
  }
}

/**
 * A problem with a spec that makes it unusable. `pointer` locates it (JSON pointer) when it is
 * inside the document.
 */
export class SpecProblem extends GeneratorError {
  readonly fault = "spec";
  constructor(
    message: string,
    hint: string,
    readonly pointer?: string,
  ) {
    super(pointer ? `${message} (at ${pointer})` : message, hint);
    this.name = "SpecProblem";
  }
}

/** A failure to obtain a spec (network, HTTP status, size, redirect). */
export class FetchProblem extends GeneratorError {
  readonly fault = "network";
  name = "FetchProblem";
}

/** A project file is wrong: a provider config, an annotation file, a correction, the lock. */
export class ConfigProblem extends GeneratorError {
  readonly fault = "config";
  name = "ConfigProblem";
}

/** The command was called wrongly: a flag, a missing or unreadable file, an unknown provider. */
export class UsageProblem extends GeneratorError {
  readonly fault = "usage";
  name = "UsageProblem";
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: "no such file or folder",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a folder, not a file",
  ENOTDIR: "a part of the path is not a folder",
  ENOSPC: "no space left on the disk",
  EROFS: "the file system is read-only",
};

/** One line for any error: the message, and what to do about it. */
export function describeError(error: unknown): { message: string; hint: string } {
  if (error instanceof GeneratorError) return { message: sanitizeRemote(error.message, 600), hint: error.hint };
  const errno = error as NodeJS.ErrnoException;
  if (errno?.code && Object.hasOwn(FILE_ERRORS, errno.code) && errno.path)
    return {
      message: `${sanitizeRemote(errno.path, 300)}: ${FILE_ERRORS[errno.code]}`,
      hint: "check the path and its permissions",
    };
  const message = error instanceof Error ? error.message : String(error);
  return {
    message: sanitizeRemote(message, 600),
    hint: "this looks like a bug in scheduling-clients; please report it",
  };
}
