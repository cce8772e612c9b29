/**
 * Specs are untrusted input. Each case here is what an attacker serving a spec would try: read a
 * file or the environment into the output, make a request, inject code into the client, pollute
 * prototypes, clobber files. Generation runs as the real CLI, with real files and loopback servers.
 */
import { execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify as toYaml } from "yaml";
import { repoRoot } from "../../src/codegen/config/paths.js";
import { respond, startLoopbackServer, type LoopbackServer } from "../helpers/loopback-server.js";
import { readFixture } from "../helpers/scratch-project.js";

const run = promisify(execFile);
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");
const CANARY_TEXT = "CANARY-FILE-7d1f9c";
const CANARY_ENV = "CANARY-ENV-b42e77";

let work: string;
let canaryFile: string;
/** Must receive no request at all. */
let canary: LoopbackServer;
/** Serves specs; may receive only the spec requests. */
let specServer: LoopbackServer;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "hostile-"));
  canaryFile = path.join(work, "canary.txt");
  await writeFile(canaryFile, `${CANARY_TEXT}\n`);
  canary = await startLoopbackServer();
  canary.route("*", respond.json({ canary: CANARY_TEXT }));
  specServer = await startLoopbackServer();
});
afterAll(async () => {
  await canary.close();
  await specServer.close();
  await rm(work, { recursive: true, force: true });
});

async function petshop(): Promise<any> {
  return JSON.parse(await readFixture("petshop.json"));
}

/** Runs the generate CLI as `npm run generate` does (bundle, helper thread); resolves with its output whatever the exit code. */
async function generate(args: string[], env: Record<string, string> = {}) {
  return run(process.execPath, ["scripts/run.mjs", "generate", ...args], {
    cwd: repoRoot,
    env: { ...process.env, CANARY_SECRET: CANARY_ENV, ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

/** Runs an ES module's source with tsx, from a file (top-level await needs a module). */
async function runModule(source: string) {
  const file = path.join(work, `probe-${Math.random().toString(36).slice(2)}.mts`);
  await writeFile(file, source);
  return run(tsx, [file], { cwd: repoRoot });
}

async function writeSpec(name: string, doc: unknown): Promise<string> {
  const file = path.join(work, name);
  await writeFile(file, typeof doc === "string" ? doc : JSON.stringify(doc));
  return file;
}

/** Writes the spec as `<name>.<ext>` and generates client `name` from it into `out`. */
async function generateFrom(file: string, doc: unknown, out: string, ...more: string[]) {
  const name = file.replace(/\..*$/, "");
  return generate(["--spec", await writeSpec(file, doc), "--name", name, "--out", out, ...more]);
}

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

const annotationsFor = (rules: object[] = []) => ({
  docs: "https://petshop.example/docs",
  credentials: {
    apiKey: { label: "API key", options: { apiKey: "required" }, headers: { Authorization: "Bearer {apiKey}" } },
  },
  defaults: { credentials: ["apiKey"] },
  rules,
});

describe("no file, environment or network reaches the output", () => {
  it("external references anywhere in examples are dropped; none is read or fetched", async () => {
    const doc = await petshop();
    const pet = doc.components.schemas.Pet;
    pet.properties.name.example = { $ref: canaryFile };
    pet.properties.id.example = { $ref: "/proc/self/environ" };
    pet.properties.kind.examples = [{ $ref: `${canary.origin}/example.json` }];
    doc.paths["/pets"].get.responses["200"].content["application/json"].examples = {
      remote: { externalValue: `${canary.origin}/external-value.json` },
      local: { value: [{ id: "1", name: "Rex" }] },
    };
    const out = path.join(work, "out-examples");
    const result = await generateFrom("examples.json", doc, out);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /repaired external-reference-in-example at \/components\/schemas\/Pet\/properties\/name\/example/,
    );
    const output = Object.values(await readTree(out)).join("\n") + result.stdout + result.stderr;
    expect(output).not.toContain(CANARY_TEXT);
    expect(output).not.toContain(CANARY_ENV);
    expect(canary.requests).toEqual([]);
  });

  it("an external reference outside an example rejects the spec with its pointer, without reading it", async () => {
    for (const ref of [canaryFile, `file://${canaryFile}`, `${canary.origin}/pet.json`, "other.yaml#/Pet"]) {
      const doc = await petshop();
      doc.components.schemas.Pet.properties.owner = { $ref: ref };
      const out = path.join(work, "out-external");
      const result = await generateFrom("external.json", doc, out);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^✗ external reference ".*" is not allowed \(at \/components\/schemas\/Pet\/properties\/owner\/\$ref\) → the provider's document must be self-contained/,
      );
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).not.toContain(CANARY_TEXT);
    }
    expect(canary.requests).toEqual([]);
  });

  it("a pull requests the spec URL and nothing else", async () => {
    const doc = await petshop();
    doc.components.schemas.Pet.properties.name.example = { $ref: `${canary.origin}/x.json` };
    specServer.route("/hostile.json", respond.json(doc));
    specServer.requests.length = 0;
    const out = path.join(work, "out-pull");
    const result = await generate(["--spec", `${specServer.origin}/hostile.json`, "--name", "pulled", "--out", out]);
    expect(result.code).toBe(0);
    expect(specServer.requests.map((request) => request.url)).toEqual(["/hostile.json"]);
    expect(canary.requests).toEqual([]);
  });
});

describe("spec strings cannot inject code", () => {
  const payload = "*/ globalThis.__pwned = (globalThis.__pwned ?? 0) + 1; console.log('PWNED'); /*";

  it("importing every generated module prints nothing and defines nothing global", async () => {
    const doc = await petshop();
    doc.info.title = `Acme ${payload}`;
    doc.info.version = `1 ${payload}\nconsole.log('PWNED')`;
    doc.servers = [{ url: `https://petshop.example/${payload}` }];
    doc.paths["/pets"].get.description = `List ${payload}\u2028console.log('PWNED')`;
    doc.paths["/pets"].get.parameters.push({
      name: "pet-api-version",
      in: "header",
      required: true,
      schema: { type: "string", default: `2024 ${payload}` },
    });
    doc.paths[`/pets/${payload}`] = {
      get: { operationId: `evil ${payload}`, responses: { 200: { description: payload } } },
    };
    doc.components.schemas.Pet.properties.kind.enum = ["cat", `dog" ; console.log('PWNED'); "`];
    const annotations = { ...annotationsFor(), derive: { versionHeader: "pet-api-version" } };
    const annotationFile = path.join(work, "inject.yaml");
    await writeFile(annotationFile, toYaml(annotations));
    const out = path.join(work, "out-inject");
    // A newline in the spec's URL would end the header comment of every file.
    specServer.route("/inject.json", respond.json(doc));
    const result = await generate([
      "--spec",
      `${specServer.origin}/inj\nect.json`,
      "--name",
      "inject",
      "--out",
      out,
      "--annotations",
      annotationFile,
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const modules = Object.keys(await readTree(out)).filter((file) => file.endsWith(".ts"));
    expect(modules.sort()).toEqual(["access.ts", "auth.ts", "index.ts", "operations.ts", "schema.ts"]);
    const probe = `
      const before = new Set(Object.getOwnPropertyNames(globalThis));
      ${modules.map((file) => `await import(${JSON.stringify(path.join(out, file))});`).join("\n")}
      const added = Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name));
      process.stdout.write(JSON.stringify(added));`;
    const imported = await runModule(probe);
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toBe("[]");
    // And the files still say what the spec said, escaped.
    const index = await readFile(path.join(out, "index.ts"), "utf8");
    expect(index).toContain("Acme *\\/ globalThis.__pwned");
  });
});

describe("the checked-in clients", () => {
  it("importing every module under generated/ prints nothing and defines nothing global", async () => {
    const modules: string[] = [];
    for (const id of await readdir(path.join(repoRoot, "generated")))
      for (const file of await readdir(path.join(repoRoot, "generated", id)))
        if (file.endsWith(".ts")) modules.push(path.join(repoRoot, "generated", id, file));
    expect(modules.length).toBeGreaterThanOrEqual(16);
    const imported = await runModule(`
      const before = new Set(Object.getOwnPropertyNames(globalThis));
      ${modules.map((file) => `await import(${JSON.stringify(file)});`).join("\n")}
      process.stdout.write(JSON.stringify(Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name))));`);
    expect(imported.stderr).toBe("");
    expect(imported.stdout).toBe("[]");
  });
});

describe("prototype names are ordinary names", () => {
  it("paths, schemas, properties, parameters and operation ids named after Object.prototype", async () => {
    const doc = await petshop();
    const names = ["__proto__", "constructor", "toString", "hasOwnProperty"];
    for (const name of names) {
      doc.paths[`/${name}`] = JSON.parse(
        JSON.stringify({
          get: {
            operationId: name,
            parameters: [{ name, in: "query", schema: { type: "string" } }],
            responses: {
              200: {
                description: "ok",
                content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } },
              },
            },
          },
        }),
      );
    }
    // Schemas named after prototype members; `constructor` is referenced but missing.
    const schemas = JSON.parse(JSON.stringify(doc.components.schemas));
    for (const name of ["__proto__", "toString", "hasOwnProperty"])
      schemas[name] = {
        type: "object",
        required: ["__proto__"],
        properties: JSON.parse(`{"__proto__": {"type": "string"}, "constructor": {"type": "integer"}}`),
      };
    const text = JSON.stringify({ ...doc, components: { schemas } }).replace(
      '"components":{"schemas":{',
      '"components":{"schemas":{"__proto__":{"type":"object","required":["__proto__"],"properties":{"__proto__":{"type":"string"}}},',
    );
    const annotationFile = path.join(work, "proto.yaml");
    await writeFile(
      annotationFile,
      toYaml(
        annotationsFor([{ match: { operations: ["GET /__proto__", "GET /constructor"] }, credentials: ["apiKey"] }]),
      ),
    );
    const out = path.join(work, "out-proto");
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const result = await generateFrom("proto.json", text, out, "--annotations", annotationFile);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/repaired dangling-schema-ref .*#\/components\/schemas\/constructor does not exist/);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);

    const manifest = JSON.parse(await readFile(path.join(out, "manifest.json"), "utf8"));
    for (const name of names) {
      expect(Object.hasOwn(manifest.operations, `GET /${name}`)).toBe(true);
      expect(Object.hasOwn(manifest.operations[`GET /${name}`].parameters.query, name)).toBe(true);
    }
    expect(Object.keys(manifest.operations["GET /__proto__"].parameters.query)).toEqual(["__proto__"]);

    // The runtime table keeps `/__proto__` as an own path, and the client calls it.
    const server = await startLoopbackServer();
    try {
      server.route("*", respond.json({}));
      const call = `
        const { createProtoClient, protoAuth } = await import(${JSON.stringify(path.join(out, "index.ts"))});
        const client = createProtoClient({ baseUrl: ${JSON.stringify(server.origin)}, auth: { kind: "apiKey", apiKey: "k" } });
        for (const name of ${JSON.stringify(names)}) await client.GET("/" + name, { params: { query: {} } });
        const operations = protoAuth.operations;
        process.stdout.write(JSON.stringify({ own: Object.hasOwn(operations, "/__proto__"), prototype: Object.getPrototypeOf(operations) === Object.prototype }));`;
      const { stdout } = await runModule(call);
      expect(JSON.parse(stdout)).toEqual({ own: true, prototype: true });
      expect(server.requests.map((request) => [request.url.split("?")[0], request.headers.authorization])).toEqual([
        ["/__proto__", "Bearer k"],
        ["/constructor", "Bearer k"],
        ["/toString", "Bearer k"],
        ["/hasOwnProperty", "Bearer k"],
      ]);
    } finally {
      await server.close();
    }
  });
});

describe("generate never clobbers", () => {
  it("--out refuses a foreign non-empty folder, a root, and the working directory; --name is checked", async () => {
    const spec = path.join(repoRoot, "test/fixtures/petshop.json");
    const foreign = path.join(work, "foreign");
    await mkdir(foreign, { recursive: true });
    await writeFile(path.join(foreign, "README.md"), "mine\n");
    const refused = await generate(["--spec", spec, "--name", "pets", "--out", foreign]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /is not empty and was not generated by scheduling-clients → choose an empty or new folder, or pass --force/,
    );
    expect(await readFile(path.join(foreign, "README.md"), "utf8")).toBe("mine\n");
    for (const out of [".", "/"]) {
      const result = await generate(["--spec", spec, "--name", "pets", "--out", out]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/would replace a filesystem root or a folder holding the current one/);
    }
    for (const name of ["../x", "Pets", "a b", "__proto__"])
      expect((await generate(["--spec", spec, "--name", name, "--out", path.join(work, "n")])).code).toBe(2);
    // --force writes into the foreign folder and keeps its files; a folder of ours is regenerated freely.
    expect((await generate(["--spec", spec, "--name", "pets", "--out", foreign, "--force"])).code).toBe(0);
    expect(await readFile(path.join(foreign, "README.md"), "utf8")).not.toBe("mine\n");
    expect((await generate(["--spec", spec, "--name", "pets", "--out", foreign])).code).toBe(0);
  });

  it("a generate killed at any point leaves the old folder or the new one, and the next run clears leftovers", async () => {
    const v1 = await petshop();
    const v2 = await petshop();
    v2.info.version = "2.0.0";
    v2.paths["/owners"] = { get: { operationId: "listOwners", responses: { 200: { description: "ok" } } } };
    const specs = [await writeSpec("v1.json", v1), await writeSpec("v2.json", v2)];
    const out = path.join(work, "out-kill");
    const args = (spec: string) => ["scripts/generate.ts", "--spec", spec, "--name", "killed", "--out", out];
    await run(tsx, args(specs[0]), { cwd: repoRoot });
    const trees = [await readTree(out)];
    await run(tsx, args(specs[1]), { cwd: repoRoot });
    trees.push(await readTree(out));
    expect(trees[0]).not.toEqual(trees[1]);

    // Kill while generating v1 over v2 (and back) at spread-out moments.
    for (const [index, delay] of [150, 400, 700, 900, 1100, 1300, 1600, 2000].entries()) {
      const spec = specs[index % 2];
      const child = spawn(tsx, args(spec), { cwd: repoRoot, stdio: "ignore", detached: true });
      await new Promise((resolve) => setTimeout(resolve, delay));
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // already finished
      }
      await new Promise((resolve) => child.once("exit", resolve));
      const tree = await readTree(out).catch(() => undefined);
      const consistent = trees.some((expected) => JSON.stringify(tree) === JSON.stringify(expected));
      // A kill between moving the old folder aside and moving the new one in leaves no folder; the next run restores it.
      if (!consistent) expect(tree).toBeUndefined();
      await run(tsx, args(specs[1]), { cwd: repoRoot });
      expect(await readTree(out)).toEqual(trees[1]);
      expect((await readdir(work)).filter((name) => name.startsWith(".out-kill."))).toEqual([]);
    }
  }, 120_000);
});

describe("documents that would exhaust the generator", () => {
  it("deep nesting and a self-referencing YAML alias fail with one clear line", async () => {
    const deep = await petshop();
    let schema: any = { type: "string" };
    for (let i = 0; i < 1000; i++) schema = { type: "object", properties: { next: schema } };
    deep.components.schemas.Deep = schema;
    const tooDeep = await generateFrom("deep.json", deep, path.join(work, "deep"));
    expect(tooDeep.code).toBe(1);
    expect(tooDeep.stderr).toMatch(/^✗ the document nests deeper than 256 levels .*→/);
    expect(tooDeep.stderr).not.toMatch(/call stack|bug/);

    const cyclic = `openapi: 3.0.3\ninfo: { title: t, version: "1" }\npaths:\n  /a:\n    get:\n      responses:\n        "200":\n          description: ok\ncomponents:\n  schemas:\n    Loop: &loop\n      type: object\n      properties:\n        again: *loop\n`;
    const loop = await generateFrom("loop.yaml", cyclic, path.join(work, "loop"));
    expect(loop.code).toBe(1);
    expect(loop.stderr).toMatch(
      /^✗ the document refers to itself .*\(at \/components\/schemas\/Loop\/properties\/again\)/,
    );
  });

  it("a path parameter named outside ASCII is an ordinary one", async () => {
    const doc = await petshop();
    doc.paths["/items/{æøå}"] = {
      get: {
        parameters: [{ name: "æøå", in: "path", required: true, schema: { type: "string" } }],
        responses: { 200: { description: "ok" } },
      },
    };
    const result = await generateFrom("unicode.json", doc, path.join(work, "unicode"));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});

describe("user mistakes are named as such", () => {
  it("a missing --spec file, a bad flag value, a broken annotation file: one line each, never 'a bug'", async () => {
    const out = path.join(work, "mistakes");
    const missing = await generate(["--spec", path.join(work, "nope.json"), "--name", "x", "--out", out]);
    expect(missing.stderr).toMatch(/^✗ .*nope\.json: no such file or folder → check the path and its permissions\n$/);
    const flag = await generate([
      "--spec",
      path.join(work, "nope.json"),
      "--name",
      "x",
      "--out",
      out,
      "--max-bytes",
      "abc",
    ]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--max-bytes "abc" is not a whole number/);
    const badYaml = path.join(work, "broken.yaml");
    await writeFile(badYaml, "docs: [unclosed\n");
    const annotations = await generate([
      "--spec",
      path.join(repoRoot, "test/fixtures/petshop.json"),
      "--name",
      "x",
      "--out",
      out,
      "--annotations",
      badYaml,
    ]);
    expect(annotations.code).toBe(1);
    expect(annotations.stderr).toMatch(
      new RegExp(`^✗ ${badYaml.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} is not valid YAML`),
    );
    for (const result of [missing, flag, annotations]) expect(result.stderr).not.toMatch(/bug/);
  });
});
