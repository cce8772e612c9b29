/**
 * Pull: obtain each provider's spec (its URL, a mirror, or the project's own file), accept it
 * (validate + repair), and keep it as the provider's snapshot. A failure of any kind leaves the
 * last good snapshot and its lock entry exactly as they were.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { acceptSpec, sha256, type AcceptedSpec } from "./accept.js";
import { loadCorrection } from "./corrections.js";
import { FetchProblem } from "./errors.js";
import { readFileIfExists, writeFileAtomic } from "./fs-atomic.js";
import { fetchSpec, type FetchPolicy } from "./http-fetch.js";
import { nextLockEntry, readLock, renderLock, writeLock, type LockEntry } from "./lock.js";
import { repoRoot, type ProjectPaths } from "./paths.js";
import { sourceLabel, type ProviderConfig } from "./providers.js";

export interface PullOptions {
  paths: ProjectPaths;
  /** A directory laid out as `<id>/openapi.<format>`, or a base URL serving the same paths. */
  mirror?: string;
  policy?: Partial<FetchPolicy>;
  /** false: accept and report, but write neither snapshot nor lock (generate --check). */
  write?: boolean;
  now?: () => Date;
}

export interface PulledSpec {
  provider: ProviderConfig;
  /** The raw text as served: what the snapshot holds and the sha256 covers. */
  text: string;
  accepted: AcceptedSpec;
  lockEntry: LockEntry;
  /** "updated": new content stored; "unchanged": same content as the lock records. */
  change: "updated" | "unchanged";
  /** Where the text came from this time (URL, mirror path, or the snapshot after a 304). */
  from: string;
}

export function snapshotFile(paths: Pick<ProjectPaths, "snapshotDir">, provider: ProviderConfig): string {
  return path.join(paths.snapshotDir, `${provider.id}.${provider.format}`);
}

/** Where this pull reads the provider's spec from. */
export function resolveLocation(provider: ProviderConfig, mirror: string | undefined): { kind: "file" | "url"; location: string } {
  if ("file" in provider.source) return { kind: "file", location: path.resolve(repoRoot, provider.source.file) };
  if (!mirror) return { kind: "url", location: provider.source.url };
  const relative = `${provider.id}/openapi.${provider.format}`;
  if (/^https?:\/\//.test(mirror)) return { kind: "url", location: new URL(relative, mirror.endsWith("/") ? mirror : mirror + "/").href };
  return { kind: "file", location: path.resolve(mirror, relative) };
}

async function readSpecFile(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new FetchProblem(`no such file ${file}`, "check SPECS_MIRROR / --mirror: it must hold <provider>/openapi.<json|yaml>");
    throw error;
  }
}

export async function pullProvider(provider: ProviderConfig, options: PullOptions): Promise<PulledSpec> {
  const write = options.write ?? true;
  const { kind, location } = resolveLocation(provider, options.mirror);
  const lock = await readLock(options.paths.lockFile);
  const previous = lock[provider.id];
  const snapshotPath = snapshotFile(options.paths, provider);
  const snapshot = await readFileIfExists(snapshotPath);
  const snapshotIsCurrent = snapshot !== undefined && previous !== undefined && sha256(snapshot) === previous.sha256;

  let text: string;
  let etag: string | null = null;
  let from = location;
  if (kind === "file") {
    text = await readSpecFile(location);
  } else {
    const result = await fetchSpec(location, { etag: snapshotIsCurrent ? previous.etag : null, policy: options.policy });
    if (result.status === "not-modified") {
      text = snapshot!;
      etag = previous!.etag;
      from = `${location} (304, snapshot reused)`;
    } else {
      text = result.text;
      etag = result.etag;
    }
  }

  const correction = await loadCorrection(options.paths.correctionsDir, provider.id);
  const accepted = await acceptSpec(text, { name: provider.id, format: provider.format, correction });
  const lockEntry = nextLockEntry(sourceLabel(provider.source), accepted, etag, previous, (options.now ?? (() => new Date()))());
  const change = previous?.sha256 === accepted.sha256 ? "unchanged" : "updated";
  if (write) {
    if (!snapshotIsCurrent || snapshot !== text) await writeFileAtomic(snapshotPath, text);
    const nextLock = { ...lock, [provider.id]: lockEntry };
    if (renderLock(nextLock) !== renderLock(lock)) await writeLock(options.paths.lockFile, nextLock);
  }
  return { provider, text, accepted, lockEntry, change, from };
}

/**
 * The spec text generation would use without pulling: the project's own file, or the cached
 * snapshot when it matches the lock. Undefined when a pull is needed.
 */
export async function cachedSpecText(provider: ProviderConfig, paths: ProjectPaths): Promise<string | undefined> {
  if ("file" in provider.source) return readFileIfExists(path.resolve(repoRoot, provider.source.file));
  const snapshot = await readFileIfExists(snapshotFile(paths, provider));
  const entry = (await readLock(paths.lockFile))[provider.id];
  return snapshot !== undefined && entry && sha256(snapshot) === entry.sha256 ? snapshot : undefined;
}

/**
 * The snapshot to generate from: the cached one when it matches the lock, otherwise a fresh pull.
 */
export async function loadSpecForGeneration(provider: ProviderConfig, options: PullOptions): Promise<PulledSpec> {
  const lock = await readLock(options.paths.lockFile);
  const previous = lock[provider.id];
  const snapshotPath = snapshotFile(options.paths, provider);
  const snapshot = await readFileIfExists(snapshotPath);
  if ("url" in provider.source && snapshot !== undefined && previous && sha256(snapshot) === previous.sha256) {
    const correction = await loadCorrection(options.paths.correctionsDir, provider.id);
    const accepted = await acceptSpec(snapshot, { name: provider.id, format: provider.format, correction });
    const lockEntry = nextLockEntry(previous.source, accepted, previous.etag, previous, new Date(previous.fetchedAt));
    return { provider, text: snapshot, accepted, lockEntry, change: "unchanged", from: snapshotPath };
  }
  return pullProvider(provider, options);
}
