import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { projectPaths, repoRoot } from "../../src/codegen/config/paths.js";
import { readFileIfExists } from "../../src/codegen/support/files.js";
import { makeScratchProject, sharedSpecsDir } from "../helpers/scratch-project.js";

const run = promisify(execFile);
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");

describe("npm run pull against a corrupted mirror", () => {
  it("goes on with the other providers, exits non-zero with one clear line, and leaves specs/lock.json and the snapshot unchanged", async () => {
    const scratch = await makeScratchProject();
    try {
      const mirror = path.join(scratch.root, "mirror");
      await mkdir(path.join(mirror, "calcom"), { recursive: true });
      const real = await readFile(path.join(sharedSpecsDir, "calcom/openapi.json"), "utf8");
      await writeFile(path.join(mirror, "calcom/openapi.json"), real.slice(0, 5000));
      const lockBefore = await readFile(projectPaths.lockFile, "utf8");
      const snapshot = path.join(projectPaths.snapshotDir, "calcom.json");
      const snapshotBefore = await readFileIfExists(snapshot);

      // A good spec for another provider: the failure must not stop it.
      await mkdir(path.join(mirror, "astrocal"), { recursive: true });
      await writeFile(
        path.join(mirror, "astrocal/openapi.json"),
        await readFile(path.join(sharedSpecsDir, "astrocal/openapi.json"), "utf8"),
      );
      const failure = await run(
        tsx,
        ["scripts/pull.ts", "--provider", "calcom", "--provider", "astrocal", "--mirror", mirror],
        { cwd: repoRoot },
      ).then(
        () => undefined,
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      expect(failure?.code).toBe(1);
      expect(failure?.stdout).toMatch(/^✓ astrocal: (unchanged|updated) — 38 operations/m);
      expect(failure?.stderr.trim()).toMatch(
        new RegExp(
          `^✗ calcom: ${path.join(mirror, "calcom/openapi.json")}: not valid JSON: .* → .*last good snapshot is kept$`,
        ),
      );
      expect(await readFile(projectPaths.lockFile, "utf8")).toBe(lockBefore);
      expect(await readFileIfExists(snapshot)).toBe(snapshotBefore);
    } finally {
      await scratch.remove();
    }
  });

  it("rejects an unknown provider with the list of configured ones", async () => {
    const failure = await run(tsx, ["scripts/pull.ts", "--provider", "nope"], { cwd: repoRoot }).catch(
      (error) => error,
    );
    expect(failure.code).toBe(2);
    expect(failure.stderr).toMatch(/unknown provider nope → configured providers: astrocal, calcom, savvycal, timekit/);
    expect(failure.stderr).not.toMatch(/bug/);
  });
});

/** Runs `use` with a scratch script whose body is `body`, run by runCli, removed afterwards. */
async function withCliScript(body: string, use: (script: string) => Promise<void>): Promise<void> {
  const scratch = await makeScratchProject();
  try {
    const script = path.join(scratch.root, "cli-script.ts");
    await writeFile(
      script,
      `import { runCli } from ${JSON.stringify(path.join(repoRoot, "src/codegen/cli.ts"))};\nrunCli(async () => {\n${body}\n});\n`,
    );
    await use(script);
  } finally {
    await scratch.remove();
  }
}

describe("runCli, the commands' runner", () => {
  it("exits only once a long output has reached a pipe whole (process.exit alone cuts it at the pipe's 64 KB)", async () => {
    // A command that prints 1 MB right before it ends, as generate and pull do with their reports.
    const body = `for (let line = 0; line < 10_000; line++) console.log(String(line).padStart(99, "."));\nreturn 0;`;
    await withCliScript(body, async (script) => {
      const { stdout } = await run(tsx, [script], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 });
      expect(stdout.length).toBe(10_000 * 100);
      expect(stdout.endsWith(`${"9999".padStart(99, ".")}\n`)).toBe(true);
    });
  });

  it("a reader that closes the pipe early (`| head`) leaves the command's own exit code, with no stack trace", async () => {
    await withCliScript(`process.stdout.write(".".repeat(4 * 1024 * 1024));\nreturn 3;`, async (script) => {
      // The reader takes 10 bytes and closes its end; the command is still writing megabytes.
      const child = spawn(tsx, [script], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
      child.stdout.once("data", () => child.stdout.destroy());
      const [code] = (await once(child, "close")) as [number];
      expect(stderr).not.toMatch(/EPIPE|Unhandled/);
      expect(code).toBe(3);
    });
  });
});
