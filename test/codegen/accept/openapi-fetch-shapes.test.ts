/**
 * What openapi-fetch's own schemas use is accepted as openapi-typescript and openapi-fetch read it:
 * any 3.x version string, and label / matrix / explode path templates (`{.name}`, `{;name}`,
 * `{name*}`), kept as the parameters they name — not "repaired" into parameters named `.name`.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import { acceptSpec } from "../../../src/codegen/accept/accept.js";
import { pathTemplateNames } from "../../../src/codegen/accept/repair.js";
import { createAcmeClient, type paths } from "../../fixtures/acme/generated/index.js";
import { useLoopbackServer } from "../../helpers/loopback-server.js";

const spec = (openapi: string, path = "/a", parameters: unknown[] = []) =>
  `openapi: ${openapi}\ninfo: { title: t, version: "1" }\npaths:\n  "${path}":\n    get:\n      parameters: ${JSON.stringify(parameters)}\n      responses: { "200": { description: ok } }\n`;

describe("OpenAPI version strings", () => {
  it.each(["3.1", "3.0", "3", "'3.1'", "3.0.3", "3.1.1", "3.2.0"])("openapi: %s is accepted", async (version) => {
    const accepted = await acceptSpec(spec(version), { name: "t", format: "yaml" });
    expect(accepted.operationCount).toBe(1);
  });

  it.each(["2.0", "4.0.0", "three"])("openapi: %s is refused, blamed on the spec", async (version) => {
    await expect(acceptSpec(spec(version), { name: "t", format: "yaml" })).rejects.toMatchObject({
      fault: "spec",
      message: expect.stringMatching(/^unsupported OpenAPI version/),
    });
  });
});

describe("label, matrix and explode path templates", () => {
  it("name the parameters openapi-fetch fills in", () => {
    expect(pathTemplateNames("/v1/exports{.format}{;filter*}/{id}/{tags*}")).toEqual([
      "format",
      "filter",
      "id",
      "tags",
    ]);
  });

  it("are kept with their declared parameters: no undeclared `.name` added, no declaration dropped", async () => {
    const parameters = [
      { name: "format", in: "path", required: true, style: "label", schema: { type: "string" } },
      { name: "filter", in: "path", required: true, style: "matrix", explode: true, schema: { type: "object" } },
    ];
    const accepted = await acceptSpec(spec("3.1.0", "/v1/exports{.format}{;filter*}", parameters), {
      name: "t",
      format: "yaml",
    });
    expect(accepted.repairs).toEqual([]);
    expect((accepted.document.paths["/v1/exports{.format}{;filter*}"] as any).get.parameters).toEqual(parameters);
  });

  describe("through a generated client (Acme's GET /v1/exports{.format}{;filter*})", () => {
    const server = useLoopbackServer();

    it("compiles with the parameters by name and serialises as openapi-fetch does", async () => {
      type PathParams = paths["/v1/exports{.format}{;filter*}"]["get"]["parameters"]["path"];
      expectTypeOf<PathParams>().toEqualTypeOf<{ format: "json" | "csv"; filter: { from?: string; to?: string } }>();
      const client = createAcmeClient({
        baseUrl: server.origin,
        auth: { kind: "apiKey", apiKey: "acme-key-1" },
        logLevel: "off",
      });
      const { response } = await client.GET("/v1/exports{.format}{;filter*}", {
        params: { path: { format: "csv", filter: { from: "2026-01-01", to: "2026-02-01" } } },
      });
      expect(response.status).toBe(200);
      expect(server.requests.map((request) => request.url)).toEqual(["/v1/exports.csv;from=2026-01-01;to=2026-02-01"]);
    });
  });
});
