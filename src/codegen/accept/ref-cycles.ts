/**
 * A `$ref` cycle TypeScript cannot type. openapi-typescript prints a reference as an indexed access
 * (`components["schemas"]["A"]`), an `allOf` as an intersection, `oneOf`/`anyOf` as a union and
 * `items` as an array: when a schema reaches itself through those alone, tsc rejects the output
 * (TS2502, "referenced directly or indirectly in its own type annotation"). A cycle through an
 * object's properties is fine (an object type defers its members), so only the direct positions
 * count. Found before anything is written, as a spec error with the pointer that closes the cycle.
 */
import { SpecProblem } from "../support/errors.js";
import { sanitizeRemote } from "../support/escape.js";
import { inExampleData } from "./self-contained.js";
import { resolveLocalRef, toPointer, type OpenApiDocument } from "./spec-document.js";

/** Where a schema's type is its parts' types themselves, not an object holding them. */
const DIRECT_LISTS = ["allOf", "oneOf", "anyOf", "prefixItems"] as const;
/** Component kinds openapi-typescript prints (a cycle among examples or links is never typed). */
const TYPED_KINDS = new Set(["schemas", "responses", "parameters", "requestBodies", "headers", "pathItems"]);

type Json = any;
interface Edge {
  target: string;
  /** JSON pointer of the `$ref` in the document. */
  at: string;
}

export function assertTypableRefCycles(doc: OpenApiDocument): void {
  const edgesOf = new Map<string, Edge[]>();
  const directRefs = (ref: string): Edge[] => {
    let edges = edgesOf.get(ref);
    if (!edges) edgesOf.set(ref, (edges = typedDirectRefs(doc, ref)));
    return edges;
  };
  // Every reference in the document starts a search; each target is searched once (colours).
  const state = new Map<string, "open" | "done">();
  for (const start of referencesIn(doc)) {
    if (state.has(start)) continue;
    const path: Array<{ ref: string; edges: Edge[]; next: number }> = [
      { ref: start, edges: directRefs(start), next: 0 },
    ];
    state.set(start, "open");
    while (path.length) {
      const top = path[path.length - 1];
      if (top.next === top.edges.length) {
        state.set(top.ref, "done");
        path.pop();
        continue;
      }
      const edge = top.edges[top.next++];
      const seen = state.get(edge.target);
      if (seen === "open") {
        const cycle = [
          ...path.slice(path.findIndex((entry) => entry.ref === edge.target)).map((entry) => entry.ref),
          edge.target,
        ];
        throw new SpecProblem(
          `the $ref cycle ${sanitizeRemote(cycle.join(" → "), 300)} cannot be typed: each schema is the next one's type directly (allOf, oneOf, anyOf, items or a plain $ref)`,
          "the provider's document is broken; a correction under specs/corrections/ can put an object property between them",
          edge.at,
        );
      }
      if (seen === undefined) {
        state.set(edge.target, "open");
        path.push({ ref: edge.target, edges: directRefs(edge.target), next: 0 });
      }
    }
  }
}

/** The `$ref` strings of the document outside example data, each once. */
function referencesIn(doc: OpenApiDocument): Set<string> {
  const refs = new Set<string>();
  const stack: Array<{ node: Json; at: Array<string | number> }> = [{ node: doc, at: [] }];
  while (stack.length) {
    const { node, at } = stack.pop()!;
    if (!Array.isArray(node) && typeof node.$ref === "string" && !inExampleData(at)) refs.add(node.$ref);
    for (const [key, child] of Object.entries(node))
      if (child && typeof child === "object") stack.push({ node: child, at: [...at, key] });
  }
  return refs;
}

/** The references a typed component's type consists of directly, with where each sits. */
function typedDirectRefs(doc: OpenApiDocument, ref: string): Edge[] {
  const segments = ref
    .slice(2)
    .split("/")
    .map((segment) => decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~"));
  if (segments[0] !== "components" || !TYPED_KINDS.has(segments[1])) return [];
  const edges: Edge[] = [];
  const stack: Array<{ node: Json; at: Array<string | number> }> = [{ node: resolveLocalRef(doc, ref), at: segments }];
  while (stack.length) {
    const { node, at } = stack.pop()!;
    if (!node || typeof node !== "object" || Array.isArray(node)) continue;
    // openapi-typescript prints a $ref alone, whatever sits beside it.
    if (typeof node.$ref === "string") {
      edges.push({ target: node.$ref, at: toPointer([...at, "$ref"]) });
      continue;
    }
    for (const key of DIRECT_LISTS)
      if (Array.isArray(node[key]))
        node[key].forEach((part: Json, index: number) => stack.push({ node: part, at: [...at, key, index] }));
    if (node.items && typeof node.items === "object") stack.push({ node: node.items, at: [...at, "items"] });
  }
  return edges;
}
