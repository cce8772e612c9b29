/**
 * The spec's half of the operation model: each operation of the accepted document, read once, with
 * its `$ref`s to parameters, bodies and responses resolved. Schemas stay as the document has them
 * (component references included): the type emitter and the manifest each follow them their way.
 */
import { followRefs, HTTP_METHODS, operationsOf, type OpenApiDocument } from "../accept/spec-document.js";

/** A node of the document: spec data, shape unchecked. */
export type SpecNode = any;

export type ParameterLocation = "path" | "query" | "header" | "cookie";

export interface SpecParameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
  deprecated: boolean;
  /** The parameter's schema (from `content` when it has no `schema`); undefined when it has neither. */
  schema: SpecNode;
  description?: string;
}

/** Media type → schema (undefined when the media type declares none). */
export type SpecContent = Record<string, SpecNode>;

export interface SpecOperation {
  /** `GET /pets/{id}`: how rules, the manifest and messages name the operation. */
  key: string;
  method: (typeof HTTP_METHODS)[number];
  path: string;
  operationId?: string;
  tags: string[];
  deprecated: boolean;
  /** Path-level and operation-level parameters merged (the operation's win), in declaration order. */
  parameters: SpecParameter[];
  requestBody?: { required: boolean; content: SpecContent };
  /** Status → content. */
  responses: Record<string, SpecContent>;
  /** Status → response header name (lowercase) → the header, as a parameter without a location. */
  responseHeaders: Record<string, Record<string, Omit<SpecParameter, "in">>>;
  /** The security requirements in force: the operation's, else the document's; undefined when neither says. */
  security?: Array<Record<string, unknown>>;
  /** `x-` extension values of the operation. */
  extensions: Record<string, unknown>;
}

export const operationKey = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

const LOCATIONS = new Set<string>(["path", "query", "header", "cookie"]);

/** Each operation of the document, in document order. */
export function readSpecOperations(document: OpenApiDocument): SpecOperation[] {
  return [...operationsOf(document)].map(({ path, method, operation, pathItem }) =>
    readOperation(document, path, method, operation, pathItem),
  );
}

function readOperation(
  document: OpenApiDocument,
  path: string,
  method: SpecOperation["method"],
  operation: SpecNode,
  pathItem: SpecNode,
): SpecOperation {
  const body = followRefs(document, operation.requestBody);
  const responses: Record<string, SpecContent> = Object.create(null);
  const responseHeaders: SpecOperation["responseHeaders"] = Object.create(null);
  for (const [status, declared] of Object.entries<SpecNode>(operation.responses ?? {})) {
    const response = followRefs(document, declared);
    responses[status] = contentOf(response);
    responseHeaders[status] = headersOf(document, response);
  }
  const security = operation.security ?? document.security;
  return {
    key: operationKey(method, path),
    method,
    path,
    operationId: typeof operation.operationId === "string" ? operation.operationId : undefined,
    tags: Array.isArray(operation.tags) ? operation.tags : [],
    deprecated: operation.deprecated === true,
    parameters: mergedParameters(document, [...asArray(pathItem.parameters), ...asArray(operation.parameters)]),
    requestBody:
      body && typeof body === "object" ? { required: body.required === true, content: contentOf(body) } : undefined,
    responses,
    responseHeaders,
    security: Array.isArray(security) ? security : undefined,
    extensions: Object.fromEntries(Object.entries<unknown>(operation).filter(([name]) => name.startsWith("x-"))),
  };
}

/**
 * The 3.1 `webhooks` section: each webhook's operations, keyed `webhook <name> <METHOD>`. The
 * request body is what the provider sends the app; the responses are what the app answers.
 */
export function readWebhooks(document: OpenApiDocument): SpecOperation[] {
  const webhooks = (document as { webhooks?: unknown }).webhooks;
  if (!webhooks || typeof webhooks !== "object") return [];
  const found: SpecOperation[] = [];
  for (const [name, declared] of Object.entries<SpecNode>(webhooks)) {
    const pathItem = followRefs(document, declared);
    if (!pathItem || typeof pathItem !== "object") continue;
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!operation || typeof operation !== "object") continue;
      found.push({ ...readOperation(document, name, method, operation, pathItem), key: webhookKey(name, method) });
    }
  }
  return found;
}

export const webhookKey = (name: string, method: string) => `webhook ${name} ${method.toUpperCase()}`;

function headersOf(document: OpenApiDocument, response: SpecNode): Record<string, Omit<SpecParameter, "in">> {
  const headers: Record<string, Omit<SpecParameter, "in">> = Object.create(null);
  const declared = response && typeof response === "object" ? response.headers : undefined;
  if (!declared || typeof declared !== "object") return headers;
  for (const [name, node] of Object.entries<SpecNode>(declared)) {
    const header = followRefs(document, node);
    if (!header || typeof header !== "object") continue;
    headers[name.toLowerCase()] = {
      name,
      required: header.required === true,
      deprecated: header.deprecated === true,
      schema: header.schema ?? Object.values<SpecNode>(header.content ?? {})[0]?.schema,
    };
  }
  return headers;
}

const asArray = (value: unknown): SpecNode[] => (Array.isArray(value) ? value : []);

/** Later declarations of the same name and location replace earlier ones, keeping the first position. */
function mergedParameters(document: OpenApiDocument, declared: SpecNode[]): SpecParameter[] {
  const merged = new Map<string, SpecParameter>();
  for (const node of declared) {
    const parameter = followRefs(document, node);
    if (!parameter || typeof parameter !== "object" || !LOCATIONS.has(parameter.in)) continue;
    merged.set(`${parameter.in} ${parameter.name}`, {
      name: String(parameter.name),
      in: parameter.in,
      required: parameter.required === true,
      deprecated: parameter.deprecated === true,
      schema: parameter.schema ?? Object.values<SpecNode>(parameter.content ?? {})[0]?.schema,
      description: typeof parameter.description === "string" ? parameter.description : undefined,
    });
  }
  return [...merged.values()];
}

function contentOf(holder: SpecNode): SpecContent {
  const content: SpecContent = Object.create(null);
  const declared = holder && typeof holder === "object" ? holder.content : undefined;
  if (declared && typeof declared === "object")
    for (const [mediaType, media] of Object.entries<SpecNode>(declared)) content[mediaType] = media?.schema;
  return content;
}
