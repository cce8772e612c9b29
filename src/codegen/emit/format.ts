import path from "node:path";
import { repoRoot } from "../config/paths.js";

/** Formats generated code with the repository's prettier config, independent of the caller's cwd. */
export async function formatSource(code: string, parser: "typescript"): Promise<string> {
  // Loaded on first use: a no-op generate never needs it.
  const prettier = (await import("prettier")).default;
  const options = (await prettier.resolveConfig(path.join(repoRoot, "generated/file.ts"))) ?? {};
  return prettier.format(code, { ...options, parser });
}
