/**
 * openapi-fetch's media-type type parameter, kept by the factories and the client types: it picks
 * which of an operation's media types `data` is typed from (Acme's GET /v1/me answers JSON or
 * JSON-LD). And the runtime's two entries: apps get no plumbing from `scheduling-clients/runtime`.
 */
import { describe, expectTypeOf, test } from "vitest";
import { createAcmeClient, type AcmeClient, type AcmeThrowingClient } from "../fixtures/acme/generated/index.js";

const session = { kind: "session", accessToken: "t" } as const;
type Json = { id?: string };
type JsonLd = { "@id"?: string };

describe("the media type data is typed from", () => {
  test("by default, every media type the operation answers with", async () => {
    const { data } = await createAcmeClient({ auth: session }).GET("/v1/me");
    expectTypeOf(data).toEqualTypeOf<Json | JsonLd | undefined>();
  });

  test("the factory's second type parameter picks one, as createClient<paths, Media>() does", async () => {
    const { data } = await createAcmeClient<typeof session, "application/ld+json">({ auth: session }).GET("/v1/me");
    expectTypeOf(data).toEqualTypeOf<JsonLd | undefined>();
  });

  test("it holds with throwOnError and through withOptions", async () => {
    const throwing = createAcmeClient<typeof session, "application/json">({ auth: session, throwOnError: true });
    expectTypeOf((await throwing.GET("/v1/me")).data).toEqualTypeOf<Json>();
    const lenient = throwing.withOptions({ throwOnError: false });
    expectTypeOf((await lenient.GET("/v1/me")).data).toEqualTypeOf<Json | undefined>();
    expectTypeOf((await lenient.withOptions({ throwOnError: true }).GET("/v1/me")).data).toEqualTypeOf<Json>();
  });

  test("the client types take it too", async () => {
    const client: AcmeClient<typeof session, "application/ld+json"> = createAcmeClient<
      typeof session,
      "application/ld+json"
    >({ auth: session });
    expectTypeOf((await client.GET("/v1/me")).data).toEqualTypeOf<JsonLd | undefined>();
    const throwing: AcmeThrowingClient<typeof session, "application/ld+json"> = client.withOptions({
      throwOnError: true,
    });
    expectTypeOf((await throwing.GET("/v1/me")).data).toEqualTypeOf<JsonLd>();
    // @ts-expect-error a media type is `type/subtype`
    type _NotAMediaType = AcmeClient<typeof session, "json">;
  });
});

describe("what the app's entry does not offer", () => {
  test("the table types and the factory are for generated code (scheduling-clients/runtime/generated)", () => {
    // @ts-expect-error not for apps
    type _Table = import("scheduling-clients/runtime").ProviderAuth;
    // @ts-expect-error not for apps
    type _Factory = typeof import("scheduling-clients/runtime").createAuthorizedClient;
    expectTypeOf<import("scheduling-clients/runtime/generated").ProviderAuth>().toHaveProperty("operations");
  });
});
