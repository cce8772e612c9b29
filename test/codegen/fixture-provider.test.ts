/**
 * The runtime tests' own provider (test/fixtures/acme) is checked in as generated; it must be exactly
 * what the generator makes of its spec and annotation file today (`npm run fixture` regenerates it).
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateAdHoc } from "../../src/codegen/generate-adhoc.js";
import { fixturesDir } from "../helpers/scratch-project.js";

describe("the Acme fixture client", () => {
  it("is what the generator makes of test/fixtures/acme (run npm run fixture after changing the generator)", async () => {
    const acme = path.join(fixturesDir, "acme");
    const out = await mkdtemp(path.join(tmpdir(), "acme-"));
    try {
      // As `npm run fixture` names it: the spec's path is part of the generated header.
      await generateAdHoc(path.relative(process.cwd(), path.join(acme, "openapi.yaml")), "acme", out, {
        annotationsFile: path.join(acme, "annotations.yaml"),
        readWriteMarkers: true,
        log: () => {},
      });
      const names = (await readdir(out)).sort();
      expect((await readdir(path.join(acme, "generated"))).sort()).toEqual(names);
      for (const name of names)
        expect(await readFile(path.join(acme, "generated", name), "utf8"), name).toBe(
          await readFile(path.join(out, name), "utf8"),
        );
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
