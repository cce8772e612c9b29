/**
 * Type-level promises of the auth layer: what a credential cannot call does not compile, and what
 * it can call compiles without the headers the client sets. Checked by vitest typecheck (tsc);
 * nothing here runs.
 */
import type { Client } from "openapi-fetch";
import { describe, expectTypeOf, test } from "vitest";
import { createAstrocalClient } from "../../generated/astrocal/index.js";
import { createCalcomClient, type CalcomCredential, type CalcomClient } from "../../generated/calcom/index.js";
import { createSavvyCalClient } from "../../generated/savvycal/index.js";
import { createTimekitClient } from "../../generated/timekit/index.js";
import type { RotatedTokens, RotatingRefreshOptions } from "../../src/runtime/index.js";
import type { UnimplementedStrategies } from "../../src/runtime/internal/tokens/index.js";

/** The paths a client can GET (read from its path type: `Parameters<>` of the generic GET is never). */
type GetPaths<C> =
  C extends Client<infer P> ? { [K in keyof P]: P[K] extends { get: unknown } ? K : never }[keyof P] : never;
const anything = {} as any;

describe("SavvyCal", () => {
  test("an unauthenticated client has only /v1/public/*", () => {
    const client = createSavvyCalClient({ auth: { kind: "none" } });
    expectTypeOf<Exclude<GetPaths<typeof client>, `/v1/public/${string}`>>().toEqualTypeOf<never>();
    client.GET("/v1/public/services/{service_id}/slots", { params: { path: { service_id: "svc" }, query: anything } });
    // @ts-expect-error account endpoints need a token
    client.GET("/v1/appointments");
  });

  test("a platform token without an account reaches only platform-level endpoints", () => {
    const client = createSavvyCalClient({ auth: { kind: "platformToken", token: "t" } });
    client.GET("/v1/accounts", { params: { query: anything } });
    client.POST("/v1/accounts", { body: anything });
    // @ts-expect-error account-scoped: needs accountId
    client.GET("/v1/appointments");
  });

  test("a platform token with an account reaches account-scoped endpoints, without passing the header", () => {
    const client = createSavvyCalClient({ auth: { kind: "platformToken", token: "t", accountId: "acct_1" } });
    client.GET("/v1/appointments");
    client.GET("/v1/accounts", { params: { query: anything } });
  });

  test("an account token cannot create accounts; a JWT reads the current user but not the platform", () => {
    const account = createSavvyCalClient({ auth: { kind: "accountToken", token: "t" } });
    // @ts-expect-error POST /v1/accounts takes a platform token only
    account.POST("/v1/accounts", { body: anything });
    // @ts-expect-error GET /v1/user needs a user's JWT
    account.GET("/v1/user");
    const jwt = createSavvyCalClient({ auth: { kind: "jwt", token: "eyJ" } });
    jwt.GET("/v1/user");
    // @ts-expect-error platform-level
    jwt.GET("/v1/platform");
  });
});

describe("Cal.com", () => {
  test("cal-api-version and Authorization are no longer the caller's job", () => {
    const client = createCalcomClient({ auth: { kind: "apiKey", apiKey: "cal_x" } });
    client.POST("/v2/bookings", { body: anything });
    client.GET("/v2/me");
    client.GET("/v2/schedules");
    // ... but may still be passed to override.
    client.GET("/v2/schedules", { params: { header: { "cal-api-version": "2024-06-11" } } });
  });

  test("an API-key client cannot call the OAuth-client-only managed-user endpoints", () => {
    const apiKey = createCalcomClient({ auth: { kind: "apiKey", apiKey: "cal_x" } });
    // @ts-expect-error managed users are managed with OAuth client credentials
    apiKey.GET("/v2/oauth-clients/{clientId}/users", { params: { path: { clientId: "c" } } });
    // @ts-expect-error not callable with this credential
    apiKey.POST("/v2/oauth-clients/{clientId}/users", { params: { path: { clientId: "c" } }, body: anything });
    const oauth = createCalcomClient({ auth: { kind: "oauthClient", clientId: "c", secretKey: "s" } });
    oauth.GET("/v2/oauth-clients/{clientId}/users", { params: { path: { clientId: "c" }, query: anything } });
  });

  test("an unauthenticated client has public endpoints such as slots, not /v2/me", () => {
    const client = createCalcomClient({ auth: { kind: "none" } });
    client.GET("/v2/slots", { params: { query: anything } });
    client.POST("/v2/bookings", { body: anything });
    // @ts-expect-error needs a credential
    client.GET("/v2/me");
  });

  test("team endpoints need credentials although the spec marks every auth header optional", () => {
    const none = createCalcomClient({ auth: { kind: "none" } });
    // @ts-expect-error Orgs / Teams: OAuth client or API key
    none.POST("/v2/organizations/{orgId}/teams", { params: { path: { orgId: 1 } }, body: anything });
    // @ts-expect-error Orgs / Teams / Event Types
    none.GET("/v2/organizations/{orgId}/teams/{teamId}/event-types", { params: { path: { orgId: 1, teamId: 2 } } });
    // @ts-expect-error Orgs / Teams / Memberships
    none.GET("/v2/organizations/{orgId}/teams/{teamId}/memberships", { params: { path: { orgId: 1, teamId: 2 } } });
    expectTypeOf<Extract<GetPaths<typeof none>, `/v2/organizations/${string}`>>().toEqualTypeOf<
      | "/v2/organizations/{orgId}/teams/{teamId}/conferencing/{app}/oauth/callback"
      | "/v2/organizations/{orgId}/teams/{teamId}/stripe/save"
    >();
    const oauth = createCalcomClient({ auth: { kind: "oauthClient", clientId: "c", secretKey: "s" } });
    oauth.POST("/v2/organizations/{orgId}/teams", { params: { path: { orgId: 1 } }, body: anything });
    const apiKey = createCalcomClient({ auth: { kind: "apiKey", apiKey: "cal_x" } });
    apiKey.GET("/v2/organizations/{orgId}/teams/{teamId}/memberships", {
      params: { path: { orgId: 1, teamId: 2 }, query: anything },
    });
  });

  test("the client type follows the credential type", () => {
    expectTypeOf<CalcomClient<{ kind: "none" }>>().not.toEqualTypeOf<
      CalcomClient<{ kind: "apiKey"; apiKey: string }>
    >();
    expectTypeOf<CalcomCredential["kind"]>().toEqualTypeOf<"apiKey" | "oauthClient" | "managedUser" | "none">();
    // @ts-expect-error an OAuth client needs its secret key
    createCalcomClient({ auth: { kind: "oauthClient", clientId: "c" } });
  });
});

describe("Astrocal", () => {
  test("public endpoints without a key; everything else needs an API key or a service key", () => {
    const none = createAstrocalClient({ auth: { kind: "none" } });
    none.GET("/health");
    none.POST("/v1/bookings/{id}/cancel", { params: { path: { id: "b" }, query: { token: "t" } }, body: anything });
    // @ts-expect-error listing bookings needs a key
    none.GET("/v1/bookings");
    createAstrocalClient({ auth: { kind: "apiKey", apiKey: "ac_test_1" } }).GET("/v1/bookings", {
      params: { query: anything },
    });
    createAstrocalClient({ auth: { kind: "serviceKey", serviceKey: "s", orgId: "o" } }).GET("/v1/bookings", {
      params: { query: anything },
    });
    // @ts-expect-error a service key needs the organization id
    createAstrocalClient({ auth: { kind: "serviceKey", serviceKey: "s" } });
    // @ts-expect-error the mode is live or test
    createAstrocalClient({ auth: { kind: "serviceKey", serviceKey: "s", orgId: "o", mode: "staging" } });
  });
});

describe("Timekit", () => {
  test("a widget-key client has the widget endpoints, not POST /resources", () => {
    const widget = createTimekitClient({ auth: { kind: "widgetKey", widgetKey: "w" } });
    widget.POST("/availability", { body: anything });
    widget.POST("/bookings", { body: anything });
    // @ts-expect-error creating resources needs the App API key
    widget.POST("/resources", { body: anything });
    // @ts-expect-error not callable with this credential
    widget.GET("/resources");
    const app = createTimekitClient({ auth: { kind: "apiKey", apiKey: "k" } });
    app.POST("/resources", { body: anything });
  });
});

describe("the token-strategy registry", () => {
  test("every strategy it describes is implemented", () => {
    expectTypeOf<UnimplementedStrategies>().toEqualTypeOf<never>();
  });
});

describe("rotating refresh", () => {
  test("a stored expiry may be epoch ms or seconds, a Date or an ISO string; onTokens always gets epoch ms", () => {
    expectTypeOf<RotatingRefreshOptions["accessTokenExpiresAt"]>().toEqualTypeOf<number | Date | string | undefined>();
    expectTypeOf<RotatedTokens["accessTokenExpiresAt"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<RotatedTokens["refreshTokenExpiresAt"]>().toEqualTypeOf<number | undefined>();
  });
});
