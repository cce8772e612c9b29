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

/**
 * prettier's parser for generated TypeScript: babel-ts, which formats Cal.com's schema in about
 * three quarters of the time of the "typescript" parser. The output is the same (generation tests
 * compare it byte for byte, and `prettier --check`, which infers "typescript", passes on it).
 */
const PARSER = "babel-ts";

/** Formats generated TypeScript with the repository's prettier config, independent of the caller's cwd. */
export async function formatSource(code: string): Promise<string> {
  const { prettier, options } = await formatter();
  return prettier.format(code, { ...options, parser: PARSER });
}

/**
 * What formatted output depends on besides the code, read without loading prettier: its version, the
 * parser and the config file generated code gets (`.prettierrc.json` at the root).
 */
export async function formatterIdentity(): Promise<string> {
  const { version } = createRequire(import.meta.url)("prettier/package.json") as { version: string };
  const config = await readFile(path.join(repoRoot, ".prettierrc.json"), "utf8").catch(() => "");
  return JSON.stringify([version, PARSER, config]);
}
