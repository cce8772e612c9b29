/**
 * The runtime that generated clients import must run in browsers and edge workers: bundling each
 * client for the browser must succeed with no Node built-in and no build-time module in it.
 */
import path from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
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
