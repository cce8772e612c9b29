/**
 * Webhook signatures, checked against HMAC-SHA256 computed here independently with node:crypto,
 * and over real HTTP: a loopback handler verifying a signed POST.
 */
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import * as astrocal from "../../generated/astrocal/index.js";
import * as calcom from "../../generated/calcom/index.js";
import * as savvycal from "../../generated/savvycal/index.js";
import * as timekit from "../../generated/timekit/index.js";
import { WebhookVerificationError } from "../../src/runtime/index.js";

const secret = "whsec_test-secret-0f1e2d3c";
const hmacHex = (body: string, key = secret) => createHmac("sha256", key).update(body, "utf8").digest("hex");

const savvyBody = JSON.stringify({
  id: "evt_1",
  object: "account_event",
  version: "1",
  created_at: "2026-11-30T10:00:00Z",
  data: { type: "appointment.created", object: { id: "appt_1" } },
});
const calBody = JSON.stringify({
  triggerEvent: "BOOKING_CREATED",
  createdAt: "2026-11-30T10:00:00Z",
  payload: {
    uid: "bk_1",
    title: "Intro",
    startTime: "2026-12-01T10:00:00Z",
    endTime: "2026-12-01T10:30:00Z",
    organizer: { name: "A", email: "a@example.com", timeZone: "UTC" },
    attendees: [],
  },
});
const astroBody = JSON.stringify({
  event: "booking.cancelled",
  created_at: "2026-11-30T10:00:00Z",
  data: { id: "770e8400", status: "cancelled", start_time: "2026-12-01T10:00:00Z", end_time: "2026-12-01T10:30:00Z" },
});

/** Each provider's signed headers, written out from its docs (not through the code under test). */
const providers = [
  {
    name: "SavvyCal",
    module: savvycal,
    body: savvyBody,
    headers: (body: string, key?: string) => ({ "x-savvycal-signature": `sha256=${hmacHex(body, key).toUpperCase()}` }),
  },
  {
    name: "Cal.com",
    module: calcom,
    body: calBody,
    headers: (body: string, key?: string) => ({ "X-Cal-Signature-256": hmacHex(body, key) }),
  },
  {
    name: "Astrocal",
    module: astrocal,
    body: astroBody,
    headers: (body: string, key?: string) => ({ "X-AstroCal-Signature": hmacHex(body, key) }),
  },
] as const;

async function rejection(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  const verification = error as WebhookVerificationError;
  expect(verification.message).not.toContain(secret);
  expect(verification.message.split("\n")).toHaveLength(1);
  return verification;
}

describe.each(providers)("$name", ({ module, body, headers }) => {
  it("signWebhook gives the known-answer header", async () => {
    expect(await module.signWebhook({ rawBody: body, secret })).toEqual(headers(body));
  });

  it("verifies the raw body as a string or bytes, with a Headers object or a record in any case", async () => {
    const signed = headers(body);
    expect(await module.verifyWebhook({ rawBody: body, headers: signed, secret })).toEqual(JSON.parse(body));
    expect(
      await module.verifyWebhook({ rawBody: new TextEncoder().encode(body), headers: new Headers(signed), secret }),
    ).toEqual(JSON.parse(body));
    const upperCaseNames = Object.fromEntries(
      Object.entries(signed).map(([name, value]) => [name.toUpperCase(), value]),
    );
    expect(await module.verifyWebhook({ rawBody: body, headers: upperCaseNames, secret })).toEqual(JSON.parse(body));
  });

  it("refuses a tampered body, a re-serialised body and a wrong secret", async () => {
    const signed = headers(body);
    expect(
      (await rejection(module.verifyWebhook({ rawBody: body.replace("10:00", "11:00"), headers: signed, secret })))
        .reason,
    ).toBe("signature_mismatch");
    expect(
      (
        await rejection(
          module.verifyWebhook({ rawBody: JSON.stringify(JSON.parse(body), null, 2), headers: signed, secret }),
        )
      ).reason,
    ).toBe("signature_mismatch");
    expect(
      (await rejection(module.verifyWebhook({ rawBody: body, headers: headers(body, "whsec_other"), secret }))).reason,
    ).toBe("signature_mismatch");
  });

  it("refuses a missing header and a missing secret", async () => {
    expect((await rejection(module.verifyWebhook({ rawBody: body, headers: {}, secret }))).reason).toBe(
      "missing_signature",
    );
    expect((await rejection(module.verifyWebhook({ rawBody: body, headers: headers(body), secret: "" }))).reason).toBe(
      "missing_secret",
    );
  });

  it("refuses a digest that is not hex (base64 of the same HMAC), failing closed", async () => {
    const [[name, value]] = Object.entries(headers(body));
    const base64 = createHmac("sha256", secret).update(body).digest("base64");
    const error = await rejection(
      module.verifyWebhook({ rawBody: body, headers: { [name]: value.replace(/[0-9a-fA-F]{64}$/, base64) }, secret }),
    );
    expect(error.reason).toBe("malformed_signature");
    expect(error.message).not.toContain(base64);
  });
});

describe("provider specifics", () => {
  it("SavvyCal: the sha256= prefix and uppercase hex are required", async () => {
    const digest = hmacHex(savvyBody).toUpperCase();
    for (const signature of [`sha1=${digest}`, digest, `sha256=${digest.toLowerCase()}`]) {
      const error = await rejection(
        savvycal.verifyWebhook({ rawBody: savvyBody, headers: { "x-savvycal-signature": signature }, secret }),
      );
      expect(error.reason).toBe("malformed_signature");
      expect(error.message).toBe(
        'SavvyCal Appointments webhook: the x-savvycal-signature header is not "sha256=" followed by an HMAC-SHA256 digest in uppercase hex',
      );
    }
  });

  it("Cal.com: lowercase hex only; no-secret-provided is refused with a message saying the webhook has no secret", async () => {
    const upper = await rejection(
      calcom.verifyWebhook({
        rawBody: calBody,
        headers: { "x-cal-signature-256": hmacHex(calBody).toUpperCase() },
        secret,
      }),
    );
    expect(upper.reason).toBe("malformed_signature");
    const unsigned = await rejection(
      calcom.verifyWebhook({ rawBody: calBody, headers: { "x-cal-signature-256": "no-secret-provided" }, secret }),
    );
    expect(unsigned.reason).toBe("unsigned");
    expect(unsigned.message).toMatch(/the webhook has no secret set in Cal\.com/);
  });

  it("Astrocal: hex in either case is accepted (the docs do not fix the encoding)", async () => {
    const event = await astrocal.verifyWebhook({
      rawBody: astroBody,
      headers: { "x-astrocal-signature": hmacHex(astroBody).toUpperCase() },
      secret,
    });
    expect(event.event).toBe("booking.cancelled");
  });

  it("Timekit documents no signing, so its client ships no verifier", () => {
    expect("verifyWebhook" in timekit).toBe(false);
    expect("signWebhook" in timekit).toBe(false);
  });

  it("a valid signature over a body that is not JSON is a clear error", async () => {
    const rawBody = "<html>not json</html>";
    const error = await rejection(
      calcom.verifyWebhook({ rawBody, headers: { "x-cal-signature-256": hmacHex(rawBody) }, secret }),
    );
    expect(error.reason).toBe("invalid_body");
  });
});

describe("over HTTP on 127.0.0.1", () => {
  it("a Node http handler verifies the raw body of a signed POST and rejects a tampered one", async () => {
    const received: string[] = [];
    const server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      try {
        const event = await savvycal.verifyWebhook({
          rawBody: new Uint8Array(Buffer.concat(chunks)),
          headers: request.headers,
          secret,
        });
        received.push(event.data.type);
        response.writeHead(204).end();
      } catch (error) {
        response.writeHead(400, { "content-type": "text/plain" }).end((error as WebhookVerificationError).reason);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/savvycal`;
    try {
      const signed = await savvycal.signWebhook({ rawBody: savvyBody, secret });
      const ok = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...signed },
        body: savvyBody,
      });
      expect(ok.status).toBe(204);
      const tampered = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...signed },
        body: savvyBody.replace("evt_1", "evt_2"),
      });
      expect(tampered.status).toBe(400);
      expect(await tampered.text()).toBe("signature_mismatch");
      expect(received).toEqual(["appointment.created"]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
