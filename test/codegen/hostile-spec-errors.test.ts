/**
 * Broken specs are the spec's fault, said in one line before anything is written; and a refused
 * `--out` run touches nothing. Run as the real CLI, on real files.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../../src/codegen/config/paths.js";
import { readFixture } from "../helpers/scratch-project.js";

const run = promisify(execFile);
let work: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "hostile-spec-errors-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

async function petshop(): Promise<any> {
  return JSON.parse(await readFixture("petshop.json"));
}

async function generateCli(args: string[]) {
  return run(process.execPath, ["scripts/run.mjs", "generate", ...args], { cwd: repoRoot, timeout: 55_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  );
}

/** Generates client `name` from `doc` into a fresh folder; resolves with the output and whether the folder exists. */
async function generateDoc(name: string, doc: unknown) {
  const spec = path.join(work, `${name}.json`);
  await writeFile(spec, JSON.stringify(doc));
  const out = path.join(work, `out-${name}`);
  const result = await generateCli(["--spec", spec, "--name", name, "--out", out]);
  const written = await readdir(out).then(
    () => true,
    () => false,
  );
  return { ...result, written };
}

describe("a $ref cycle TypeScript cannot type is a spec error before anything is written", () => {
  const cases: Array<[string, (schemas: any) => void, string]> = [
    [
      "self",
      (schemas) => (schemas.Self = { $ref: "#/components/schemas/Self" }),
      "#/components/schemas/Self → #/components/schemas/Self (at /components/schemas/Self/$ref)",
    ],
    [
      "allof",
      (schemas) => {
        schemas.A = { allOf: [{ $ref: "#/components/schemas/B" }, { type: "object" }] };
        schemas.B = { allOf: [{ $ref: "#/components/schemas/A" }] };
      },
      "#/components/schemas/A → #/components/schemas/B → #/components/schemas/A (at /components/schemas/B/allOf/0/$ref)",
    ],
    [
      "items",
      (schemas) => (schemas.List = { type: "array", items: { oneOf: [{ $ref: "#/components/schemas/List" }] } }),
      "#/components/schemas/List → #/components/schemas/List (at /components/schemas/List/items/oneOf/0/$ref)",
    ],
  ];
  for (const [name, build, cycle] of cases)
    it(`${name}: one line naming the cycle and the $ref that closes it`, async () => {
      const doc = await petshop();
      build(doc.components.schemas);
      const result = await generateDoc(`cycle-${name}`, doc);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        `✗ the $ref cycle ${cycle.replace(/ \(at .*/, "")} cannot be typed: each schema is the next one's type directly (allOf, oneOf, anyOf, items or a plain $ref) ${cycle.match(/\(at .*\)/)![0]} → the provider's document is broken; a correction under specs/corrections/ can put an object property between them\n`,
      );
      expect(result.code).toBe(1);
      expect(result.written).toBe(false);
    });

  it("a cycle through an object's properties or additionalProperties is accepted (an object type defers its members)", async () => {
    const doc = await petshop();
    doc.components.schemas.Tree = {
      type: "object",
      properties: { children: { type: "array", items: { $ref: "#/components/schemas/Tree" } } },
      additionalProperties: { $ref: "#/components/schemas/Tree" },
    };
    doc.components.schemas.Pet.properties.tree = { $ref: "#/components/schemas/Tree" };
    const result = await generateDoc("tree", doc);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });
});

describe("servers of the wrong shape are the spec's fault", () => {
  for (const [label, servers, pointer] of [
    ["servers: {}", {}, "/servers"],
    ["servers: [null]", [null], "/servers/0"],
    ["servers: [{ url: 1 }]", [{ url: 1 }], "/servers/0"],
  ] as const)
    it(`${label}: one line with the pointer, never "a bug"`, async () => {
      const doc = await petshop();
      doc.servers = servers;
      const result = await generateDoc(`servers-${pointer.length}-${Math.random().toString(36).slice(2, 6)}`, doc);
      expect(result.stderr).toMatch(
        new RegExp(`^✗ .* \\(at ${pointer.replace(/\//g, "\\/")}\\) → the provider published a broken document`),
      );
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).not.toMatch(/bug/);
      expect(result.code).toBe(1);
    });
});

describe("--out recovery touches only what a run of ours left, and only after the refusals", () => {
  it("a refused run leaves a sibling named .<out>.old-* alone; an accepted one leaves a sibling without the marker alone", async () => {
    const spec = path.join(repoRoot, "test/fixtures/petshop.json");
    const foreign = path.join(work, "foreign");
    await mkdir(foreign, { recursive: true });
    await writeFile(path.join(foreign, "notes.txt"), "mine\n");
    const sibling = path.join(work, ".foreign.old-123-deadbeef");
    await mkdir(sibling, { recursive: true });
    await writeFile(path.join(sibling, "keep.txt"), "keep\n");
    const refused = await generateCli(["--spec", spec, "--name", "pets", "--out", foreign]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not empty and was not generated by scheduling-clients/);
    expect(await readFile(path.join(sibling, "keep.txt"), "utf8")).toBe("keep\n");

    // A folder of ours, with a look-alike sibling that holds no marker: generated; the sibling stays.
    const ours = path.join(work, "ours");
    expect((await generateCli(["--spec", spec, "--name", "pets", "--out", ours])).code).toBe(0);
    const lookalike = path.join(work, ".ours.old-456-cafebabe");
    await mkdir(lookalike, { recursive: true });
    await writeFile(path.join(lookalike, "keep.txt"), "keep\n");
    const again = await generateCli(["--spec", spec, "--name", "pets", "--out", ours, "--force"]);
    expect(again.code).toBe(0);
    expect(await readFile(path.join(lookalike, "keep.txt"), "utf8")).toBe("keep\n");
  });
});
