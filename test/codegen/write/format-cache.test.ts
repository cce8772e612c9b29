/**
 * A provider's formatted pieces are kept between generations: generating the same spec again
 * formats nothing, a changed spec formats only what changed, and a damaged cache is only slower.
 */
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as format from "../../../src/codegen/emit/format.js";
import { generateProviders } from "../../../src/codegen/generate.js";
import { fixtureProvider, fixturesDir, makeScratchProject } from "../../helpers/scratch-project.js";

vi.mock("../../../src/codegen/emit/format.js", { spy: true });

describe("the format cache", () => {
  let project: Awaited<ReturnType<typeof makeScratchProject>> | undefined;
  afterEach(async () => {
    await project?.remove();
    vi.mocked(format.formatSource).mockClear();
  });

  it("formats only pieces it has not formatted before; its output is what formatting from scratch gives", async () => {
    const spec = JSON.parse(await readFile(path.join(fixturesDir, "petshop.json"), "utf8"));
    project = await makeScratchProject();
    const specFile = path.join(project.root, "petshop.json");
    await writeFile(specFile, JSON.stringify(spec));
    const provider = fixtureProvider({ source: { file: specFile } });
    const generate = async () => {
      vi.mocked(format.formatSource).mockClear();
      await generateProviders([provider], { paths: project!.paths, log: () => {} });
      await vi.waitFor(() => undefined);
      return {
        formatted: vi.mocked(format.formatSource).mock.calls.length,
        schema: await readFile(path.join(project!.paths.generatedDir, "petshop/schema.ts"), "utf8"),
      };
    };
    const first = await generate();
    expect(first.formatted).toBeGreaterThan(0);

    // The same inputs again, but the generation record gone: everything is rendered, nothing formatted.
    await project.remove();
    project = await makeScratchProject();
    const again = path.join(project.root, "petshop.json");
    await writeFile(again, JSON.stringify(spec));
    Object.assign(provider, fixtureProvider({ source: { file: again } }));
    const firstInNewProject = await generate();
    expect(firstInNewProject.formatted).toBeGreaterThan(0);
    const cacheFile = path.join(project.paths.formatCacheDir, "petshop.json");
    const cache = JSON.parse(await readFile(cacheFile, "utf8"));
    expect(Object.keys(cache).length).toBeGreaterThan(0);

    await writeFile(again, JSON.stringify({ ...spec, info: { ...spec.info, description: "changed" } }));
    const unchanged = await generate();
    const withoutHeader = (text: string) => text.split("\n").slice(1).join("\n"); // the header names the spec's hash
    expect(withoutHeader(unchanged.schema)).toBe(withoutHeader(firstInNewProject.schema));
    expect(unchanged.formatted).toBeLessThan(firstInNewProject.formatted);

    // A damaged cache file costs time, not correctness.
    await writeFile(cacheFile, "{ not json");
    spec.components.schemas.Pet.properties.nickname = { type: "string" };
    await writeFile(again, JSON.stringify(spec));
    const afterDamage = await generate();
    expect(afterDamage.formatted).toBeGreaterThan(0);
    expect(afterDamage.schema).toContain("nickname?: string;");
  });
  it("formats each piece once, though the other modules are formatted while the schema is layered", async () => {
    project = await makeScratchProject();
    await mkdir(project.paths.annotationsDir, { recursive: true });
    await copyFile(
      path.join(fixturesDir, "acme/annotations.yaml"),
      path.join(project.paths.annotationsDir, "acme.yaml"),
    );
    const provider = fixtureProvider({
      id: "acme",
      name: "Acme Booking",
      clientName: "Acme",
      format: "yaml",
      source: { file: path.join(fixturesDir, "acme/openapi.yaml") },
    });
    const report = await generateProviders([provider], { paths: project.paths, log: () => {} });
    expect(report.failed).toEqual([]);
    const cache = JSON.parse(await readFile(path.join(project.paths.formatCacheDir, "acme.json"), "utf8"));
    expect(Object.keys(cache).length).toBeGreaterThan(4); // the schema's pieces and the auth layer's modules
    expect(vi.mocked(format.formatSource).mock.calls.length).toBe(Object.keys(cache).length);
  });
});
