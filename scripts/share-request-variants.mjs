// `npm run build`, after compaction: each request variant in a generated schema's shipped
// declarations (`<Name>Request`, or `<Name>Body` for a `…Request`: src/codegen/emit/request-variants.ts)
// is written as its component minus the members it changes, `Omit<components["schemas"]["Name"], …> & { … }`,
// instead of a second copy of every member. The members it keeps are the component's own, JSDoc
// included, so the type and the hover text are the same. Variants were about a tenth of the declarations.
import ts from "typescript";

/** The component a variant was copied from, by the generator's naming. */
function baseNameOf(name) {
  if (name.endsWith("Body")) return name.slice(0, -"Body".length);
  if (name.endsWith("Request")) return name.slice(0, -"Request".length);
  return undefined;
}

const memberName = (member) =>
  ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : undefined;

/** A type literal of plain properties: what `Omit` maps over without losing anything. */
const plainProperties = (type) =>
  type !== undefined &&
  ts.isTypeLiteralNode(type) &&
  type.members.every((member) => ts.isPropertySignature(member) && memberName(member) !== undefined);

/** The declarations with each request variant that shares members with its component rewritten. */
export function shareRequestVariants(text) {
  const source = ts.createSourceFile("shipped.d.ts", text, ts.ScriptTarget.Latest, true);
  const schemas = componentSchemas(source);
  if (schemas === undefined) return text;
  const byName = new Map(schemas.members.map((member) => [memberName(member), member]));
  /** A member's text with its JSDoc: two members are the same exactly when these are equal. */
  const fullText = (member) => text.slice(member.getFullStart(), member.end).trim();
  const edits = [];
  for (const variant of schemas.members) {
    const baseName = baseNameOf(memberName(variant) ?? "");
    const base = baseName === undefined ? undefined : byName.get(baseName);
    if (base === undefined || !plainProperties(base.type) || !plainProperties(variant.type)) continue;
    const baseMembers = new Map(base.type.members.map((member) => [memberName(member), fullText(member)]));
    const changed = variant.type.members.filter((member) => baseMembers.get(memberName(member)) !== fullText(member));
    if (changed.length === variant.type.members.length) continue;
    const kept = new Set(variant.type.members.filter((member) => !changed.includes(member)).map(memberName));
    const omitted = [...baseMembers.keys()].filter((name) => !kept.has(name));
    const reference = `components["schemas"][${JSON.stringify(baseName)}]`;
    const shared = omitted.length
      ? `Omit<${reference},${omitted.map((name) => JSON.stringify(name)).join("|")}>`
      : reference;
    // Each member as compacted, from the line break before its JSDoc: TypeScript reads a `/**` as a
    // property's doc only when a line break precedes it.
    const own = changed.length ? `&{${changed.map((m) => text.slice(m.getFullStart(), m.end)).join("")}}` : "";
    edits.push([variant.type.getStart(source), variant.type.end, shared + own]);
  }
  let out = "";
  let at = 0;
  for (const [start, end, replacement] of edits) {
    out += text.slice(at, start) + replacement;
    at = end;
  }
  return out + text.slice(at);
}

/** The type literal of `components.schemas` in openapi-typescript's `export interface components`. */
function componentSchemas(source) {
  for (const statement of source.statements)
    if (ts.isInterfaceDeclaration(statement) && statement.name.text === "components")
      for (const member of statement.members)
        if (
          ts.isPropertySignature(member) &&
          memberName(member) === "schemas" &&
          member.type &&
          ts.isTypeLiteralNode(member.type)
        )
          return member.type;
  return undefined;
}
