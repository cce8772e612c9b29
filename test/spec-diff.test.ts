import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { diffProvider } from "../src/build/diff-specs.js";
import { checkAnnotations } from "../src/build/layer/annotations.js";
import { resolveOperationAuth } from "../src/build/layer/operation-auth.js";
import { buildManifest } from "../src/build/manifest.js";
import { projectPaths, repoRoot } from "../src/build/paths.js";
import { loadProviders } from "../src/build/providers.js";
import { parseSpecText, type OpenApiDocument } from "../src/build/spec-document.js";
import { diffManifests } from "../src/build/spec-diff.js";
import { readFixture, sharedSpecsDir } from "./helpers/scratch-project.js";

const run = promisify(execFile);
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");
const history = (provider: string, commit: string) => path.join(sharedSpecsDir, provider, "history", `${commit}.json`);
const provider = async (id: string) => (await loadProviders(projectPaths)).find((p) => p.id === id)!;

describe("the real history", () => {
  it("SavvyCal c436335 → f05eb9b: exactly two optional fields added to the create-account-user body", async () => {
    const diff = await diffProvider(await provider("savvycal"), { paths: projectPaths, baseFile: history("savvycal", "c436335"), specFile: history("savvycal", "f05eb9b") });
    expect(diff.breaking).toEqual([]);
    expect(diff.nonBreaking.map((c) => [c.operation, c.kind, c.detail])).toEqual([
      ["POST /v1/users", "body field-added", "body field `add_provider` added (optional)"],
      ["POST /v1/users", "body field-added", "body field `display_name` added (optional)"],
    ]);
  });

  /** Expectations derived with a plain JSON comparison of the two documents, independently of the manifest code. */
  async function plainComparison(before: string, after: string) {
    const read = async (file: string) => JSON.parse(await readFile(file, "utf8"));
    const operations = (doc: any) => {
      const found = new Map<string, string | undefined>();
      for (const [p, item] of Object.entries<any>(doc.paths))
        for (const [method, operation] of Object.entries<any>(item)) {
          if (!["get", "put", "post", "delete", "patch", "options", "head", "trace"].includes(method)) continue;
          const version = (operation.parameters ?? []).find((x: any) => x.name === "cal-api-version");
          found.set(`${method.toUpperCase()} ${p}`, version ? (version.schema?.default ?? /\d{4}-\d{2}-\d{2}/.exec(version.description ?? "")?.[0]) : undefined);
        }
      return found;
    };
    const [old, now] = [operations(await read(before)), operations(await read(after))];
    return {
      added: [...now.keys()].filter((k) => !old.has(k)).sort(),
      removed: [...old.keys()].filter((k) => !now.has(k)).sort(),
      versionChanged: [...now.keys()].filter((k) => old.has(k) && old.get(k) !== now.get(k)).sort(),
    };
  }

  it.each([
    ["5e9671d", "0029f23", 81, 6, 14],
    ["0029f23", "008af94", 154, 13, undefined],
    ["008af94", "fea00aa", 2, 0, undefined],
  ] as const)("Cal.com %s → %s: added/removed operations and changed version values", async (from, to, added, removed, versioned) => {
    const expected = await plainComparison(history("calcom", from), history("calcom", to));
    expect([expected.added.length, expected.removed.length]).toEqual([added, removed]);
    if (versioned !== undefined) expect(expected.versionChanged).toHaveLength(versioned);

    const diff = await diffProvider(await provider("calcom"), { paths: projectPaths, baseFile: history("calcom", from), specFile: history("calcom", to) });
    const of = (kind: string) => [...diff.breaking, ...diff.nonBreaking].filter((c) => c.kind === kind).map((c) => c.operation).sort();
    expect(of("operation-added")).toEqual(expected.added);
    expect(of("operation-removed")).toEqual(expected.removed);
    expect(of("injected-header-changed")).toEqual(expected.versionChanged);
    // Removed operations and moved versions are breaking; additions are not.
    expect(diff.breaking.filter((c) => c.kind === "operation-removed")).toHaveLength(removed);
    expect(diff.nonBreaking.some((c) => c.kind === "operation-removed" || c.kind === "injected-header-changed")).toBe(false);
  });
});

describe("classification rules, one mutation each", () => {
  const annotations = checkAnnotations(
    {
      docs: "https://petshop.example/docs",
      credentials: {
        apiKey: { label: "API key", options: { apiKey: "required" }, headers: { Authorization: "Bearer {apiKey}" } },
        appToken: { label: "App token", options: { token: "required" }, headers: { Authorization: "Bearer {token}" } },
      },
      derive: { securitySchemes: { key: ["apiKey"], app: ["appToken"] }, versionHeader: "pet-api-version" },
    },
    "test",
  );

  async function base(): Promise<OpenApiDocument> {
    const doc = parseSpecText(await readFixture("petshop.json"), "json");
    (doc as any).components.securitySchemes = { key: { type: "http", scheme: "bearer" }, app: { type: "http", scheme: "bearer" } };
    (doc as any).security = [{ key: [] }, { app: [] }];
    (doc as any).components.schemas.NewPet.properties.nickname = { type: "string" };
    (doc.paths["/pets"] as any).get.parameters.push({ name: "pet-api-version", in: "header", required: true, description: "Must be set to 2024-01-01.", schema: { type: "string" } });
    return doc;
  }
  const manifest = (doc: OpenApiDocument) => buildManifest("petshop", doc, resolveOperationAuth(doc, annotations, "petshop"));

  async function classify(mutate: (doc: any) => unknown): Promise<string[][]> {
    const before = await base();
    const after = await base();
    mutate(after);
    const diff = diffManifests(manifest(before), manifest(after));
    return [...diff.breaking.map((c) => ["breaking", c.kind]), ...diff.nonBreaking.map((c) => ["non-breaking", c.kind])];
  }

  const mutations: Array<[string, (doc: any) => unknown, string[][]]> = [
    ["operation removed", (d: any) => delete d.paths["/pets/{petId}"], [["breaking", "operation-removed"]]],
    ["operation added", (d: any) => (d.paths["/owners"] = { get: { responses: { "200": { description: "ok" } } } }), [["non-breaking", "operation-added"]]],
    ["parameter became required", (d: any) => (d.paths["/pets"].get.parameters[0].required = true), [["breaking", "query parameter-became-required"]]],
    ["parameter added as required", (d: any) => d.paths["/pets"].get.parameters.push({ name: "shop", in: "query", required: true, schema: { type: "string" } }), [["breaking", "query parameter-added-required"]]],
    ["optional parameter added", (d: any) => d.paths["/pets"].get.parameters.push({ name: "sort", in: "query", schema: { type: "string" } }), [["non-breaking", "query parameter-added"]]],
    ["body field became required", (d: any) => d.components.schemas.NewPet.required.push("nickname"), [["breaking", "body field-became-required"]]],
    ["body field added as required", (d: any) => d.components.schemas.NewPet.required.push("kind") && (d.components.schemas.NewPet.properties.kind = { type: "string" }), [["breaking", "body field-added-required"]]],
    ["optional body field added", (d: any) => (d.components.schemas.NewPet.properties.age = { type: "integer" }), [["non-breaking", "body field-added"]]],
    ["type narrowed", (d: any) => (d.paths["/pets"].get.parameters[0].schema.type = "string"), [["breaking", "query parameter-type-narrowed"]]],
    ["type widened", (d: any) => (d.paths["/pets"].get.parameters[0].schema.type = "number"), [["non-breaking", "query parameter-type-widened"]]],
    ["response property removed", (d: any) => delete d.components.schemas.Pet.properties.kind, [["breaking", "response-property-removed"], ["breaking", "response-property-removed"]]],
    ["success status removed", (d: any) => (d.paths["/pets"].post.responses = { "200": d.paths["/pets"].post.responses["201"] }), [["breaking", "success-status-removed"], ["non-breaking", "success-status-added"]]],
    ["credentials narrowed", (d: any) => (d.paths["/pets"].post.security = [{ key: [] }]), [["breaking", "credentials-narrowed"]]],
    ["credentials widened (made public)", (d: any) => (d.paths["/pets"].post.security = [{ key: [] }, { app: [] }, {}]), [["non-breaking", "credentials-widened"]]],
    ["a description-only change that moves the version header", (d: any) => (d.paths["/pets"].get.parameters[1].description = "Must be set to 2025-06-30."), [["breaking", "injected-header-changed"]]],
    ["a pure description edit", (d: any) => (d.paths["/pets"].get.description = "Lists the pets, reworded.") && (d.components.schemas.Pet.description = "A pet."), []],
  ];
  it.each(mutations)("%s", async (_name, mutate, expected) => {
    expect(await classify(mutate)).toEqual(expected);
  });

  it("enum values: removing one is breaking, adding one is not", async () => {
    expect(await classify((d) => (d.components.schemas.Pet.properties.kind.enum = ["cat"]))).toEqual([]); // response side: not a caller input
    const withEnumParam = (values: string[]) => (d: any) => d.paths["/pets"].get.parameters.push({ name: "kind", in: "query", schema: { type: "string", enum: values } });
    const before = await base();
    withEnumParam(["cat", "dog"])(before);
    const removed = await base();
    withEnumParam(["cat"])(removed);
    const added = await base();
    withEnumParam(["cat", "dog", "bird"])(added);
    expect(diffManifests(manifest(before), manifest(removed)).breaking.map((c) => c.kind)).toEqual(["query parameter-enum-value-removed"]);
    expect(diffManifests(manifest(before), manifest(added)).nonBreaking.map((c) => c.kind)).toEqual(["query parameter-enum-value-added"]);
  });
});

describe("npm run specs:diff", () => {
  const args = ["scripts/diff.ts", "--provider", "savvycal", "--base", history("savvycal", "c436335"), "--spec", history("savvycal", "f05eb9b")];
  const exitCode = (extra: string[]) =>
    run(tsx, [...args, ...extra], { cwd: repoRoot }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );

  it("exits per --fail-on and prints JSON for machines", async () => {
    expect((await exitCode(["--fail-on", "breaking"])).code).toBe(0);
    expect((await exitCode(["--fail-on", "any"])).code).toBe(1);
    const json = await exitCode(["--format", "json", "--fail-on", "none"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).providers[0]).toMatchObject({ provider: "savvycal", counts: { breaking: 0, nonBreaking: 2 } });
  });

  it("against the committed manifest with the mirror: no change (the clients match their specs)", async () => {
    const { stdout } = await run(tsx, ["scripts/diff.ts", "--fail-on", "any", "--mirror", sharedSpecsDir], { cwd: repoRoot });
    expect(stdout.match(/: 0 breaking, 0 non-breaking/g)).toHaveLength(4);
  });
});
