#!/usr/bin/env node
// `npm run generate | pull | specs:diff`: runs the command from an esbuild bundle of scripts/ and
// src/ kept in .cache/cli/<key>, where the key hashes every source file, so an edit rebuilds it
// (in about a tenth of a second) and an unchanged tree reuses it. Loading one bundle takes a
// fraction of what compiling and resolving the same modules through tsx costs on every run.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sourceKey } from "./source-key.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const COMMANDS = { generate: "generate", pull: "pull", "specs:diff": "diff" };
// src/booking: the generator reads the booking API's operation table (model/booking-surface.ts).
const SOURCES = ["scripts", "src/codegen", "src/runtime", "src/booking"];

/**
 * openapi-typescript's modules are bundled, and the CommonJS packages they and the layering import
 * (`typescript`, `ts-morph`) are loaded with require(): imported from ESM, Node scans each file for
 * its module syntax and its named exports before compiling it — about 0.4 s for TypeScript alone.
 */
const commonJsThroughRequire = {
  name: "commonjs-through-require",
  setup(build) {
    const require = createRequire(path.join(root, "package.json"));
    build.onResolve({ filter: /^openapi-typescript\/dist\// }, (args) => ({ path: require.resolve(args.path) }));
    build.onResolve({ filter: /^(typescript|ts-morph)$/ }, (args) =>
      // The stand-in's own require() of the package stays a require() at run time (the banner's).
      args.namespace === "required" ? { path: args.path, external: true } : { path: args.path, namespace: "required" },
    );
    build.onLoad({ filter: /.*/, namespace: "required" }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
  },
};

async function bundle(outdir) {
  const { build } = await import("esbuild");
  const temp = `${outdir}.${process.pid}.tmp`;
  await build({
    entryPoints: {
      ...Object.fromEntries(Object.values(COMMANDS).map((name) => [name, path.join(root, `scripts/${name}.ts`)])),
      // The emit helper thread's module, beside the chunk that starts it (helper-thread.ts).
      "layer-worker": path.join(root, "src/codegen/emit/layer-worker.ts"),
    },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    plugins: [commonJsThroughRequire],
    banner: {
      js: `import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);`,
    },
    outdir: temp,
    logLevel: "error",
  });
  // Another run may have built the same key meanwhile: either copy is the same bundle.
  await rename(temp, outdir).catch(() => rm(temp, { recursive: true, force: true }));
}

const [command, ...args] = process.argv.slice(2);
if (!Object.hasOwn(COMMANDS, command ?? "")) {
  console.error(`usage: node scripts/run.mjs <${Object.keys(COMMANDS).join(" | ")}> [options]`);
  process.exit(2);
}
const key = sourceKey(root, SOURCES, path.join(root, ".cache/cli/sources.json"));
const outdir = path.join(root, ".cache/cli", key);
if (!existsSync(outdir)) {
  await mkdir(path.dirname(outdir), { recursive: true });
  await bundle(outdir);
}
// The command parses process.argv as if it had been run directly.
process.argv = [process.argv[0], path.join(root, `scripts/${COMMANDS[command]}.ts`), ...args];
await import(pathToFileURL(path.join(outdir, `${COMMANDS[command]}.js`)).href);
