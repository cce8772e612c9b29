import { parse as parseYaml } from "yaml";
import { SpecProblem } from "../support/errors.js";

export type OpenApiDocument = {
  openapi: string;
  info?: { title?: string; version?: string };
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
};

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

const FIX_UPSTREAM =
  "the provider published a broken document; keep using the last good snapshot and check again later";

/**
 * Parses spec text (JSON, or YAML when it is not JSON) and rejects what no repair can save:
 * text that is not a document, a document that is not OpenAPI 3.0/3.1, or one with no paths.
 */
export function parseSpecText(text: string, format: "json" | "yaml"): OpenApiDocument {
  const trimmed = text.trimStart();
  if (/^<(!doctype|html)/i.test(trimmed))
    throw new SpecProblem(
      "received an HTML page, not an OpenAPI document",
      "check the spec URL: it may point at a docs or error page",
    );
  let parsed: unknown;
  if (format === "json" || trimmed.startsWith("{")) {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new SpecProblem(`not valid JSON: ${(error as Error).message}`, FIX_UPSTREAM);
    }
  } else {
    try {
      parsed = parseYaml(text, { maxAliasCount: 1000 });
    } catch (error) {
      throw new SpecProblem(`not valid YAML: ${(error as Error).message.split("\n")[0]}`, FIX_UPSTREAM);
    }
    checkYamlExpansion(parsed);
  }
  return checkOpenApiShape(parsed);
}

/**
 * The YAML expansion budget. Aliases share one parsed value, but every later walk (checks, repairs,
 * openapi-typescript) sees each use as a copy: a document may expand through its aliases to at most
 * `factor` times its own nodes (and `floor` nodes whatever its size), so the work stays linear in
 * the text.
 */
export const YAML_EXPANSION_BUDGET = { factor: 10, floor: 100_000 };

/**
 * Counts the document's own nodes (each object and each scalar in one, once) and its expanded nodes
 * (as the walks see it: an alias counts its whole value again), iteratively and memoized by object,
 * so counting is linear however deep or wide the aliases are. An alias cycle counts once: the
 * self-containment check names it.
 */
function checkYamlExpansion(root: unknown): void {
  if (!root || typeof root !== "object") return;
  const expandedSize = new Map<object, number>();
  let own = 0;
  const stack: Array<{ node: object; done: boolean }> = [{ node: root, done: false }];
  while (stack.length) {
    const entry = stack.pop()!;
    const children = Object.values(entry.node);
    if (entry.done) {
      let size = 1;
      for (const child of children) size += child && typeof child === "object" ? expandedSize.get(child)! : 1;
      expandedSize.set(entry.node, size);
      continue;
    }
    if (expandedSize.has(entry.node)) continue;
    expandedSize.set(entry.node, 1); // until counted: what a cycle back to it adds
    own += 1 + children.filter((child) => !child || typeof child !== "object").length;
    stack.push({ node: entry.node, done: true });
    for (const child of children)
      if (child && typeof child === "object" && !expandedSize.has(child)) stack.push({ node: child, done: false });
  }
  const expanded = expandedSize.get(root)!;
  const budget = Math.max(YAML_EXPANSION_BUDGET.floor, YAML_EXPANSION_BUDGET.factor * own);
  if (expanded > budget)
    throw new SpecProblem(
      `the YAML expands through its aliases to ${expanded > 1e12 ? expanded.toExponential(2) : expanded} nodes, over the expansion budget of ${budget} (${YAML_EXPANSION_BUDGET.factor}× its ${own} own nodes)`,
      "a spec reuses a definition with $ref, not by repeating it through YAML aliases; keep the last good snapshot",
    );
}

export function checkOpenApiShape(parsed: unknown): OpenApiDocument {
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
    throw new SpecProblem("the document is not a JSON/YAML object", FIX_UPSTREAM);
  const doc = parsed as Record<string, unknown>;
  if (typeof doc.swagger === "string")
    throw new SpecProblem(
      `Swagger ${doc.swagger} is not supported, only OpenAPI 3.0/3.1`,
      "convert the document to OpenAPI 3 (e.g. with swagger2openapi)",
      "/swagger",
    );
  // YAML reads `openapi: 3.1` as a number; openapi-typescript takes it, and so do we.
  if (typeof doc.openapi === "number") doc.openapi = String(doc.openapi);
  if (typeof doc.openapi !== "string")
    throw new SpecProblem(
      "not an OpenAPI document: no `openapi` version field",
      "check the spec URL: it should serve an OpenAPI 3.x document",
      "/openapi",
    );
  // What openapi-typescript accepts: any version whose leading number is 3 ("3.1", "3.0.3", "3.1.1-rc").
  const version = Number.parseFloat(doc.openapi);
  if (!(version >= 3 && version < 4))
    throw new SpecProblem(`unsupported OpenAPI version ${doc.openapi} (supported: 3.x)`, FIX_UPSTREAM, "/openapi");
  checkServers(doc.servers);
  const paths = doc.paths;
  if (!paths || typeof paths !== "object" || Array.isArray(paths) || Object.keys(paths).length === 0)
    throw new SpecProblem(
      "the document has no `paths`: there is nothing to generate a client for",
      FIX_UPSTREAM,
      "/paths",
    );
  return doc as OpenApiDocument;
}

/** `servers`, when present, is a list of Server objects, each with its URL (OpenAPI 3.0/3.1 require it). */
function checkServers(servers: unknown): void {
  if (servers === undefined) return;
  if (!Array.isArray(servers))
    throw new SpecProblem("`servers` is not a list of Server objects", FIX_UPSTREAM, "/servers");
  servers.forEach((server, index) => {
    if (!server || typeof server !== "object" || Array.isArray(server) || typeof server.url !== "string")
      throw new SpecProblem("a server is not an object with a `url` string", FIX_UPSTREAM, `/servers/${index}`);
  });
}

/** Each operation of the document, in document order. */
export function* operationsOf(doc: OpenApiDocument): Generator<{
  path: string;
  method: (typeof HTTP_METHODS)[number];
  operation: Record<string, any>;
  pathItem: Record<string, any>;
}> {
  for (const [path, pathItem] of Object.entries(doc.paths)) {
    if (!pathItem || typeof pathItem !== "object") continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (operation && typeof operation === "object")
        yield { path, method, operation: operation as Record<string, any>, pathItem: pathItem as Record<string, any> };
    }
  }
}

export function countOperations(doc: OpenApiDocument): number {
  let count = 0;
  for (const _ of operationsOf(doc)) count++;
  return count;
}

/** RFC 6901 encoding of one pointer segment. */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function toPointer(segments: Array<string | number>): string {
  return segments.map((s) => "/" + pointerSegment(s)).join("");
}

/** Resolves a local `#/...` reference, or returns undefined when nothing is there. */
export function resolveLocalRef(doc: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  const body = ref.slice(1);
  if (body === "") return doc;
  let node: any = doc;
  for (const raw of body.slice(1).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** The node a chain of local `$ref`s ends at (the node itself when it is no reference). */
export function followRefs(doc: unknown, node: any, depth = 0): any {
  while (node && typeof node.$ref === "string" && depth++ < 32) node = resolveLocalRef(doc, node.$ref);
  return node;
}
