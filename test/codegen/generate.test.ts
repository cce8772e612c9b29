import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, readdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateProviders } from "../../src/codegen/generate.js";
import { projectPaths, repoRoot } from "../../src/codegen/config/paths.js";
import { loadProviders } from "../../src/codegen/config/providers.js";
import { respond, startLoopbackServer } from "../helpers/loopback-server.js";
import { fixtureProvider, fixturesDir, makeScratchProject, sharedSpecsDir } from "../helpers/scratch-project.js";

const run = promisify(execFile);
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");

async function digestTree(dir: string): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    digests[path.relative(dir, file)] = createHash("sha256")
      .update(await readFile(file))
      .digest("hex");
  }
  return digests;
}

describe("generate for the real providers", () => {
  let project: Awaited<ReturnType<typeof makeScratchProject>>;
  const lines: string[] = [];
  beforeAll(async () => {
    project = await makeScratchProject();
    await project.copyIn(projectPaths.annotationsDir, "specs/annotations");
  });
  afterAll(() => project.remove());

  it("is deterministic: a second run rewrites nothing and every byte is the same", async () => {
    const providers = await loadProviders(projectPaths);
    const first = await generateProviders(providers, {
      paths: project.paths,
      mirror: sharedSpecsDir,
      log: (line) => lines.push(line),
    });
    expect(first.failed).toEqual([]);
    const before = await digestTree(project.paths.generatedDir);
    const files = ["README.md", "access.ts", "auth.ts", "index.ts", "manifest.json", "operations.ts", "schema.ts"];
    const signsWebhooks = new Set(["astrocal", "calcom", "savvycal"]);
    const expected = providers.flatMap((p) =>
      [...files, ...(signsWebhooks.has(p.id) ? ["webhooks.ts"] : [])].map((file) => `${p.id}/${file}`),
    );
    expect(Object.keys(before).sort()).toEqual(expected.sort());
    const lockBefore = await readFile(project.paths.lockFile, "utf8");

    const second = await generateProviders(providers, {
      paths: project.paths,
      mirror: sharedSpecsDir,
      log: (line) => lines.push(line),
    });
    expect(second.changed).toEqual([]);
    expect(await digestTree(project.paths.generatedDir)).toEqual(before);
    expect(await readFile(project.paths.lockFile, "utf8")).toBe(lockBefore);
    // One progress line per provider and run, with what it did and how long it took.
    expect(
      lines.filter((line) =>
        /^✓ \w+: (wrote \d+ file\(s\) — \d+ operations.*|unchanged — inputs as last generated) \(\d+\.\ds\)$/.test(
          line,
        ),
      ),
    ).toHaveLength(providers.length * 2);
  });

  it("the no-op shortcut never hides a change: a hand-edited file or a changed annotation is regenerated", async () => {
    const providers = (await loadProviders(projectPaths)).filter((p) => p.id === "timekit");
    const index = path.join(project.paths.generatedDir, "timekit/index.ts");
    const original = await readFile(index, "utf8");
    await writeFile(index, original + "// hand edit\n");
    const log: string[] = [];
    await generateProviders(providers, { paths: project.paths, mirror: sharedSpecsDir, log: (line) => log.push(line) });
    expect(await readFile(index, "utf8")).toBe(original);
    expect(log[0]).toMatch(/^✓ timekit: wrote 1 file\(s\)/);

    const annotation = path.join(project.paths.annotationsDir, "timekit.yaml");
    await writeFile(
      annotation,
      (await readFile(annotation, "utf8")).replace("label: App Widget key", "label: Widget key"),
    );
    await generateProviders(providers, { paths: project.paths, mirror: sharedSpecsDir, log: (line) => log.push(line) });
    expect(log[1]).toMatch(/^✓ timekit: wrote \d+ file\(s\)/);
    expect(await readFile(path.join(project.paths.generatedDir, "timekit/README.md"), "utf8")).toContain(
      "(Widget key)",
    );

    // Touched but not changed (a checkout, a copy): still as generated, nothing to do.
    const later = new Date(Date.now() + 60_000);
    await utimes(index, later, later);
    await generateProviders(providers, { paths: project.paths, mirror: sharedSpecsDir, log: (line) => log.push(line) });
    expect(log[2]).toMatch(/^✓ timekit: unchanged — inputs as last generated/);
  });

  it("reports the Cal.com spec's repairs in the output and the generated README", async () => {
    expect(lines).toContainEqual(
      expect.stringMatching(
        /repaired enum-type-mismatch at \/components\/schemas\/WorkflowTriggerOffsetDto\/properties\/unit\/type/,
      ),
    );
    const readme = await readFile(path.join(project.paths.generatedDir, "calcom/README.md"), "utf8");
    expect(readme).toContain("`/components/schemas/WorkflowTriggerOffsetDto/properties/unit/type`");
  });

  it("--check writes nothing and lists a stale file", async () => {
    const providers = (await loadProviders(projectPaths)).filter((p) => p.id === "astrocal");
    const index = path.join(project.paths.generatedDir, "astrocal/index.ts");
    await writeFile(index, "// edited by hand\n");
    const report = await generateProviders(providers, {
      paths: project.paths,
      mirror: sharedSpecsDir,
      check: true,
      log: () => {},
    });
    expect(report.changed).toEqual([path.relative(repoRoot, index)]);
    expect(await readFile(index, "utf8")).toBe("// edited by hand\n");
  });
});

describe("generate with a broken spec", () => {
  it("names the provider, the file and the JSON pointer, and writes nothing under generated/", async () => {
    const project = await makeScratchProject();
    try {
      const spec = path.join(project.root, "broken.json");
      const doc = JSON.parse(await readFile(path.join(fixturesDir, "petshop.json"), "utf8"));
      doc.paths["/pets"].get.responses["200"] = { $ref: "#/components/responses/Nope" };
      await writeFile(spec, JSON.stringify(doc));
      const lines: string[] = [];
      const report = await generateProviders([fixtureProvider({ source: { file: spec } })], {
        paths: project.paths,
        log: (line) => lines.push(line),
      });
      expect(report.failed).toEqual(["petshop"]);
      expect(lines).toEqual([
        expect.stringMatching(
          new RegExp(
            `^✗ petshop: ${spec}: .*#/components/responses/Nope.*\\(at /paths/~1pets/get/responses/200/\\$ref\\) → `,
          ),
        ),
      ]);
      expect(await project.readOrUndefined(path.join(project.paths.generatedDir, "petshop/schema.ts"))).toBeUndefined();
      expect(await project.readOrUndefined(project.paths.lockFile)).toBeUndefined();
    } finally {
      await project.remove();
    }
  });
});

describe("ad-hoc generation: generate --spec PATH_OR_URL --name ID --out DIR", () => {
  it("generates a client for a local spec file", async () => {
    const project = await makeScratchProject();
    try {
      const out = path.join(project.root, "src/pets");
      // Run from the scratch folder, as from an app's root.
      const { stdout } = await run(
        tsx,
        [
          path.join(repoRoot, "scripts/generate.ts"),
          ...["--spec", path.join(fixturesDir, "petshop.json"), "--name", "pet-shop", "--out", "src/pets"],
        ],
        { cwd: project.root },
      );
      expect(stdout).toMatch(/✓ pet-shop: wrote 8 file\(s\) .* 3 operations/);
      const index = await readFile(path.join(out, "index.ts"), "utf8");
      expect(index).toContain("export function createPetShopClient(");
      // No annotation file: still a client on the runtime, never openapi-fetch imported by the app's code.
      expect(index).toContain('from "scheduling-clients/runtime"');
      expect(index).not.toContain('"openapi-fetch"');
      const readme = await readFile(path.join(out, "README.md"), "utf8");
      // What an app needs: the import from where the command ran, the command that regenerates it,
      // and the annotation format's doc, which the generator package ships.
      expect(readme).toContain(`from "./src/pets/index.js"`);
      expect(readme).toContain(
        `regenerate it with \`npx scheduling-clients-codegen generate --spec ${path.join(fixturesDir, "petshop.json")} --name pet-shop --out src/pets\``,
      );
      expect(readme).not.toMatch(/npm run generate|scheduling-clients\/pet-shop/);
      const doc = readme.match(/\[format\]\(([^)]+)\)/)![1];
      expect(path.resolve(out, doc)).toBe(path.join(repoRoot, "docs/annotations.md"));
      expect(index).toContain('"https://petshop.example"');
      expect(await readFile(path.join(out, "schema.ts"), "utf8")).toMatch(/"\/pets\/\{petId\}": \{/);
    } finally {
      await project.remove();
    }
  });

  it("with --annotations, generates the credential-aware client, importing the runtime by package name", async () => {
    const project = await makeScratchProject();
    try {
      const annotations = path.join(project.root, "petshop.yaml");
      await writeFile(
        annotations,
        "docs: https://petshop.example/docs\ncredentials:\n  apiKey: { label: API key, options: { apiKey: required }, headers: { Authorization: 'Bearer {apiKey}' } }\ndefaults:\n  credentials: [apiKey]\n",
      );
      const out = path.join(project.root, "clients/petshop");
      await run(
        tsx,
        [
          "scripts/generate.ts",
          "--spec",
          path.join(fixturesDir, "petshop.json"),
          "--name",
          "petshop",
          "--out",
          out,
          "--annotations",
          annotations,
        ],
        { cwd: repoRoot },
      );
      expect(await readFile(path.join(out, "auth.ts"), "utf8")).toContain(
        `from "scheduling-clients/runtime/generated"`,
      );
      expect(await readFile(path.join(out, "index.ts"), "utf8")).not.toMatch(/from "\.\.\//);
      expect(await readFile(path.join(out, "index.ts"), "utf8")).toMatch(
        /export type PetshopCredential =\s+\/\*\* API key\. Safe in a browser\. \*\/\s+\| \{ kind: "apiKey"; apiKey: string \}/,
      );
      expect(await readFile(path.join(out, "README.md"), "utf8")).toContain("| `GET /pets` | ✓ |  |");
    } finally {
      await project.remove();
    }
  });

  it("generates from a URL and reports the dangling references of Cal.com 008af94", async () => {
    const server = await startLoopbackServer();
    const project = await makeScratchProject();
    try {
      server.route(
        "/008af94.json",
        respond.json(await readFile(path.join(sharedSpecsDir, "calcom/history/008af94.json"), "utf8")),
      );
      const out = path.join(project.root, "out");
      const { stdout } = await run(
        tsx,
        ["scripts/generate.ts", "--spec", `${server.origin}/008af94.json`, "--name", "calcom-old", "--out", out],
        { cwd: repoRoot },
      );
      expect(stdout).toMatch(/✓ calcom-old: wrote 8 file\(s\) .* 264 operations/);
      expect(
        stdout.match(/repaired dangling-schema-ref at \/components\/schemas\/UpdateBookingLocationInput_2024_08_13\//g),
      ).toHaveLength(6);
    } finally {
      await server.close();
      await project.remove();
    }
  });
});
