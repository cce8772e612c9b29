/**
 * Work is linear in the document: specs built to make a walk exponential (an allOf DAG, YAML
 * aliases) are generated or refused quickly, and every size cap applies to files as to downloads.
 * The timing itself belongs to the benchmark (`npm run bench`); these tests bound it only by their
 * timeout, documented with each.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify as toYaml } from "yaml";
import { allOfChain, wideAliasYaml } from "../../bench/hostile.js";
import { repoRoot } from "../../src/codegen/config/paths.js";
import { MAX_INLINED_REFERENCES } from "../../src/codegen/model/manifest.js";
import { pullProvider } from "../../src/codegen/pull.js";
import { YAML_EXPANSION_BUDGET } from "../../src/codegen/accept/spec-document.js";
import { fixtureProvider, makeScratchProject, readFixture } from "../helpers/scratch-project.js";
import { generateCli } from "../helpers/generate-cli.js";

let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "hostile-budgets-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function writeWork(name: string, content: string): Promise<string> {
  const file = path.join(work, name);
  await writeFile(file, content);
  return file;
}

describe("an allOf chain in which each schema refers to the next four times (4^18 paths, 19 schemas)", () => {
  // Exponential before: 3.3 / 8.5 / 23.5 s at depth 9 / 10 / 11, and past 120 s at depth 18. Bounded
  // by this test's timeout (a minute on a loaded two-core machine); seconds in `npm run bench`.
  it("generates, as a request body and as a paginated response, and strips the default once per schema", async () => {
    const doc = JSON.parse(await readFixture("petshop.json"));
    Object.assign(doc.components.schemas, allOfChain(18));
    doc.paths["/pets"].post.requestBody.content["application/json"].schema = { $ref: "#/components/schemas/Chain0" };
    doc.paths["/pets"].get.responses["200"].content["application/json"].schema = {
      $ref: "#/components/schemas/Chain0",
    };
    const annotations = {
      docs: "https://petshop.example/docs",
      credentials: {
        apiKey: { label: "API key", options: { apiKey: "required" }, headers: { Authorization: "Bearer {apiKey}" } },
      },
      defaults: { credentials: ["apiKey"] },
      rules: [],
      // The pagination lookup searches the chain for `items`, which it does not have: every schema is searched.
      runtime: { pagination: [{ match: { queryParameter: "limit" }, style: "page", items: "data", page: "limit" }] },
    };
    const out = path.join(work, "chain");
    const result = await generateCli([
      "--spec",
      await writeWork("chain.json", JSON.stringify(doc)),
      "--name",
      "chain",
      "--out",
      out,
      "--annotations",
      await writeWork("chain.yaml", toYaml(annotations)),
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const schema = await readFile(path.join(out, "schema.ts"), "utf8");
    // The request body's copy of the chain keeps one part per level, and the default became a remark.
    expect(schema.match(/Defaults to 3\./g)).toHaveLength(1);
  }, 60_000);
});

describe("a chain through parameter components, each schema referring to the next one's four times (depth 18)", () => {
  // The manifest copies a schema reached through a non-schema component at each use: 4^18 copies
  // before; now it counts them and stops at MAX_INLINED_REFERENCES with one line.
  it("fails with one line naming the budget", async () => {
    const doc = JSON.parse(await readFixture("petshop.json"));
    doc.components.parameters = {};
    for (let level = 0; level < 18; level++)
      doc.components.parameters[`P${level}`] = {
        name: `p${level}`,
        in: "query",
        schema: { allOf: [1, 2, 3, 4].map(() => ({ $ref: `#/components/parameters/P${level + 1}/schema` })) },
      };
    doc.components.parameters.P18 = { name: "last", in: "query", schema: { type: "string" } };
    doc.paths["/pets"].get.parameters.push({ $ref: "#/components/parameters/P0" });
    const result = await generateCli([
      "--spec",
      await writeWork("parameter-chain.json", JSON.stringify(doc)),
      "--name",
      "parameter-chain",
      "--out",
      path.join(work, "parameter-chain"),
    ]);
    expect(MAX_INLINED_REFERENCES).toBe(10_000);
    expect(result.stderr).toMatch(
      /^✗ schemas reached through references to other components \(#\/components\/parameters\/P\d+\/schema …\) are copied more than 10000 times → the references multiply/,
    );
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.code).toBe(1);
  });
});

describe("YAML aliases have an expansion budget besides the alias limit", () => {
  it("999 aliases of a 1000-property schema (68 KB, 3 million nodes expanded) fail with one line naming the budget", async () => {
    expect(YAML_EXPANSION_BUDGET).toEqual({ factor: 10, floor: 100_000 });
    const result = await generateCli([
      "--spec",
      await writeWork("wide.yaml", wideAliasYaml(1000, 999)),
      "--name",
      "wide",
      "--out",
      path.join(work, "wide"),
    ]);
    expect(result.stderr).toBe(
      "✗ the YAML expands through its aliases to 3003013 nodes, over the expansion budget of 100000 (10× its 3016 own nodes) → a spec reuses a definition with $ref, not by repeating it through YAML aliases; keep the last good snapshot\n",
    );
    expect(result.code).toBe(1);
  });

  it("a few aliases within the budget are fine", async () => {
    const result = await generateCli([
      "--spec",
      await writeWork("few.yaml", wideAliasYaml(20, 5)),
      "--name",
      "few",
      "--out",
      path.join(work, "few"),
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});

describe("--max-bytes caps a spec read from a file as it caps a download", () => {
  it("generate --spec FILE and a pull from a mirror folder refuse a file over the cap, naming it", async () => {
    const spec = path.join(repoRoot, "test/fixtures/petshop.json");
    const size = (await readFile(spec)).length;
    const result = await generateCli([
      "--spec",
      spec,
      "--name",
      "capped",
      "--out",
      path.join(work, "capped"),
      "--max-bytes",
      "1000",
    ]);
    expect(result.stderr).toBe(
      `✗ ${spec} is larger than the 1000-byte cap (${size} bytes) → check the file; if the spec really is this large, raise the cap with --max-bytes\n`,
    );
    expect(result.code).toBe(1);

    const project = await makeScratchProject();
    try {
      const mirror = path.join(project.root, "mirror");
      await project.copyIn(spec, "mirror/petshop/openapi.json");
      const provider = fixtureProvider({ source: { url: "https://petshop.example/openapi.json" } });
      await expect(
        pullProvider(provider, { paths: project.paths, mirror, policy: { maxBytes: 1000 } }),
      ).rejects.toThrow(`is larger than the 1000-byte cap (${size} bytes)`);
      const pulled = await pullProvider(provider, { paths: project.paths, mirror, policy: { maxBytes: size } });
      expect(pulled.accepted.operationCount).toBe(3);
    } finally {
      await project.remove();
    }
  });
});
