/**
 * `specs/lock.json`: the committed record of which spec each checked-in client was built from
 * (source, sha256, version, operation count, ETag, when it was fetched, what was repaired).
 * An entry changes only when the spec's content (or what we repair in it) changes, so pulling the
 * same spec again leaves the file byte-identical.
 */
import type { AcceptedSpec } from "./accept.js";
import { readFileIfExists, writeFileAtomic } from "./fs-atomic.js";
import type { Repair } from "./repair.js";

export interface LockEntry {
  source: string;
  sha256: string;
  version: string | null;
  operations: number;
  etag: string | null;
  fetchedAt: string;
  corrections: number;
  repairs: Repair[];
}

export type LockFile = Record<string, LockEntry>;

export async function readLock(file: string): Promise<LockFile> {
  const text = await readFileIfExists(file);
  return text ? (JSON.parse(text) as LockFile) : {};
}

export function renderLock(lock: LockFile): string {
  const sorted = Object.fromEntries(Object.keys(lock).sort().map((id) => [id, lock[id]]));
  return JSON.stringify(sorted, null, 2) + "\n";
}

export async function writeLock(file: string, lock: LockFile): Promise<void> {
  await writeFileAtomic(file, renderLock(lock));
}

export function nextLockEntry(source: string, accepted: AcceptedSpec, etag: string | null, previous: LockEntry | undefined, now: Date): LockEntry {
  const sameContent = previous?.sha256 === accepted.sha256;
  return {
    source,
    sha256: accepted.sha256,
    version: accepted.version,
    operations: accepted.operationCount,
    etag: etag ?? (sameContent ? previous.etag : null),
    fetchedAt: sameContent ? previous.fetchedAt : now.toISOString(),
    corrections: accepted.correctedOperations,
    repairs: accepted.repairs,
  };
}
