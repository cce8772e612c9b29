/**
 * The runtime tests' own provider (test/fixtures/acme) is checked in as generated; it must be exactly
 * what the generator makes of its spec and annotation file today (`npm run fixture` regenerates it).
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appUsage, generateAdHoc } from "../../src/codegen/generate-adhoc.js";
import { fixturesDir } from "../helpers/scratch-project.js";

describe("the Acme fixture client", () => {
  it("is what the generator makes of test/fixtures/acme (run npm run fixture after changing the generator)", async () => {
    const acme = path.join(fixturesDir, "acme");
    const out = await mkdtemp(path.join(tmpdir(), "acme-"));
    try {
      // As `npm run fixture` names them: the spec's path is part of the generated header, and the
      // command line and the output folder are in what the README and headers tell the app.
      const relative = (file: string) => path.relative(process.cwd(), path.join(acme, file));
      const [spec, annotationsFile] = [relative("openapi.yaml"), relative("annotations.yaml")];
      await generateAdHoc(spec, "acme", out, { annotationsFile, readWriteMarkers: true, log: () => {} });
      const here = appUsage(spec, "acme", out, out, annotationsFile, true);
      const there = appUsage(spec, "acme", relative("generated"), path.join(acme, "generated"), annotationsFile, true);
      const asThere = (text: string) =>
        text
          .replaceAll(here.regenerate, there.regenerate)
          .replaceAll(here.importPath, there.importPath)
          .replaceAll(`(${here.annotationsDoc})`, `(${there.annotationsDoc})`);
      const names = (await readdir(out)).sort();
      expect((await readdir(path.join(acme, "generated"))).sort()).toEqual(names);
      for (const name of names)
        expect(await readFile(path.join(acme, "generated", name), "utf8"), name).toBe(
          asThere(await readFile(path.join(out, name), "utf8")),
        );
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
