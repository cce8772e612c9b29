import { describe, expect, it } from "vitest";
// @ts-expect-error -- a build script in plain JavaScript, without declarations
import { compactDeclarations } from "../../scripts/compact-declarations.mjs";
// @ts-expect-error -- a build script in plain JavaScript, without declarations
import { shippedDoc } from "../../scripts/shipped-docs.mjs";

describe("the spec JSDoc the package ships", () => {
  it("leaves out @example blocks and @enum tags, keeps every other tag and the summary, and gives the description as plain text", () => {
    const comment = [
      "/**",
      "* Get a booking",
      "* @description The booking, by uid.",
      "* @example {",
      '*   "uid": "abc"',
      "* }",
      "* @default 3",
      "* @enum {string}",
      "* @credentials apiKey | managedUser",
      "*/",
    ].join("\n");
    expect(shippedDoc(comment)).toBe(
      [
        "/**",
        "* Get a booking",
        "*",
        "* The booking, by uid.",
        "* @default 3",
        "* @credentials apiKey | managedUser",
        "*/",
      ].join("\n"),
    );
  });

  it("drops a comment that held only dropped tags, and leaves others as they are", () => {
    expect(shippedDoc("/** @example 25 */")).toBeUndefined();
    expect(shippedDoc("/**\n* @example success\n* @enum {string}\n*/")).toBeUndefined();
    expect(shippedDoc("/**\n* @credentials apiKey\n*/")).toBe("/**\n* @credentials apiKey\n*/");
    expect(shippedDoc("// a line comment")).toBe("// a line comment");
  });

  it("gives a description as plain text only where it is the first tag, on one line when it is one", () => {
    expect(shippedDoc("/** @description value must be `Bearer <token>` */")).toBe(
      "/** value must be `Bearer <token>` */",
    );
    expect(shippedDoc("/**\n* @description Status\n* @example success\n*/")).toBe("/** Status */");
    // After @deprecated, plain text would read as the deprecation's reason.
    expect(shippedDoc("/**\n* @deprecated\n* @description Old field\n*/")).toBe(
      "/**\n* @deprecated\n* @description Old field\n*/",
    );
    // A paragraph of its own after a `Format:` line: in Markdown one line break only wraps.
    expect(shippedDoc("/**\n* Format: email\n* @description The client's email\n*/")).toBe(
      "/**\n* Format: email\n*\n* The client's email\n*/",
    );
  });

  it("keeps a comment's own paragraphs, dropping only blank lines at its ends", () => {
    expect(shippedDoc("/**\n*\n* @description First.\n*\n*     Second.\n* @example 1\n*\n*/")).toBe(
      "/**\n* First.\n*\n* Second.\n*/",
    );
  });

  it("compacts declarations with the trimmed comments, the types untouched", () => {
    const source = `export interface A {\n    /**\n     * @description Status\n     * @example success\n     * @enum {string}\n     */\n    status: "success" | "error";\n    /** @example 25 */\n    take?: number;\n}\n`;
    expect(compactDeclarations(source, shippedDoc)).toBe(
      'export interface A{\n/** Status */\nstatus:"success"|"error";take?:number;}\n',
    );
  });
});
