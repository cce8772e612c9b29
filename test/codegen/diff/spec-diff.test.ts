import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { diffProvider } from "../../../src/codegen/specs-diff.js";
import { checkAnnotations } from "../../../src/codegen/config/annotations.js";
import { operationModel } from "../../../src/codegen/model/operation-model.js";
import { buildManifest } from "../../../src/codegen/model/manifest.js";
import { projectPaths, repoRoot } from "../../../src/codegen/config/paths.js";
import { loadProviders } from "../../../src/codegen/config/providers.js";
import { parseSpecText, type OpenApiDocument } from "../../../src/codegen/accept/spec-document.js";
import { diffManifests } from "../../../src/codegen/diff/compare.js";
import { readFixture, sharedSpecsDir } from "../../helpers/scratch-project.js";

const run = promisify(execFile);
const tsx = path.join(repoRoot, "node_modules/.bin/tsx");
const history = (provider: string, commit: string) => path.join(sharedSpecsDir, provider, "history", `${commit}.json`);
const provider = async (id: string) => (await loadProviders(projectPaths)).find((p) => p.id === id)!;

describe("the real history", () => {
  it("SavvyCal c436335 → f05eb9b: exactly two optional fields added to the create-account-user body", async () => {
    const diff = await diffProvider(await provider("savvycal"), {
      paths: projectPaths,
      baseFile: history("savvycal", "c436335"),
      specFile: history("savvycal", "f05eb9b"),
    });
    expect(diff.breaking).toEqual([]);
    expect(diff.findings.map((f) => [f.level, f.operation, f.id, f.location])).toEqual([
      ["info", "POST /v1/users", "request-property-added", "request body application/json › add_provider"],
      ["info", "POST /v1/users", "request-property-added", "request body application/json › display_name"],
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
          found.set(
            `${method.toUpperCase()} ${p}`,
            version ? (version.schema?.default ?? /\d{4}-\d{2}-\d{2}/.exec(version.description ?? "")?.[0]) : undefined,
          );
        }
      return found;
    };
    const [old, now] = [operations(await read(before)), operations(await read(after))];
    // An operation whose path differs only in a parameter's name was renamed, not removed and added.
    const shape = (key: string) => key.replace(/\{[^}]+\}/g, "{}");
    const added = [...now.keys()].filter((k) => !old.has(k));
    const removed = [...old.keys()].filter((k) => !now.has(k));
    const renamed = added.filter((k) => removed.some((r) => shape(r) === shape(k)));
    const renamedFrom = removed.filter((r) => renamed.some((k) => shape(k) === shape(r)));
    const versionOf = (k: string) => old.get(k) ?? old.get(renamedFrom.find((r) => shape(r) === shape(k))!);
    return {
      added: added.filter((k) => !renamed.includes(k)).sort(),
      removed: removed.filter((k) => !renamedFrom.includes(k)).sort(),
      renamed: renamed.sort(),
      versionChanged: [...now.keys()]
        .filter((k) => (old.has(k) || renamed.includes(k)) && versionOf(k) !== now.get(k))
        .sort(),
    };
  }

  // The shared README counts 81 added and 6 removed for 0029f23: one of each is POST
  // /v2/bookings/{bookingId}/cancel renamed to …/{bookingUid}/cancel, reported as a rename; it
  // also gains cal-api-version, so 15 operations that existed before change their version value.
  it.each([
    ["5e9671d", "0029f23", 80, 5, 1, 15],
    ["0029f23", "008af94", 154, 13, 0, undefined],
    ["008af94", "fea00aa", 2, 0, 0, undefined],
  ] as const)(
    "Cal.com %s → %s: added/removed/renamed operations and changed version values",
    async (from, to, added, removed, renamed, versioned) => {
      const expected = await plainComparison(history("calcom", from), history("calcom", to));
      expect([expected.added.length, expected.removed.length, expected.renamed.length]).toEqual([
        added,
        removed,
        renamed,
      ]);
      if (versioned !== undefined) expect(expected.versionChanged).toHaveLength(versioned);

      const diff = await diffProvider(await provider("calcom"), {
        // Compared as published: today's correction (GET /v2/slots) fits only documents that have it.
        paths: { ...projectPaths, correctionsDir: path.join(sharedSpecsDir, "calcom", "no-corrections") },
        baseFile: history("calcom", from),
        specFile: history("calcom", to),
      });
      const of = (id: string) =>
        diff.findings
          .filter((f) => f.id === id)
          .map((f) => f.operation)
          .sort();
      expect(of("operation-added")).toEqual(expected.added);
      expect(of("operation-removed")).toEqual(expected.removed);
      expect(of("injected-header-changed")).toEqual(expected.versionChanged);
      expect(of("path-parameter-renamed")).toEqual(expected.renamed);
      // Removed operations and moved versions are breaking; additions are not.
      expect(diff.breaking.filter((f) => f.id === "operation-removed")).toHaveLength(removed);
      expect(diff.nonBreaking.some((f) => f.id === "operation-removed" || f.id === "injected-header-changed")).toBe(
        false,
      );
    },
  );
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
    (doc as any).components.securitySchemes = {
      key: { type: "http", scheme: "bearer" },
      app: { type: "http", scheme: "bearer" },
    };
    (doc as any).security = [{ key: [] }, { app: [] }];
    (doc as any).components.schemas.NewPet.properties.nickname = { type: "string" };
    (doc.paths["/pets"] as any).get.parameters.push({
      name: "pet-api-version",
      in: "header",
      required: true,
      description: "Must be set to 2024-01-01.",
      schema: { type: "string" },
    });
    return doc;
  }
  const manifest = (doc: OpenApiDocument) => buildManifest("petshop", operationModel(doc, annotations, "petshop"));

  async function classify(
    mutate: (doc: any) => unknown,
    prepare: (doc: any) => unknown = () => {},
  ): Promise<string[][]> {
    const before = await base();
    const after = await base();
    prepare(before);
    prepare(after);
    mutate(after);
    return diffManifests(manifest(before), manifest(after)).findings.map((f) => [f.level, f.id]);
  }

  // A nested request body and a nested response, for the deep rules.
  const nested = (d: any) => {
    d.components.schemas.Owner = {
      type: "object",
      required: ["name"],
      properties: {
        name: { type: "string", maxLength: 40 },
        tier: { type: "string", enum: ["free", "pro"] },
        age: { type: "integer" },
      },
    };
    d.components.schemas.NewPet.properties.owner = { $ref: "#/components/schemas/Owner" };
    d.components.schemas.Pet.properties.owner = { $ref: "#/components/schemas/Owner" };
    d.components.schemas.Pet.properties.tags = {
      type: "array",
      items: { type: "object", required: ["label"], properties: { label: { type: "string" } } },
    };
    d.components.schemas.NewPet.properties.contact = {
      oneOf: [
        { type: "object", properties: { email: { type: "string" } } },
        { type: "object", properties: { phone: { type: "string" } } },
      ],
    };
  };
  const owner = (d: any) => d.components.schemas.Owner;

  const mutations: Array<[string, (doc: any) => unknown, string[][]]> = [
    ["operation removed", (d: any) => delete d.paths["/pets/{petId}"], [["breaking", "operation-removed"]]],
    [
      "operation added",
      (d: any) => (d.paths["/owners"] = { get: { responses: { "200": { description: "ok" } } } }),
      [["info", "operation-added"]],
    ],
    [
      "parameter became required",
      (d: any) => (d.paths["/pets"].get.parameters[0].required = true),
      [["breaking", "parameter-became-required"]],
    ],
    [
      "parameter added as required",
      (d: any) =>
        d.paths["/pets"].get.parameters.push({ name: "shop", in: "query", required: true, schema: { type: "string" } }),
      [["breaking", "parameter-added-required"]],
    ],
    [
      "optional parameter added",
      (d: any) => d.paths["/pets"].get.parameters.push({ name: "sort", in: "query", schema: { type: "string" } }),
      [["info", "parameter-added"]],
    ],
    [
      "query parameter removed (typed callers stop compiling)",
      (d: any) => d.paths["/pets"].get.parameters.splice(0, 1),
      [["breaking", "parameter-removed"]],
    ],
    [
      "path parameter renamed, reported as a rename",
      (d: any) => {
        d.paths["/pets/{id}"] = d.paths["/pets/{petId}"];
        delete d.paths["/pets/{petId}"];
        d.paths["/pets/{id}"].get.parameters[0].name = "id";
      },
      [["breaking", "path-parameter-renamed"]],
    ],
    [
      "body field became required",
      (d: any) => d.components.schemas.NewPet.required.push("nickname"),
      [["breaking", "request-property-became-required"]],
    ],
    [
      "body field added as required",
      (d: any) => {
        d.components.schemas.NewPet.required.push("kind");
        d.components.schemas.NewPet.properties.kind = { type: "string" };
      },
      [["breaking", "request-property-added-required"]],
    ],
    [
      "optional body field added",
      (d: any) => (d.components.schemas.NewPet.properties.age = { type: "integer" }),
      [["info", "request-property-added"]],
    ],
    [
      "type narrowed",
      (d: any) => (d.paths["/pets"].get.parameters[0].schema.type = "string"),
      [["breaking", "request-type-narrowed"]],
    ],
    [
      "type widened",
      (d: any) => (d.paths["/pets"].get.parameters[0].schema.type = "number"),
      [["info", "request-type-widened"]],
    ],
    [
      "response property removed (in both responses)",
      (d: any) => delete d.components.schemas.Pet.properties.kind,
      [
        ["breaking", "response-property-removed"],
        ["breaking", "response-property-removed"],
        ["breaking", "response-property-removed"],
      ],
    ],
    [
      "success status removed",
      (d: any) => (d.paths["/pets"].post.responses = { "200": d.paths["/pets"].post.responses["201"] }),
      [
        ["breaking", "success-status-removed"],
        ["info", "success-status-added"],
      ],
    ],
    [
      "success media type changed",
      (d: any) =>
        (d.paths["/pets/{petId}"].get.responses["200"].content = { "text/plain": { schema: { type: "string" } } }),
      [
        ["breaking", "response-media-type-removed"],
        ["warning", "response-media-type-added"],
      ],
    ],
    [
      "credentials narrowed",
      (d: any) => (d.paths["/pets"].post.security = [{ key: [] }]),
      [["breaking", "credentials-narrowed"]],
    ],
    [
      "credentials widened (made public)",
      (d: any) => (d.paths["/pets"].post.security = [{ key: [] }, { app: [] }, {}]),
      [["info", "credentials-widened"]],
    ],
    [
      "a description-only change that moves the version header",
      (d: any) => (d.paths["/pets"].get.parameters[1].description = "Must be set to 2025-06-30."),
      [["breaking", "injected-header-changed"]],
    ],
    [
      "a pure description edit",
      (d: any) => {
        d.paths["/pets"].get.description = "Lists the pets, reworded.";
        d.components.schemas.Pet.description = "A pet.";
      },
      [],
    ],
    [
      "operation deprecated",
      (d: any) => (d.paths["/pets"].get.deprecated = true),
      [["warning", "operation-deprecated"]],
    ],
  ];
  it.each(mutations)("%s", async (_name, mutate, expected) => {
    expect(await classify(mutate)).toEqual(expected);
  });

  const deep: Array<[string, (doc: any) => unknown, string[][]]> = [
    // Response side: widening breaks.
    // Pet is the body of 3 success responses (GET /pets as items, POST /pets, GET /pets/{petId}); Owner is in Pet and in NewPet.
    [
      "nested response property removed",
      (d) => delete d.components.schemas.Pet.properties.tags.items.properties.label,
      thrice("breaking", "response-property-removed"),
    ],
    [
      "nested response property made optional",
      (d) => (d.components.schemas.Pet.properties.tags.items.required = []),
      thrice("breaking", "response-property-became-optional"),
    ],
    [
      "nested response property retyped",
      (d) => (d.components.schemas.Pet.properties.tags.items.properties.label.type = "integer"),
      thrice("breaking", "response-type-changed"),
    ],
    [
      "nested response property made nullable (3.0)",
      (d) => (d.components.schemas.Pet.properties.tags.items.properties.label.nullable = true),
      thrice("breaking", "response-became-nullable"),
    ],
    [
      "nested response property made nullable (3.1)",
      (d) => (d.components.schemas.Pet.properties.tags.items.properties.label.type = ["string", "null"]),
      thrice("breaking", "response-became-nullable"),
    ],
    [
      "response enum value added",
      (d) => owner(d).properties.tier.enum.push("team"),
      [["info", "request-enum-value-added"], ...thrice("breaking", "response-enum-value-added")],
    ],
    // Request side: narrowing breaks.
    [
      "nested request field made required",
      (d) => owner(d).required.push("age"),
      [["breaking", "request-property-became-required"], ...thrice("info", "response-property-became-required")],
    ],
    [
      "nested request field narrowed (string → integer)",
      (d) => (owner(d).properties.name.type = "integer"),
      [["breaking", "request-type-narrowed"], ...thrice("breaking", "response-type-changed")],
    ],
    [
      "nested request enum value removed",
      (d) => (owner(d).properties.tier.enum = ["free"]),
      [["breaking", "request-enum-value-removed"], ...thrice("info", "response-enum-value-removed")],
    ],
    [
      "maxLength tightened",
      (d) => (owner(d).properties.name.maxLength = 20),
      [["breaking", "request-constraint-tightened"], ...thrice("info", "response-constraint-tightened")],
    ],
    [
      "maxLength loosened (a warning where callers validate responses)",
      (d) => (owner(d).properties.name.maxLength = 80),
      [["info", "request-constraint-loosened"], ...thrice("warning", "response-constraint-loosened")],
    ],
    [
      "request oneOf variant removed",
      (d) => d.components.schemas.NewPet.properties.contact.oneOf.pop(),
      [["breaking", "request-variant-removed"]],
    ],
    [
      "request oneOf variant added",
      (d) =>
        d.components.schemas.NewPet.properties.contact.oneOf.push({
          type: "object",
          properties: { fax: { type: "string" } },
        }),
      [["info", "request-variant-added"]],
    ],
    // No-op rewrites: another $ref name with the same shape, reordering, descriptions.
    [
      "schema moved to another $ref name",
      (d) => {
        d.components.schemas.Person = owner(d);
        delete d.components.schemas.Owner;
        d.components.schemas.NewPet.properties.owner = { $ref: "#/components/schemas/Person" };
        d.components.schemas.Pet.properties.owner = { $ref: "#/components/schemas/Person" };
      },
      [],
    ],
    [
      "properties and enum values reordered, descriptions edited",
      (d) =>
        (owner(d).properties = {
          age: { type: "integer", description: "years" },
          tier: { type: "string", enum: ["pro", "free"] },
          name: owner(d).properties.name,
        }),
      [],
    ],
  ];
  it.each(deep)("%s", async (_name, mutate, expected) => {
    expect((await classify(mutate, nested)).sort(byLevel)).toEqual(expected.sort(byLevel));
  });

  it("a self-referencing schema terminates", async () => {
    const cyclic = (d: any) => (d.components.schemas.Pet.properties.parent = { $ref: "#/components/schemas/Pet" });
    expect(await classify(() => {}, cyclic)).toEqual([]);
    expect(await classify((d) => delete d.components.schemas.Pet.properties.name, cyclic)).toContainEqual([
      "breaking",
      "response-property-removed",
    ]);
  });

  it("enum values on parameters: removing one is breaking, adding one is not", async () => {
    const withEnumParam = (values: string[]) => (d: any) =>
      d.paths["/pets"].get.parameters.push({ name: "kind", in: "query", schema: { type: "string", enum: values } });
    const before = await base();
    withEnumParam(["cat", "dog"])(before);
    const removed = await base();
    withEnumParam(["cat"])(removed);
    const added = await base();
    withEnumParam(["cat", "dog", "bird"])(added);
    expect(diffManifests(manifest(before), manifest(removed)).breaking.map((f) => f.id)).toEqual([
      "request-enum-value-removed",
    ]);
    expect(diffManifests(manifest(before), manifest(added)).nonBreaking.map((f) => f.id)).toEqual([
      "request-enum-value-added",
    ]);
  });
});

function thrice(level: string, id: string): string[][] {
  return [
    [level, id],
    [level, id],
    [level, id],
  ];
}

function byLevel(a: string[], b: string[]): number {
  return `${a[0]} ${a[1]}`.localeCompare(`${b[0]} ${b[1]}`);
}

describe("npm run specs:diff", () => {
  const args = [
    "scripts/diff.ts",
    "--provider",
    "savvycal",
    "--base",
    history("savvycal", "c436335"),
    "--spec",
    history("savvycal", "f05eb9b"),
  ];
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
    expect(JSON.parse(json.stdout).providers[0]).toMatchObject({
      provider: "savvycal",
      counts: { breaking: 0, warning: 0, info: 2 },
    });
    const github = await exitCode(["--format", "github", "--fail-on", "none"]);
    expect(github.stdout.trim().split("\n")).toEqual([
      "::notice title=savvycal POST /v1/users (request-property-added)::request body application/json › add_provider%3A `add_provider` added".replace(
        "%3A",
        ":",
      ),
      "::notice title=savvycal POST /v1/users (request-property-added)::request body application/json › display_name: `display_name` added",
    ]);
  });

  it("against the committed manifest with the mirror: no change (the clients match their specs)", async () => {
    const { stdout } = await run(tsx, ["scripts/diff.ts", "--fail-on", "any", "--mirror", sharedSpecsDir], {
      cwd: repoRoot,
    });
    expect(stdout.match(/: 0 breaking, 0 warning, 0 info/g)).toHaveLength(4);
  });
});

describe("the spec-update workflow", () => {
  it("is a valid GitHub Actions workflow that runs specs:diff and opens a pull request with its report", async () => {
    const file = path.join(repoRoot, ".github/workflows/specs-update.yml");
    await run(path.join(repoRoot, "node_modules/.bin/action-validator"), [file]);
    const text = await readFile(file, "utf8");
    expect(text).toMatch(/specs:diff -- --format md --fail-on none > spec-report\.md/);
    expect(text).toMatch(/body-path: spec-report\.md/);
  });
});
