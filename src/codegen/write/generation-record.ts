/**
 * What the last generate of a provider was made from, kept in `.cache/generation/<id>.json` (not
 * committed): a fingerprint of its inputs and the hash of each file written. When both still hold,
 * generate has nothing to do and skips the expensive work. `--check` never takes this shortcut.
 */
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { readFileIfExists, writeFileAtomic } from "../support/files.js";
import { sha256 } from "../support/hash.js";
import { repoRoot, type ProjectPaths } from "../config/paths.js";
import type { ProviderConfig } from "../config/providers.js";

interface GenerationRecord {
  inputs: string;
  files: Record<string, string>;
}

const hash = sha256;

let generatorFingerprint: Promise<string> | undefined;

/** The generator itself: its build code, its locked dependencies and the formatting config. */
function generator(): Promise<string> {
  generatorFingerprint ??= (async () => {
    const digest = createHash("sha256");
    const buildDir = path.join(repoRoot, "src/codegen");
    const files = (await readdir(buildDir, { recursive: true })).filter((name) => name.endsWith(".ts")).sort();
    for (const file of files) digest.update(file).update(await readFile(path.join(buildDir, file)));
    for (const file of ["package-lock.json", ".prettierrc.json"])
      digest.update(file).update((await readFileIfExists(path.join(repoRoot, file))) ?? "");
    return digest.digest("hex");
  })();
  return generatorFingerprint;
}

export async function inputsFingerprint(
  provider: ProviderConfig,
  specText: string,
  paths: ProjectPaths,
): Promise<string> {
  const digest = createHash("sha256");
  digest
    .update(await generator())
    .update(JSON.stringify(provider))
    .update(hash(specText));
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
  for (const [file, digest] of Object.entries(record.files)) {
    const content = await readFileIfExists(path.join(paths.generatedDir, provider.id, file));
    if (content === undefined || hash(content) !== digest) return false;
  }
  return true;
}

export async function writeGenerationRecord(
  paths: ProjectPaths,
  provider: ProviderConfig,
  inputs: string,
  files: Array<{ path: string; content: string }>,
): Promise<void> {
  const record: GenerationRecord = {
    inputs,
    files: Object.fromEntries(files.map((file) => [path.basename(file.path), hash(file.content)])),
  };
  await writeFileAtomic(recordFile(paths, provider), JSON.stringify(record, null, 2) + "\n");
}
