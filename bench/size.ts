/**
 * Figure 4: each provider's client bundled for the browser (esbuild, minified, gzip), vs openapi-fetch
 * alone. With code splitting on, as browser bundlers do: the figure is what a page loads up front
 * (the entry and the chunks it imports statically); code behind a dynamic import (the call layer,
 * which loads as a client is created, and jose, for JWTs) is reported separately.
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { repoRoot } from "../src/codegen/config/paths.js";
import { chunksByLoading } from "./chunks.js";
import type { Row } from "./generation.js";
import { fmt } from "./measure.js";

async function gzippedBundle(contents: string, splitting = true): Promise<{ entry: number; lazy: number }> {
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
  return { entry, lazy };
}

export async function sizeFigures(): Promise<Row[]> {
  const { entry: baseline } = await gzippedBundle(
    `import createClient from "openapi-fetch"; export const make = createClient;`,
  );
  const rows: Row[] = [];
  for (const [id, factory] of [
    ["savvycal", "createSavvyCalClient"],
    ["calcom", "createCalcomClient"],
    ["astrocal", "createAstrocalClient"],
    ["timekit", "createTimekitClient"],
  ]) {
    const { entry, lazy } = await gzippedBundle(
      `import { ${factory} } from "./generated/${id}/index.ts"; export const make = ${factory};`,
    );
    rows.push({
      figure: `bundle ${id} (min+gzip, loaded up front)`,
      ours: fmt.kb(entry),
      baseline: `${fmt.kb(baseline)} (openapi-fetch)`,
      ratio: entry / baseline,
      // The goal is Cal.com's (the largest API); the others are shown against the same line.
      ...(id === "calcom" ? { goal: "≤ openapi-fetch + 3 kB", met: entry - baseline <= 3 * 1024 } : {}),
      note: `+${fmt.kb(entry - baseline)}${lazy ? `; ${fmt.kb(lazy)} loaded later (the call layer as a client is created; jose, where used, with the first token)` : ""}`,
    });
  }
  // What a page ships: one file (no code splitting) with a browser-safe client created and called.
  const browserSafe: Array<[string, string]> = [
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
  for (const [name, contents] of browserSafe) {
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
