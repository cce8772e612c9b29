// npm run lint: typescript-eslint's recommended rules over the hand-written code. `any` is allowed
// where spec documents are walked (they are untyped JSON); unused names must say so with a leading _.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "packages/*/dist/", "generated/", "test/fixtures/*/generated/", "node_modules/", ".cache/"] },
  js.configs.recommended,
  // Plain Node scripts (TypeScript files get Node's globals from their types).
  { files: ["**/*.mjs"], languageOptions: { globals: { process: "readonly", console: "readonly" } } },
  // The example page's script runs in the browser: the page globals it uses.
  {
    files: ["examples/*/public/**/*.js"],
    languageOptions: {
      globals: {
        document: "readonly",
        fetch: "readonly",
        Intl: "readonly",
        Option: "readonly",
        URLSearchParams: "readonly",
      },
    },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      // Matching control characters is the point of the escaping and validation code.
      "no-control-regex": "off",
      // `Paths extends {}` is openapi-fetch's own constraint for path types.
      "@typescript-eslint/no-empty-object-type": ["error", { allowObjectTypes: "always" }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          caughtErrors: "none",
        },
      ],
    },
  },
);
