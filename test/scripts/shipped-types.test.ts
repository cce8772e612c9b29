/**
 * What the package ships of a generated schema (dist/generated/<id>/schema.d.ts: compacted, request
 * variants sharing their component's members, repeated shapes named once) must be the same types,
 * with the same docs, as the repository's generated/<id>/schema.ts. Checked with TypeScript's own
 * checker: every component schema and every path item is assignable both ways, and every property
 * of a component schema, and of a path item a few levels down (methods, parameters), shows the same
 * description on hover. `npm run build` (run by `npm ci`'s
 * prepare) writes dist/.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../src/codegen/config/paths.js";

interface Schema {
  checker: ts.TypeChecker;
  /** The type of an export (`paths`, `components`) of the file. */
  exported(name: string): ts.Type;
}

function load(files: string[]): Schema[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  });
  const checker = program.getTypeChecker();
  return files.map((file) => {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((symbol) => [symbol.name, symbol]));
    return { checker, exported: (name) => checker.getDeclaredTypeOfSymbol(exports.get(name)!) };
  });
}

const member = (checker: ts.TypeChecker, type: ts.Type, name: string) =>
  checker.getTypeOfSymbol(checker.getPropertyOfType(type, name)!);

/** What an editor shows for a property: its doc text and its description (shipped as plain text). */
function description(checker: ts.TypeChecker, symbol: ts.Symbol): string {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker));
  const tagged = symbol
    .getJsDocTags(checker)
    .filter((tag) => tag.name === "description")
    .map((tag) => ts.displayPartsToString(tag.text));
  return [text, ...tagged].filter(Boolean).join("\n").replace(/\s+/g, " ").trim();
}

describe.each(["savvycal", "calcom", "astrocal", "timekit"])("the shipped %s schema", (id) => {
  const generated = path.join(repoRoot, `generated/${id}/schema.ts`);
  const shipped = path.join(repoRoot, `dist/generated/${id}/schema.d.ts`);

  it("has the generated schema's types and property docs", () => {
    expect(existsSync(shipped), `${shipped} is missing: run npm run build`).toBe(true);
    const [source, built] = load([generated, shipped]);
    const { checker } = source;
    const differ: string[] = [];
    const same = (what: string, a: ts.Type, b: ts.Type) => {
      if (!checker.isTypeAssignableTo(a, b) || !checker.isTypeAssignableTo(b, a)) differ.push(what);
    };

    const docsDiffer: string[] = [];
    let documented = 0;
    const sameDoc = (where: string, expectedSymbol: ts.Symbol, actualSymbol: ts.Symbol | undefined) => {
      const expected = description(checker, expectedSymbol);
      const actual = actualSymbol ? description(checker, actualSymbol) : "(missing)";
      if (expected) documented++;
      if (actual !== expected) docsDiffer.push(`${where}: ${actual} ≠ ${expected}`);
    };

    // Path items, and the docs of what a call passes (methods, parameters and their members, a few
    // levels down): where the shapes named once (the parameter blocks) are.
    const sourcePaths = source.exported("paths");
    const builtPaths = built.exported("paths");
    const walk = (where: string, sourceType: ts.Type, builtType: ts.Type, depth: number) => {
      if (depth === 0 || !(sourceType.flags & ts.TypeFlags.Object)) return;
      for (const property of checker.getPropertiesOfType(sourceType)) {
        const builtProperty = checker.getPropertyOfType(builtType, property.name);
        sameDoc(`${where}.${property.name}`, property, builtProperty);
        if (builtProperty)
          walk(
            `${where}.${property.name}`,
            checker.getNonNullableType(checker.getTypeOfSymbol(property)),
            checker.getNonNullableType(checker.getTypeOfSymbol(builtProperty)),
            depth - 1,
          );
      }
    };
    for (const route of checker.getPropertiesOfType(sourcePaths)) {
      const builtRoute = member(checker, builtPaths, route.name);
      same(`paths[${route.name}]`, checker.getTypeOfSymbol(route), builtRoute);
      walk(`paths[${route.name}]`, checker.getTypeOfSymbol(route), builtRoute, 4);
    }

    const sourceSchemas = member(checker, source.exported("components"), "schemas");
    const builtSchemas = member(checker, built.exported("components"), "schemas");
    for (const schema of checker.getPropertiesOfType(sourceSchemas)) {
      const sourceType = checker.getTypeOfSymbol(schema);
      const builtType = member(checker, builtSchemas, schema.name);
      same(`schemas.${schema.name}`, sourceType, builtType);
      // Object schemas: a union's common members carry each member's doc, a string's are String's.
      if (!(sourceType.flags & ts.TypeFlags.Object || sourceType.isIntersection())) continue;
      for (const property of checker.getPropertiesOfType(sourceType))
        sameDoc(
          `schemas.${schema.name}.${property.name}`,
          property,
          checker.getPropertyOfType(builtType, property.name),
        );
    }
    expect(differ).toEqual([]);
    expect(docsDiffer).toEqual([]);
    // The comparison saw the spec's prose: not a check that passes on two empty files.
    expect(documented).toBeGreaterThan(100);
  });
});
