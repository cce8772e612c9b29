/**
 * No generated module that does not parse is ever written: the check names the module and the line,
 * and the provider's previous folder stays as it was.
 */
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateProviders } from "../../../src/codegen/generate.js";
import { assertModulesParse, firstSyntaxError } from "../../../src/codegen/emit/parse-check.js";
import { fixtureProvider, fixturesDir, makeScratchProject } from "../../helpers/scratch-project.js";

describe("the parse check", () => {
  it("names the first syntax error's line, as tsc would (TS1131 for the repeated union start)", () => {
    const broken = [
      "export interface session {",
      '    tracing?: "auto" | {',
      "        workflow_name?: string;",
      '        | "auto"',
      "    };",
      "}",
    ].join("\n");
    expect(firstSyntaxError("schema.ts", broken)).toMatch(/^line 4: .* \(TS1131\)$/);
    expect(firstSyntaxError("schema.ts", "export type ok = { a?: string };\n")).toBeUndefined();
    expect(() =>
      assertModulesParse("oa", [
        { path: "/out/README.md", content: "| not | code |" },
        { path: "/out/schema.ts", content: broken },
      ]),
    ).toThrow(/^the generated oa\/schema\.ts does not parse at line 4: .*; nothing was written$/);
  });

  describe("in a run", () => {
    let project: Awaited<ReturnType<typeof makeScratchProject>>;
    beforeAll(async () => {
      project = await makeScratchProject();
    });
    afterAll(() => project.remove());

    it("a module that would not parse fails the provider with a bug report, and the old folder stays", async () => {
      const provider = fixtureProvider({ source: { file: path.join(fixturesDir, "petshop.json") } });
      const options = { paths: project.paths, log: () => {} };
      expect((await generateProviders([provider], options)).failed).toEqual([]);
      const folder = path.join(project.paths.generatedDir, "petshop");
      const before = await snapshot(folder);

      // A damaged format cache whose pieces still carry their wrapper lines: the joined schema
      // repeats a union's start inside an object, as the cut inside `tracing?: "auto" | {` did.
      const cacheFile = path.join(project.paths.formatCacheDir, "petshop.json");
      const cache: Record<string, string> = JSON.parse(await readFile(cacheFile, "utf8"));
      for (const key of Object.keys(cache)) cache[key] = cache[key].replace(/;\n/, ';\n  | "auto"\n');
      await writeFile(cacheFile, JSON.stringify(cache));
      await rm(project.paths.recordsDir, { recursive: true, force: true }); // no "unchanged" shortcut

      const lines: string[] = [];
      const report = await generateProviders([provider], { ...options, log: (line) => lines.push(line) });
      expect(report.failed).toEqual(["petshop"]);
      expect(lines.join("\n")).toMatch(
        /^✗ petshop: .*: the generated petshop\/\w+\.ts does not parse at line \d+: .*\(TS\d+\); nothing was written → this looks like a bug in scheduling-clients; please report it$/m,
      );
      expect(await snapshot(folder)).toEqual(before);
    });
  });
});

async function snapshot(folder: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of (await readdir(folder)).sort()) files[name] = await readFile(path.join(folder, name), "utf8");
  return files;
}
