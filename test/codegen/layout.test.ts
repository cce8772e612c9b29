/**
 * The generator's tree is its pipeline (src/codegen/README.md): a stage folder imports only from
 * itself, earlier stages and support/; the top-level modules run stages as commands. Only the
 * table format, the strategy registry, own(), the error classes and public types cross over from the runtime, and
 * from the booking API only its operation table (the manifest records it for specs:diff); the runtime and the
 * booking API never import the generator. The diff's modules import each other without a cycle.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../src/codegen/config/paths.js";

const STAGES = ["support", "config", "source", "accept", "model", "emit", "write", "diff"];
const RUNTIME_FOR_CODEGEN = [
  "table.ts",
  "errors.ts",
  "webhook-types.ts",
  "template.ts",
  "index.ts",
  "internal/own.ts",
  "internal/tokens/registry.ts",
];

/** What the generator may read of src/booking: the operation table, data without imports. */
const BOOKING_FOR_CODEGEN = ["operations.ts"];

async function importsOf(folder: string): Promise<Array<{ file: string; target: string; text: string }>> {
  const found: Array<{ file: string; target: string; text: string }> = [];
  for (const name of await readdir(folder, { recursive: true })) {
    if (!name.endsWith(".ts")) continue;
    const file = path.join(folder, name);
    const text = await readFile(file, "utf8");
    for (const [, specifier] of text.matchAll(/(?:from|import\()\s*"(\.[^"]+)"/g))
      found.push({ file, target: path.resolve(path.dirname(file), specifier).replace(/\.js$/, ".ts"), text });
  }
  return found;
}

describe("src/codegen's layout", () => {
  const codegen = path.join(repoRoot, "src/codegen");
  const runtime = path.join(repoRoot, "src/runtime");
  const booking = path.join(repoRoot, "src/booking");

  it("a stage imports only itself, earlier stages and support/; from the runtime only its shared formats", async () => {
    const violations: string[] = [];
    for (const { file, target } of await importsOf(codegen)) {
      const from = path.relative(codegen, file).split(path.sep);
      if (target.startsWith(runtime + path.sep)) {
        if (!RUNTIME_FOR_CODEGEN.includes(path.relative(runtime, target)))
          violations.push(`${path.relative(repoRoot, file)} → ${path.relative(repoRoot, target)}`);
        continue;
      }
      if (target.startsWith(booking + path.sep)) {
        if (!BOOKING_FOR_CODEGEN.includes(path.relative(booking, target)))
          violations.push(`${path.relative(repoRoot, file)} → ${path.relative(repoRoot, target)}`);
        continue;
      }
      if (!target.startsWith(codegen + path.sep))
        violations.push(`${path.relative(repoRoot, file)} → ${path.relative(repoRoot, target)}`);
      if (from.length === 1) continue; // a top-level command may use any stage
      const to = path.relative(codegen, target).split(path.sep);
      const [fromStage, toStage] = [STAGES.indexOf(from[0]), to.length === 1 ? Infinity : STAGES.indexOf(to[0])];
      if (toStage > fromStage && to[0] !== "support")
        violations.push(`${path.relative(repoRoot, file)} → ${path.relative(repoRoot, target)}`);
    }
    expect(violations).toEqual([]);
    const folders = (await readdir(codegen, { withFileTypes: true })).filter((entry) => entry.isDirectory());
    expect(folders.map((entry) => entry.name).sort()).toEqual([...STAGES].sort());
  });

  it("after accept/, nothing walks the document's paths: the operation model does, once", async () => {
    const walkers: string[] = [];
    for (const name of await readdir(codegen, { recursive: true })) {
      if (!name.endsWith(".ts") || name.startsWith("accept")) continue;
      const text = await readFile(path.join(codegen, name), "utf8");
      if (
        /operationsOf\(|Object\.(?:entries|keys|values)(?:<\w+>)?\([\w.]*\.paths\)/.test(text) &&
        name !== "model/spec-operations.ts"
      )
        walkers.push(name);
    }
    expect(walkers).toEqual([]);
  });

  /** Import cycles among a folder's modules, type imports included, as "a.ts → b.ts → a.ts". */
  async function cyclesIn(folder: string): Promise<string[]> {
    const edges = new Map<string, Set<string>>();
    for (const { file, target } of await importsOf(folder))
      if (target.startsWith(folder + path.sep))
        edges.set(file, (edges.get(file) ?? new Set()).add(target.replace(/\.js$/, ".ts")));
    const cycles: string[] = [];
    const visit = (module: string, trail: string[]) => {
      if (trail.includes(module)) return void cycles.push([...trail.slice(trail.indexOf(module)), module].join(" → "));
      for (const next of edges.get(module) ?? []) visit(next, [...trail, module]);
    };
    for (const module of edges.keys()) visit(module, []);
    return cycles.map((cycle) => cycle.replaceAll(folder + path.sep, ""));
  }

  it("the runtime's modules import each other without a cycle (type imports included)", async () => {
    expect(await cyclesIn(runtime)).toEqual([]);
  });

  it("the diff's modules too: the walk (comparison.ts) and the rules meet only in comparison-contract.ts", async () => {
    expect(await cyclesIn(path.join(codegen, "diff"))).toEqual([]);
  });

  it("the runtime imports nothing from the generator", async () => {
    const reaching = (await importsOf(runtime)).filter(({ target }) => !target.startsWith(runtime + path.sep));
    expect(reaching.map(({ file, target }) => `${file} → ${target}`)).toEqual([]);
  });

  it("the booking API imports nothing from the generator", async () => {
    const reaching = (await importsOf(booking)).filter(({ target }) => target.startsWith(codegen + path.sep));
    expect(reaching.map(({ file, target }) => `${file} → ${target}`)).toEqual([]);
  });
});
