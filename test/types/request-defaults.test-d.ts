/**
 * What a caller may omit, at every depth: a field with a `default` is optional in a request body —
 * nested, in arrays, in `oneOf` and `allOf` members, in components shared with responses — and
 * required in what the API answers.
 */
import { describe, expectTypeOf, test } from "vitest";
import { createCalcomClient } from "../../generated/calcom/index.js";
import { createTimekitClient, type components as timekit } from "../../generated/timekit/index.js";
import {
  createAcmeClient,
  type components as acme,
  type paths as acmePaths,
} from "../fixtures/acme/generated/index.js";

describe("defaults in request bodies", () => {
  test("Cal.com POST /v2/bookings: an attendee without its defaulted language", () => {
    const cal = createCalcomClient({ auth: { kind: "apiKey", apiKey: "k" } });
    cal.POST("/v2/bookings", {
      body: {
        start: "2026-12-01T10:00:00Z",
        eventTypeId: 1,
        attendee: { name: "Ada", email: "ada@example.com", timeZone: "Europe/London" },
      },
    });
  });

  test("Timekit AppSettings: disableEmail optional in POST /apps, required in GET /app's answer", async () => {
    const client = createTimekitClient({ auth: { kind: "apiKey", apiKey: "k" } });
    client.POST("/apps", { body: { slug: "acme", settings: { name: "Acme" } } });
    const { data } = await client.GET("/app");
    const settings = data!.data.settings!;
    expectTypeOf(settings.disableEmail).toEqualTypeOf<boolean>();
    expectTypeOf<timekit["schemas"]["AppSettings"]["disableEmail"]>().toEqualTypeOf<boolean>();
  });

  test("Acme: a nested default inside a oneOf member, an allOf member and array items", async () => {
    const client = createAcmeClient({ auth: { kind: "apiKey", apiKey: "k" } });
    client.PUT("/v1/preferences", {
      body: {
        reminder: { channel: "email", address: "ada@example.com", options: {} },
        quietHours: [{ from: "22:00", to: "07:00" }],
      },
    });
    client.PUT("/v1/preferences", { body: { reminder: { channel: "sms", number: "+44" } } });
    // Still checked: what is required stays required.
    // @ts-expect-error the email reminder's address is required
    client.PUT("/v1/preferences", { body: { reminder: { channel: "email" } } });

    type Sent = acmePaths["/v1/preferences"]["put"]["requestBody"]["content"]["application/json"];
    type Email = Extract<Sent["reminder"], { channel: "email" }>;
    expectTypeOf<NonNullable<Email["options"]>>().toEqualTypeOf<{ format?: "html" | "text" }>();
    expectTypeOf<NonNullable<Sent["quietHours"]>[number]["timeZone"]>().toEqualTypeOf<string | undefined>();

    // The answer carries every default.
    const { data } = await client.GET("/v1/preferences");
    const answered = data!;
    expectTypeOf(answered.language).toEqualTypeOf<string>();
    type Answered = Extract<acme["schemas"]["Preferences"]["reminder"], { channel: "email" }>;
    expectTypeOf<NonNullable<Answered["options"]>>().toEqualTypeOf<{ format: "html" | "text" }>();
    expectTypeOf<acme["schemas"]["SmsReminder"]["leadMinutes"]>().toEqualTypeOf<number>();
    expectTypeOf<acme["schemas"]["QuietHours"]["timeZone"]>().toEqualTypeOf<string>();
  });
});
