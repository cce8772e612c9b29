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
import { joinFormatted, PieceJoinError, splitForFormatting } from "../../../src/codegen/emit/format-chunks.js";
import { formatModules } from "../../../src/codegen/emit/formatting.js";

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

  // OpenAI's realtime session (hey-api's specs/3.1.x/openai.yaml): a member of a union opened on the
  // property's line. Prettier spreads `tracing?: "auto" | {` over three lines, so it is no wrapper.
  const unionSource = [
    "export interface components {",
    "    schemas: {",
    "        Session: {",
    "            speed: number;",
    '            tracing?: "auto" | {',
    ...["workflow_name", "group_id", "trace_id", "span_id", "owner", "team"].flatMap((name) => [
      "                /**",
      `                 * @description The ${name} to attach to this trace, long enough to count towards a piece.`,
      "                 */",
      `                ${name}?: string;`,
    ]),
    "            };",
    "            voice?: string;",
    "        };",
    "    };",
    "}",
    "",
  ].join("\n");

  it("never cuts inside a union opened on a property's line: the joined pieces are the whole file formatted", async () => {
    const { pieces, text } = await formattedInPieces(unionSource, 150);
    expect(pieces.length).toBeGreaterThan(1);
    expect(text).toBe(await formatSource(unionSource));
    // What the old cut produced: the union's start repeated inside the object.
    expect(text).not.toMatch(/workflow_name\?: string;\n\s*\| "auto"/);
    for (const piece of pieces) expect(piece.openers).not.toContain('            tracing?: "auto" | {');
  });

  it("refuses to join a piece whose wrapper formatted to other lines, and formatting then takes the module whole", async () => {
    const source = ['    tracing?: "auto" | {', "        group_id?: string;", "    };"].join("\n");
    const piece = {
      code: ["export interface x {", source, "}"].join("\n"),
      dropFirstLines: 1,
      dropLastLines: 1,
      openers: ["export interface x {"],
      closers: ["}"],
      blankLineBefore: false,
    };
    // A wrapper that is not what formatting gave back (as a multi-line union opener would be).
    const mislabelled = { ...piece, openers: ['tracing?: "auto" | {'] };
    const formatted = await formatSource(piece.code);
    expect(joinFormatted([piece], [formatted])).toBe(formatted.split("\n").slice(1, -2).join("\n") + "\n");
    expect(() => joinFormatted([mislabelled], [formatted])).toThrow(PieceJoinError);
    // formatModules never hands back a wrong join: whatever the cut, the result is the whole file formatted.
    expect(await formatModules([unionSource])).toEqual([await formatSource(unionSource)]);
  });
});
