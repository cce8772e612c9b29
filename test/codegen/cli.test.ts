import { execFile } from "node:child_process";
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
