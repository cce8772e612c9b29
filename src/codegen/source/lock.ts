/**
 * `specs/lock.json`: the committed record of which spec each checked-in client was built from
 * (source, sha256, version, operation count, ETag, when it was fetched, what was repaired).
 * An entry changes only when the spec's content (or what we repair in it) changes, so pulling the
 * same spec again leaves the file byte-identical.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { readFileIfExists, writeFileAtomic } from "../support/files.js";
import { dict } from "../support/dict.js";
import { ConfigProblem } from "../support/errors.js";
import { parseJsonFile } from "../config/providers.js";

export interface LockEntry {
  source: string;
  sha256: string;
  version: string | null;
  operations: number;
  etag: string | null;
  fetchedAt: string;
  corrections: number;
  /** The repairs accept/ made, as recorded: what, where (a JSON pointer) and how. */
  repairs: Array<{ kind: string; pointer: string; detail: string }>;
}

export type LockFile = Record<string, LockEntry>;

export async function readLock(file: string): Promise<LockFile> {
  const text = await readFileIfExists(file);
  if (!text) return {};
  const lock = parseJsonFile(text, file, "restore it with `git checkout specs/lock.json`, or delete it and pull again");
  if (!lock || typeof lock !== "object" || Array.isArray(lock))
    throw new ConfigProblem(
      `${file} is not a lock file (expected a JSON object)`,
      "restore it with `git checkout specs/lock.json`",
    );
  return Object.assign(dict<LockEntry>(), lock);
}

export function renderLock(lock: LockFile): string {
  const sorted = Object.fromEntries(
    Object.keys(lock)
      .sort()
      .map((id) => [id, lock[id]]),
  );
  return JSON.stringify(sorted, null, 2) + "\n";
}

export async function writeLock(file: string, lock: LockFile): Promise<void> {
  await writeFileAtomic(file, renderLock(lock));
}

/**
 * Sets one provider's entry, under an inter-process lock: two pulls or generates at once each
 * re-read the file inside the lock, so neither loses the other's entry. True when the file changed.
 */
export async function updateLockEntry(file: string, id: string, entry: LockEntry): Promise<boolean> {
  await mkdir(path.dirname(file), { recursive: true });
  // Loaded here, when an entry is written: a run with nothing to do never loads it.
  const { default: lockfile } = await import("proper-lockfile");
  const release = await lockfile.lock(file, {
    realpath: false,
    stale: 15_000,
    retries: { retries: 100, minTimeout: 20, maxTimeout: 250 },
  });
  try {
    const lock = await readLock(file);
    const next = { ...lock, [id]: entry };
    if (renderLock(next) === renderLock(lock)) return false;
    await writeLock(file, next);
    return true;
  } finally {
    await release();
  }
}
