/**
 * Specs built to make generation's work explode (issue #21), timed against the plain fixture spec
 * they extend: an allOf chain in which each schema refers to the next four times (4^18 paths
 * through 19 schemas; past 120 s before the walks were memoized) and a YAML whose aliases would
 * expand it 1000× (refused by the expansion budget). The tests (test/codegen/hostile-budgets.test.ts)
 * build the same specs and assert the outcomes; the timing lives here.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "../src/codegen/config/paths.js";
import { fmt, medianOf, timeProcess } from "./measure.js";
import type { Row } from "./generation.js";
import type { makeWorkspace } from "./workspace.js";

type Workspace = Awaited<ReturnType<typeof makeWorkspace>>;

/** `Chain0` … `Chain<depth>`: each an allOf of the next, four times over; the last has a property with a default. */
export function allOfChain(depth: number): Record<string, unknown> {
  const schemas: Record<string, unknown> = {};
  for (let level = 0; level < depth; level++)
    schemas[`Chain${level}`] = {
      allOf: [1, 2, 3, 4].map(() => ({ $ref: `#/components/schemas/Chain${level + 1}` })),
    };
  schemas[`Chain${depth}`] = {
    type: "object",
    required: ["name"],
    properties: { name: { type: "string" }, size: { type: "integer", default: 3 } },
  };
  return schemas;
}

/** A YAML spec whose schema `Big` (`properties` entries, two scalars each) is aliased `copies` times. */
export function wideAliasYaml(properties: number, copies: number): string {
  const lines = [
    "openapi: 3.0.3",
    'info: { title: t, version: "1" }',
    "paths:",
    "  /a:",
    "    get:",
    "      responses:",
    '        "200":',
    "          description: ok",
    "components:",
    "  schemas:",
    "    Big: &big",
    "      type: object",
    "      properties:",
  ];
  for (let i = 0; i < properties; i++) lines.push(`        p${i}: { type: string, description: d${i} }`);
  for (let i = 0; i < copies; i++) lines.push(`    Copy${i}: *big`);
  return lines.join("\n") + "\n";
}

export async function hostileFigures(workspace: Workspace, runs: number): Promise<Row[]> {
  const fixture = await readFile(path.join(repoRoot, "test/fixtures/petshop.json"), "utf8");
  const chain = JSON.parse(fixture);
  Object.assign(chain.components.schemas, allOfChain(18));
  chain.paths["/pets"].post.requestBody.content["application/json"].schema = { $ref: "#/components/schemas/Chain0" };
  const files = {
    plain: path.join(workspace.root, "hostile-plain.json"),
    chain: path.join(workspace.root, "hostile-chain.json"),
    wide: path.join(workspace.root, "hostile-wide.yaml"),
  };
  await writeFile(files.plain, fixture);
  await writeFile(files.chain, JSON.stringify(chain));
  await writeFile(files.wide, wideAliasYaml(1000, 999));
  const generate = (file: string, allowFailure = false) =>
    timeProcess(
      process.execPath,
      [
        "scripts/run.mjs",
        "generate",
        "--spec",
        file,
        "--name",
        "hostile",
        "--out",
        path.join(workspace.root, "hostile-out"),
      ],
      { cwd: workspace.root, allowFailure },
    ).ms;
  const plain = await medianOf(runs, () => generate(files.plain));
  const chained = await medianOf(runs, () => generate(files.chain));
  const wide = await medianOf(runs, () => generate(files.wide, true));
  return [
    {
      figure: "generate an allOf chain, each schema referring to the next 4× (depth 18)",
      ours: fmt.ms(chained),
      baseline: `${fmt.ms(plain)} (the fixture it extends)`,
      ratio: chained / plain,
      goal: "≤ 3×",
      met: chained / plain <= 3,
    },
    {
      figure: "refuse a 68 KB YAML whose aliases expand it to 3 million nodes",
      ours: fmt.ms(wide),
      baseline: `${fmt.ms(plain)} (generating the fixture)`,
      ratio: wide / plain,
      goal: "≤ 3×",
      met: wide / plain <= 3,
    },
  ];
}
