import path from "node:path";
import { mkdir, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { pullProvider } from "../../../src/codegen/pull.js";
import { fixtureProvider, fixturesDir, makeScratchProject } from "../../helpers/scratch-project.js";

let project: Awaited<ReturnType<typeof makeScratchProject>>;
beforeEach(async () => {
  project = await makeScratchProject();
});
afterEach(() => project.remove());

const provider = () => fixtureProvider({ source: { file: path.join(fixturesDir, "petshop.json") } });

describe("per-provider corrections (JSON Patch under specs/corrections/)", () => {
  it("fix a known defect before the generic repairs run", async () => {
    await mkdir(project.paths.correctionsDir, { recursive: true });
    await writeFile(
      path.join(project.paths.correctionsDir, "petshop.json"),
      JSON.stringify([
        { op: "test", path: "/components/schemas/Pet/properties/kind/enum", value: ["cat", "dog"] },
        { op: "add", path: "/components/schemas/Pet/properties/kind/enum/-", value: "bird" },
      ]),
    );
    const pulled = await pullProvider(provider(), { paths: project.paths });
    expect((pulled.accepted.document.components!.schemas as any).Pet.properties.kind.enum).toEqual([
      "cat",
      "dog",
      "bird",
    ]);
    expect(pulled.lockEntry.corrections).toBe(2);
  });

  it("fail loudly once the spec no longer matches them, and keep the last good spec", async () => {
    await writeFile(
      path.join(project.paths.correctionsDir, "petshop.json"),
      JSON.stringify([{ op: "test", path: "/components/schemas/Pet/properties/kind/enum", value: ["cat"] }]),
    );
    await expect(pullProvider(provider(), { paths: project.paths })).rejects.toThrow(
      /correction specs\/corrections\/petshop\.json operation #0 \(test \/components\/schemas\/Pet\/properties\/kind\/enum\) no longer matches the spec/,
    );
    expect(await project.readOrUndefined(project.paths.lockFile)).toBeUndefined();
    await writeFile(
      path.join(project.paths.correctionsDir, "petshop.json"),
      JSON.stringify([{ op: "replace", path: "/components/schemas/Gone/type", value: "string" }]),
    );
    await expect(pullProvider(provider(), { paths: project.paths })).rejects.toThrow(/no longer matches the spec/);
  });
});
