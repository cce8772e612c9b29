import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Generated clients import the runtime by package name; tests run them against the source.
    // Exact matches: a plain string alias would also catch the /generated subpath as a prefix.
    alias: [
      {
        find: /^scheduling-clients\/runtime$/,
        replacement: fileURLToPath(new URL("./src/runtime/index.ts", import.meta.url)),
      },
      {
        find: /^scheduling-clients\/runtime\/generated$/,
        replacement: fileURLToPath(new URL("./src/runtime/generated.ts", import.meta.url)),
      },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    // Generation of the real specs takes seconds on a 2-core machine; these are not timing tests.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    typecheck: {
      enabled: true,
      // Every test file is also type-checked, so expectTypeOf and @ts-expect-error hold in all of them.
      include: ["test/**/*.test-d.ts", "test/**/*.test.ts"],
      tsconfig: "./tsconfig.json",
    },
  },
});
