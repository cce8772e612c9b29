/**
 * Pull: obtain each provider's spec (its URL, a mirror, or the project's own file), accept it
 * (validate + repair), and keep it as the provider's snapshot. A failure of any kind leaves the
 * last good snapshot and its lock entry exactly as they were.
 */
import { acceptProviderSpec, type AcceptedSpec } from "./accept/accept.js";
import { currentSnapshot, resolveLocation, snapshotFile } from "./source/spec-location.js";
import { FetchProblem } from "./support/errors.js";
import { writeFileAtomic } from "./support/files.js";
import { defaultFetchPolicy, fetchSpec, type FetchPolicy } from "./source/http-fetch.js";
import { readSpecFileCapped } from "./source/spec-file.js";
import { displayUrl } from "./support/escape.js";
import { readLock, updateLockEntry, type LockEntry } from "./source/lock.js";
import type { ProjectPaths } from "./config/paths.js";
import { allowedRedirects, sourceLabel, type ProviderConfig } from "./config/providers.js";

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

async function readSpecFile(file: string, maxBytes: number): Promise<string> {
  try {
    return await readSpecFileCapped(file, maxBytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new FetchProblem(
        `no such file ${file}`,
        "check SPECS_MIRROR / --mirror: it must hold <provider>/openapi.<json|yaml>",
      );
    throw error;
  }
}

export async function pullProvider(provider: ProviderConfig, options: PullOptions): Promise<PulledSpec> {
  const write = options.write ?? true;
  const { kind, location } = resolveLocation(provider, options.mirror);
  const previous = (await readLock(options.paths.lockFile))[provider.id];
  const snapshotPath = snapshotFile(options.paths, provider);
  const current = await currentSnapshot(provider, options.paths);

  let text: string;
  let etag: string | null = null;
  let from = location;
  if (kind === "file") {
    text = await readSpecFile(location, options.policy?.maxBytes ?? defaultFetchPolicy.maxBytes);
  } else {
    // An ETag goes back only to the URL that issued it: the provider's own (a mirror's are not kept).
    const fromSource = "url" in provider.source && location === provider.source.url;
    const result = await fetchSpec(location, {
      etag: current && fromSource ? current.entry.etag : null,
      policy: options.policy,
      allowRedirectTo: allowedRedirects(provider),
    });
    if (result.status === "not-modified") {
      // fetchSpec sends no condition without an ETag, so a 304 here answers the current snapshot's.
      text = current!.text;
      etag = current!.entry.etag;
      from = `${displayUrl(location)} (304, snapshot reused)`;
    } else {
      text = result.text;
      etag = fromSource ? result.etag : null;
    }
  }

  const accepted = await acceptProviderSpec(provider, text, options.paths);
  const lockEntry = nextLockEntry(
    sourceLabel(provider.source),
    accepted,
    etag,
    previous,
    (options.now ?? (() => new Date()))(),
  );
  const change = previous?.sha256 === accepted.sha256 ? "unchanged" : "updated";
  if (write) {
    if (current?.text !== text) await writeFileAtomic(snapshotPath, text);
    await updateLockEntry(options.paths.lockFile, provider.id, lockEntry);
  }
  return { provider, text, accepted, lockEntry, change, from: from === location ? displayUrl(location) : from };
}

/**
 * The snapshot to generate from: the cached one when it matches the lock, otherwise a fresh pull.
 */
export async function loadSpecForGeneration(provider: ProviderConfig, options: PullOptions): Promise<PulledSpec> {
  const current = "url" in provider.source ? await currentSnapshot(provider, options.paths) : undefined;
  if (!current) return pullProvider(provider, options);
  const { text, entry } = current;
  const accepted = await acceptProviderSpec(provider, text, options.paths);
  const lockEntry = nextLockEntry(entry.source, accepted, entry.etag, entry, new Date(entry.fetchedAt));
  return { provider, text, accepted, lockEntry, change: "unchanged", from: snapshotFile(options.paths, provider) };
}

/** The lock entry for an accepted spec: fetch time and ETag kept while the content is the same. */
export function nextLockEntry(
  source: string,
  accepted: AcceptedSpec,
  etag: string | null,
  previous: LockEntry | undefined,
  now: Date,
): LockEntry {
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
