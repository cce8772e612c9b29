/**
 * What the last generate of a provider was made from, kept in `.cache/generation/<id>.json` (not
 * committed): a fingerprint of its inputs and, per file written, its hash, size and modification
 * time. When the inputs match and every file is as written (same size and time, or else the same
 * hash), generate has nothing to do and skips the expensive work. `--check` never takes this shortcut.
 */
import { createHash } from "node:crypto";
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

/** In the CLI bundle (scripts/run.mjs): the hash of the sources it was built from, lockfile included. */
declare const __GENERATOR_SOURCE_KEY__: string | undefined;

/** The generator itself: its code (and the runtime formats it reads), its locked dependencies and the formatting config. */
function generator(): Promise<string> {
  generatorFingerprint ??= (async () => {
    const digest = createHash("sha256");
    if (typeof __GENERATOR_SOURCE_KEY__ === "string") digest.update(`bundle ${__GENERATOR_SOURCE_KEY__}`);
    else {
      for (const folder of ["src/codegen", "src/runtime"]) {
        const dir = path.join(repoRoot, folder);
        const files = (await readdir(dir, { recursive: true })).filter((name) => name.endsWith(".ts")).sort();
        for (const file of files) digest.update(file).update(await readFile(path.join(dir, file)));
      }
      digest
        .update("package-lock.json")
        .update((await readFileIfExists(path.join(repoRoot, "package-lock.json"))) ?? "");
    }
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
