/**
 * Generate: for each provider, turn its accepted spec into `generated/<id>/` (types, client, README),
 * formatted and deterministic. All of a provider's files are rendered in memory before any is
 * written, each write is atomic, and files whose content is unchanged are left alone.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { acceptSpec } from "./accept.js";
import { describeError } from "./errors.js";
import { readFileIfExists, writeFileAtomic } from "./fs-atomic.js";
import { fetchSpec } from "./http-fetch.js";
import { readLock, renderLock, writeLock } from "./lock.js";
import { cachedSpecText, loadSpecForGeneration, resolveLocation, type PullOptions, type PulledSpec } from "./pull.js";
import { repoRoot } from "./paths.js";

// The renderer pulls in openapi-typescript, ts-morph and prettier: loaded only when something is rendered.
const renderProviderFiles: typeof import("./render-provider.js").renderProviderFiles = async (...args) => (await import("./render-provider.js")).renderProviderFiles(...args);
import { inputsFingerprint, isUpToDate, writeGenerationRecord } from "./generation-record.js";
import { loadAnnotations, loadAnnotationsFile, type Annotations } from "./layer/annotations.js";
import type { RenderedFile } from "./render-provider.js";
import type { ProviderConfig } from "./providers.js";

/** The files whose content differs from what is on disk. */
async function staleFiles(files: RenderedFile[]): Promise<RenderedFile[]> {
  const stale: RenderedFile[] = [];
  for (const file of files) if ((await readFileIfExists(file.path)) !== file.content) stale.push(file);
  return stale;
}

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

export async function generateProviders(providers: ProviderConfig[], options: GenerateOptions): Promise<GenerateReport> {
  const log = options.log ?? console.log;
  const check = options.check ?? false;
  const report: GenerateReport = { changed: [], failed: [] };
  for (const provider of providers) {
    const started = performance.now();
    try {
      if (!check) {
        // Nothing that goes into the output changed since the last run: leave it alone, fast.
        const text = await cachedSpecText(provider, options.paths);
        if (text !== undefined && (await isUpToDate(options.paths, provider, await inputsFingerprint(provider, text, options.paths)))) {
          log(`✓ ${provider.id}: unchanged — inputs as last generated (${seconds(started)})`);
          continue;
        }
      }
      const pulled = await loadSpecForGeneration(provider, { ...options, write: !check });
      const annotations = await loadAnnotations(options.paths.annotationsDir, provider.id);
      const files = await renderProviderFiles(pulled, path.join(options.paths.generatedDir, provider.id), annotations);
      const stale = await staleFiles(files);
      const lock = await readLock(options.paths.lockFile);
      const nextLock = { ...lock, [provider.id]: pulled.lockEntry };
      const lockStale = renderLock(nextLock) !== renderLock(lock);
      if (!check) {
        for (const file of stale) await writeFileAtomic(file.path, file.content);
        if (lockStale) await writeLock(options.paths.lockFile, nextLock);
        await writeGenerationRecord(options.paths, provider, await inputsFingerprint(provider, pulled.text, options.paths), files);
      }
      const changed = [...stale.map((file) => file.path), ...(lockStale ? [options.paths.lockFile] : [])].map((file) => path.relative(repoRoot, file));
      report.changed.push(...changed);
      const verb = check ? (changed.length ? `${changed.length} file(s) out of date` : "up to date") : changed.length ? `wrote ${changed.length} file(s)` : "unchanged";
      const repairs = pulled.accepted.repairs.length ? `, ${pulled.accepted.repairs.length} spec repair(s)` : "";
      log(`${check && changed.length ? "✗" : "✓"} ${provider.id}: ${verb} — ${pulled.accepted.operationCount} operations${repairs} (${seconds(started)})`);
      for (const repair of pulled.accepted.repairs) log(`    repaired ${repair.kind} at ${repair.pointer}: ${repair.detail}`);
    } catch (error) {
      const { message, hint } = describeError(error);
      const { location } = resolveLocation(provider, options.mirror);
      log(`✗ ${provider.id}: ${location}: ${message} → ${hint}`);
      report.failed.push(provider.id);
    }
  }
  return report;
}

/**
 * Generates a client for any OpenAPI 3.x document (`--spec PATH_OR_URL --name ID --out DIR`),
 * for providers the project does not ship. Nothing is cached or locked.
 */
export async function generateAdHoc(spec: string, name: string, outDir: string, log: (line: string) => void = console.log, annotationsFile?: string): Promise<string[]> {
  const started = performance.now();
  const isUrl = /^https?:\/\//.test(spec);
  const format = /\.ya?ml$/i.test(spec) ? "yaml" : "json";
  let text: string;
  if (isUrl) {
    const result = await fetchSpec(spec);
    if (result.status !== "fetched") throw new Error(`unexpected 304 for ${spec}`);
    text = result.text;
  } else {
    text = await readFile(path.resolve(spec), "utf8");
  }
  const accepted = await acceptSpec(text, { name, format });
  const servers = (accepted.document.servers as Array<{ url?: string }> | undefined) ?? [];
  const provider: ProviderConfig = {
    id: name,
    name: accepted.document.info?.title ?? name,
    clientName: pascalCase(name),
    source: isUrl ? { url: spec } : { file: spec },
    format,
    baseUrl: servers.find((server) => /^https?:\/\//.test(server.url ?? ""))?.url ?? "",
  };
  const pulled: PulledSpec = {
    provider,
    text,
    accepted,
    lockEntry: { source: spec, sha256: accepted.sha256, version: accepted.version, operations: accepted.operationCount, etag: null, fetchedAt: "", corrections: 0, repairs: accepted.repairs },
    change: "updated",
    from: spec,
  };
  let annotations: Annotations | undefined;
  if (annotationsFile) {
    annotations = await loadAnnotationsFile(path.resolve(annotationsFile));
    if (!annotations) throw new Error(`no annotation file at ${annotationsFile}`);
  }
  const files = await renderProviderFiles(pulled, path.resolve(outDir), annotations);
  const stale = await staleFiles(files);
  for (const file of stale) await writeFileAtomic(file.path, file.content);
  log(`✓ ${name}: wrote ${stale.length} file(s) to ${outDir} — ${accepted.operationCount} operations${accepted.repairs.length ? `, ${accepted.repairs.length} spec repair(s)` : ""} (${seconds(started)})`);
  for (const repair of accepted.repairs) log(`    repaired ${repair.kind} at ${repair.pointer}: ${repair.detail}`);
  return files.map((file) => file.path);
}

function pascalCase(name: string): string {
  const pascal = name.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, __, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, "");
  return /^[A-Z]/.test(pascal) ? pascal : `Api${pascal}`;
}

function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)}s`;
}
