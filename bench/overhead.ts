/**
 * Figure: per-call overhead of every client and credential kind over bare openapi-fetch, in-process
 * with a stub `fetch` (no network, so the client's own work is all that differs). Thousands of calls
 * per round, rounds in rotating order, medians.
 */
import { exportPKCS8, generateKeyPair } from "jose";
import createClient from "openapi-fetch";
import { createAstrocalClient } from "../generated/astrocal/index.js";
import { createCalcomClient } from "../generated/calcom/index.js";
import type { paths as AstrocalPaths } from "../generated/astrocal/schema.js";
import type { paths as CalcomPaths } from "../generated/calcom/schema.js";
import type { paths as SavvyCalPaths } from "../generated/savvycal/schema.js";
import type { paths as TimekitPaths } from "../generated/timekit/schema.js";
import { createSavvyCalClient } from "../generated/savvycal/index.js";
import { createTimekitClient } from "../generated/timekit/index.js";
import type { Row } from "./generation.js";
import { fmt, median } from "./measure.js";

/** Rows that time bare openapi-fetch with one SDK feature added: the floor that feature sets. */
const FLOOR = "floor: bare openapi-fetch +";
const BODY = JSON.stringify({ status: "success", data: { id: 1 } });
/** Answers every request at once, as a server on the same machine would with nothing to do. */
const stubFetch = async (_request: Request, _init?: RequestInit) =>
  new Response(BODY, { status: 200, headers: { "content-type": "application/json" } });

export async function overheadFigures(calls: number, rounds: number): Promise<Row[]> {
  const base = { baseUrl: "http://stub.invalid", fetch: stubFetch, logLevel: "off" as const };
  const privateKey = await exportPKCS8((await generateKeyPair("ES256", { extractable: true })).privateKey);
  const bareCal = createClient<CalcomPaths>({ baseUrl: base.baseUrl, fetch: stubFetch });
  const bareSavvy = createClient<SavvyCalPaths>({ baseUrl: base.baseUrl, fetch: stubFetch });
  const bareAstro = createClient<AstrocalPaths>({ baseUrl: base.baseUrl, fetch: stubFetch });
  const bareTimekit = createClient<TimekitPaths>({ baseUrl: base.baseUrl, fetch: stubFetch });
  const soon = Date.now() + 3_600_000;
  const clients = {
    calcomApiKey: createCalcomClient({ ...base, auth: { kind: "apiKey", apiKey: "cal_live_bench" } }),
    calcomOauth: createCalcomClient({ ...base, auth: { kind: "oauthClient", clientId: "c", secretKey: "s" } }),
    calcomManaged: createCalcomClient({
      ...base,
      auth: {
        kind: "managedUser",
        accessToken: "a",
        refreshToken: "r",
        clientId: "c",
        secretKey: "s",
        accessTokenExpiresAt: soon,
        onTokens: () => {},
      },
    }),
    savvyAccount: createSavvyCalClient({ ...base, auth: { kind: "accountToken", token: "t" } }),
    savvyPlatform: createSavvyCalClient({ ...base, auth: { kind: "platformToken", token: "t", accountId: "acct_1" } }),
    savvyMinted: createSavvyCalClient({
      ...base,
      auth: { kind: "jwt", privateKey, keyId: "kid_bench", userId: "user_bench" },
    }),
    savvyFetched: createSavvyCalClient({ ...base, auth: { kind: "jwt", getToken: async () => "token" } }),
    astroApiKey: createAstrocalClient({ ...base, auth: { kind: "apiKey", apiKey: "ac_live_bench" } }),
    astroService: createAstrocalClient({ ...base, auth: { kind: "serviceKey", serviceKey: "s", orgId: "o" } }),
    timekitApiKey: createTimekitClient({ ...base, auth: { kind: "apiKey", apiKey: "k" } }),
    timekitWidget: createTimekitClient({ ...base, auth: { kind: "widgetKey", widgetKey: "w" } }),
    publicCalcom: createCalcomClient({ ...base, auth: { kind: "none" } }),
  };
  // Each client call is paired with the same call through bare openapi-fetch, headers set by hand.
  const bearer = { Authorization: "Bearer token" };
  const variants: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
    ["Cal.com API key", () => clients.calcomApiKey.GET("/v2/me"), () => bareCal.GET("/v2/me", { headers: bearer })],
    [
      "Cal.com OAuth client",
      () =>
        clients.calcomOauth.GET("/v2/oauth-clients/{clientId}/users", {
          params: { path: { clientId: "c" }, query: {} },
        }),
      () =>
        bareCal.GET("/v2/oauth-clients/{clientId}/users", {
          params: { path: { clientId: "c" }, query: {} },
          headers: { "x-cal-client-id": "c", "x-cal-secret-key": "s" },
        } as never),
    ],
    [
      "Cal.com managed user",
      () => clients.calcomManaged.GET("/v2/me"),
      () => bareCal.GET("/v2/me", { headers: bearer }),
    ],
    [
      "Cal.com none (public slots)",
      () => clients.publicCalcom.GET("/v2/slots", { params: { query: {} } } as never),
      () => bareCal.GET("/v2/slots", { params: { query: {} }, headers: { "cal-api-version": "2024-09-04" } } as never),
    ],
    [
      "SavvyCal account token",
      () => clients.savvyAccount.GET("/v1/account"),
      () => bareSavvy.GET("/v1/account", { headers: bearer }),
    ],
    [
      "SavvyCal platform token + account",
      () => clients.savvyPlatform.GET("/v1/appointments"),
      () => bareSavvy.GET("/v1/appointments", { headers: { ...bearer, "X-SavvyCal-Account": "acct_1" } }),
    ],
    [
      "SavvyCal JWT (minted)",
      () => clients.savvyMinted.GET("/v1/user"),
      () => bareSavvy.GET("/v1/user", { headers: bearer }),
    ],
    [
      "SavvyCal JWT (getToken)",
      () => clients.savvyFetched.GET("/v1/user"),
      () => bareSavvy.GET("/v1/user", { headers: bearer }),
    ],
    [
      "Astrocal API key",
      () => clients.astroApiKey.GET("/v1/usage"),
      () => bareAstro.GET("/v1/usage", { headers: bearer }),
    ],
    [
      "Astrocal service key",
      () => clients.astroService.GET("/v1/usage"),
      () => bareAstro.GET("/v1/usage", { headers: { ...bearer, "X-Org-Id": "o" } }),
    ],
    [
      "Timekit App API key",
      () => clients.timekitApiKey.GET("/app", { params: { query: {} } }),
      () => bareTimekit.GET("/app", { params: { query: {} }, headers: { Authorization: "Basic Oms=" } }),
    ],
    [
      "Timekit widget key",
      () => clients.timekitWidget.POST("/availability", { body: {} }),
      () => bareTimekit.POST("/availability", { body: {}, headers: { Authorization: "Basic Oms=" } } as never),
    ],
    // Not clients: bare openapi-fetch plus one SDK feature each, to show what that feature costs alone.
    [
      `${FLOOR} a per-call timeout timer`,
      async () => {
        const timer = setTimeout(() => {}, 60_000);
        try {
          return await bareCal.GET("/v2/me", { headers: bearer });
        } finally {
          clearTimeout(timer);
        }
      },
      () => bareCal.GET("/v2/me", { headers: bearer }),
    ],
    [
      `${FLOOR} a per-call AbortController`,
      () => {
        // What each attempt's own signal costs: the controller and its signal, made per call.
        const { signal } = new AbortController();
        return bareCal.GET("/v2/me", { headers: bearer, fetch: (request: Request) => stubFetch(request, { signal }) });
      },
      () => bareCal.GET("/v2/me", { headers: bearer, fetch: (request: Request) => stubFetch(request) }),
    ],
    [
      `${FLOOR} a per-call wrapping fetch`,
      () => bareCal.GET("/v2/me", { headers: bearer, fetch: async (request: Request) => await stubFetch(request) }),
      () => bareCal.GET("/v2/me", { headers: bearer }),
    ],
  ];
  // Paired batches: each batch of ours is timed right next to a batch of the same call through bare
  // openapi-fetch (which goes first alternates), and the figure is the median of the pairs' ratios,
  // so drift in the machine's speed (GC, other load) falls on both sides of a pair alike.
  const time = async (run: () => Promise<unknown>) => {
    const started = performance.now();
    for (let i = 0; i < calls; i++) await run();
    return ((performance.now() - started) * 1000) / calls; // µs per call
  };
  for (const [, ours, bare] of variants) for (let i = 0; i < 2_000; i++) await (ours(), bare()); // JIT and token caches warm
  const samples = new Map(
    variants.map(([name]) => [name, { ours: [] as number[], bare: [] as number[], ratios: [] as number[] }]),
  );
  for (let round = 0; round < rounds; round++)
    for (const [name, ours, bare] of [
      ...variants.slice(round % variants.length),
      ...variants.slice(0, round % variants.length),
    ]) {
      const sample = samples.get(name)!;
      const [first, second] = round % 2 ? [await time(bare), await time(ours)] : [await time(ours), await time(bare)];
      const [oursUs, bareUs] = round % 2 ? [second, first] : [first, second];
      sample.ours.push(oursUs);
      sample.bare.push(bareUs);
      sample.ratios.push(oursUs / bareUs);
    }
  return variants.map(([name]) => {
    const sample = samples.get(name)!;
    const pairRatio = median(sample.ratios);
    const floor = name.startsWith(FLOOR);
    return {
      figure: `per call, stub fetch: ${name}`,
      ours: `${median(sample.ours).toFixed(1)} µs`,
      baseline: `${median(sample.bare).toFixed(1)} µs (bare openapi-fetch, same call)`,
      ratio: pairRatio,
      ...(floor ? {} : { goal: "≤ 1.5× bare", met: pairRatio <= 1.5 }),
      note: `median of ${rounds} paired batches of ${fmt.n(calls)} calls${floor ? "; not a client: what this feature costs alone" : ""}`,
    };
  });
}
