import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acceptSpec } from "../../../src/codegen/accept/accept.js";
import { repairSpec } from "../../../src/codegen/accept/repair.js";
import { parseSpecText } from "../../../src/codegen/accept/spec-document.js";
import { readFixture, sharedSpecsDir } from "../../helpers/scratch-project.js";

async function fixture() {
  return parseSpecText(await readFixture("petshop.json"), "json");
}

describe("repairs of defects real specs ship with", () => {
  it("a dangling schema $ref becomes an unconstrained schema", async () => {
    const doc = await fixture();
    (doc.components!.schemas as any).Pet.properties.owner = { $ref: "#/components/schemas/Owner", description: "kept" };
    expect(repairSpec(doc)).toEqual([
      expect.objectContaining({
        kind: "dangling-schema-ref",
        pointer: "/components/schemas/Pet/properties/owner/$ref",
      }),
    ]);
    expect((doc.components!.schemas as any).Pet.properties.owner).toEqual({ description: "kept" });
  });

  it("an enum contradicting its declared type takes the values' type", async () => {
    const doc = await fixture();
    (doc.components!.schemas as any).Pet.properties.size = { type: "object", enum: ["s", "m", "l"] };
    (doc.components!.schemas as any).Pet.properties.legs = { type: "string", enum: [2, 4] };
    const repairs = repairSpec(doc);
    expect(repairs.map((r) => [r.kind, r.pointer])).toEqual([
      ["enum-type-mismatch", "/components/schemas/Pet/properties/size/type"],
      ["enum-type-mismatch", "/components/schemas/Pet/properties/legs/type"],
    ]);
    expect((doc.components!.schemas as any).Pet.properties.size.type).toBe("string");
    expect((doc.components!.schemas as any).Pet.properties.legs.type).toBe("integer");
  });

  it("a scalar enum on an array schema moves onto its items", async () => {
    const doc = await fixture();
    (doc.components!.schemas as any).Pet.properties.days = {
      type: "array",
      enum: ["Mon", "Tue"],
      items: { type: "string" },
    };
    expect(repairSpec(doc)).toEqual([
      expect.objectContaining({ kind: "enum-type-mismatch", pointer: "/components/schemas/Pet/properties/days/enum" }),
    ]);
    expect((doc.components!.schemas as any).Pet.properties.days).toEqual({
      type: "array",
      items: { type: "string", enum: ["Mon", "Tue"] },
    });
  });

  it("a consistent enum, and enums inside examples, are left alone", async () => {
    const doc = await fixture();
    (doc.components!.schemas as any).Pet.example = { type: "object", enum: ["not", "a", "schema"] };
    const before = JSON.stringify(doc);
    expect(repairSpec(doc)).toEqual([]);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it("a non-JSON-Schema type name is read as what it means, or dropped", async () => {
    const doc = await fixture();
    (doc.components!.schemas as any).Pet.properties.born = { type: "date" };
    (doc.components!.schemas as any).Pet.properties.weird = { type: "thing" };
    expect(repairSpec(doc).map((r) => r.kind)).toEqual(["unknown-schema-type", "unknown-schema-type"]);
    expect((doc.components!.schemas as any).Pet.properties.born).toEqual({ type: "string", format: "date" });
    expect((doc.components!.schemas as any).Pet.properties.weird).toEqual({});
  });

  it("duplicate operationIds get a numbered suffix, the first keeps its name", async () => {
    const doc = await fixture();
    (doc.paths["/pets/{petId}"] as any).get.operationId = "listPets";
    expect(repairSpec(doc)).toEqual([
      expect.objectContaining({ kind: "duplicate-operation-id", pointer: "/paths/~1pets~1{petId}/get/operationId" }),
    ]);
    expect((doc.paths["/pets"] as any).get.operationId).toBe("listPets");
    expect((doc.paths["/pets/{petId}"] as any).get.operationId).toBe("listPets_2");
  });

  it("path parameters: undeclared ones are declared, unused ones dropped, optional ones made required", async () => {
    const doc = await fixture();
    doc.paths["/owners/{ownerId}/pets/{petId}"] = {
      get: {
        parameters: [
          { name: "petId", in: "path", required: false, schema: { type: "string" } },
          { name: "shop", in: "path", required: true, schema: { type: "string" } },
        ],
        responses: { "200": { description: "ok" } },
      },
    };
    const repairs = repairSpec(doc);
    expect(repairs.map((r) => r.kind).sort()).toEqual([
      "optional-path-parameter",
      "undeclared-path-parameter",
      "unused-path-parameter",
    ]);
    const parameters = (doc.paths["/owners/{ownerId}/pets/{petId}"] as any).get.parameters;
    expect(parameters).toEqual([
      { name: "petId", in: "path", required: true, schema: { type: "string" } },
      { name: "ownerId", in: "path", required: true, schema: { type: "string" } },
    ]);
  });
});

describe("the real Cal.com specs", () => {
  const read = (name: string) => readFile(path.join(sharedSpecsDir, "calcom", name), "utf8");

  it("current spec: the three `type: object` string enums are repaired, and no reference dangles", async () => {
    const accepted = await acceptSpec(await read("openapi.json"), { name: "calcom", format: "json" });
    const enumRepairs = accepted.repairs.filter(
      (r) => r.kind === "enum-type-mismatch" && r.detail.includes('"object"'),
    );
    expect(enumRepairs.map((r) => r.pointer)).toEqual([
      "/components/schemas/WorkflowTriggerOffsetDto/properties/unit/type",
      "/components/schemas/EventTypeWorkflowTriggerDto/properties/type/type",
      "/components/schemas/RoutingFormWorkflowTriggerDto/properties/type/type",
    ]);
    expect(accepted.repairs.some((r) => r.kind === "dangling-schema-ref")).toBe(false);
    expect(accepted.operationCount).toBe(266);
  });

  it("008af94: each $ref to a schema missing from the document is repaired and reported", async () => {
    const text = await read("history/008af94.json");
    // Derived independently of the repair code: every schema reference in the raw text whose target is absent.
    const schemas = Object.keys(JSON.parse(text).components.schemas);
    const missing = [...text.matchAll(/"\$ref":\s*"#\/components\/schemas\/([^"]+)"/g)]
      .map((m) => m[1])
      .filter((name) => !schemas.includes(name));
    expect(missing).toHaveLength(6);
    const accepted = await acceptSpec(text, { name: "calcom", format: "json" });
    const dangling = accepted.repairs.filter((r) => r.kind === "dangling-schema-ref");
    expect(dangling).toHaveLength(6);
    for (const repair of dangling)
      expect(repair.pointer).toMatch(/^\/components\/schemas\/UpdateBookingLocationInput_2024_08_13\//);
    expect(dangling.map((r) => r.detail.match(/#\/components\/schemas\/(\S+)/)![1]).sort()).toEqual(
      [...missing].sort(),
    );
  });
});
