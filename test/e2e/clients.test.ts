import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { createAstrocalClient } from "../../generated/astrocal/index.js";
import { createCalcomClient, type components as CalcomComponents } from "../../generated/calcom/index.js";
import { createSavvyCalClient, type components as SavvyCalComponents } from "../../generated/savvycal/index.js";
import { createTimekitClient } from "../../generated/timekit/index.js";
import { respond, startLoopbackServer, type LoopbackServer } from "../helpers/loopback-server.js";

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

describe("each generated client sends a typed GET over real HTTP and returns the parsed body", () => {
  it("SavvyCal: GET /v1/account", async () => {
    server.route("/v1/account", respond.json({ data: { id: "acct_d025a96ac0c6", name: "Acme" } }));
    const client = createSavvyCalClient({
      baseUrl: server.origin,
      auth: { kind: "accountToken", token: "sc_account_token" },
    });
    const { data, error, response } = await client.GET("/v1/account");
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.data?.id).toBe("acct_d025a96ac0c6");
    expectTypeOf(data).toEqualTypeOf<SavvyCalComponents["schemas"]["AccountResponse"] | undefined>();
  });

  it("Cal.com: GET /v2/me", async () => {
    server.route("/v2/me", respond.json({ status: "success", data: { id: 7, email: "a@example.com" } }));
    const client = createCalcomClient({ baseUrl: server.origin, auth: { kind: "apiKey", apiKey: "cal_test" } });
    const { data } = await client.GET("/v2/me");
    expect(data?.status).toBe("success");
    expect(data?.data.id).toBe(7);
    expectTypeOf(data).toEqualTypeOf<CalcomComponents["schemas"]["GetMeOutput"] | undefined>();
  });

  it("Astrocal: GET /health", async () => {
    server.route("/health", respond.json({ ok: true }));
    const { data } = await createAstrocalClient({ baseUrl: server.origin, auth: { kind: "none" } }).GET("/health");
    expect(data).toEqual({ ok: true });
  });

  it("Timekit: GET /app with query parameters", async () => {
    server.route("/v2/app", respond.json({ data: { name: "demo" } }));
    const { data } = await createTimekitClient({
      baseUrl: `${server.origin}/v2`,
      auth: { kind: "apiKey", apiKey: "test_api_key_foobar" },
    }).GET("/app", { params: { query: { include: "app_token" } } });
    expect(data).toEqual({ data: { name: "demo" } });
    expect(server.requests.at(-1)?.url).toBe("/v2/app?include=app_token");
  });
});
