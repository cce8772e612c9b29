// `npm run build`, after compaction: a generated schema's shipped declarations name each type
// literal or union that the spec repeats (Cal.com's auth-header parameter block is written out 232
// times, every response's `headers: { [name: string]: unknown }` 267 times) once, as a
// module-private alias, and refer to it by name. Object and union types are structural, so every
// type is the same type as before, and the members keep their JSDoc; a hover shows the alias's name
// where the shape was spelled out, so shapes a hover is for stay in place (staysInPlace). It takes
// about a fifth off the declarations (issue #22's package size goal).
import ts from "typescript";

/** An alias must save at least this many bytes to be worth a name a reader has to look up. */
const MIN_SAVING = 64;

/**
 * The declarations with repeated type literals and unions hoisted into `type SharedX = …;` aliases
 * (appended at the end). It runs in the package build on our own four schemas, not on an app's
 * spec: keying each shape by its text costs the text's size times its nesting depth.
 */
export function hoistRepeatedTypes(text) {
  const source = ts.createSourceFile("shipped.d.ts", text, ts.ScriptTarget.Latest, true);
  const shapes = collectShapes(source, text);
  const taken = identifiersIn(source);
  const names = chooseAliases(shapes, taken);
  if (names.size === 0) return text;

  /** The node's text from `from` with every hoisted shape inside it (outermost) replaced by its name. */
  const render = (node, from, to) => {
    let out = "";
    let at = from;
    const visit = (child) => {
      const name = names.get(shapes.keyOf.get(child));
      if (name !== undefined) {
        const start = child.getStart(source);
        // `readonly{…}[]` and `keyof{…}` were compacted without the space a name needs. The
        // character before is read from the text: testing `out` would copy it at every name.
        const wordBefore = start > from && /[A-Za-z0-9_$]/.test(text[start - 1]);
        out += text.slice(at, start) + (wordBefore ? " " : "") + name;
        at = child.end;
        return;
      }
      ts.forEachChild(child, visit);
    };
    ts.forEachChild(node, visit);
    return out + text.slice(at, to);
  };

  const body = render(source, 0, source.end).trimEnd();
  const aliases = [...names].map(([key, name]) => {
    const node = shapes.first.get(key);
    return `type ${name}=${render(node, node.getStart(source), node.end)};`;
  });
  // `export {}` keeps the aliases module-private: otherwise a declaration file exports all it declares.
  return `${body}\n${aliases.join("\n")}\nexport{};\n`;
}

/** A union of literals this short shows whole in an editor's hover: a name there would hide its values. */
const SHOWN_WHOLE = 500;

/**
 * Shapes that keep their text where they are: a component schema's own body (a hover on the
 * schema would show another name) and a short union of literals.
 */
function staysInPlace(node, source) {
  if (isComponentSchema(node)) return true;
  const literalsOnly = ts.isUnionTypeNode(node) && node.types.every((member) => ts.isLiteralTypeNode(member));
  return literalsOnly && node.end - node.getStart(source) <= SHOWN_WHOLE;
}

/** `components.schemas.X`'s type itself, as openapi-typescript writes it. */
function isComponentSchema(node) {
  const schemas = node.parent?.parent;
  const holder = schemas?.parent;
  return (
    ts.isPropertySignature(node.parent) &&
    ts.isTypeLiteralNode(schemas) &&
    ts.isPropertySignature(holder) &&
    ts.isIdentifier(holder.name) &&
    holder.name.text === "schemas" &&
    ts.isInterfaceDeclaration(holder.parent) &&
    holder.parent.name.text === "components"
  );
}

/**
 * Every hoistable node's text (its key) and how often each key occurs, the first node with each
 * key, and the property name it first appears under (for a readable alias name).
 */
function collectShapes(source, text) {
  const keyOf = new Map();
  const count = new Map();
  const first = new Map();
  const label = new Map();
  /** Visits the node's subtree; true when it has a `this` type, which only means something in place. */
  const visit = (node, scoped) => {
    // Inside a generic, a mapped or a conditional type, a literal may name a type parameter.
    const inScope =
      scoped || node.typeParameters !== undefined || ts.isMappedTypeNode(node) || ts.isConditionalTypeNode(node);
    let hasThis = ts.isThisTypeNode(node);
    ts.forEachChild(node, (child) => {
      hasThis = visit(child, inScope) || hasThis;
    });
    const shape = ts.isTypeLiteralNode(node) || ts.isUnionTypeNode(node);
    if (shape && !inScope && !hasThis && !staysInPlace(node, source)) {
      const key = text.slice(node.getStart(source), node.end);
      keyOf.set(node, key);
      count.set(key, (count.get(key) ?? 0) + 1);
      if (!first.has(key)) {
        first.set(key, node);
        label.set(key, nearestPropertyName(node));
      }
    }
    return hasThis;
  };
  visit(source, false);
  return { keyOf, count, first, label };
}

/** The nearest property the node is (part of) the type of: `header`, `headers`, `bookingFields`. */
function nearestPropertyName(node) {
  for (let at = node; at.parent !== undefined; at = at.parent) {
    const parent = at.parent;
    if ((ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent)) && parent.type === at) {
      const name = parent.name;
      return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : undefined;
    }
  }
  return undefined;
}

/**
 * Which keys get an alias, outermost (longest) first: hoisting a shape leaves one copy of what it
 * contains, so the shapes inside it count that many fewer times before they are considered.
 */
function chooseAliases(shapes, taken) {
  const names = new Map();
  const count = new Map(shapes.count);
  const keys = [...count.keys()]
    .filter((key) => count.get(key) > 1)
    .sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  for (const key of keys) {
    const times = count.get(key);
    const name = aliasName(shapes.label.get(key), taken);
    const saving = (key.length - name.length) * times - (key.length + name.length + "type =;\n".length);
    if (times < 2 || saving < MIN_SAVING) continue;
    taken.add(name);
    names.set(key, name);
    const inner = (node) => {
      const innerKey = shapes.keyOf.get(node);
      if (innerKey !== undefined) count.set(innerKey, count.get(innerKey) - (times - 1));
      ts.forEachChild(node, inner);
    };
    ts.forEachChild(shapes.first.get(key), inner);
  }
  return names;
}

/** `Shared` and the property's name in PascalCase, numbered from 2 when taken. */
function aliasName(label, taken) {
  const words = (label ?? "shape").split(/[^A-Za-z0-9]+/).filter(Boolean);
  const stem = `Shared${words.map((word) => word[0].toUpperCase() + word.slice(1)).join("")}`;
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}${n}`)) return `${stem}${n}`;
}

/** Every identifier the file already uses, so an alias never shadows or collides with one. */
function identifiersIn(source) {
  const names = new Set();
  const visit = (node) => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}
