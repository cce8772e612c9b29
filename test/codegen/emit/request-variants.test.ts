/**
 * Request variants of component schemas (emit/request-variants.ts): what reaches a default gets a
 * variant, cycles terminate, oneOf discriminators keep their values, names never collide.
 */
import { describe, expect, it } from "vitest";
import { addRequestVariants } from "../../../src/codegen/emit/request-variants.js";
import { emitSchemaTypes } from "../../../src/codegen/emit/schema-types.js";
import type { OpenApiDocument } from "../../../src/codegen/accept/spec-document.js";

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const documentWith = (schemas: Record<string, unknown>, body: unknown): OpenApiDocument =>
  ({
    openapi: "3.1.0",
    info: { title: "t", version: "1" },
    paths: {
      "/x": {
        post: { requestBody: { content: { "application/json": { schema: body } } }, responses: {} },
        get: { responses: { "200": { description: "ok", content: { "application/json": { schema: body } } } } },
      },
    },
    components: { schemas },
  }) as unknown as OpenApiDocument;

const sent = (doc: any) => doc.paths["/x"].post.requestBody.content["application/json"].schema;

describe("request variants", () => {
  it("follows references through cycles; only what reaches a default gets a variant; responses keep the originals", () => {
    const doc: any = documentWith(
      {
        Tree: { type: "object", properties: { children: { type: "array", items: ref("Tree") }, leaf: ref("Leaf") } },
        Leaf: { type: "object", properties: { colour: { type: "string", default: "green" }, tree: ref("Tree") } },
        Plain: { type: "object", properties: { id: { type: "string" } } },
        TreeRequest: { type: "string" }, // the spec's own name: the variant must not take it
      },
      { type: "object", properties: { tree: ref("Tree"), plain: ref("Plain") } },
    );
    addRequestVariants(doc);
    const schemas = doc.components.schemas;
    expect(sent(doc).properties).toEqual({ tree: ref("TreeRequest_"), plain: ref("Plain") });
    expect(schemas.TreeRequest).toEqual({ type: "string" });
    expect(schemas.TreeRequest_.properties).toEqual({
      children: { type: "array", items: ref("TreeRequest_") },
      leaf: ref("LeafRequest"),
    });
    expect(schemas.LeafRequest.properties.colour).toEqual({ type: "string", description: 'Defaults to "green".' });
    expect(schemas.LeafRequest.properties.tree).toEqual(ref("TreeRequest_"));
    expect(schemas.Leaf.properties.colour.default).toBe("green");
    expect(schemas.PlainRequest).toBeUndefined();
    expect(doc.paths["/x"].get.responses["200"].content["application/json"].schema.properties.tree).toEqual(
      ref("Tree"),
    );
  });

  it("a oneOf discriminator maps each rewritten member to the value its component's name gave", () => {
    const doc: any = documentWith(
      {
        Cat: { type: "object", properties: { kind: { type: "string" }, lives: { type: "integer", default: 9 } } },
        Dog: { type: "object", properties: { kind: { type: "string" } } },
        Bird: { type: "object", properties: { kind: { type: "string" }, sings: { type: "boolean", default: true } } },
      },
      {
        oneOf: [ref("Cat"), ref("Dog"), ref("Bird")],
        discriminator: { propertyName: "kind", mapping: { tweety: "#/components/schemas/Bird" } },
      },
    );
    addRequestVariants(doc);
    expect(sent(doc).oneOf).toEqual([ref("CatRequest"), ref("Dog"), ref("BirdRequest")]);
    expect(sent(doc).discriminator.mapping).toEqual({
      tweety: "#/components/schemas/BirdRequest",
      Cat: "#/components/schemas/CatRequest",
    });
  });

  it("a child inheriting a discriminator keeps its value: its variant inherits from the parent's variant, mapped to it", async () => {
    const doc: any = documentWith(
      {
        Pet: {
          type: "object",
          required: ["petType"],
          properties: { petType: { type: "string" } },
          discriminator: { propertyName: "petType" },
        },
        Cat: { allOf: [ref("Pet"), { type: "object", properties: { lives: { type: "integer", default: 9 } } }] },
      },
      ref("Cat"),
    );
    addRequestVariants(doc);
    const schemas = doc.components.schemas;
    expect(schemas.CatRequest.allOf[0]).toEqual(ref("PetRequest"));
    expect(schemas.PetRequest.discriminator.mapping).toEqual({ Cat: "#/components/schemas/CatRequest" });
    expect(schemas.Pet.discriminator.mapping).toBeUndefined();
    // What openapi-typescript then prints: the value is "Cat" in the request variant too.
    const types = await emitSchemaTypes(doc, "t");
    expect(types).not.toContain('"CatRequest";');
    expect(types.match(/petType: "Cat";/g)).toHaveLength(2);
  });
});
