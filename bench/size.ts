/** Figure 4: each provider's client bundled for the browser (esbuild, minified, gzip), vs openapi-fetch alone. */
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { repoRoot } from "../src/build/paths.js";
import type { Row } from "./generation.js";
import { fmt } from "./measure.js";

async function gzippedBundle(contents: string): Promise<number> {
  const result = await build({ stdin: { contents, resolveDir: repoRoot, loader: "ts" }, bundle: true, minify: true, platform: "browser", format: "esm", write: false, logLevel: "silent" });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).byteLength;
}

export async function sizeFigures(): Promise<Row[]> {
  const baseline = await gzippedBundle(`import createClient from "openapi-fetch"; export const make = createClient;`);
  const rows: Row[] = [];
  for (const [id, factory] of [["savvycal", "createSavvyCalClient"], ["calcom", "createCalcomClient"], ["astrocal", "createAstrocalClient"], ["timekit", "createTimekitClient"]]) {
    const size = await gzippedBundle(`import { ${factory} } from "./generated/${id}/index.ts"; export const make = ${factory};`);
    rows.push({ figure: `bundle ${id} (min+gzip)`, ours: fmt.kb(size), baseline: `${fmt.kb(baseline)} (openapi-fetch)`, ratio: size / baseline, goal: "≤ openapi-fetch + 3 kB", met: size - baseline <= 3 * 1024, note: `+${fmt.kb(size - baseline)}` });
  }
  return rows;
}
