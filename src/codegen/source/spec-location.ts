/**
 * Where a provider's spec is read from, and the last good snapshot of it: cheap lookups that a
 * no-op generate can make without loading the validation and rendering machinery.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { readFileIfExists } from "../support/files.js";
import { sha256 } from "../support/hash.js";
import { readLock, type LockEntry } from "./lock.js";
import { repoRoot, type ProjectPaths } from "../config/paths.js";
import type { ProviderConfig } from "../config/providers.js";

export function snapshotFile(paths: Pick<ProjectPaths, "snapshotDir">, provider: ProviderConfig): string {
  return path.join(paths.snapshotDir, `${provider.id}.${provider.format}`);
}

/** Where this pull reads the provider's spec from. */
export function resolveLocation(
  provider: ProviderConfig,
  mirror: string | undefined,
): { kind: "file" | "url"; location: string } {
  if ("file" in provider.source) return { kind: "file", location: path.resolve(repoRoot, provider.source.file) };
  if (!mirror) return { kind: "url", location: provider.source.url };
  const relative = `${provider.id}/openapi.${provider.format}`;
  if (/^https?:\/\//.test(mirror))
    return { kind: "url", location: new URL(relative, mirror.endsWith("/") ? mirror : mirror + "/").href };
  return { kind: "file", location: path.resolve(mirror, relative) };
}

/** The provider's snapshot with its lock entry, when the snapshot is the one the lock records. */
export async function currentSnapshot(
  provider: ProviderConfig,
  paths: ProjectPaths,
): Promise<{ text: string; entry: LockEntry } | undefined> {
  const text = await readFileIfExists(snapshotFile(paths, provider));
  const entry = (await readLock(paths.lockFile))[provider.id];
  return text !== undefined && entry && sha256(text) === entry.sha256 ? { text, entry } : undefined;
}

/**
 * The sha256 of the spec text generation would use without pulling: the project's own file, or the
 * cached snapshot when it matches the lock. Undefined when a pull is needed.
 */
export async function cachedSpecSha256(provider: ProviderConfig, paths: ProjectPaths): Promise<string | undefined> {
  const file = "file" in provider.source ? path.resolve(repoRoot, provider.source.file) : snapshotFile(paths, provider);
  // The bytes are hashed as they are (the same hash as their text's, for the UTF-8 text a spec is),
  // without decoding a megabyte into a string first.
  const bytes = await readFile(file).catch(() => undefined);
  if (bytes === undefined) return undefined;
  const sha = sha256(bytes);
  if ("file" in provider.source) return sha;
  return (await readLock(paths.lockFile))[provider.id]?.sha256 === sha ? sha : undefined;
}
