/**
 * Lookups in tables keyed by spec data or by a caller's option: own properties only, so that
 * `__proto__`, `constructor` or `toString` are ordinary (absent) keys, never Object.prototype's.
 */
export function own<T>(record: Readonly<Record<string, T>> | undefined | null, key: string): T | undefined {
  return record != null && typeof record === "object" && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A control character (CR, LF, NUL, …) would split or corrupt an HTTP header. */
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** The value at a dotted path (`errors.0.detail`), own properties only. */
export function valueAt(body: unknown, path: string): unknown {
  let node = body;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
