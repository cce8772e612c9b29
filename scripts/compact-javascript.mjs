// `npm run build`, last step: rewrites every .js under the given folder as esbuild prints it — the
// same code, without comments, indented by two spaces — so the package stays within issue #22's
// size goal (≤ 1 MB unpacked; the runtime's comments and tsc's four-space indentation were a
// fifth of its JavaScript). The commented source is src/ in the repository.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";

/** The module as esbuild prints it: ESM as it was, comments dropped except legal ones and `@__PURE__`. */
export function compactJavaScript(code) {
  return transformSync(code, { loader: "js", format: "esm", legalComments: "inline" }).code;
}

// Run as a script (the build): every JavaScript file under the folder given.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const folder = process.argv[2];
  for (const name of readdirSync(folder, { recursive: true }))
    if (name.endsWith(".js")) {
      const file = path.join(folder, name);
      writeFileSync(file, compactJavaScript(readFileSync(file, "utf8")));
    }
}
