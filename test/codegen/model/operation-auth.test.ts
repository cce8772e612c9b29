import { readFile, writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acceptSpec } from "../../../src/codegen/accept/accept.js";
import { generateProviders } from "../../../src/codegen/generate.js";
import { checkAnnotations, loadAnnotations, type Annotations } from "../../../src/codegen/config/annotations.js";
import { operationModel } from "../../../src/codegen/model/operation-model.js";
import { projectPaths } from "../../../src/codegen/config/paths.js";
import { parseSpecText } from "../../../src/codegen/accept/spec-document.js";
import {
  fixtureProvider,
  fixturesDir,
  makeScratchProject,
  readFixture,
  sharedSpecsDir,
} from "../../helpers/scratch-project.js";

const versioned: Annotations = checkAnnotations(
  {
    docs: "https://petshop.example/docs",
    credentials: {
      apiKey: { label: "API key", options: { apiKey: "required" }, headers: { Authorization: "Bearer {apiKey}" } },
    },
    derive: { headerParameters: { Authorization: ["apiKey"] }, versionHeader: "pet-api-version" },
    defaults: { credentials: ["apiKey"] },
  },
  "specs/annotations/petshop.yaml",
);

async function petshopWithVersionHeader(parameter: Record<string, unknown>) {
  const doc = parseSpecText(await readFixture("petshop.json"), "json");
  (doc.paths["/pets"] as any).get.parameters.push({
    name: "pet-api-version",
    in: "header",
    required: true,
    ...parameter,
  });
  return doc;
}

describe("deriving from the spec", () => {
  it("takes the version value from the schema default, else from 'Must be set to YYYY-MM-DD'", async () => {
    let [listPets] = operationModel(
      await petshopWithVersionHeader({ schema: { type: "string", default: "2025-01-02" } }),
      versioned,
      "petshop",
    ).operations;
    expect(listPets.headers).toEqual({ "pet-api-version": "2025-01-02" });
    [listPets] = operationModel(
      await petshopWithVersionHeader({ description: "Must be set to 2024-08-13.", schema: { type: "string" } }),
      versioned,
      "petshop",
    ).operations;
    expect(listPets.headers).toEqual({ "pet-api-version": "2024-08-13" });
  });

  it("fails loudly when an operation requires the version header and no value can be found", async () => {
    const doc = await petshopWithVersionHeader({ description: "The API version.", schema: { type: "string" } });
    expect(() => operationModel(doc, versioned, "petshop").operations).toThrow(
      'specs/annotations/petshop.yaml: GET /pets requires the pet-api-version header but the spec gives no value for it (neither a schema default nor "Must be set to YYYY-MM-DD")',
    );
  });

  const headerDerived = (rules: object[] = []) =>
    checkAnnotations(
      {
        docs: versioned.docs,
        credentials: versioned.credentials,
        derive: { headerParameters: { Authorization: ["apiKey"] } },
        rules,
      },
      "specs/annotations/petshop.yaml",
    );

  async function petshopWithAuthHeaders() {
    const doc = parseSpecText(await readFixture("petshop.json"), "json");
    (doc.paths["/pets"] as any).get.parameters.push({ name: "Authorization", in: "header", required: true });
    (doc.paths["/pets"] as any).post.parameters = [{ name: "authorization", in: "header", required: false }];
    return doc;
  }

  it("auth header parameters give the credentials; optional ones do not make an operation public", async () => {
    const doc = await petshopWithAuthHeaders();
    const [list, create, get] = operationModel(
      doc,
      headerDerived([
        { source: "https://petshop.example/docs/public", match: { operations: ["GET /pets/{petId}"] }, public: true },
      ]),
      "petshop",
    ).operations;
    expect(list.access).toEqual([{ kind: "apiKey" }]);
    expect(create.access).toEqual([{ kind: "apiKey" }]);
    expect(create.publicBy).toBeUndefined();
    expect(get.access).toEqual([{ kind: "none" }]);
    expect(get.publicBy).toBe("rules[0]");
  });

  it("an operation that declares no auth header fails generation until a rule decides it", async () => {
    const doc = await petshopWithAuthHeaders();
    expect(() => operationModel(doc, headerDerived(), "petshop").operations).toThrow(
      "specs/annotations/petshop.yaml: GET /pets/{petId} declares none of the auth header parameters (Authorization): add a rule, with its source, naming the credentials it accepts or making it public",
    );
    const [, , get] = operationModel(
      doc,
      headerDerived([{ match: { operations: ["GET /pets/{petId}"] }, credentials: ["apiKey"] }]),
      "petshop",
    ).operations;
    expect(get.access).toEqual([{ kind: "apiKey" }]);
  });

  it("`public: true` adds none to the derived credentials and `public: false` takes it away", async () => {
    const doc = await petshopWithAuthHeaders();
    const rules = [
      { source: "https://petshop.example/docs/public", match: { pathPrefix: "/pets" }, public: true },
      { match: { operations: ["GET /pets"] }, public: false },
    ];
    const [list, create, get] = operationModel(doc, headerDerived(rules), "petshop").operations;
    expect(create.access).toEqual([{ kind: "apiKey" }, { kind: "none" }]);
    expect(get.access).toEqual([{ kind: "none" }]);
    expect(list.access).toEqual([{ kind: "apiKey" }]);
    expect(list.publicBy).toBeUndefined();
  });

  it("making an operation public takes a documented source; a public operation with no reason fails", async () => {
    expect(() => headerDerived([{ match: { pathPrefix: "/pets" }, public: true }])).toThrow(
      /rules\[0\] makes operations public, so it needs the `source` that documents it/,
    );
    expect(() => headerDerived([{ match: { pathPrefix: "/pets" }, credentials: ["none"] }])).toThrow(
      /rules\[0\] makes operations public/,
    );
    const publicByDefault = checkAnnotations(
      { docs: versioned.docs, credentials: versioned.credentials, defaults: { credentials: ["apiKey", "none"] } },
      "specs/annotations/petshop.yaml",
    );
    const doc = parseSpecText(await readFixture("petshop.json"), "json");
    expect(() => operationModel(doc, publicByDefault, "petshop").operations).toThrow(
      /GET \/pets would be public with no documented reason: public operations come from the spec's security or from a rule with its source/,
    );
  });

  it("the spec's `security: []` makes an operation public, and says so", async () => {
    const doc = parseSpecText(await readFixture("petshop.json"), "json");
    doc.security = [{ bearer: [] }];
    (doc.paths["/pets"] as any).get.security = [];
    const annotations = checkAnnotations(
      { docs: versioned.docs, credentials: versioned.credentials, derive: { securitySchemes: { bearer: ["apiKey"] } } },
      "specs/annotations/petshop.yaml",
    );
    const [list, create] = operationModel(doc, annotations, "petshop").operations;
    expect(list.access).toEqual([{ kind: "none" }]);
    expect(list.publicBy).toBe("spec security");
    expect(create.access).toEqual([{ kind: "apiKey" }]);
  });

  it("Cal.com: every cal-api-version value equals what the spec's parameters say", async () => {
    const text = await readFile(path.join(sharedSpecsDir, "calcom/openapi.json"), "utf8");
    // Independently of the resolver: straight from the raw document.
    const expected: Record<string, string> = {};
    for (const [specPath, item] of Object.entries<any>(JSON.parse(text).paths))
      for (const [method, operation] of Object.entries<any>(item)) {
        const parameter = (operation.parameters ?? []).find((p: any) => p.name === "cal-api-version");
        if (parameter)
          expected[`${method} ${specPath}`] =
            parameter.schema?.default ?? /\d{4}-\d{2}-\d{2}/.exec(parameter.description)![0];
      }
    expect(Object.keys(expected).length).toBeGreaterThan(30);
    const accepted = await acceptSpec(text, { name: "calcom", format: "json" });
    const resolved = operationModel(
      accepted.document,
      (await loadAnnotations(projectPaths.annotationsDir, "calcom"))!,
      "calcom",
    ).operations;
    const actual = Object.fromEntries(
      resolved
        .filter((op) => op.headers["cal-api-version"])
        .map((op) => [`${op.method} ${op.path}`, op.headers["cal-api-version"]]),
    );
    expect(actual).toEqual(expected);
  });

  it("Cal.com: public are exactly the operations its docs call public, each with its rule", async () => {
    const text = await readFile(path.join(sharedSpecsDir, "calcom/openapi.json"), "utf8");
    const accepted = await acceptSpec(text, { name: "calcom", format: "json" });
    const resolved = operationModel(
      accepted.document,
      (await loadAnnotations(projectPaths.annotationsDir, "calcom"))!,
      "calcom",
    ).operations;
    const publicOperations = resolved
      .filter((op) => op.credentials.includes("none"))
      .map((op) => `${op.method.toUpperCase()} ${op.path}`);
    // Written out from the docs (booking flow, slots, public event types, OAuth redirect targets).
    expect(publicOperations.sort()).toEqual(
      [
        "POST /v2/bookings",
        "GET /v2/bookings/{bookingUid}",
        "POST /v2/bookings/{bookingUid}/reschedule",
        "POST /v2/bookings/{bookingUid}/cancel",
        "GET /v2/slots",
        "POST /v2/slots/reservations",
        "GET /v2/slots/reservations/{uid}",
        "PATCH /v2/slots/reservations/{uid}",
        "DELETE /v2/slots/reservations/{uid}",
        "GET /v2/event-types",
        "GET /v2/teams/{teamId}/event-types",
        "GET /v2/calendars/{calendar}/save",
        "GET /v2/conferencing/{app}/oauth/callback",
        "GET /v2/stripe/save",
        "GET /v2/organizations/{orgId}/teams/{teamId}/conferencing/{app}/oauth/callback",
        "GET /v2/organizations/{orgId}/teams/{teamId}/stripe/save",
      ].sort(),
    );
    for (const op of resolved) expect(Boolean(op.publicBy)).toBe(op.credentials.includes("none"));
    // The three families the docs say need OAuth client credentials: 6 + 7 + 5 operations.
    const teamFamilies = resolved.filter((op) =>
      op.tags.some((tag) => ["Orgs / Teams", "Orgs / Teams / Event Types", "Orgs / Teams / Memberships"].includes(tag)),
    );
    expect(teamFamilies).toHaveLength(18);
    for (const op of teamFamilies)
      expect(op.access).toEqual([{ kind: "apiKey" }, { kind: "oauthClient" }, { kind: "managedUser" }]);
  });

  it("SavvyCal: the docs override the spec's bearer on /v1/public/*", async () => {
    const text = await readFile(path.join(sharedSpecsDir, "savvycal/openapi.json"), "utf8");
    const accepted = await acceptSpec(text, { name: "savvycal", format: "json" });
    for (const operation of Object.values<any>(accepted.document.paths["/v1/public/appointments"]))
      expect(operation.security).toEqual([{ authorization: [] }]);
    const resolved = operationModel(
      accepted.document,
      (await loadAnnotations(projectPaths.annotationsDir, "savvycal"))!,
      "savvycal",
    ).operations;
    const publicOperations = resolved.filter((op) => op.path.startsWith("/v1/public/"));
    expect(publicOperations).toHaveLength(7);
    for (const operation of publicOperations) expect(operation.access).toEqual([{ kind: "none" }]);
  });
});

describe("annotations that no longer match the spec fail generation", () => {
  const withRule = (rule: object) =>
    checkAnnotations(
      { ...versioned, derive: { headerParameters: { Authorization: ["apiKey"] } }, rules: [rule] },
      "specs/annotations/petshop.yaml",
    );

  /** Builds the petshop model with one public rule matching `match`. */
  const modelWithPublicRule = async (match: object) => {
    const doc = parseSpecText(await readFixture("petshop.json"), "json");
    const rule = { source: "https://petshop.example/docs", match, credentials: ["none"] };
    return () => operationModel(doc, withRule(rule), "petshop");
  };

  it("a rule naming an operation the spec does not have", async () => {
    expect(await modelWithPublicRule({ operations: ["DELETE /pets/{petId}"] })).toThrow(
      "specs/annotations/petshop.yaml: rules[0] names operations the spec does not have: DELETE /pets/{petId}",
    );
  });

  it("a rule whose prefix matches nothing", async () => {
    expect(await modelWithPublicRule({ pathPrefix: "/owners/" })).toThrow(
      /rules\[0\] matches no operation of the spec/,
    );
  });

  it("a rule naming an unknown credential kind, or a header template using an undeclared option", () => {
    expect(() => withRule({ match: { pathPrefix: "/pets" }, credentials: ["bearer"] })).toThrow(
      /rules\[0\].credentials: unknown credential kind "bearer"/,
    );
    expect(() =>
      checkAnnotations(
        { docs: "d", credentials: { apiKey: { label: "k", options: {}, headers: { Authorization: "Bearer {key}" } } } },
        "specs/annotations/petshop.yaml",
      ),
    ).toThrow(/header template uses \{key\}, which is not among its options/);
  });

  it("through generate: the provider fails, nothing is written", async () => {
    const project = await makeScratchProject();
    try {
      await mkdir(project.paths.annotationsDir, { recursive: true });
      await writeFile(
        path.join(project.paths.annotationsDir, "petshop.yaml"),
        "docs: https://petshop.example\ncredentials:\n  apiKey: { label: API key, options: { apiKey: required }, headers: { Authorization: 'Bearer {apiKey}' } }\nrules:\n  - match: { operations: [GET /cats] }\n    credentials: [apiKey]\n",
      );
      const lines: string[] = [];
      const report = await generateProviders(
        [fixtureProvider({ source: { file: path.join(fixturesDir, "petshop.json") } })],
        { paths: project.paths, log: (line) => lines.push(line) },
      );
      expect(report.failed).toEqual(["petshop"]);
      expect(lines[0]).toMatch(
        /^✗ petshop: .*specs\/annotations\/petshop\.yaml: rules\[0\] names operations the spec does not have: GET \/cats/,
      );
      expect(await project.readOrUndefined(path.join(project.paths.generatedDir, "petshop/index.ts"))).toBeUndefined();
    } finally {
      await project.remove();
    }
  });
});
