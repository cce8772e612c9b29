/**
 * The formatted pieces of a provider's last generation (`.cache/format/<id>.json`), so the next one
 * formats only what changed. Read whole before a run and rewritten after it with just the pieces
 * that run used, so it never grows past one generation; a missing or damaged file is an empty cache.
 */
import path from "node:path";
import type { FormatCache } from "../emit/formatting.js";
import { dict } from "../support/dict.js";
import { readFileIfExists, writeFileAtomic } from "../support/files.js";

export interface PersistentFormatCache extends FormatCache {
  save(): Promise<void>;
}

export async function openFormatCache(dir: string, providerId: string): Promise<PersistentFormatCache> {
  const file = path.join(dir, `${providerId}.json`);
  const stored = dict<string>();
  try {
    Object.assign(stored, JSON.parse((await readFileIfExists(file)) ?? "{}"));
  } catch {
    // A damaged cache only costs formatting time.
  }
  const used = dict<string>();
  return {
    get(key) {
      if (Object.hasOwn(used, key)) return used[key];
      const text = Object.hasOwn(stored, key) && typeof stored[key] === "string" ? stored[key] : undefined;
      if (text !== undefined) used[key] = text;
      return text;
    },
    set(key, text) {
      used[key] = text;
    },
    save: () => writeFileAtomic(file, JSON.stringify(used)),
  };
}
