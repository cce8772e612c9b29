/**
 * What the client reports — requests, retries, token renewals — through the app's logger, at or
 * above its level. Messages carry methods, paths and statuses, never credentials or query strings.
 */
import type { Logger, LogLevel } from "../types.js";

/** The levels that are reported; a level below the threshold is absent, so `logger.debug?.(…)` builds no message. */
export type ActiveLogger = { readonly [L in keyof Logger]?: (message: string) => void };

const ORDER: Record<Exclude<LogLevel, "off">, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** The app's logger (default: the console) filtered to `level` (default: warn). */
export function levelledLogger(logger: Partial<Logger> = console, level: LogLevel = "warn"): ActiveLogger {
  const at = (name: keyof Logger) =>
    level !== "off" && ORDER[name] >= ORDER[level] && typeof logger[name] === "function"
      ? (message: string) => logger[name]!(message)
      : undefined;
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
