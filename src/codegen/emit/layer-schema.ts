/**
 * Layers the auth rules onto openapi-typescript's output with ts-morph: every operation's type gets
 * JSDoc saying which credentials it accepts and which headers the client sets, and header
 * parameters the client sets become optional for callers (they may still pass them to override).
 * ts-morph locates the nodes; the edits are collected and spliced in one pass, which keeps the
 * run linear on large specs.
 */
import { Node, Project, type PropertySignature, type TypeLiteralNode } from "ts-morph";
import type { Annotations } from "../config/annotations.js";
import { jsDoc } from "../support/escape.js";
import { describeAccepted, headersOfAccess, type AcceptedCredential } from "../../runtime/table.js";
import type { LayerOperation } from "./helper-thread.js";

/** Replace [pos, end) with text (end = pos: insert). */
interface Edit {
  pos: number;
  end: number;
  text: string;
}

/**
 * The name a property or literal stands for: a string literal's value, not its source text — the
 * printer writes `é` as `"\u00E9"` and escapes quotes, backslashes and line separators, and the
 * operations name paths as the spec does.
 */
function nameOf(node: Node): string {
  return Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)
    ? node.getLiteralValue()
    : node.getText();
}

function propertiesByName(literal: TypeLiteralNode | undefined): Map<string, PropertySignature> {
  const map = new Map<string, PropertySignature>();
  for (const member of literal?.getMembers() ?? [])
    if (Node.isPropertySignature(member)) map.set(nameOf(member.getNameNode()), member);
  return map;
}

function typeLiteralOf(property: PropertySignature | undefined): TypeLiteralNode | undefined {
  const type = property?.getTypeNode();
  return type && Node.isTypeLiteral(type) ? type : undefined;
}

/** Header names the client may set on an operation: any accepted credential's, its scope's, and static ones. */
export function injectedHeaderNames(annotations: Annotations, operation: LayerOperation): Set<string> {
  const names = new Set(Object.keys(operation.headers).map((h) => h.toLowerCase()));
  for (const { kind, scope } of operation.access) {
    const credential = annotations.credentials[kind];
    if (!credential) continue;
    for (const header of Object.keys(headersOfAccess(credential, scope))) names.add(header.toLowerCase());
  }
  return names;
}

export function layerSchema(schemaSource: string, annotations: Annotations, operations: LayerOperation[]): string {
  const project = new Project({ useInMemoryFileSystem: true, skipLoadingLibFiles: true });
  const file = project.createSourceFile("schema.ts", schemaSource);
  const paths = file.getInterfaceOrThrow("paths");
  const operationTypes = new Map<string, PropertySignature>();
  for (const property of file.getInterface("operations")?.getProperties() ?? [])
    operationTypes.set(nameOf(property.getNameNode()), property);
  const pathProperties = new Map(paths.getProperties().map((property) => [nameOf(property.getNameNode()), property]));
  const edits: Edit[] = [];
  const optionalized = new Set<PropertySignature>();

  for (const operation of operations) {
    const methodProperty = propertiesByName(typeLiteralOf(pathProperties.get(operation.path))).get(operation.method);
    if (!methodProperty)
      throw new Error(
        `layering: ${operation.method.toUpperCase()} ${operation.path} is missing from the generated types`,
      );
    edits.push(jsDocEdit(methodProperty, operationDocLines(annotations, operation)));

    const typeNode = methodProperty.getTypeNode();
    let operationLiteral: TypeLiteralNode | undefined;
    if (typeNode && Node.isTypeLiteral(typeNode)) operationLiteral = typeNode;
    else if (typeNode && Node.isIndexedAccessTypeNode(typeNode)) {
      const index = typeNode.getIndexTypeNode();
      const id = Node.isLiteralTypeNode(index) ? nameOf(index.getLiteral()) : undefined;
      operationLiteral = typeLiteralOf(id === undefined ? undefined : operationTypes.get(id));
    }
    const headerProperty = propertiesByName(typeLiteralOf(propertiesByName(operationLiteral).get("parameters"))).get(
      "header",
    );
    const headerLiteral = typeLiteralOf(headerProperty);
    if (!headerProperty || !headerLiteral) continue;
    const injected = injectedHeaderNames(annotations, operation);
    let stillRequired = 0;
    for (const [name, property] of propertiesByName(headerLiteral)) {
      if (property.hasQuestionToken() || optionalized.has(property)) continue;
      if (injected.has(name.toLowerCase())) {
        optionalized.add(property);
        edits.push(insertAt(property.getNameNode().getEnd(), "?"));
      } else stillRequired++;
    }
    if (stillRequired === 0 && !headerProperty.hasQuestionToken() && !optionalized.has(headerProperty)) {
      optionalized.add(headerProperty);
      edits.push(insertAt(headerProperty.getNameNode().getEnd(), "?"));
    }
  }

  return applyEdits(schemaSource, edits);
}

/** Splices non-overlapping edits in one pass (repeated slicing would copy the whole file per edit). */
function applyEdits(source: string, edits: Edit[]): string {
  const chunks: string[] = [];
  let cursor = 0;
  for (const edit of [...edits].sort((a, b) => a.pos - b.pos)) {
    chunks.push(source.slice(cursor, edit.pos), edit.text);
    cursor = edit.end;
  }
  chunks.push(source.slice(cursor));
  return chunks.join("");
}

const insertAt = (pos: number, text: string): Edit => ({ pos, end: pos, text });

/** Appends lines to the property's JSDoc (rewriting it whole, so one-line docs stay valid), or adds one. */
function jsDocEdit(property: PropertySignature, lines: string[]): Edit {
  const escaped = lines.map(jsDoc);
  const docs = property.getJsDocs();
  if (docs.length === 0)
    return insertAt(property.getStart(), `/**\n${escaped.map((line) => ` * ${line}`).join("\n")}\n */\n`);
  const last = docs[docs.length - 1];
  const existing = last
    .getText()
    .replace(/^\/\*\*/, "")
    .replace(/\*\/$/, "")
    .split("\n")
    .map((line) => line.replace(/^\s*\* ?/, "").trimEnd());
  while (existing.length && existing[0].trim() === "") existing.shift();
  while (existing.length && existing[existing.length - 1].trim() === "") existing.pop();
  const body = [...existing, ...escaped].map((line) => (line ? ` * ${line}` : " *")).join("\n");
  return { pos: last.getStart(), end: last.getEnd(), text: `/**\n${body}\n */` };
}

/** The JSDoc lines layered onto an operation's type. */
function operationDocLines(annotations: Annotations, operation: LayerOperation): string[] {
  const describe = (accepted: AcceptedCredential) => describeAccepted(accepted, annotations.credentials);
  const lines = [
    `@credentials ${operation.access.length ? operation.access.map(describe).join(" | ") : "none this client supports"}`,
  ];
  const headers = Object.entries(operation.headers);
  if (headers.length) lines.push(`@headers set by the client: ${headers.map(([h, v]) => `${h}: ${v}`).join(", ")}`);
  if (operation.customers.length)
    lines.push(`@customers ${operation.customers.map(([c, a]) => `${c} (${a})`).join(", ")}`);
  lines.push(...operation.facts.map((fact) => `@remarks ${fact}`));
  return lines;
}
