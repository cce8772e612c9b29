/**
 * Where a local `$ref` may point. openapi-typescript prints a reference as TypeScript: the
 * pointer's first segment becomes an identifier (`components`), the rest indexed string literals
 * (`["schemas"]["Pet"]`). A first segment is therefore code, so only `components` is accepted (the
 * real specs refer to nothing else, and openapi-typescript types nothing else as it is referred to), and each pointer must read the same to it (Redocly's parser: `~`
 * unescaped before percent-decoding, empty segments dropped, text after a second `#/` ignored) as
 * to this generator (RFC 6901). Anything else is rejected with its pointer before openapi-typescript
 * sees the document.
 */
import { SpecProblem } from "../support/errors.js";
import { sanitizeRemote } from "../support/escape.js";
import { inExampleData } from "./self-contained.js";
import { toPointer, type OpenApiDocument } from "./spec-document.js";

/** Component kinds a reference may name (OpenAPI 3.0/3.1's Components object). */
const COMPONENT_KINDS = new Set([
  "schemas",
  "responses",
  "parameters",
  "examples",
  "requestBodies",
  "headers",
  "securitySchemes",
  "links",
  "callbacks",
  "pathItems",
]);
const HINT =
  "a $ref must point into #/components/<kind>/<name>: add a correction under specs/corrections/ that rewrites it";

type Json = Record<string, unknown> | unknown[];

/** Rejects the first `$ref` (outside example data) that openapi-typescript could not print as a plain type reference. */
export function assertRefTargets(doc: OpenApiDocument): void {
  const stack: Array<{ node: Json; at: Array<string | number> }> = [{ node: doc, at: [] }];
  while (stack.length) {
    const { node, at } = stack.pop()!;
    const isArray = Array.isArray(node);
    for (const [key, child] of isArray ? node.map((item, index) => [index, item] as const) : Object.entries(node)) {
      if (!isArray && key === "$ref" && typeof child === "string" && !inExampleData(at)) {
        const problem = refProblem(child);
        if (problem)
          throw new SpecProblem(`$ref "${sanitizeRemote(child, 120)}" ${problem}`, HINT, toPointer([...at, key]));
      }
      if (child && typeof child === "object") stack.push({ node: child as Json, at: [...at, key] });
    }
  }
}

/** Why openapi-typescript must not see this reference, or undefined when it may. */
export function refProblem(ref: string): string | undefined {
  if (!ref.startsWith("#/")) return "is not a local JSON pointer into the document";
  const raw = ref.slice(2).split("/");
  if (raw.some((segment) => segment === "")) return "has an empty segment";
  if (raw.some((segment) => segment.includes("#"))) return "has a '#' inside its pointer";
  const segments: string[] = [];
  for (const segment of raw) {
    const rfc = decodeSegment(segment, "percent-first");
    // The order openapi-typescript's parser uses; a pointer that decodes differently is ambiguous.
    if (rfc === undefined || rfc !== decodeSegment(segment, "tilde-first")) return "is escaped ambiguously";
    segments.push(rfc);
  }
  const [root, kind, name] = segments;
  // openapi-typescript types `#/paths/…` pointers as paths["/x"]["get"]["responses"]…, which is not
  // the shape it gives paths: only components are referable.
  if (root !== "components") return "points outside #/components";
  if (!COMPONENT_KINDS.has(kind ?? "") || name === undefined)
    return "does not name a component (#/components/<kind>/<name>)";
  return undefined;
}

function decodeSegment(segment: string, order: "percent-first" | "tilde-first"): string | undefined {
  const tildes = (text: string) => text.replace(/~1/g, "/").replace(/~0/g, "~");
  try {
    return order === "percent-first" ? tildes(decodeURIComponent(segment)) : decodeURIComponent(tildes(segment));
  } catch {
    return undefined;
  }
}
