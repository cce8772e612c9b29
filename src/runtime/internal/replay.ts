/**
 * A request body as it can be sent again (a retry, a 307/308 redirect): the serialized body when
 * sending it twice gives the same bytes, or "stream" when it cannot be (a ReadableStream or an
 * async iterable is consumed by the first send).
 */
export type Replayable = { kind: "none" } | { kind: "bytes"; value: BodyInit } | { kind: "stream" };

export function replayable(body: unknown): Replayable {
  if (body === undefined || body === null) return { kind: "none" };
  if (
    typeof body === "string" ||
    body instanceof ArrayBuffer ||
    ArrayBuffer.isView(body) ||
    body instanceof Blob ||
    body instanceof FormData ||
    body instanceof URLSearchParams
  )
    return { kind: "bytes", value: body as BodyInit };
  return { kind: "stream" };
}

/** Why a request was not sent again, for messages and logs. */
export const STREAM_BODY_NOT_RESENT =
  "not retried: its body is a stream, which cannot be sent twice (pass a string, bytes or a Blob to allow retries)";
