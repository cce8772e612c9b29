/**
 * specs:diff: the manifest of a provider's new spec (pulled, or a file) against the committed one
 * (or against another spec file), classified change by change — or, with no provider, any two
 * OpenAPI documents (`--spec NEW --base OLD`; OLD may also be a manifest.json).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { acceptProviderSpec, acceptSpec } from "./accept/accept.js";
import { ConfigProblem, FetchProblem } from "./support/errors.js";
import { readFileIfExists } from "./support/files.js";
import { loadAnnotations } from "./config/annotations.js";
import { buildOperationModel } from "./model/operation-model.js";
import { buildManifest, READABLE_MANIFEST_VERSIONS, type Manifest } from "./model/manifest.js";
import { bookingMethods } from "../booking/operations.js";
import { bookingSurfaceOf } from "./model/booking-surface.js";
import type { ProjectPaths } from "./config/paths.js";
import type { ProviderConfig } from "./config/providers.js";
import { pullProvider } from "./pull.js";
import { diffManifests, type ProviderDiff } from "./diff/compare.js";

export interface DiffOptions {
  paths: ProjectPaths;
  mirror?: string;
  /** The new spec from a file instead of pulling. */
  specFile?: string;
  /** Compare against this spec file (or manifest.json) instead of the committed manifest. */
  baseFile?: string;
}

const formatOf = (text: string) => (/^\s*\{/.test(text) ? "json" : "yaml");

/** The manifest of spec text as the generator would see it; annotation rules that no longer fit become warnings. */
export async function manifestOfSpec(
  provider: ProviderConfig,
  text: string,
  paths: ProjectPaths,
  label: string,
): Promise<{ manifest: Manifest; warnings: string[] }> {
  const accepted = await acceptProviderSpec(provider, text, paths, formatOf(text));
  const annotations = await loadAnnotations(paths.annotationsDir, provider.id);
  const { model, problems } = buildOperationModel(accepted.document, annotations);
  return {
    manifest: buildManifest(provider.id, model, bookingSurfaceOf(provider.id)),
    warnings: problems.map((problem) => `specs/annotations/${provider.id}.yaml against the ${label} spec: ${problem}`),
  };
}

export async function diffProvider(provider: ProviderConfig, options: DiffOptions): Promise<ProviderDiff> {
  const newText = options.specFile
    ? await readFile(options.specFile, "utf8")
    : (await pullProvider(provider, { paths: options.paths, mirror: options.mirror, write: false })).text;
  const after = await manifestOfSpec(provider, newText, options.paths, "new");
  const warnings = [...after.warnings];
  let before: Manifest;
  if (options.baseFile) {
    const text = await readFile(options.baseFile, "utf8");
    if (isManifestText(text)) before = parseManifest(text, options.baseFile);
    else {
      const base = await manifestOfSpec(provider, text, options.paths, "base");
      before = base.manifest;
      warnings.unshift(...base.warnings);
    }
  } else {
    const file = `generated/${provider.id}/manifest.json`;
    const committed = await readFileIfExists(path.join(options.paths.generatedDir, provider.id, "manifest.json"));
    if (!committed)
      throw new FetchProblem(
        `${file} does not exist`,
        "run `npm run generate` first, or compare two specs with --base",
      );
    before = parseManifest(committed, file);
  }
  return diffManifests(before, after.manifest, warnings);
}

/**
 * Two files, no provider: each an OpenAPI 3.x document (JSON or YAML) or a manifest.json.
 * Credentials come from each spec's own security requirements (no annotation file applies).
 */
export async function diffFiles(newFile: string, baseFile: string): Promise<ProviderDiff> {
  const label = path.basename(newFile).replace(/\.(json|ya?ml)$/i, "") || "spec";
  const manifestOf = async (file: string) => {
    const text = await readFile(file, "utf8");
    if (isManifestText(text)) return parseManifest(text, file);
    const accepted = await acceptSpec(text, { name: label, format: formatOf(text) });
    return buildManifest(label, buildOperationModel(accepted.document, undefined).model);
  };
  const before = await manifestOf(baseFile);
  return diffManifests(before, await manifestOf(newFile));
}

/** A manifest is JSON whose top level names its `provider` and has no `openapi` field. */
function isManifestText(text: string): boolean {
  if (!/^\s*\{/.test(text)) return false;
  try {
    const parsed = JSON.parse(text);
    return isManifest(parsed);
  } catch {
    return false;
  }
}

const isManifest = (value: unknown) =>
  !!value && typeof value === "object" && !Object.hasOwn(value, "openapi") && !Object.hasOwn(value, "swagger");

const isRecord = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === "object" && !Array.isArray(value);

/**
 * A committed (or given) manifest, checked before it is trusted: a file that is not one — `{}`, an
 * edit gone wrong, an older generator's — is blamed on that file, in one line.
 */
export function parseManifest(text: string, file: string): Manifest {
  const fail = (what: string) =>
    new ConfigProblem(
      `${file} is not a manifest this generator can compare: ${what}`,
      "regenerate it with `npm run generate` (it is generated), or compare two specs with --base",
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw fail("it is not valid JSON");
  }
  if (!isRecord(parsed)) throw fail("it is not a JSON object");
  if (!READABLE_MANIFEST_VERSIONS.includes(parsed.version as number))
    throw fail(
      parsed.version === undefined
        ? `it has no "version" (an older generator's, or not a manifest)`
        : `its "version" is ${JSON.stringify(parsed.version)}, this generator reads ${READABLE_MANIFEST_VERSIONS.join(" and ")}`,
    );
  if (typeof parsed.provider !== "string") throw fail(`"provider" is not a string`);
  for (const key of ["schemas", "operations", "webhooks"])
    if (!isRecord(parsed[key])) throw fail(`"${key}" is not an object`);
  for (const [key, operation] of Object.entries(parsed.operations as Record<string, unknown>)) {
    const where = `operations[${JSON.stringify(key)}]`;
    if (!isRecord(operation)) throw fail(`${where} is not an object`);
    if (
      !isRecord(operation.parameters) ||
      !["path", "query", "header", "cookie"].every((l) =>
        isRecord((operation.parameters as Record<string, unknown>)[l]),
      )
    )
      throw fail(`${where}.parameters is not an object of path, query, header and cookie`);
    for (const field of ["responses", "responseHeaders", "injectedHeaders"])
      if (!isRecord(operation[field])) throw fail(`${where}.${field} is not an object`);
    if (!Array.isArray(operation.credentials)) throw fail(`${where}.credentials is not a list`);
    if (operation.requestBody !== null && !(isRecord(operation.requestBody) && isRecord(operation.requestBody.content)))
      throw fail(`${where}.requestBody is neither null nor a body`);
  }
  for (const [key, webhook] of Object.entries(parsed.webhooks as Record<string, unknown>))
    if (!isRecord(webhook) || !isRecord(webhook.payload))
      throw fail(`webhooks[${JSON.stringify(key)}] has no "payload" object`);
  // Version 2 has no `booking`: no operation is known to be the booking API's.
  if (parsed.booking !== undefined) {
    if (!isRecord(parsed.booking)) throw fail(`"booking" is not an object`);
    for (const [method, keys] of Object.entries(parsed.booking)) {
      // Only the booking API's own methods: a manifest cannot grow every finding's note at will.
      if (!(bookingMethods as readonly string[]).includes(method))
        throw fail(`booking[${JSON.stringify(method.slice(0, 60))}] is not a method of the booking API`);
      if (!Array.isArray(keys) || !keys.every((key) => typeof key === "string"))
        throw fail(`booking[${JSON.stringify(method)}] is not a list of operations`);
    }
  }
  return parsed as unknown as Manifest;
}
