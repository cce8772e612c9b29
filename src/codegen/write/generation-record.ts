/**
 * What the last generate of a provider was made from, kept in `.cache/generation/<id>.json` (not
 * committed): a fingerprint of its inputs and, per file written, its hash, size and modification
 * time. When the inputs match and every file is as written (same size and time, or else the same
 * hash), generate has nothing to do and skips the expensive work. `--check` never takes this shortcut.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { readFileIfExists, writeFileAtomic } from "../support/files.js";
import { sha256 } from "../support/hash.js";
import { repoRoot, type ProjectPaths } from "../config/paths.js";
import type { ProviderConfig } from "../config/providers.js";

interface GenerationRecord {
  inputs: string;
  files: Record<string, { sha256: string; size: number; mtimeMs: number }>;
}

const hash = sha256;

let generatorFingerprint: Promise<string> | undefined;

/**
 * The generator itself: its code (and the runtime formats it reads), its locked dependencies and the
 * formatting config. In this repository that is src/ and package-lock.json (whether it runs from
 * the sources or from the CLI bundle); installed, the generator package's compiled code and its
 * package.json, which pins the tools that shape the output.
 */
function generator(): Promise<string> {
  generatorFingerprint ??= (async () => {
    const digest = createHash("sha256");
    const fromSources = existsSync(path.join(repoRoot, "src/codegen"));
    const folders = fromSources ? ["src/codegen", "src/runtime"] : ["dist"];
    for (const folder of folders) {
      const dir = path.join(repoRoot, folder);
      const files = (await readdir(dir, { recursive: true })).filter((name) => /\.(ts|js)$/.test(name)).sort();
      for (const file of files) digest.update(file).update(await readFile(path.join(dir, file)));
    }
    const manifest = fromSources ? "package-lock.json" : "package.json";
    digest.update(manifest).update((await readFileIfExists(path.join(repoRoot, manifest))) ?? "");
    digest.update(".prettierrc.json").update((await readFileIfExists(path.join(repoRoot, ".prettierrc.json"))) ?? "");
    return digest.digest("hex");
  })();
  return generatorFingerprint;
}

export async function inputsFingerprint(
  provider: ProviderConfig,
  specSha256: string,
  paths: ProjectPaths,
): Promise<string> {
  const digest = createHash("sha256");
  digest
    .update(await generator())
    .update(JSON.stringify(provider))
    .update(specSha256);
  for (const file of [
    path.join(paths.annotationsDir, `${provider.id}.yaml`),
    path.join(paths.correctionsDir, `${provider.id}.json`),
  ])
    digest.update(file).update((await readFileIfExists(file)) ?? "(none)");
  return digest.digest("hex");
}

const recordFile = (paths: ProjectPaths, provider: ProviderConfig) =>
  path.join(paths.recordsDir, `${provider.id}.json`);

export async function isUpToDate(paths: ProjectPaths, provider: ProviderConfig, inputs: string): Promise<boolean> {
  const text = await readFileIfExists(recordFile(paths, provider));
  if (!text) return false;
  const record = JSON.parse(text) as GenerationRecord;
  if (record.inputs !== inputs) return false;
  for (const [file, written] of Object.entries(record.files)) {
    const at = path.join(paths.generatedDir, provider.id, file);
    const now = await stat(at).catch(() => undefined);
    if (!now || typeof written !== "object") return false;
    if (now.size === written.size && now.mtimeMs === written.mtimeMs) continue;
    // Touched (a checkout, a copy): still as written if the content is.
    if (hash((await readFileIfExists(at)) ?? "") !== written.sha256) return false;
  }
  return true;
}

export async function writeGenerationRecord(
  paths: ProjectPaths,
  provider: ProviderConfig,
  inputs: string,
  files: Array<{ path: string; content: string }>,
): Promise<void> {
  const record: GenerationRecord = { inputs, files: {} };
  for (const file of files) {
    const { size, mtimeMs } = await stat(file.path);
    record.files[path.basename(file.path)] = { sha256: hash(file.content), size, mtimeMs };
  }
  await writeFileAtomic(recordFile(paths, provider), JSON.stringify(record, null, 2) + "\n");
}
