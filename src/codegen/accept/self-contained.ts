/**
 * An accepted document is self-contained: no `$ref` may point outside it, because resolving one
 * would read a local file or make a request on behalf of whoever serves the spec. A reference
 * inside an example is dropped with the example (examples only decorate the types); anywhere else
 * it rejects the document. The walk is iterative, so a deep or self-referencing (YAML alias)
 * document fails with a clear message instead of exhausting the stack.
 */
import { SpecProblem } from "../support/errors.js";
import { sanitizeRemote } from "../support/escape.js";
import type { Repair } from "./repair.js";
import { resolveLocalRef, toPointer, type OpenApiDocument } from "./spec-document.js";

/** Deeper than any real spec nests; far below what would exhaust the stack of later walks. */
export const MAX_DEPTH = 256;

const EXAMPLE_KEYS = new Set(["example", "examples"]);
const REJECT_HINT =
  "the provider's document must be self-contained: add a correction under specs/corrections/ that inlines or removes the reference";

type Json = Record<string, unknown> | unknown[];

export function assertSelfContained(doc: OpenApiDocument): Repair[] {
  const repairs: Repair[] = [];
  // Each entry: the node, its path, and whether it sits inside an example.
  const stack: Array<{ node: Json; at: Array<string | number>; inExample: boolean; ancestors: Set<object> }> = [
    { node: doc, at: [], inExample: false, ancestors: new Set() },
  ];
  while (stack.length) {
    const { node, at, inExample, ancestors } = stack.pop()!;
    if (at.length > MAX_DEPTH)
      throw new SpecProblem(
        `the document nests deeper than ${MAX_DEPTH} levels`,
        "check the spec URL: no real OpenAPI document nests this deep",
        toPointer(at.slice(0, 8)) + "/…",
      );
    const lineage = new Set(ancestors).add(node);
    const entries: Array<[string | number, unknown]> = Array.isArray(node)
      ? node.map((item, index) => [index, item])
      : Object.entries(node);
    for (const [key, child] of entries) {
      if (
        !Array.isArray(node) &&
        (key === "$ref" || key === "externalValue") &&
        typeof child === "string" &&
        !(key === "$ref" && child.startsWith("#"))
      ) {
        if (inExample || key === "externalValue") {
          dropExample(doc, node, at, key, child, repairs);
          break;
        }
        throw new SpecProblem(
          `external reference "${sanitizeRemote(child, 120)}" is not allowed`,
          REJECT_HINT,
          toPointer([...at, key]),
        );
      }
      if (!child || typeof child !== "object") continue;
      if (lineage.has(child))
        throw new SpecProblem(
          "the document refers to itself (a YAML alias inside its own value)",
          "the provider's document is broken; keep the last good snapshot",
          toPointer([...at, key]),
        );
      stack.push({
        node: child as Json,
        at: [...at, key],
        inExample: inExample || (typeof key === "string" && EXAMPLE_KEYS.has(key) && !isSchemaProperties(at)),
        ancestors: lineage,
      });
    }
  }
  return repairs.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
}

/** `properties.example` names a property called "example", not an example. */
function isSchemaProperties(at: Array<string | number>): boolean {
  return at[at.length - 1] === "properties";
}

/** Removes the example (or the Example object's externalValue) that holds the outside reference. */
function dropExample(
  doc: OpenApiDocument,
  node: Json,
  at: Array<string | number>,
  key: string,
  target: string,
  repairs: Repair[],
): void {
  // Find the nearest `example` / `examples` entry above the reference and delete it whole.
  let cut = at.length - 1;
  while (cut >= 0 && !(typeof at[cut] === "string" && EXAMPLE_KEYS.has(at[cut] as string))) cut--;
  const removeAt = key === "externalValue" && cut < 0 ? [...at, key] : at.slice(0, cut + 2);
  let parent: any = doc;
  for (const segment of removeAt.slice(0, -1)) parent = parent[segment];
  const last = removeAt[removeAt.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
  repairs.push({
    kind: "external-reference-in-example",
    pointer: toPointer(removeAt),
    detail: `an example refers outside the document ("${sanitizeRemote(target, 80)}"); the example is dropped, nothing is fetched or read`,
  });
  void node;
}

/**
 * After repairs: every local reference resolves (own properties only, so `#/components/schemas/
 * constructor` is missing unless the document defines it). A dangling one no repair covered
 * rejects the document with its pointer.
 */
export function assertReferencesResolve(doc: OpenApiDocument): void {
  const stack: Array<{ node: Json; at: Array<string | number> }> = [{ node: doc, at: [] }];
  while (stack.length) {
    const { node, at } = stack.pop()!;
    const entries: Array<[string | number, unknown]> = Array.isArray(node)
      ? node.map((item, index) => [index, item])
      : Object.entries(node);
    for (const [key, child] of entries) {
      if (
        key === "$ref" &&
        typeof child === "string" &&
        !Array.isArray(node) &&
        !inExampleData(at) &&
        resolveLocalRef(doc, child) === undefined
      )
        throw new SpecProblem(
          `${sanitizeRemote(child, 160)} does not resolve to anything in the document`,
          "add a correction under specs/corrections/ or wait for the provider to fix the document",
          toPointer([...at, key]),
        );
      if (child && typeof child === "object") stack.push({ node: child as Json, at: [...at, key] });
    }
  }
}

/** Example values and enum/default data are data, whatever keys they hold. */
export function inExampleData(at: Array<string | number>): boolean {
  return at.some(
    (segment, index) =>
      typeof segment === "string" &&
      (EXAMPLE_KEYS.has(segment) || segment === "default" || segment === "enum" || segment === "const") &&
      at[index - 1] !== "properties",
  );
}
