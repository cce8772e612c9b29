/**
 * Each provider's mapping module is written against its generated types, so a spec change that
 * breaks the mapping fails to compile. Here: Astrocal's availability slot renames `start_time` to
 * `starts_at`; the client regenerated from that spec (in a scratch folder, never the repository)
 * makes `tsc` fail in src/booking/providers/astrocal.ts, on the lines that read `start_time` — and
 * the same scratch set-up with a client generated the same way from the unchanged spec compiles,
 * so the failure is the change's, not the scratch generation's.
 */
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../src/codegen/config/paths.js";
import { generateAdHoc } from "../../src/codegen/generate-adhoc.js";
import { sharedSpecsDir } from "../helpers/scratch-project.js";

const run = promisify(execFile);
const scratch: string[] = [];
afterAll(() => Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true }))));

/** A project holding src/booking, the runtime and the four clients, `astrocal` from `astrocalDir`. */
async function scratchProject(astrocalDir: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "booking-drift-"));
  scratch.push(dir);
  await symlink(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"));
  await writeFile(path.join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  await cp(path.join(repoRoot, "src/booking"), path.join(dir, "src/booking"), { recursive: true });
  await symlink(path.join(repoRoot, "src/runtime"), path.join(dir, "src/runtime"));
  await mkdir(path.join(dir, "generated"));
  for (const id of ["savvycal", "calcom", "timekit"])
    await symlink(path.join(repoRoot, "generated", id), path.join(dir, "generated", id));
  await symlink(astrocalDir, path.join(dir, "generated/astrocal"));
  const base = await readFile(path.join(repoRoot, "tsconfig.json"), "utf8");
  const compilerOptions = JSON.parse(base.replace(/^\s*\/\/.*$/gm, "")).compilerOptions;
  await writeFile(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions,
      include: ["src/booking"],
    }),
  );
  return dir;
}

async function typecheck(dir: string): Promise<{ ok: boolean; output: string }> {
  try {
    await run(process.execPath, [path.join(repoRoot, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", dir]);
    return { ok: true, output: "" };
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${stdout}${stderr}` };
  }
}

describe("a mapping that no longer matches its generated types fails to compile", () => {
  it("Astrocal's slot loses start_time: tsc fails in the mapping module, where it reads start_time", async () => {
    const work = await mkdtemp(path.join(tmpdir(), "booking-spec-"));
    scratch.push(work);
    const published = await readFile(path.join(sharedSpecsDir, "astrocal/openapi.json"), "utf8");
    const spec = JSON.parse(published);
    const slot = spec.components.schemas.Slot;
    slot.properties.starts_at = slot.properties.start_time;
    delete slot.properties.start_time;
    slot.required = slot.required.map((name: string) => (name === "start_time" ? "starts_at" : name));
    /** The Astrocal client generated from `text`, as the repository generates it (its annotations). */
    const client = async (name: string, text: string) => {
      await writeFile(path.join(work, `${name}.json`), text);
      const out = path.join(work, name);
      await generateAdHoc(path.join(work, `${name}.json`), "astrocal", out, {
        annotationsFile: path.join(repoRoot, "specs/annotations/astrocal.yaml"),
        log: () => {},
      });
      return out;
    };
    const [changedClient, unchangedClient] = await Promise.all([
      client("changed", JSON.stringify(spec)),
      client("unchanged", published),
    ]);

    const [changed, unchanged] = await Promise.all([
      scratchProject(changedClient).then(typecheck),
      scratchProject(unchangedClient).then(typecheck),
    ]);
    expect(unchanged).toEqual({ ok: true, output: "" });
    expect(changed.ok).toBe(false);
    // Every error is in the mapping module, on a line that reads the renamed field. (Astrocal's
    // schemas are open, `[key: string]: unknown`, so the field reads as unknown there.)
    const errors = [...changed.output.matchAll(/^(.*?)\((\d+),\d+\): error TS\d+: /gm)];
    expect(errors.length).toBeGreaterThan(0);
    const mapping = (await readFile(path.join(repoRoot, "src/booking/providers/astrocal.ts"), "utf8")).split("\n");
    for (const [, file, line] of errors) {
      expect(file).toMatch(/(^|\/)src\/booking\/providers\/astrocal\.ts$/);
      expect(mapping[Number(line) - 1]).toContain("start_time");
    }
  });
});
