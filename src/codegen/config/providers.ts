import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { ConfigProblem, UsageProblem } from "../support/errors.js";
import type { ProjectPaths } from "./paths.js";

/** Where a provider's spec comes from: the provider's URL, or a file the project maintains. */
export type SpecSource = { url: string; allowRedirectTo?: string[] } | { file: string };

/** Origins the spec URL may redirect to besides its own (a redirect elsewhere is refused). */
export function allowedRedirects(provider: ProviderConfig): string[] {
  return "url" in provider.source ? (provider.source.allowRedirectTo ?? []) : [];
}

/** One provider, as configured in `specs/providers/<id>.json`. Adding a provider is adding one of these. */
export interface ProviderConfig {
  id: string;
  name: string;
  /** PascalCase stem of the generated factory: `create${clientName}Client`. */
  clientName: string;
  source: SpecSource;
  format: "json" | "yaml";
  baseUrl: string;
  docs?: string;
  /**
   * openapi-typescript's read/write markers: `readOnly` fields are refused in request bodies and
   * `writeOnly` fields absent from responses (openapi-fetch applies them). For specs that use them.
   */
  readWriteMarkers?: boolean;
  /** Only for an ad-hoc client (`generate --spec`, never from a config file): how its app uses it. */
  app?: AppUsage;
}

/** What an ad-hoc client's files tell the app's developers: how to import and regenerate it. */
export interface AppUsage {
  /** The module specifier of the client's index, from the folder generate ran in. */
  importPath: string;
  /** The command line that regenerates the client. */
  regenerate: string;
  /** The annotation format's documentation, as a link from the client's folder. */
  annotationsDoc: string;
}

export const ID_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
const FIX_CONFIG = "fix the provider config in specs/providers/, then run the command again";

/** JSON from a project file; a syntax error names the file. */
export function parseJsonFile(text: string, origin: string, hint = FIX_CONFIG): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigProblem(`${origin} is not valid JSON: ${(error as Error).message}`, hint);
  }
}
const CLIENT_NAME_PATTERN = /^[A-Z][A-Za-z0-9]*$/;

export function checkProviderConfig(value: unknown, origin: string): ProviderConfig {
  const problems: string[] = [];
  const config = value as Partial<ProviderConfig> | null;
  if (!config || typeof config !== "object") throw new ConfigProblem(`${origin}: expected a JSON object`, FIX_CONFIG);
  if (typeof config.id !== "string" || !ID_PATTERN.test(config.id))
    problems.push("`id` must be lowercase letters, digits and dashes");
  if (typeof config.name !== "string" || !config.name) problems.push("`name` is required");
  if (typeof config.clientName !== "string" || !CLIENT_NAME_PATTERN.test(config.clientName))
    problems.push("`clientName` must be PascalCase (it names `create<clientName>Client`)");
  const source = config.source as Record<string, unknown> | undefined;
  if (!source || (typeof source.url !== "string" && typeof source.file !== "string"))
    problems.push("`source` must be { url } or { file }");
  if (config.format !== "json" && config.format !== "yaml") problems.push('`format` must be "json" or "yaml"');
  if (typeof config.baseUrl !== "string" || !/^https?:\/\//.test(config.baseUrl))
    problems.push("`baseUrl` must be an http(s) URL");
  if (config.readWriteMarkers !== undefined && typeof config.readWriteMarkers !== "boolean")
    problems.push("`readWriteMarkers` must be true or false");
  if (problems.length)
    throw new ConfigProblem(`${origin}: invalid provider config: ${problems.join("; ")}`, FIX_CONFIG);
  return config as ProviderConfig;
}

/** All configured providers, sorted by id so every run handles them in the same order. */
export async function loadProviders(paths: Pick<ProjectPaths, "providersDir">): Promise<ProviderConfig[]> {
  const files = (await readdir(paths.providersDir)).filter((name) => name.endsWith(".json")).sort();
  const providers: ProviderConfig[] = [];
  for (const file of files) {
    const origin = path.join(paths.providersDir, file);
    const config = checkProviderConfig(parseJsonFile(await readFile(origin, "utf8"), origin), origin);
    if (`${config.id}.json` !== file)
      throw new ConfigProblem(`${origin}: id "${config.id}" must match the file name`, FIX_CONFIG);
    providers.push(config);
  }
  return providers;
}

/** Narrows the providers to those named (e.g. by `--provider`); an unknown id is an error listing the known ones. */
export function selectProviders(all: ProviderConfig[], ids: string[]): ProviderConfig[] {
  if (ids.length === 0) return all;
  const unknown = ids.filter((id) => !all.some((p) => p.id === id));
  if (unknown.length)
    throw new UsageProblem(
      `unknown provider ${unknown.join(", ")}`,
      `configured providers: ${all.map((p) => p.id).join(", ")}`,
    );
  return all.filter((p) => ids.includes(p.id));
}

export function sourceLabel(source: SpecSource): string {
  return "url" in source ? source.url : source.file;
}
