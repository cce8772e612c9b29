import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { repoRoot } from "../config/paths.js";

const CONFIG_PROBE = path.join(repoRoot, "generated/file.ts");
let loaded: Promise<{ prettier: typeof import("prettier"); options: Record<string, unknown> }> | undefined;

/** prettier and the repository's config for generated code, loaded on first use (a run that formats nothing never needs them). */
function formatter() {
  loaded ??= import("prettier").then(async (prettier) => ({
    prettier,
    options: (await prettier.resolveConfig(CONFIG_PROBE)) ?? {},
  }));
  return loaded;
}

/** Formats generated code with the repository's prettier config, independent of the caller's cwd. */
export async function formatSource(code: string, parser: "typescript"): Promise<string> {
  const { prettier, options } = await formatter();
  return prettier.format(code, { ...options, parser });
}

/**
 * What formatted output depends on besides the code, read without loading prettier: its version and
 * the config file generated code gets (`.prettierrc.json` at the root).
 */
export async function formatterIdentity(): Promise<string> {
  const { version } = createRequire(import.meta.url)("prettier/package.json") as { version: string };
  const config = await readFile(path.join(repoRoot, ".prettierrc.json"), "utf8").catch(() => "");
  return JSON.stringify([version, config]);
}
