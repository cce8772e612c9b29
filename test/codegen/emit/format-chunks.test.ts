/**
 * Formatting in pieces (for the format cache) must give exactly what prettier gives for the whole
 * module, on the shapes generated code takes.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../../src/codegen/config/paths.js";
import { formatSource } from "../../../src/codegen/emit/format.js";
import { joinFormatted, splitForFormatting } from "../../../src/codegen/emit/format-chunks.js";

async function formattedInPieces(source: string, target: number) {
  const pieces = splitForFormatting(source, target);
  // As formatModules does: the header comment is kept as it is.
  const formatted = await Promise.all(
    pieces.map((piece) => (piece.verbatim ? piece.code + "\n" : formatSource(piece.code))),
  );
  return { pieces, text: joinFormatted(pieces, formatted) };
}

/** A generated module as the generator hands it to prettier: TypeScript's printer indents by four. */
const unformatted = async (file: string) =>
  prettier.format(await readFile(path.join(repoRoot, file), "utf8"), {
    parser: "typescript",
    tabWidth: 4,
    printWidth: 200,
  });

describe("formatting in pieces", () => {
  // Object literals (auth.ts) end their members with commas and stay whole; type members are cut.
  it.each([
    ["generated/savvycal/schema.ts", true],
    ["generated/timekit/schema.ts", true],
    ["generated/savvycal/access.ts", true],
    ["test/fixtures/acme/generated/schema.ts", true],
    ["generated/calcom/auth.ts", false],
    ["test/fixtures/acme/generated/index.ts", false],
  ])("%s: the joined pieces are the whole file formatted", async (file, cut) => {
    const source = await unformatted(file);
    const { pieces, text } = await formattedInPieces(source, 2_000);
    if (cut) expect(pieces.length).toBeGreaterThan(2);
    expect(text).toBe(await formatSource(source));
  });

  it("cuts only between members of plain blocks: not inside `} & {`, not at braces in comments, keeping blank lines", async () => {
    const member = (name: string) =>
      [
        `        ${name}: {`,
        "            /**",
        "             * @example {",
        "             *   }",
        "             */",
        "            id: string;",
        "",
        "            other: number;",
        "        } & {",
        "            extra?: boolean;",
        "            more?: string;",
        "        };",
      ].join("\n");
    const source = [
      "// header",
      "",
      "export interface components {",
      "    schemas: {",
      ...["A", "B", "C", "D", "E", "F"].map(member),
      "",
      "        G: string;",
      "    };",
      "}",
      "export type x = Record<string, never>;",
      "",
    ].join("\n");
    const { pieces, text } = await formattedInPieces(source, 120);
    expect(pieces.length).toBeGreaterThan(4);
    for (const piece of pieces) expect(piece.code).not.toMatch(/\} & \{\n\s*\};\n\}$/);
    expect(text).toBe(await formatSource(source));
  });
});
