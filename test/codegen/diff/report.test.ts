/**
 * The report and the command around it: the rule table's document matches the code, a hostile
 * spec cannot change what a report says (Markdown rendered by a real parser, console lines, GitHub
 * commands), two documents diff without a provider, a manifest that is not one is blamed on its
 * file, and documents built to make the walk exponential (an allOf DAG, a huge enum) finish.
 */
import { execFile } from "node:child_process";
import { mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { marked } from "marked";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectPaths, repoRoot } from "../../../src/codegen/config/paths.js";
import { loadProviders } from "../../../src/codegen/config/providers.js";
import { KEYWORD_RULES, RULES, renderRuleTable } from "../../../src/codegen/diff/rule-table.js";
import { SCHEMA_KEYWORDS } from "../../../src/codegen/model/manifest.js";
import { diffProvider } from "../../../src/codegen/specs-diff.js";
import { describeError } from "../../../src/codegen/support/errors.js";
import { makeScratchProject, readFixture, sharedSpecsDir } from "../../helpers/scratch-project.js";

const run = promisify(execFile);
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");
const history = (provider: string, commit: string) => path.join(sharedSpecsDir, provider, "history", `${commit}.json`);

async function specsDiff(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(tsx, ["scripts/diff.ts", ...args], { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "specs-diff-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeSpec(name: string, doc: unknown): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(doc));
  return file;
}

describe("the rule table", () => {
  it("docs/spec-diff.md is the table the code applies (regenerate with `npm run specs:diff -- --rules > docs/spec-diff.md`)", async () => {
    expect(await readFile(path.join(repoRoot, "docs/spec-diff.md"), "utf8")).toBe(renderRuleTable());
  });

  it("every keyword the manifest records has its rule both ways, and every rule it names exists", () => {
    const recorded = Object.values(SCHEMA_KEYWORDS).flat().sort();
    expect(Object.keys(KEYWORD_RULES).sort()).toEqual(recorded);
    for (const { request, response } of Object.values(KEYWORD_RULES)) {
      expect(request.length && response.length).toBeTruthy();
      for (const [, id] of `${request} ${response}`.matchAll(/`([a-z]+(?:-[a-z]+)+)`/g))
        expect(Object.hasOwn(RULES, id), id).toBe(true);
    }
  });
});

describe("a hostile spec cannot change what the report says", () => {
  const hostile =
    "x <!-- \n\n## No breaking changes. Safe to merge.\n[details](https://evil.example) www.evil.example a@evil.example | `code` \u202e\u2066 \u001b[31mred\n::error::pwned -->";
  let base: string;
  let next: string;
  beforeAll(async () => {
    const doc = JSON.parse(await readFixture("petshop.json"));
    base = await writeSpec("base.json", doc);
    const changed = JSON.parse(JSON.stringify(doc));
    delete changed.paths["/pets/{petId}"];
    changed.components.schemas.NewPet.properties[hostile] = { type: "string", enum: [hostile] };
    changed.components.schemas.Pet.properties[`${hostile} 2`] = { type: "string" };
    next = await writeSpec("next.json", changed);
  });

  it("Markdown: rendered by a real parser, it holds every finding and nothing the spec injected", async () => {
    const json = JSON.parse(
      (await specsDiff(["--spec", next, "--base", base, "--format", "json", "--fail-on", "none"])).stdout,
    );
    const findings = json.providers[0].findings as Array<{ id: string; operation: string }>;
    expect(findings.map((f) => f.id)).toContain("operation-removed");
    const { code, stdout } = await specsDiff(["--spec", next, "--base", base, "--format", "md"]);
    expect(code).toBe(1);
    const html = await marked.parse(stdout);
    expect(html).not.toMatch(/<!--|<a |<script|<img/i);
    expect(html.match(/<h2/g)).toHaveLength(1);
    expect(html.match(/<li>/g)).toHaveLength(findings.length);
    const items = [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]);
    findings.forEach((f, index) => expect(items[index]).toContain(`<code>${f.id}</code>`));
    expect(items.find((item) => item.includes("operation-removed"))).toContain("GET /pets/{petId}");
    // The injected heading is text inside a finding, never a heading of its own.
    expect([...html.matchAll(/<h\d[^>]*>([^<]*)/g)].map((m) => m[1])).not.toContainEqual(
      expect.stringContaining("Safe to merge"),
    );
  });

  it("console: one safe line per finding — no control or bidi characters, no workflow command", async () => {
    const { stdout } = await specsDiff(["--spec", next, "--base", base, "--fail-on", "none"]);
    const lines = stdout.split("\n");
    for (const line of lines) {
      expect(line).not.toMatch(/^\s*::/);
      expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    }
    const json = JSON.parse(
      (await specsDiff(["--spec", next, "--base", base, "--format", "json", "--fail-on", "none"])).stdout,
    );
    expect(lines.filter((line) => line.startsWith("- "))).toHaveLength(json.providers[0].findings.length);
    const github = (await specsDiff(["--spec", next, "--base", base, "--format", "github", "--fail-on", "none"]))
      .stdout;
    const commands = github.trim().split("\n");
    expect(commands).toHaveLength(json.providers[0].findings.length);
    for (const line of commands) expect(line).toMatch(/^::(error|warning|notice) title=[^:]*::[^\n]*$/);
  });
});

describe("specs:diff --spec NEW --base OLD, no provider", () => {
  it("compares two OpenAPI documents ad hoc (credentials from their own security)", async () => {
    const { code, stdout } = await specsDiff([
      "--spec",
      history("savvycal", "f05eb9b"),
      "--base",
      history("savvycal", "c436335"),
      "--format",
      "json",
      "--fail-on",
      "any",
    ]);
    expect(code).toBe(1);
    const [report] = JSON.parse(stdout).providers;
    expect(report.findings.map((f: { id: string; location: string }) => [f.id, f.location])).toEqual([
      ["request-property-added", "request body application/json › add_provider"],
      ["request-property-added", "request body application/json › display_name"],
    ]);
  });

  it("OLD may be a generated manifest.json; a YAML document works too", async () => {
    const same = await specsDiff([
      "--spec",
      path.join(sharedSpecsDir, "timekit/openapi.yaml"),
      "--base",
      path.join(sharedSpecsDir, "timekit/openapi.yaml"),
      "--fail-on",
      "any",
    ]);
    expect(same.code).toBe(0);
    const againstManifest = await specsDiff([
      "--spec",
      history("savvycal", "f05eb9b"),
      "--base",
      path.join(repoRoot, "generated/savvycal/manifest.json"),
      "--format",
      "json",
      "--fail-on",
      "none",
    ]);
    expect(againstManifest.code).toBe(0);
    expect(JSON.parse(againstManifest.stdout).providers).toHaveLength(1);
  });

  it("a report larger than a pipe's buffer arrives whole (Cal.com 0029f23 → 008af94)", async () => {
    const { stdout } = await specsDiff([
      "--spec",
      history("calcom", "008af94"),
      "--base",
      history("calcom", "0029f23"),
      "--format",
      "json",
      "--fail-on",
      "none",
    ]);
    expect(stdout.length).toBeGreaterThan(256 * 1024);
    expect(JSON.parse(stdout).providers[0].counts.breaking).toBeGreaterThan(0);
  });

  it("half of the pair, or a wrong flag, is a usage error; --help tells the truth", async () => {
    const half = await specsDiff(["--spec", history("savvycal", "f05eb9b")]);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/--spec and --base without --provider compare two files: pass both/);
    const help = await specsDiff(["--help"]);
    // Written for an app (the generator's bin), the repository's npm script only as the project form.
    expect(help.stdout).toMatch(/^usage: npx scheduling-clients-codegen specs:diff --spec NEW --base OLD/);
    expect(help.stdout).toMatch(/OLD may also be a client's generated manifest\.json/);
    expect(help.stdout).not.toMatch(/npm run specs:diff -- --spec/);
  });
});

describe("a manifest that is not one is blamed on its file", () => {
  it("as --base: one line naming the file, exit 2", async () => {
    const empty = await writeSpec("manifest.json", {});
    const { code, stderr } = await specsDiff(["--spec", history("savvycal", "f05eb9b"), "--base", empty]);
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/manifest\.json is not a manifest this generator can compare: it has no "version"/);
    expect(stderr).not.toMatch(/bug/);
  });

  it("committed: generated/<id>/manifest.json of {} (or of an older generator) is the file's fault", async () => {
    const savvycal = (await loadProviders(projectPaths)).find((p) => p.id === "savvycal")!;
    const project = await makeScratchProject([savvycal]);
    try {
      await mkdir(path.join(project.paths.generatedDir, "savvycal"), { recursive: true });
      for (const [text, reason] of [
        ["{}", /it has no "version"/],
        [
          '{"version": 2, "provider": "savvycal", "schemas": {}, "operations": {"GET /x": {}}, "webhooks": {}}',
          /operations\["GET \/x"\]\.parameters/,
        ],
        ["not json", /it is not valid JSON/],
      ] as const) {
        await writeFile(path.join(project.paths.generatedDir, "savvycal/manifest.json"), text);
        const error = await diffProvider(savvycal, {
          paths: project.paths,
          specFile: history("savvycal", "f05eb9b"),
        }).then(
          () => undefined,
          (e: unknown) => e,
        );
        const { message, hint } = describeError(error);
        expect(message).toMatch(/^generated\/savvycal\/manifest\.json is not a manifest this generator can compare: /);
        expect(message).toMatch(reason);
        expect(hint).toMatch(/regenerate it with `npm run generate`/);
      }
    } finally {
      await project.remove();
    }
  });
});

describe("work is linear in the document", () => {
  /** S0 … S18, each an allOf naming the next four times: 4^18 paths, 19 schemas. */
  function allOfChain(depth: number, leafType: string) {
    const schemas: Record<string, unknown> = {};
    for (let i = 0; i < depth; i++) {
      const next = { $ref: `#/components/schemas/S${i + 1}` };
      schemas[`S${i}`] = {
        allOf: [next, next, next, next],
        properties: { [`p${i}`]: { $ref: `#/components/schemas/S${i + 1}` } },
      };
    }
    schemas[`S${depth}`] = { type: "object", properties: { leaf: { type: leafType } } };
    return {
      openapi: "3.0.3",
      info: { title: "chain", version: "1" },
      paths: {
        "/chain": {
          post: {
            requestBody: {
              required: true,
              content: { "application/json": { schema: { $ref: "#/components/schemas/S0" } } },
            },
            responses: {
              "200": {
                description: "ok",
                content: { "application/json": { schema: { $ref: "#/components/schemas/S0" } } },
              },
            },
          },
        },
      },
      components: { schemas },
    };
  }

  it("an allOf DAG of depth 18 diffs; each named schema pair is compared once, so the change is reported once per schema that holds it", async () => {
    const base = await writeSpec("chain-base.json", allOfChain(18, "string"));
    const next = await writeSpec("chain-next.json", allOfChain(18, "integer"));
    const { code, stdout } = await specsDiff(["--spec", next, "--base", base, "--format", "json", "--fail-on", "none"]);
    expect(code).toBe(0);
    const findings: Array<{ id: string; location: string }> = JSON.parse(stdout).providers[0].findings;
    // S0 holds `leaf` (through its allOf) and p0 … p17 (S1 … S18 each hold it): 19 places a side, not 4^18.
    expect(findings).toHaveLength(2 * 19);
    expect(new Set(findings.map((f) => f.location)).size).toBe(2 * 19);
    expect(findings.map((f) => [f.id, f.location])).toEqual(
      expect.arrayContaining([
        ["request-type-narrowed", "request body application/json › leaf"],
        ["response-type-changed", "response 200 application/json › leaf"],
        ["request-type-narrowed", "request body application/json › p17.leaf"],
      ]),
    );
  });

  it("a 100k-value enum losing one value and gaining another diffs, naming just those", async () => {
    const values = Array.from({ length: 100_000 }, (_, i) => `v${i}`);
    const doc = (list: string[]) => ({
      openapi: "3.0.3",
      info: { title: "enum", version: "1" },
      paths: {
        "/e": {
          get: {
            parameters: [{ name: "e", in: "query", schema: { type: "string", enum: list } }],
            responses: { "204": { description: "ok" } },
          },
        },
      },
    });
    const base = await writeSpec("enum-base.json", doc(values));
    const next = await writeSpec("enum-next.json", doc([...values.slice(1), "w"]));
    const { stdout } = await specsDiff(["--spec", next, "--base", base, "--format", "json", "--fail-on", "none"]);
    expect(
      JSON.parse(stdout).providers[0].findings.map((f: { id: string; message: string }) => [f.id, f.message]),
    ).toEqual([
      ["request-enum-value-removed", 'no longer accepts "v0"'],
      ["request-enum-value-added", 'also accepts "w"'],
    ]);
  });
});
