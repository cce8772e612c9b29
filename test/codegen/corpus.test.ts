/**
 * Public specs beyond the four providers (test/fixtures/corpus, with their sources and licences):
 * each is generated ad hoc and the client it gives — schema.ts and index.ts — must type-check.
 * One TypeScript program checks them all, so the standard library is read once.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../src/codegen/config/paths.js";
import { generateAdHoc } from "../../src/codegen/generate-adhoc.js";
import { fixturesDir, makeScratchProject } from "../helpers/scratch-project.js";

const corpus = [
  { file: "openai.yaml.gz", name: "openai", operations: 162 },
  { file: "github-ghes-3.6-diff.json.gz", name: "github-ghes", operations: 155 },
];

describe("the public-spec corpus", () => {
  let project: Awaited<ReturnType<typeof makeScratchProject>>;
  beforeAll(async () => {
    project = await makeScratchProject();
  });
  afterAll(() => project.remove());

  const outputs: string[] = [];
  it.each(corpus)("$file generates ad hoc", async ({ file, name, operations }) => {
    const spec = path.join(project.root, file.replace(/\.gz$/, ""));
    await writeFile(spec, gunzipSync(await readFile(path.join(fixturesDir, "corpus", file))));
    const out = path.join(project.root, "clients", name);
    await mkdir(path.dirname(out), { recursive: true });
    const lines: string[] = [];
    await generateAdHoc(spec, name, out, { log: (line) => lines.push(line) });
    expect(lines[0]).toMatch(new RegExp(`^✓ ${name}: wrote \\d+ file\\(s\\) .* — ${operations} operations`));
    outputs.push(out);
  });

  it("every generated client type-checks", () => {
    expect(outputs).toHaveLength(corpus.length);
    const program = ts.createProgram({
      rootNames: outputs.flatMap((out) => [path.join(out, "schema.ts"), path.join(out, "index.ts")]),
      options: {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        skipLibCheck: true,
        types: [],
        lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
        // As in an app: the runtime and openapi-fetch by their package names (here, the repository's).
        baseUrl: repoRoot,
        paths: {
          "scheduling-clients/runtime": ["src/runtime/index.ts"],
          "scheduling-clients/runtime/generated": ["src/runtime/generated.ts"],
          "openapi-fetch": ["node_modules/openapi-fetch/dist/index.d.mts"],
        },
      },
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file ? path.relative(project.root, d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
      );
    expect(problems).toEqual([]);
  });
});
