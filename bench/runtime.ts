/**
 * Figure 3: requests per second of sequential keep-alive GETs to a server in another process:
 * raw fetch, bare openapi-fetch, and each of our clients with its auth middleware.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { exportPKCS8, generateKeyPair } from "jose";
import createClient from "openapi-fetch";
import { createAstrocalClient } from "../generated/astrocal/index.js";
import { createCalcomClient } from "../generated/calcom/index.js";
import type { paths as CalcomPaths } from "../generated/calcom/schema.js";
import { createSavvyCalClient } from "../generated/savvycal/index.js";
import { createTimekitClient } from "../generated/timekit/index.js";
import { repoRoot } from "../src/codegen/config/paths.js";
import type { Row } from "./generation.js";
import { fmt, median } from "./measure.js";

async function startEchoServer() {
  const child = spawn(path.join(repoRoot, "node_modules/.bin/tsx"), [path.join(repoRoot, "bench/echo-server.ts")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const origin = await new Promise<string>((resolve, reject) => {
    child.stdout!.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", (code) => reject(new Error(`echo server exited with ${code}`)));
  });
  return { origin, stop: () => child.kill() };
}

export async function runtimeFigures(requests: number, rounds: number): Promise<Row[]> {
  const server = await startEchoServer();
  try {
    const origin = server.origin;
    const privateKey = await exportPKCS8((await generateKeyPair("ES256", { extractable: true })).privateKey);
    const bare = createClient<CalcomPaths>({ baseUrl: origin });
    const calcom = createCalcomClient({ baseUrl: origin, auth: { kind: "apiKey", apiKey: "cal_live_bench" } });
    const managed = createCalcomClient({
      baseUrl: origin,
      auth: {
        kind: "managedUser",
        accessToken: "a",
        refreshToken: "r",
        clientId: "c",
        secretKey: "s",
        accessTokenExpiresAt: Date.now() + 3_600_000,
        onTokens: () => {},
      },
    });
    const savvycal = createSavvyCalClient({ baseUrl: origin, auth: { kind: "accountToken", token: "t" } });
    const minted = createSavvyCalClient({
      baseUrl: origin,
      auth: { kind: "jwt", privateKey, keyId: "kid_bench", userId: "user_bench" },
    });
    const astrocal = createAstrocalClient({ baseUrl: origin, auth: { kind: "apiKey", apiKey: "ac_live_bench" } });
    const timekit = createTimekitClient({ baseUrl: origin, auth: { kind: "apiKey", apiKey: "test_api_key_bench" } });

    const variants: Array<[string, () => Promise<unknown>]> = [
      [
        "raw fetch",
        async () => (await fetch(`${origin}/v2/me`, { headers: { Authorization: "Bearer cal_live_bench" } })).json(),
      ],
      [
        "bare openapi-fetch",
        () => bare.GET("/v2/me", { params: { header: { Authorization: "Bearer cal_live_bench" } } }),
      ],
      ["Cal.com client (API key)", () => calcom.GET("/v2/me")],
      ["Cal.com client (managed user, valid token)", () => managed.GET("/v2/me")],
      ["SavvyCal client (account token)", () => savvycal.GET("/v1/account")],
      ["SavvyCal client (minted JWT)", () => minted.GET("/v1/user")],
      ["Astrocal client (API key)", () => astrocal.GET("/v1/usage")],
      ["Timekit client (App API key)", () => timekit.GET("/app", { params: { query: {} } })],
    ];
    const samples = new Map<string, number[]>(variants.map(([name]) => [name, []]));
    for (const [, run] of variants) for (let i = 0; i < 200; i++) await run(); // warm up connections and JIT
    for (let round = 0; round < rounds; round++)
      // A different order each round, so no variant always runs right after the same neighbour.
      for (const [name, run] of [
        ...variants.slice(round % variants.length),
        ...variants.slice(0, round % variants.length),
      ]) {
        const started = performance.now();
        for (let i = 0; i < requests; i++) await run();
        samples.get(name)!.push((requests / (performance.now() - started)) * 1000);
      }
    const rps = (name: string) => median(samples.get(name)!);
    const raw = rps("raw fetch");
    const bareRps = rps("bare openapi-fetch");
    const rows: Row[] = [
      {
        figure: "runtime: bare openapi-fetch",
        ours: `${fmt.n(bareRps)} req/s`,
        baseline: `${fmt.n(raw)} req/s (raw fetch)`,
        ratio: bareRps / raw,
      },
    ];
    for (const [name] of variants.slice(2)) {
      const value = rps(name);
      const vsBare = value / bareRps;
      const vsRaw = value / raw;
      rows.push({
        figure: `runtime: ${name}`,
        ours: `${fmt.n(value)} req/s`,
        baseline: `${fmt.n(bareRps)} req/s (bare openapi-fetch)`,
        ratio: vsBare,
        goal: "≥ 0.97× bare, ≥ 0.85× raw",
        met: vsBare >= 0.97 && vsRaw >= 0.85,
        note: `${fmt.x(vsRaw)} raw fetch`,
      });
    }
    return rows;
  } finally {
    server.stop();
  }
}
