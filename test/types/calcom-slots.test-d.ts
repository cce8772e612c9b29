/** Cal.com GET /v2/slots is typed as the API answers (specs/corrections/calcom.json): `{ status, data }`. */
import { expectTypeOf, test } from "vitest";
import { createCalcomClient } from "../../generated/calcom/index.js";

test("GET /v2/slots: data is { status, data: { [date]: slot objects } }", async () => {
  const cal = createCalcomClient({ auth: { kind: "none" } });
  const { data } = await cal.GET("/v2/slots", {
    params: { query: { start: "2050-09-05", end: "2050-09-06", eventTypeId: 1 } },
  });
  const answer = data!;
  expectTypeOf(answer.status).toEqualTypeOf<"success" | "error">();
  const slot = answer.data["2050-09-05"][0];
  expectTypeOf(slot.start).toEqualTypeOf<string>();
  if ("end" in slot) expectTypeOf(slot.end).toEqualTypeOf<string>();
  expectTypeOf(slot.bookingUid).toEqualTypeOf<string | undefined>();
});
