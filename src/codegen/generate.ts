/**
 * Generate: for each provider, turn its accepted spec into `generated/<id>/` (types, auth layer,
 * client, README, manifest),
 * formatted and deterministic. All of a provider's files are rendered in memory first; a folder
 * with any change is replaced whole (write-folder.ts), one without is left alone.
 */
import path from "node:path";
import { describeError } from "./support/errors.js";
import { consoleLine, displayUrl } from "./support/escape.js";
import { inputsFingerprint, isUpToDate, writeGenerationRecord } from "./write/generation-record.js";
import { readLock, renderLock, updateLockEntry } from "./source/lock.js";
import { projectRoot } from "./config/paths.js";
import type { ProviderConfig } from "./config/providers.js";
import type { PullOptions } from "./pull.js";
import { startEmitHelper, type EmitHelper } from "./emit/helper-thread.js";
import { seconds } from "./support/elapsed.js";
import { openFormatCache } from "./write/format-cache.js";
import { staleFiles } from "./write/stale-files.js";
import { cachedSpecSha256, resolveLocation } from "./source/spec-location.js";
import { recoverFolder, removeTempFiles, replaceFolder } from "./write/write-folder.js";

// Validating, repairing and rendering load openapi-typescript, ts-morph and prettier:
// imported when a provider actually needs work, so a no-op run stays fast.
const pipeline = async () => ({
  ...(await import("./pull.js")),
  ...(await import("./emit/render-provider.js")),
  ...(await import("./config/annotations.js")),
});

export interface GenerateOptions extends PullOptions {
  /** Write nothing; report what would change. */
  check?: boolean;
  log?: (line: string) => void;
}

export interface GenerateReport {
  /** Files written (or, with check, files that would change), relative to the repository. */
  changed: string[];
  failed: string[];
}

export async function generateProviders(
  providers: ProviderConfig[],
  options: GenerateOptions,
): Promise<GenerateReport> {
  // Every line printed is one line of plain text, whatever the spec put into names and pointers.
  const print = options.log ?? console.log;
  const log = (line: string) => print(consoleLine(line));
  const check = options.check ?? false;
  const report: GenerateReport = { changed: [], failed: [] };
  // Started with the first provider that needs work: it loads ts-morph and prettier meanwhile.
  let helper: EmitHelper | undefined;
  if (!check)
    for (const folder of [path.dirname(options.paths.lockFile), options.paths.snapshotDir])
      await removeTempFiles(folder);
  // Which providers have nothing to do, checked for all at once: a few small reads each. A check
  // that fails says "not unchanged", and generating the provider then reports the error.
  const unchanged = check
    ? providers.map(() => false)
    : await Promise.all(providers.map((provider) => unchangedSinceLastRun(provider).catch(() => false)));
  try {
    for (const [index, provider] of providers.entries()) await generateOne(provider, unchanged[index]);
  } finally {
    await helper?.close();
  }
  return report;

  /** Nothing that goes into the provider's output changed since its last generation. */
  async function unchangedSinceLastRun(provider: ProviderConfig): Promise<boolean> {
    // A killed run may have left the output folder aside and temp files behind.
    await recoverFolder(path.join(options.paths.generatedDir, provider.id));
    const specSha256 = await cachedSpecSha256(provider, options.paths);
    return (
      specSha256 !== undefined &&
      isUpToDate(options.paths, provider, await inputsFingerprint(provider, specSha256, options.paths))
    );
  }

  async function generateOne(provider: ProviderConfig, unchanged: boolean): Promise<void> {
    const started = performance.now();
    try {
      if (unchanged) {
        log(`✓ ${provider.id}: unchanged — inputs as last generated (${seconds(started)})`);
        return;
      }
      if (!check) await recoverFolder(path.join(options.paths.generatedDir, provider.id));
      helper ??= startEmitHelper();
      const { loadSpecForGeneration, loadAnnotations, renderProviderFiles } = await pipeline();
      const pulled = await loadSpecForGeneration(provider, { ...options, write: !check });
      const annotations = await loadAnnotations(options.paths.annotationsDir, provider.id);
      const outDir = path.join(options.paths.generatedDir, provider.id);
      const formatCache = await openFormatCache(options.paths.formatCacheDir, provider.id);
      const files = await renderProviderFiles(provider, pulled.accepted, outDir, annotations, helper, formatCache);
      const stale = await staleFiles(files);
      const lock = await readLock(options.paths.lockFile);
      let lockStale = renderLock({ ...lock, [provider.id]: pulled.lockEntry }) !== renderLock(lock);
      if (!check) {
        if (stale.length) await replaceFolder(outDir, files);
        await formatCache.save();
        lockStale = await updateLockEntry(options.paths.lockFile, provider.id, pulled.lockEntry);
        await writeGenerationRecord(
          options.paths,
          provider,
          await inputsFingerprint(provider, pulled.accepted.sha256, options.paths),
          files,
        );
      }
      const changed = [...stale.map((file) => file.path), ...(lockStale ? [options.paths.lockFile] : [])].map((file) =>
        path.relative(projectRoot, file),
      );
      report.changed.push(...changed);
      const verb = check
        ? changed.length
          ? `${changed.length} file(s) out of date`
          : "up to date"
        : changed.length
          ? `wrote ${changed.length} file(s)`
          : "unchanged";
      const repairs = pulled.accepted.repairs.length ? `, ${pulled.accepted.repairs.length} spec repair(s)` : "";
      log(
        `${check && changed.length ? "✗" : "✓"} ${provider.id}: ${verb} — ${pulled.accepted.operationCount} operations${repairs} (${seconds(started)})`,
      );
      for (const repair of pulled.accepted.repairs)
        log(`    repaired ${repair.kind} at ${repair.pointer}: ${repair.detail}`);
    } catch (error) {
      const { message, hint } = describeError(error);
      const { location } = resolveLocation(provider, options.mirror);
      log(`✗ ${provider.id}: ${displayUrl(location)}: ${message} → ${hint}`);
      report.failed.push(provider.id);
    }
  }
}
