/** A browser page (or a DOM-like test environment): server-only secrets must not be created here. */
export function isBrowser(): boolean {
  return typeof (globalThis as { window?: unknown }).window !== "undefined" && typeof (globalThis as { document?: unknown }).document !== "undefined";
}
