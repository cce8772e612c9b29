/**
 * The runtime that generated clients import must run in browsers and edge workers: bundling each
 * client for the browser must succeed with no Node built-in and no build-time module in it. A page
 * that creates a client and calls it loads the whole call path in one chunk (no waterfall); only
 * server-side signing code (jose, for ES256 keys) is left to a chunk loaded on demand.
 */
import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { chunksByLoading } from "../../bench/chunks.js";
import { repoRoot } from "../../src/codegen/config/paths.js";

describe.each(["savvycal", "calcom", "astrocal", "timekit"])("generated/%s bundled for the browser", (id) => {
  it("contains only runtime code", async () => {
    const result = await build({
      entryPoints: [path.join(repoRoot, `generated/${id}/index.ts`)],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => input.startsWith("src/"))).toEqual(
      inputs.filter((input) => input.startsWith("src/runtime/")),
    );
    expect(inputs.some((input) => input.startsWith("src/runtime/"))).toBe(true);
    expect(inputs.filter((input) => input.startsWith("node:"))).toEqual([]);
  });
});

describe.each(["savvycal", "calcom", "astrocal", "timekit"])("generated/%s split into chunks", (id) => {
  it("a page loads one chunk with openapi-fetch, the operations and the call path; jose only on demand", async () => {
    const result = await build({
      entryPoints: [path.join(repoRoot, `generated/${id}/index.ts`)],
      bundle: true,
      splitting: true,
      outdir: "out",
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const { outputs } = result.metafile;
    const modulesOf = (chunks: Iterable<string>) => [...chunks].flatMap((chunk) => Object.keys(outputs[chunk].inputs));
    const { upFront, later } = chunksByLoading(result.metafile);
    expect(upFront.size).toBe(1);
    expect(modulesOf(upFront)).toEqual(
      expect.arrayContaining([
        "node_modules/openapi-fetch/dist/index.mjs",
        `generated/${id}/operations.ts`,
        "src/runtime/internal/client.ts",
        "src/runtime/internal/calls.ts",
        "src/runtime/internal/retry.ts",
        "src/runtime/internal/paginate.ts",
        "src/runtime/internal/authorize.ts",
      ]),
    );
    expect(modulesOf(upFront).filter((module) => module.includes("node_modules/jose/"))).toEqual([]);
    // Only SavvyCal mints ES256 JWTs: its signing code is the one chunk loaded later.
    const signing = modulesOf(later).filter((module) => module.includes("node_modules/jose/"));
    expect(signing.length > 0).toBe(id === "savvycal");
  });
});
