/**
 * Where a provider's spec is read from, and the last good snapshot of it: cheap lookups that a
 * no-op generate can make without loading the validation and rendering machinery.
 */
import path from "node:path";
import { readBytesIfExists } from "../support/files.js";
import { sha256 } from "../support/hash.js";
import { readLock, type LockEntry } from "./lock.js";
import { projectRoot, type ProjectPaths } from "../config/paths.js";
import type { ProviderConfig } from "../config/providers.js";

export function snapshotFile(paths: Pick<ProjectPaths, "snapshotDir">, provider: ProviderConfig): string {
  return path.join(paths.snapshotDir, `${provider.id}.${provider.format}`);
}

/** Where this pull reads the provider's spec from. */
export function resolveLocation(
  provider: ProviderConfig,
  mirror: string | undefined,
): { kind: "file" | "url"; location: string } {
  if ("file" in provider.source) return { kind: "file", location: path.resolve(projectRoot, provider.source.file) };
  if (!mirror) return { kind: "url", location: provider.source.url };
  const relative = `${provider.id}/openapi.${provider.format}`;
  if (/^https?:\/\//.test(mirror))
    return { kind: "url", location: new URL(relative, mirror.endsWith("/") ? mirror : mirror + "/").href };
  return { kind: "file", location: path.resolve(mirror, relative) };
}

/**
 * The snapshot's bytes with its lock entry, when they are the ones the lock records. Hashed as bytes:
 * for the UTF-8 text a snapshot is, the same hash as its text's, without decoding a megabyte first.
 */
async function snapshotMatchingLock(
  provider: ProviderConfig,
  paths: ProjectPaths,
): Promise<{ bytes: Buffer; entry: LockEntry } | undefined> {
  const bytes = await readBytesIfExists(snapshotFile(paths, provider));
  const entry = (await readLock(paths.lockFile))[provider.id];
  return bytes !== undefined && entry && sha256(bytes) === entry.sha256 ? { bytes, entry } : undefined;
}

/** The provider's snapshot with its lock entry, when the snapshot is the one the lock records. */
export async function currentSnapshot(
  provider: ProviderConfig,
  paths: ProjectPaths,
): Promise<{ text: string; entry: LockEntry } | undefined> {
  const snapshot = await snapshotMatchingLock(provider, paths);
  return snapshot && { text: snapshot.bytes.toString("utf8"), entry: snapshot.entry };
}

/**
 * The sha256 of the spec text generation would use without pulling: the project's own file, or the
 * cached snapshot when it matches the lock. Undefined when a pull is needed.
 */
export async function cachedSpecSha256(provider: ProviderConfig, paths: ProjectPaths): Promise<string | undefined> {
  if (!("file" in provider.source)) return (await snapshotMatchingLock(provider, paths))?.entry.sha256;
  const bytes = await readBytesIfExists(path.resolve(projectRoot, provider.source.file));
  return bytes === undefined ? undefined : sha256(bytes);
}
