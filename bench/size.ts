/**
 * Figure 4: each provider's client bundled for the browser (esbuild, minified, gzip), vs openapi-fetch
 * alone. With code splitting on, as browser bundlers do: the figure is the entry chunk a page loads;
 * code behind a dynamic import (SavvyCal's JWT signing) is reported separately.
 */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { repoRoot } from "../src/codegen/config/paths.js";
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
  const [entryPath, entryOutput] = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint)!;
  // Chunks the entry can load on demand, with what they import in turn; chunks nothing reachable imports are never fetched.
  const onDemand = new Set<string>();
  const visit = (chunk: string) => {
    if (chunk === entryPath || onDemand.has(chunk)) return;
    onDemand.add(chunk);
    for (const next of result.metafile.outputs[chunk]?.imports ?? []) visit(next.path);
  };
  for (const dynamic of entryOutput.imports.filter((i) => i.kind === "dynamic-import")) visit(dynamic.path);
  let entry = 0;
  let lazy = 0;
  for (const file of result.outputFiles) {
    const size = gzipSync(file.contents, { level: 9 }).byteLength;
    if (file.path.endsWith(entryPath)) entry += size;
    else if ([...onDemand].some((chunk) => file.path.endsWith(chunk))) lazy += size;
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
      figure: `bundle ${id} (min+gzip, entry chunk)`,
      ours: fmt.kb(entry),
      baseline: `${fmt.kb(baseline)} (openapi-fetch)`,
      ratio: entry / baseline,
      // The goal is Cal.com's (the largest API); the others are shown against the same line.
      ...(id === "calcom" ? { goal: "≤ openapi-fetch + 3 kB", met: entry - baseline <= 3 * 1024 } : {}),
      note: `+${fmt.kb(entry - baseline)}${lazy ? `; ${fmt.kb(lazy)} more loaded only when used` : ""}`,
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
