/**
 * openapi-typescript's read/write markers (a provider's `readWriteMarkers`, `--read-write-markers`
 * ad hoc; on for Acme): a readOnly field is refused in a request body, a writeOnly one is absent
 * from what the API answers — as openapi-fetch applies them, through the generated client.
 */
import { describe, expectTypeOf, test } from "vitest";
import { createAcmeClient } from "../fixtures/acme/generated/index.js";

describe("read/write markers", () => {
  const client = createAcmeClient({ auth: { kind: "apiKey", apiKey: "k" } });
  const reminder = { channel: "sms", number: "+44" } as const;

  test("readOnly: answered, never sent", async () => {
    client.PUT("/v1/preferences", { body: { reminder, pin: "1234" } });
    // @ts-expect-error updatedAt is readOnly: the server sets it
    client.PUT("/v1/preferences", { body: { reminder, updatedAt: "2026-12-01T10:00:00Z" } });
    const { data } = await client.GET("/v1/preferences");
    expectTypeOf(data!.updatedAt).toEqualTypeOf<string | undefined>();
  });

  test("writeOnly: sent, never answered", async () => {
    const { data } = await client.PUT("/v1/preferences", { body: { reminder, pin: "1234" } });
    expectTypeOf(data!).not.toHaveProperty("pin");
    expectTypeOf(data!).toHaveProperty("language");
  });
});
