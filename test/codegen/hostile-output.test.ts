/**
 * What the generator prints and writes, when the spec's names are hostile: every printed line is
 * one line that no CI runner reads as a command, every path the spec allows layers with the auth
 * rules, and no generated file holds a raw bidi control. Run as the real CLI, on real files.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify as toYaml } from "yaml";
import { generateProviders } from "../../src/codegen/generate.js";
import { consoleLine } from "../../src/codegen/support/escape.js";
import { respond, startLoopbackServer, type LoopbackServer } from "../helpers/loopback-server.js";
import { fixtureProvider, makeScratchProject, readFixture } from "../helpers/scratch-project.js";
import { generateCli } from "../helpers/generate-cli.js";

let work: string;
let server: LoopbackServer;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "hostile-output-"));
  server = await startLoopbackServer();
});
afterAll(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});

async function petshop(): Promise<any> {
  return JSON.parse(await readFixture("petshop.json"));
}

async function writeWork(name: string, content: string): Promise<string> {
  const file = path.join(work, name);
  await writeFile(file, content);
  return file;
}

const annotationsFile = () =>
  writeWork(
    `annotations-${Math.random().toString(36).slice(2)}.yaml`,
    toYaml({
      docs: "https://petshop.example/docs",
      credentials: {
        apiKey: { label: "API key", options: { apiKey: "required" }, headers: { Authorization: "Bearer {apiKey}" } },
      },
      defaults: { credentials: ["apiKey"] },
      rules: [],
    }),
  );

async function readTree(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile())
      files[path.relative(dir, path.join(entry.parentPath, entry.name))] = await readFile(
        path.join(entry.parentPath, entry.name),
        "utf8",
      );
  return files;
}

describe("everything printed is one safe line", () => {
  const injectedPath = "/a/{id}\n::error title=pwned::injected";
  const injectedId = "dup\n::add-mask::hunter2";
  async function workflowCommandSpec() {
    const doc = await petshop();
    // {id} undeclared and the operationId used twice: both are repaired, and the repairs are printed.
    doc.paths[injectedPath] = { get: { operationId: injectedId, responses: { 200: { description: "ok" } } } };
    doc.paths["/b"] = { get: { operationId: injectedId, responses: { 200: { description: "ok" } } } };
    return doc;
  }
  const repairLines = [
    '    repaired duplicate-operation-id at /paths/~1b/get/operationId: operationId "dup ::add-mask::hunter2" is used twice; renamed to "dup ::add-mask::hunter2_2"',
    "    repaired undeclared-path-parameter at /paths/~1a~1{id} ::error title=pwned::injected/get/parameters: path parameter {id} is used in the path but not declared; declared as a required string",
  ];

  it("generate --spec: repair pointers and details holding `\\n::error` and `\\n::add-mask::` print as the lines they are", async () => {
    const out = path.join(work, "logs");
    const result = await generateCli([
      "--spec",
      await writeWork("logs.json", JSON.stringify(await workflowCommandSpec())),
      "--name",
      "logs",
      "--out",
      out,
    ]);
    expect(result.stderr).toBe("");
    const lines = result.stdout.split("\n");
    expect(lines[0]).toMatch(
      new RegExp(
        `^✓ logs: wrote \\d+ file\\(s\\) to ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} — 5 operations, 2 spec repair\\(s\\) \\(\\d+\\.\\ds\\)$`,
      ),
    );
    expect(lines.slice(1)).toEqual([...repairLines, ""]);
    expect(result.code).toBe(0);
  });

  it("generate of a provider pulled over loopback prints the same lines", async () => {
    const project = await makeScratchProject();
    try {
      server.route("/spec.json", respond.json(await workflowCommandSpec()));
      const lines: string[] = [];
      const report = await generateProviders([fixtureProvider({ source: { url: `${server.origin}/spec.json` } })], {
        paths: project.paths,
        log: (line) => lines.push(line),
      });
      expect(report.failed).toEqual([]);
      expect(lines[0]).toMatch(/^✓ petshop: wrote \d+ file\(s\) — 5 operations, 2 spec repair\(s\) \(\d+\.\ds\)$/);
      expect(lines.slice(1)).toEqual(repairLines);
    } finally {
      await project.remove();
    }
  });

  it("a wrong flag holding a line break and `::error` is named on one line with the usage, no line a workflow command", async () => {
    const result = await generateCli(["--x\n::error::boom"]);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toMatch(/^Unknown option '--x ::error::boom'/);
    expect(result.stderr.split("\n").filter((line) => /^\s*::/.test(line))).toEqual([]);
  });

  it("consoleLine: no line starts with `::`, and bidi controls and escape codes are visible or gone", () => {
    expect(consoleLine("::error file=x::pwned")).toBe(": :error file=x::pwned");
    expect(consoleLine("  ::add-mask::hunter2")).toBe("  : :add-mask::hunter2");
    expect(consoleLine("\n::warning::x")).toBe(" : :warning::x");
    expect(consoleLine("a\u202eb\u2066c\u001b[31md")).toBe("a\\u202eb\\u2066cd");
    expect(consoleLine("Foo::Bar [::1]")).toBe("Foo::Bar [::1]");
  });
});

describe("paths are paths", () => {
  it("a path with é, {æøå}, a quote, a backslash or U+2028 layers with annotations, each operation documented", async () => {
    const doc = await petshop();
    const paths = ["/caf\u00e9", "/items/{\u00e6\u00f8\u00e5}", '/q"uote', "/back\\slash", "/line\u2028sep"];
    for (const [index, route] of paths.entries())
      doc.paths[route] = {
        get: {
          operationId: `odd${index}`,
          parameters: route.includes("{")
            ? [{ name: "\u00e6\u00f8\u00e5", in: "path", required: true, schema: { type: "string" } }]
            : [],
          responses: { 200: { description: "ok" } },
        },
      };
    const out = path.join(work, "paths");
    const result = await generateCli([
      "--spec",
      await writeWork("paths.json", JSON.stringify(doc)),
      "--name",
      "paths",
      "--out",
      out,
      "--annotations",
      await annotationsFile(),
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const schema = await readFile(path.join(out, "schema.ts"), "utf8");
    expect(schema.match(/@credentials apiKey/g)).toHaveLength(3 + paths.length);
    const manifest = JSON.parse(await readFile(path.join(out, "manifest.json"), "utf8"));
    for (const route of paths) expect(manifest.operations[`GET ${route}`]?.credentials).toEqual(["apiKey"]);
  });
});

describe("no generated file holds a raw bidi control", () => {
  it("title, version, server URL, descriptions, paths, ids, schema, property and enum names: every file is scanned", async () => {
    const rlo = "\u202e";
    const isolate = "\u2066";
    const doc = await petshop();
    doc.info.title = `Pet ${rlo}Shop`;
    doc.info.version = `1.0${isolate}`;
    doc.info.description = `About ${rlo} this`;
    doc.servers = [{ url: `https://petshop.example/${rlo}v1` }];
    doc.paths["/pets"].get.description = `List ${isolate}pets`;
    doc.paths["/pets"].get.summary = `Summary ${rlo}`;
    doc.paths[`/pets/${rlo}x`] = {
      get: { operationId: `get${rlo}X`, responses: { 200: { description: `ok ${rlo}` } } },
    };
    doc.components.schemas[`Pet${rlo}`] = {
      type: "object",
      description: `A ${rlo} schema`,
      properties: { [`na${isolate}me`]: { type: "string", enum: [`a${rlo}b`], description: rlo } },
    };
    doc.components.schemas.Pet.properties.other = { $ref: `#/components/schemas/Pet${rlo}` };
    const out = path.join(work, "bidi");
    const result = await generateCli([
      "--spec",
      await writeWork("bidi.json", JSON.stringify(doc)),
      "--name",
      "bidi",
      "--out",
      out,
      "--annotations",
      await annotationsFile(),
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const files = await readTree(out);
    expect(Object.keys(files).sort()).toEqual([
      ".scheduling-clients",
      "README.md",
      "access.ts",
      "auth.ts",
      "index.ts",
      "manifest.json",
      "operations.ts",
      "schema.ts",
    ]);
    for (const [name, content] of Object.entries(files))
      expect([name, content.match(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g)]).toEqual([name, null]);
    // Escaped, not dropped: the literal and the manifest still hold the spec's text.
    expect(files["index.ts"]).toContain('"https://petshop.example/\\u202ev1"');
    expect(Object.keys(JSON.parse(files["manifest.json"]).operations)).toContain(`GET /pets/${rlo}x`);
  });
});
