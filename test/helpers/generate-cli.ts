import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { repoRoot } from "../../src/codegen/config/paths.js";

const run = promisify(execFile);

/**
 * `npm run generate -- ARGS` as a child process, with its exit code and output. Killed after 55 s,
 * so a run that would not end does not outlive its test.
 */
export async function generateCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, ["scripts/run.mjs", "generate", ...args], { cwd: repoRoot, timeout: 55_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}
