/**
 * Figure 4: each provider's client bundled for the browser (esbuild, minified, gzip), vs openapi-fetch
 * alone. With code splitting on, as browser bundlers do: the figure is what a page loads before its
 * first call (the entry and the chunks it imports statically, each one request); code behind a
 * dynamic import (jose's signing code, for ES256 keys) is reported separately. Then one-file bundles.
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { repoRoot } from "../src/codegen/config/paths.js";
import { chunksByLoading } from "./chunks.js";
import type { Row } from "./generation.js";
import { fmt } from "./measure.js";

async function gzippedBundle(
  contents: string,
  splitting = true,
): Promise<{ entry: number; requests: number; lazy: number }> {
  const result = await build({
    stdin: { contents, resolveDir: repoRoot, loader: "ts" },
    bundle: true,
    minify: true,
    splitting,
    outdir: "out",
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const { upFront, later } = chunksByLoading(result.metafile);
  let entry = 0;
  let lazy = 0;
  for (const file of result.outputFiles) {
    const size = gzipSync(file.contents, { level: 9 }).byteLength;
    if ([...upFront].some((chunk) => file.path.endsWith(chunk))) entry += size;
    else if ([...later].some((chunk) => file.path.endsWith(chunk))) lazy += size;
  }
  return { entry, requests: upFront.size, lazy };
}

export async function sizeFigures(): Promise<Row[]> {
  const { entry: baseline } = await gzippedBundle(
    `import createClient from "openapi-fetch"; export const go = () => createClient({}).GET("/x");`,
  );
  const rows: Row[] = [];
  // A page that creates a client and makes its first call: one credential each, a call it may make.
  for (const [id, factory, call] of [
    ["savvycal", "createSavvyCalClient", `({ auth: { kind: "jwt", getToken: async () => "t" } }).GET("/v1/user")`],
    ["calcom", "createCalcomClient", `({ auth: { kind: "apiKey", apiKey: "k" } }).GET("/v2/me")`],
    ["astrocal", "createAstrocalClient", `({ auth: { kind: "none" } }).GET("/health")`],
    [
      "timekit",
      "createTimekitClient",
      `({ auth: { kind: "widgetKey", widgetKey: "w" } }).POST("/availability", { body: {} })`,
    ],
  ]) {
    const { entry, requests, lazy } = await gzippedBundle(
      `import { ${factory} } from "./generated/${id}/index.ts"; export const go = () => ${factory}${call};`,
    );
    const goal = 8 * 1024;
    rows.push({
      figure: `first call, ${id} (min+gzip, code-split: all a page loads for it)`,
      ours: `${fmt.kb(entry)} in ${requests} request(s)`,
      baseline: `${fmt.kb(baseline)} (openapi-fetch)`,
      ratio: entry / baseline,
      // The goal is Cal.com's with an API key (the largest API); the others are shown against the same line.
      ...(id === "calcom"
        ? { goal: "≤ openapi-fetch + 8 kB, in 1 request", met: entry - baseline <= goal && requests === 1 }
        : {}),
      note: `+${fmt.kb(entry - baseline)}${lazy ? `; ${fmt.kb(lazy)} loaded on demand (jose's ES256 signing code, with the first token minted)` : ""}`,
    });
  }
  // What a page ships as one file (no code splitting), with a client created and called.
  const oneFile: Array<[string, string]> = [
    [
      "Cal.com API key",
      `import { createCalcomClient } from "./generated/calcom/index.ts"; export const go = () => createCalcomClient({ auth: { kind: "apiKey", apiKey: "k" } }).GET("/v2/me");`,
    ],
    [
      "Timekit widget key",
      `import { createTimekitClient } from "./generated/timekit/index.ts"; export const go = () => createTimekitClient({ auth: { kind: "widgetKey", widgetKey: "w" } }).POST("/availability", { body: {} });`,
    ],
    [
      "Astrocal public",
      `import { createAstrocalClient } from "./generated/astrocal/index.ts"; export const go = () => createAstrocalClient({ auth: { kind: "none" } }).GET("/health");`,
    ],
    [
      "SavvyCal getToken",
      `import { createSavvyCalClient } from "./generated/savvycal/index.ts"; export const go = () => createSavvyCalClient({ auth: { kind: "jwt", getToken: async () => "t" } }).GET("/v1/user");`,
    ],
  ];
  const { entry: bare } = await gzippedBundle(
    `import createClient from "openapi-fetch"; export const go = () => createClient({}).GET("/x");`,
    false,
  );
  for (const [name, contents] of oneFile) {
    const { entry } = await gzippedBundle(contents, false);
    rows.push({
      figure: `browser bundle, one file: ${name}`,
      ours: fmt.kb(entry),
      baseline: `${fmt.kb(bare)} (openapi-fetch)`,
      ratio: entry / bare,
      note: `+${fmt.kb(entry - bare)}`,
    });
  }
  return rows;
}
