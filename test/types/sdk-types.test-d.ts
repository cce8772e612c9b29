/**
 * Type-level promises of the SDK layer: no operation's `error` is `never`; request-body fields the
 * API defaults are optional; `paginate` takes only paginated lists and yields their items;
 * `throwOnError` types `data` as the success body.
 */
import type { ErrorResponse, MediaType } from "openapi-typescript-helpers";
import { describe, expectTypeOf, test } from "vitest";
import {
  createAstrocalClient,
  type components as astrocal,
  type paths as astrocalPaths,
} from "../../generated/astrocal/index.js";
import { createCalcomClient, type paths as calcomPaths } from "../../generated/calcom/index.js";
import {
  createSavvyCalClient,
  type components as savvycal,
  type paths as savvycalPaths,
} from "../../generated/savvycal/index.js";
import {
  createTimekitClient,
  type components as timekit,
  type paths as timekitPaths,
} from "../../generated/timekit/index.js";

/** The error body type openapi-fetch gives an operation (what `error` is). */
type ErrorOf<Operation> = Operation extends { responses: infer R extends Record<string | number, any> }
  ? ErrorResponse<R, MediaType>
  : never;
type Method = "get" | "put" | "post" | "delete" | "patch";
/** "METHOD path" of every operation whose error type is never. */
type NeverErrors<Paths> = {
  [P in keyof Paths]: {
    [M in keyof Paths[P] & Method]: Paths[P][M] extends { responses: unknown }
      ? [ErrorOf<Paths[P][M]>] extends [never]
        ? `${M & string} ${P & string}`
        : never
      : never;
  }[keyof Paths[P] & Method];
}[keyof Paths];

describe("error is never never", () => {
  test("for every operation of every provider", () => {
    // The check itself can fail: an operation without error responses is caught.
    expectTypeOf<
      NeverErrors<{ "/x": { get: { responses: { 200: { content: { "application/json": string } } } } } }>
    >().toEqualTypeOf<"get /x">();
    expectTypeOf<NeverErrors<calcomPaths>>().toEqualTypeOf<never>();
    expectTypeOf<NeverErrors<savvycalPaths>>().toEqualTypeOf<never>();
    expectTypeOf<NeverErrors<astrocalPaths>>().toEqualTypeOf<never>();
    expectTypeOf<NeverErrors<timekitPaths>>().toEqualTypeOf<never>();
  });

  test("Cal.com's error is its documented body", async () => {
    const { error } = await createCalcomClient({ auth: { kind: "apiKey", apiKey: "k" } }).GET("/v2/me");
    if (error) expectTypeOf(error.error.message).toEqualTypeOf<string>();
  });
});

describe("request bodies", () => {
  test("fields the API defaults are optional for callers; responses keep them required", () => {
    const client = createTimekitClient({ auth: { kind: "widgetKey", widgetKey: "w" } });
    client.POST("/availability", { body: { resources: ["r1"] } });
    expectTypeOf<timekit["schemas"]["AppSettings"]["disableEmail"]>().toEqualTypeOf<boolean>();
  });
});

describe("paginate", () => {
  test("yields the list's items; a path that does not page does not compile", async () => {
    const savvy = createSavvyCalClient({ auth: { kind: "accountToken", token: "t" } });
    for await (const appointment of savvy.paginate("/v1/appointments"))
      expectTypeOf(appointment).toEqualTypeOf<savvycal["schemas"]["Appointment"]>();
    // @ts-expect-error /v1/user is not a list
    savvy.paginate("/v1/user");
    const astro = createAstrocalClient({ auth: { kind: "apiKey", apiKey: "k" } });
    for await (const page of astro.paginate("/v1/bookings", { params: { query: { limit: 10 } } }).pages())
      expectTypeOf(page.items).toEqualTypeOf<astrocal["schemas"]["Booking"][]>();
    // @ts-expect-error a credential that cannot list bookings cannot paginate them
    createAstrocalClient({ auth: { kind: "none" } }).paginate("/v1/bookings");
  });
});

describe("throwOnError", () => {
  test("types data as the success body, per client and through withOptions", async () => {
    const throwing = createSavvyCalClient({ auth: { kind: "jwt", token: "t" }, throwOnError: true });
    const { data } = await throwing.GET("/v1/user");
    expectTypeOf(data).not.toBeUndefined();
    expectTypeOf(data).toEqualTypeOf<NonNullable<typeof data>>();
    const plain = createSavvyCalClient({ auth: { kind: "jwt", token: "t" } });
    const result = await plain.GET("/v1/user");
    expectTypeOf(result.data).toEqualTypeOf<typeof data | undefined>();
    const viaOptions = await plain.withOptions({ throwOnError: true }).GET("/v1/user");
    expectTypeOf(viaOptions.data).toEqualTypeOf<typeof data>();
  });
});
