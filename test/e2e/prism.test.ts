/**
 * End to end against Stoplight Prism mocking each provider's spec on 127.0.0.1: Prism validates
 * every request (required headers and parameters, security), so a call the client gets wrong is
 * answered 4xx instead of a mocked 2xx.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAstrocalClient } from "../../generated/astrocal/index.js";
import { createCalcomClient } from "../../generated/calcom/index.js";
import { createSavvyCalClient } from "../../generated/savvycal/index.js";
import { createTimekitClient } from "../../generated/timekit/index.js";
import { startProviderMocks, type MockedProvider, type PrismServer } from "../helpers/prism.js";

// The specs as they are: no mock adjustments, so what Prism refuses here the spec itself demands.
let mocks: Record<MockedProvider, PrismServer>;
let stopMocks = async () => {};

beforeAll(async () => {
  ({ mocks, stop: stopMocks } = await startProviderMocks());
}, 180_000);

afterAll(() => stopMocks());

/** Prism answered with a mocked success, i.e. it found nothing wrong with the request. */
function ok(response: Response) {
  expect(response.status, `${response.url} → ${response.status}`).toBeGreaterThanOrEqual(200);
  expect(response.status, `${response.url} → ${response.status}`).toBeLessThan(300);
}

describe("Prism accepts what the clients send", () => {
  it("Cal.com: version headers and credentials as the spec's header parameters require", async () => {
    const apiKey = createCalcomClient({
      baseUrl: mocks.calcom.origin,
      auth: { kind: "apiKey", apiKey: "cal_test_key" },
    });
    ok((await apiKey.GET("/v2/bookings", { params: { query: {} } })).response);
    ok((await apiKey.GET("/v2/schedules")).response);
    ok((await apiKey.GET("/v2/me")).response);
    ok(
      (await apiKey.GET("/v2/slots", { params: { query: { start: "2026-12-01", end: "2026-12-02" } as any } }))
        .response,
    );
    const oauth = createCalcomClient({
      baseUrl: mocks.calcom.origin,
      auth: { kind: "oauthClient", clientId: "client-1", secretKey: "secret-1" },
    });
    ok(
      (await oauth.GET("/v2/oauth-clients/{clientId}/users", { params: { path: { clientId: "client-1" }, query: {} } }))
        .response,
    );
    const managed = createCalcomClient({
      baseUrl: mocks.calcom.origin,
      auth: { kind: "managedUser", accessToken: "access-1" },
    });
    ok((await managed.GET("/v2/event-types", { params: { query: {} } })).response);
  });

  it("Cal.com control: the same request without the client's headers is rejected", async () => {
    const response = await fetch(`${mocks.calcom.origin}/v2/bookings`);
    expect(response.status).toBe(422);
    expect(JSON.stringify(await response.json())).toMatch(/cal-api-version.*authorization/);
  });

  it("Astrocal: API key, service key and public calls", async () => {
    ok(
      (
        await createAstrocalClient({
          baseUrl: mocks.astrocal.origin,
          auth: { kind: "apiKey", apiKey: "ac_test_1" },
        }).GET("/v1/bookings", { params: { query: {} } })
      ).response,
    );
    const service = createAstrocalClient({
      baseUrl: mocks.astrocal.origin,
      auth: { kind: "serviceKey", serviceKey: "svc", orgId: "7f6c2a4e-3b1d-4c8e-9a0f-1e2d3c4b5a69" },
    });
    ok((await service.GET("/v1/event-types", { params: { query: {} } })).response);
    ok(
      (await createAstrocalClient({ baseUrl: mocks.astrocal.origin, auth: { kind: "none" } }).GET("/health")).response,
    );
    expect((await fetch(`${mocks.astrocal.origin}/v1/bookings`)).status).toBe(401);
  });

  it("Timekit: App API key and widget key as Basic auth", async () => {
    ok(
      (
        await createTimekitClient({
          baseUrl: mocks.timekit.origin,
          auth: { kind: "apiKey", apiKey: "test_api_key_1" },
        }).GET("/resources", { params: { query: {} } })
      ).response,
    );
    ok(
      (
        await createTimekitClient({
          baseUrl: mocks.timekit.origin,
          auth: { kind: "widgetKey", widgetKey: "widget-1" },
        }).GET("/projects", { params: { query: {} } })
      ).response,
    );
    expect((await fetch(`${mocks.timekit.origin}/resources`)).status).toBe(401);
  });

  it("SavvyCal: account and platform tokens on account endpoints", async () => {
    ok(
      (
        await createSavvyCalClient({ baseUrl: mocks.savvycal.origin, auth: { kind: "accountToken", token: "t1" } }).GET(
          "/v1/appointments",
          { params: { query: {} } },
        )
      ).response,
    );
    const platform = createSavvyCalClient({
      baseUrl: mocks.savvycal.origin,
      auth: { kind: "platformToken", token: "p1", accountId: "acct_d025a96ac0c6" },
    });
    ok((await platform.GET("/v1/appointments", { params: { query: {} } })).response);
    ok((await platform.GET("/v1/accounts", { params: { query: {} } })).response);
  });

  it("SavvyCal public endpoints: the documented exception — the spec demands a bearer the docs say is not needed", async () => {
    const client = createSavvyCalClient({ baseUrl: mocks.savvycal.origin, auth: { kind: "none" } });
    const { response } = await client.GET("/v1/public/services/{service_id}/slots", {
      params: { path: { service_id: "svc_1" }, query: { from: "2026-12-01", until: "2026-12-02" } as any },
    });
    expect(response.status).toBe(401);
  });
});
