/**
 * Specs are untrusted, round two: what reaches TypeScript through a `$ref`. openapi-typescript
 * prints a pointer's first segment as an identifier, so a `$ref` to a top-level key holding
 * TypeScript text would put that text into schema.ts. Tried as an attacker would: through the
 * generate CLI and through pull + generate of a provider served over loopback, then compiling the
 * output and loading every emitted `.js`.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../src/codegen/config/paths.js";
import { generateProviders } from "../../src/codegen/generate.js";
import { pullProvider } from "../../src/codegen/pull.js";
import { snapshotFile } from "../../src/codegen/source/spec-location.js";
import { refProblem } from "../../src/codegen/accept/ref-targets.js";
import { respond, startLoopbackServer, type LoopbackServer } from "../helpers/loopback-server.js";
import { fixtureProvider, makeScratchProject, readFixture } from "../helpers/scratch-project.js";
import { generateCli } from "../helpers/generate-cli.js";

const run = promisify(execFile);

/** TypeScript that closes the surrounding type, runs code and declares a `paths` entry of its own. */
const PAYLOAD =
  'unknown } } ; console.log("PWNED"); export interface paths { "\\u002fadmin\\u002fwipe": { delete: { parameters: {}; responses: {} } } } interface Zz { a: { b: unknown';
const pointerSegment = (text: string) => text.replace(/~/g, "~0").replace(/\//g, "~1");

let work: string;
let server: LoopbackServer;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "hostile-refs-"));
  // Emitted modules import the runtime (scheduling-clients, this repository and its built dist/) and
  // are ES modules, as in an app that installed the clients package.
  const modules = path.join(work, "node_modules");
  await mkdir(modules);
  for (const entry of await readdir(path.join(repoRoot, "node_modules")))
    await symlink(path.join(repoRoot, "node_modules", entry), path.join(modules, entry));
  await symlink(repoRoot, path.join(modules, "scheduling-clients"));
  await writeFile(path.join(work, "package.json"), JSON.stringify({ type: "module" }));
  server = await startLoopbackServer();
});
afterAll(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});

async function petshop(): Promise<any> {
  return JSON.parse(await readFixture("petshop.json"));
}

/**
 * The spec with a last schema that refers to a top-level key holding TypeScript: last, so that the
 * text it closes is only the `schemas` block and the output still type-checks.
 */
async function injectedThroughTopLevelKey(): Promise<any> {
  const doc = await petshop();
  doc[PAYLOAD] = { type: "string" };
  doc.components.schemas.Wipe = { $ref: `#/${pointerSegment(PAYLOAD)}` };
  return doc;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Compiles every `.ts` in `dir` (type errors fail), loads every emitted `.js` in a fresh Node
 * process, and returns what loading printed and the keys of the `paths` interface as tsc sees it
 * (declaration merging included).
 */
async function compileAndLoad(dir: string): Promise<{ printed: string; pathKeys: string[] }> {
  const sources = (await readdir(dir)).filter((file) => file.endsWith(".ts")).map((file) => path.join(dir, file));
  const outDir = path.join(dir, ".compiled");
  const program = ts.createProgram(sources, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    skipLibCheck: true,
    outDir,
    rootDir: dir,
  });
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  expect(diagnostics).toEqual([]);
  program.emit();
  const checker = program.getTypeChecker();
  const schema = program.getSourceFile(path.join(dir, "schema.ts"))!;
  const paths = checker.getExportsOfModule(checker.getSymbolAtLocation(schema)!).find((s) => s.name === "paths")!;
  const pathKeys = checker
    .getDeclaredTypeOfSymbol(paths)
    .getProperties()
    .map((property) => property.name)
    .sort();
  const modules = (await readdir(outDir)).filter((file) => file.endsWith(".js")).map((file) => path.join(outDir, file));
  expect(modules.map((file) => path.basename(file))).toContain("schema.js");
  const { stdout, stderr } = await run(process.execPath, [
    "--input-type=module",
    "-e",
    modules.map((file) => `await import(${JSON.stringify(file)});`).join("\n"),
  ]);
  return { printed: stdout + stderr, pathKeys };
}

describe("a $ref is a reference, never code", () => {
  it("refProblem accepts component pointers and refuses everything else", () => {
    for (const ok of [
      "#/components/schemas/Pet",
      "#/components/schemas/Pet/properties/name",
      "#/components/responses/Error",
      "#/components/schemas/a~1b~0c",
      "#/components/schemas/With%20Space",
    ])
      expect([ok, refProblem(ok)]).toEqual([ok, undefined]);
    for (const bad of [
      "#/Pet",
      `#/${PAYLOAD}`,
      "#",
      "#/",
      "#/components",
      "#/components/schemas",
      "#/components/nonsense/Pet",
      "#/components//schemas/Pet",
      "#/components/schemas/Pet#/x",
      "#/$defs/Pet",
      "#/paths/~1pets/get/responses/200",
      "#/components/schemas/%7E1",
      "#/components/schemas/%E0%A4%A",
    ])
      expect([bad, refProblem(bad)]).not.toEqual([bad, undefined]);
  });

  it("generate --spec: a $ref to a top-level key is refused with its pointer; nothing is written", async () => {
    const spec = path.join(work, "top-level.json");
    await writeFile(spec, JSON.stringify(await injectedThroughTopLevelKey()));
    const out = path.join(work, "out-top-level");
    const result = await generateCli(["--spec", spec, "--name", "injected", "--out", out]);
    // Whatever was emitted (nothing, now) compiles, and loading it runs nothing and adds no path.
    if (await exists(out)) {
      const loaded = await compileAndLoad(out);
      expect(loaded.printed).toBe("");
      expect(loaded.pathKeys).toEqual(["/pets", "/pets/{petId}"]);
    }
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^✗ \$ref "#\/unknown } } ; console\.log\("PWNED"\); .*…" points outside #\/components \(at \/components\/schemas\/Wipe\/\$ref\) → a \$ref must point into #\/components\/<kind>\/<name>/,
    );
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.code).toBe(1);
    expect(await exists(out)).toBe(false);
  });

  it("generate --spec: the same text as a component's name is an ordinary name; every emitted .js loads silently", async () => {
    const doc = await petshop();
    doc.components.schemas[PAYLOAD] = { type: "string" };
    doc.components.schemas.Pet.properties.kind = { $ref: `#/components/schemas/${pointerSegment(PAYLOAD)}` };
    const spec = path.join(work, "named.json");
    await writeFile(spec, JSON.stringify(doc));
    const out = path.join(work, "out-named");
    const result = await generateCli(["--spec", spec, "--name", "named", "--out", out]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const loaded = await compileAndLoad(out);
    expect(loaded.printed).toBe("");
    expect(loaded.pathKeys).toEqual(["/pets", "/pets/{petId}"]);
  }, 60_000);

  it("pull + generate of a provider served over loopback: refused with its pointer, no snapshot, no output", async () => {
    const project = await makeScratchProject();
    try {
      server.route("/spec.json", respond.json(await injectedThroughTopLevelKey()));
      const provider = fixtureProvider({ source: { url: `${server.origin}/spec.json` } });
      await expect(pullProvider(provider, { paths: project.paths })).rejects.toThrow(
        /points outside #\/components \(at \/components\/schemas\/Wipe\/\$ref\)$/,
      );
      const lines: string[] = [];
      const report = await generateProviders([provider], { paths: project.paths, log: (line) => lines.push(line) });
      expect(report.failed).toEqual(["petshop"]);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        /^✗ petshop: http:\/\/127\.0\.0\.1:\d+\/spec\.json: \$ref "#\/unknown } } ; console\.log\("PWNED"\);.*\(at \/components\/schemas\/Wipe\/\$ref\) → a \$ref must point into/,
      );
      expect(await project.readOrUndefined(snapshotFile(project.paths, provider))).toBeUndefined();
      const out = path.join(project.paths.generatedDir, "petshop");
      if (await exists(out)) {
        const loaded = await compileAndLoad(out);
        expect(loaded.printed).toBe("");
        expect(loaded.pathKeys).toEqual(["/pets", "/pets/{petId}"]);
      }
      expect(await exists(out)).toBe(false);
    } finally {
      await project.remove();
    }
  });
});
