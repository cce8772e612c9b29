/**
 * What the package ships of a generated schema (dist/generated/<id>/schema.d.ts: compacted, request
 * variants sharing their component's members, repeated shapes named once) must be the same types,
 * with the same docs, as the repository's generated/<id>/schema.ts. Checked with TypeScript's own
 * checker: the shipped file has no errors of its own, every component schema and every path item is
 * assignable both ways, and every property reachable from them shows the same description on hover. `npm run build` (run by `npm ci`'s
 * prepare) writes dist/.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../src/codegen/config/paths.js";

interface Schema {
  checker: ts.TypeChecker;
  /** The file's own errors, its declarations checked (skipLibCheck off). */
  diagnostics: readonly ts.Diagnostic[];
  /** The type of an export (`paths`, `components`) of the file. */
  exported(name: string): ts.Type;
}

function load(files: string[]): Schema[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
  });
  const checker = program.getTypeChecker();
  return files.map((file) => {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    const exports = new Map(checker.getExportsOfModule(moduleSymbol).map((symbol) => [symbol.name, symbol]));
    return {
      checker,
      diagnostics: ts.getPreEmitDiagnostics(program, program.getSourceFile(file)),
      exported: (name) => checker.getDeclaredTypeOfSymbol(exports.get(name)!),
    };
  });
}

const member = (checker: ts.TypeChecker, type: ts.Type, name: string) =>
  checker.getTypeOfSymbol(checker.getPropertyOfType(type, name)!);

/**
 * What an editor shows for a property: its doc text, then its `@description` (which the package
 * ships as plain text, a paragraph of its own), paragraphs and line breaks as written.
 */
function description(checker: ts.TypeChecker, symbol: ts.Symbol): string {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker));
  const tagged = symbol
    .getJsDocTags(checker)
    .filter((tag) => tag.name === "description")
    .map((tag) => ts.displayPartsToString(tag.text));
  return [text, ...tagged].filter(Boolean).join("\n\n");
}

/** An object type's properties to compare; an array's are its element's. */
function objectOf(checker: ts.TypeChecker, type: ts.Type): ts.Type | undefined {
  if (type.symbol?.name === "Array") return objectOf(checker, checker.getTypeArguments(type as ts.TypeReference)[0]);
  // A union's common members carry each member's doc, a string's are String's: objects only.
  return type.flags & ts.TypeFlags.Object || type.isIntersection() ? type : undefined;
}

describe.each(["savvycal", "calcom", "astrocal", "timekit"])("the shipped %s schema", (id) => {
  const generated = path.join(repoRoot, `generated/${id}/schema.ts`);
  const shipped = path.join(repoRoot, `dist/generated/${id}/schema.d.ts`);

  it("has the generated schema's types and property docs", () => {
    expect(existsSync(shipped), `${shipped} is missing: run npm run build`).toBe(true);
    const [source, built] = load([generated, shipped]);
    const { checker } = source;
    // The shipped file checks on its own: an alias it names and does not declare would be an error
    // (and an unresolved type is assignable both ways).
    expect(built.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "))).toEqual([]);

    const differ: string[] = [];
    const same = (what: string, a: ts.Type, b: ts.Type) => {
      if (!checker.isTypeAssignableTo(a, b) || !checker.isTypeAssignableTo(b, a)) differ.push(what);
    };
    const docsDiffer: string[] = [];
    let documented = 0;
    // Every property reachable from a path item or a schema, each type once: methods, parameter
    // blocks, request and response bodies, nested objects, where the shapes named once are.
    const seen = new Set<ts.Type>();
    const walk = (where: string, sourceType: ts.Type, builtType: ts.Type) => {
      const sourceObject = objectOf(checker, sourceType);
      const builtObject = objectOf(checker, builtType);
      if (!sourceObject || !builtObject || seen.has(sourceObject)) return;
      seen.add(sourceObject);
      for (const property of checker.getPropertiesOfType(sourceObject)) {
        const builtProperty = checker.getPropertyOfType(builtObject, property.name);
        const expected = description(checker, property);
        const actual = builtProperty ? description(checker, builtProperty) : "(missing)";
        if (expected) documented++;
        if (actual !== expected) docsDiffer.push(`${where}.${property.name}: ${actual} ≠ ${expected}`);
        if (builtProperty)
          walk(
            `${where}.${property.name}`,
            checker.getNonNullableType(checker.getTypeOfSymbol(property)),
            checker.getNonNullableType(checker.getTypeOfSymbol(builtProperty)),
          );
      }
    };

    const sourcePaths = source.exported("paths");
    const builtPaths = built.exported("paths");
    for (const route of checker.getPropertiesOfType(sourcePaths)) {
      const builtRoute = member(checker, builtPaths, route.name);
      same(`paths[${route.name}]`, checker.getTypeOfSymbol(route), builtRoute);
      walk(`paths[${route.name}]`, checker.getTypeOfSymbol(route), builtRoute);
    }
    const sourceSchemas = member(checker, source.exported("components"), "schemas");
    const builtSchemas = member(checker, built.exported("components"), "schemas");
    for (const schema of checker.getPropertiesOfType(sourceSchemas)) {
      const builtType = member(checker, builtSchemas, schema.name);
      same(`schemas.${schema.name}`, checker.getTypeOfSymbol(schema), builtType);
      walk(`schemas.${schema.name}`, checker.getTypeOfSymbol(schema), builtType);
    }
    expect(differ).toEqual([]);
    expect(docsDiffer).toEqual([]);
    // The comparison saw the spec's prose: not a check that passes on two empty files.
    expect(documented).toBeGreaterThan(100);
  });
});
