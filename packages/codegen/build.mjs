// `npm run build` / `npm pack` of the generator package: compiles src/codegen and the command lines
// into dist/, and copies in what the package ships from the repository's root — the annotation
// format it documents, the licence, and the prettier config it formats generated code with.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
rmSync(path.join(here, "dist"), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
execFileSync(process.execPath, [tsc, "-p", path.join(here, "tsconfig.json")], { stdio: "inherit" });
mkdirSync(path.join(here, "docs"), { recursive: true });
for (const file of ["docs/annotations.md", "LICENSE", ".prettierrc.json"])
  copyFileSync(path.join(root, file), path.join(here, file));
