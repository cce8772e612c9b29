import prettier from "prettier";
import { repoRoot } from "./paths.js";
import path from "node:path";

/** Formats generated code with the repository's prettier config, independent of the caller's cwd. */
export async function formatSource(code: string, parser: "typescript" | "markdown" | "json"): Promise<string> {
  const options = (await prettier.resolveConfig(path.join(repoRoot, "generated/file.ts"))) ?? {};
  return prettier.format(code, { ...options, parser });
}
