/**
 * Cal.com `GET /v2/slots` (specs/corrections/calcom.json): the spec types its 200 answer as the
 * slot map alone, while its own examples — and the API — answer `{ status, data: { [date]: slots } }`
 * with slot objects. The expected shape is derived from the spec's examples: each example must
 * conform to its corrected `oneOf` member, and did not to the uncorrected one.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acceptProviderSpec } from "../../../src/codegen/accept/accept.js";
import { projectPaths } from "../../../src/codegen/config/paths.js";
import { loadProviders } from "../../../src/codegen/config/providers.js";
import { parseSpecText } from "../../../src/codegen/accept/spec-document.js";
import { sharedSpecsDir } from "../../helpers/scratch-project.js";

/** Where a value breaks the schema (the JSON Schema keywords these members use), or undefined. */
function mismatch(schema: any, value: unknown, at = ""): string | undefined {
  if (Array.isArray(schema.oneOf)) {
    const fits = schema.oneOf.filter((member: any) => mismatch(member, value, at) === undefined).length;
    return fits >= 1 ? undefined : `${at}: matches no oneOf member`;
  }
  const type = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
  if (schema.type && !(schema.type === type || (schema.type === "integer" && Number.isInteger(value))))
    return `${at}: ${type}, not ${schema.type}`;
  if (schema.enum && !schema.enum.includes(value)) return `${at}: ${JSON.stringify(value)} is not in the enum`;
  if (type === "array" && schema.items)
    for (const [index, item] of (value as unknown[]).entries()) {
      const problem = mismatch(schema.items, item, `${at}/${index}`);
      if (problem) return problem;
    }
  if (type === "object") {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in object)) return `${at}: ${name} is missing`;
    for (const [name, item] of Object.entries(object)) {
      const declared = schema.properties?.[name];
      const sub =
        declared ?? (typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined);
      if (!sub) continue;
      const problem = mismatch(sub, item, `${at}/${name}`);
      if (problem) return problem;
    }
  }
  return undefined;
}

const slotsAnswer = (doc: any) => doc.paths["/v2/slots"].get.responses["200"].content["application/json"].schema;

describe("Cal.com GET /v2/slots", async () => {
  const text = await readFile(path.join(sharedSpecsDir, "calcom/openapi.json"), "utf8");
  const calcom = (await loadProviders(projectPaths)).find((provider) => provider.id === "calcom")!;
  const raw = slotsAnswer(parseSpecText(text, "json"));
  const corrected = slotsAnswer((await acceptProviderSpec(calcom, text, projectPaths)).document);

  it.each([0, 1])("oneOf member %i: its own example conforms once corrected, and did not before", (index) => {
    const example = raw.oneOf[index].example;
    expect(example).toMatchObject({ status: "success", data: expect.any(Object) });
    expect(mismatch(raw.oneOf[index], example)).toBeDefined();
    expect(corrected.oneOf[index].example).toEqual(example);
    expect(mismatch(corrected.oneOf[index], example)).toBeUndefined();
  });

  it("the slots are objects: { start } by default, { start, end } with format=range", () => {
    const slot = (index: number) => corrected.oneOf[index].properties.data.additionalProperties.items;
    const keysOf = (index: number) => Object.keys(Object.values<any[]>(raw.oneOf[index].example.data)[0][0]).sort();
    expect([...slot(0).required].sort()).toEqual(keysOf(0));
    expect([...slot(1).required].sort()).toEqual(keysOf(1));
    // Neither format's example is the other's: format=range answers carry an end.
    expect(mismatch(corrected.oneOf[1], raw.oneOf[0].example)).toBeDefined();
  });
});
