/**
 * Maps keyed by spec data. A spec may name a path, schema, property or parameter `__proto__`,
 * `constructor` or `toString`: these must behave as ordinary keys, so lookups are own-property
 * only and new maps have no prototype.
 */

/** An empty object without a prototype, for keys that come from a spec. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export { own } from "../../runtime/internal/own.js";
