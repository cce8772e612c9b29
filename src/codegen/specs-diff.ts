/**
 * specs:diff: the manifest of a provider's new spec (pulled, or a file) against the committed one
 * (or against another spec file), classified change by change.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { acceptProviderSpec } from "./accept/accept.js";
import { FetchProblem } from "./support/errors.js";
import { readFileIfExists } from "./support/files.js";
import { loadAnnotations } from "./config/annotations.js";
import { buildOperationModel } from "./model/operation-model.js";
import { buildManifest, type Manifest } from "./model/manifest.js";
import type { ProjectPaths } from "./config/paths.js";
import type { ProviderConfig } from "./config/providers.js";
import { pullProvider } from "./pull.js";
import { diffManifests, type ProviderDiff } from "./diff/compare.js";

export interface DiffOptions {
  paths: ProjectPaths;
  mirror?: string;
  /** The new spec from a file instead of pulling. */
  specFile?: string;
  /** Compare against this spec file instead of the committed manifest. */
  baseFile?: string;
}

/** The manifest of spec text as the generator would see it; annotation rules that no longer fit become warnings. */
export async function manifestOfSpec(
  provider: ProviderConfig,
  text: string,
  paths: ProjectPaths,
  label: string,
): Promise<{ manifest: Manifest; warnings: string[] }> {
  const accepted = await acceptProviderSpec(provider, text, paths, /^\s*\{/.test(text) ? "json" : "yaml");
  const annotations = await loadAnnotations(paths.annotationsDir, provider.id);
  const { model, problems } = buildOperationModel(accepted.document, annotations);
  return {
    manifest: buildManifest(provider.id, model),
    warnings: problems.map((problem) => `specs/annotations/${provider.id}.yaml against the ${label} spec: ${problem}`),
  };
}

export async function diffProvider(provider: ProviderConfig, options: DiffOptions): Promise<ProviderDiff> {
  const newText = options.specFile
    ? await readFile(options.specFile, "utf8")
    : (await pullProvider(provider, { paths: options.paths, mirror: options.mirror, write: false })).text;
  const after = await manifestOfSpec(provider, newText, options.paths, "new");
  let before: Manifest;
  const warnings = [...after.warnings];
  if (options.baseFile) {
    const base = await manifestOfSpec(provider, await readFile(options.baseFile, "utf8"), options.paths, "base");
    before = base.manifest;
    warnings.unshift(...base.warnings);
  } else {
    const committed = await readFileIfExists(path.join(options.paths.generatedDir, provider.id, "manifest.json"));
    if (!committed)
      throw new FetchProblem(
        `generated/${provider.id}/manifest.json does not exist`,
        "run `npm run generate` first, or compare two specs with --base",
      );
    before = JSON.parse(committed) as Manifest;
  }
  return diffManifests(before, after.manifest, warnings);
}
