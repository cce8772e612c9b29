/**
 * The APIError for an error response: the class by status, the provider's code and message read
 * from its documented error body, the request id, and the retry-after of a rate limit.
 */
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "../errors.js";
import { valueAt } from "./own.js";
import { serverDelay } from "./retry.js";
import type { BodyPath, RuntimeFacts } from "../table.js";

const BY_STATUS: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
};

/** The first of these fields that holds a value; `except` skips one (a code that only echoes the status). */
const firstString = (body: unknown, paths: readonly BodyPath[] = [], except?: string) => {
  for (const path of paths) {
    const raw = valueAt(body, path);
    const value = typeof raw === "number" ? String(raw) : raw;
    if (typeof value === "string" && value && value.trim() !== except) return value;
  }
  return undefined;
};

/** One line, capped: a provider's message goes into an Error's message. */
const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u007f]+/g, " ").slice(0, 300);

export function apiErrorFor(
  provider: string,
  where: string,
  response: Response,
  body: unknown,
  facts?: RuntimeFacts,
): APIError {
  // A body's status field repeated as its code says nothing the status does not (SavvyCal's 429).
  const code = firstString(body, facts?.errors?.code, String(response.status));
  const detail = firstString(body, facts?.errors?.message);
  const requestId =
    (facts?.requestIdHeaders ?? [])
      .map((name) => response.headers.get(name))
      .find((value): value is string => !!value) ?? undefined;
  const message = `${provider}: ${where} answered HTTP ${response.status}${code ? ` ${oneLine(code)}` : ""}${detail ? `: ${oneLine(detail)}` : ""}`;
  const details = { status: response.status, code, requestId, body, headers: response.headers };
  const rateLimited = response.status === 429 || (facts?.rateLimit?.statuses ?? []).includes(response.status);
  if (rateLimited) {
    const delay = serverDelay(response.headers, facts);
    return new RateLimitError(message, {
      ...details,
      retryAfter: delay === undefined ? undefined : Math.ceil(delay / 1000),
    });
  }
  const ErrorClass = BY_STATUS[response.status] ?? (response.status >= 500 ? InternalServerError : APIError);
  return new ErrorClass(message, details);
}
