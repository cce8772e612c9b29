/**
 * `webhooks.ts`: the provider's webhook event type and its verifyWebhook / signWebhook, from the
 * `webhooks` section of its annotation file. The event type is the annotation's JSON Schema put
 * through openapi-typescript, so it reads like the path types and can name the spec's components.
 */
import { astToString } from "openapi-typescript/dist/lib/ts.mjs";
import ts from "typescript";
import { schemaTypesAst } from "./schema-types.js";
import { generatedHeader, webhookSignatureConstant } from "./names.js";
import { ConfigProblem } from "../support/errors.js";
import { jsDoc, markdownCode, markdownText, oneLine, tsLiteral, tsString } from "../support/escape.js";
import type { ProviderConfig } from "../config/providers.js";
import type { OpenApiDocument } from "../accept/spec-document.js";
import type { WebhookAnnotation } from "../config/annotations.js";

const LOCAL_SCHEMA = "#/components/schemas/";
const EVENT_KEY = "SchedulingClientsWebhookEvent";

export function webhookEventTypeName(provider: ProviderConfig): string {
  return `${provider.clientName}WebhookEvent`;
}

export async function renderWebhooksModule(
  provider: ProviderConfig,
  webhooks: WebhookAnnotation,
  document: OpenApiDocument,
  sha: string,
  runtime: string,
  origin = `specs/annotations/${provider.id}.yaml`,
): Promise<string> {
  const eventType = webhookEventTypeName(provider);
  const signature = webhookSignatureConstant(provider);
  const { header, prefix, case: hexCase, unsignedValue } = webhooks.signature;
  const scheme = { header, ...(prefix ? { prefix } : {}), case: hexCase, ...(unsignedValue ? { unsignedValue } : {}) };
  return `${generatedHeader(provider, sha)}
import { signWebhookBody, verifyWebhookSignature, type SignWebhookInput, type VerifyWebhookInput, type WebhookSignatureScheme } from "${runtime}";
import type { components } from "./schema.js";

/**
 * The body of a ${jsDoc(provider.name)} webhook, discriminated by \`${jsDoc(webhooks.discriminator)}\`.
 * @see ${jsDoc(webhooks.source)}
 */
export type ${eventType} = ${await eventTypeSource(document, webhooks.event, provider.id, origin)};

/** How ${jsDoc(provider.name)} signs webhooks (HMAC-SHA256 of the raw body). */
export const ${signature}: WebhookSignatureScheme = ${tsLiteral(scheme)};

/**
 * Verifies the signature of a ${jsDoc(provider.name)} webhook over its raw body and returns the parsed event; rejects with a
 * WebhookVerificationError (which holds neither the secret nor the signature) otherwise.
 */
export function verifyWebhook(input: VerifyWebhookInput): Promise<${eventType}> {
  return verifyWebhookSignature<${eventType}>(${tsString(provider.name)}, ${signature}, input);
}

/** The headers ${jsDoc(provider.name)} would send with this body, for testing webhook handlers. */
export function signWebhook(input: SignWebhookInput): Promise<Record<string, string>> {
  return signWebhookBody(${signature}, input);
}
`;
}

/** The README section: how the provider signs webhooks, and what the client checks. */
export function renderWebhooksReadme(provider: ProviderConfig, webhooks: WebhookAnnotation): string {
  const { header, prefix, case: hexCase, unsignedValue } = webhooks.signature;
  const digest = `${hexCase === "any" ? "hex (either case)" : `${hexCase}case hex`} HMAC-SHA256 of the raw body`;
  return [
    "## Webhooks",
    "",
    `\`verifyWebhook({ rawBody, headers, secret })\` checks ${markdownCode(`${header}: ${prefix ?? ""}<${digest}>`)} and resolves to the parsed \`${webhookEventTypeName(provider)}\`, discriminated by ${markdownCode(webhooks.discriminator)}; \`signWebhook({ rawBody, secret })\` returns the headers ${markdownText(provider.name)} would send. Source: ${markdownText(webhooks.source)}`,
    ...(unsignedValue
      ? [
          "",
          `A webhook without a secret arrives with ${markdownCode(`${header}: ${unsignedValue}`)}; it is refused, saying the webhook has no secret set.`,
        ]
      : []),
    // Notes are the annotation author's own Markdown, not spec text.
    ...(webhooks.notes ?? []).flatMap((note) => ["", oneLine(note)]),
    "",
  ].join("\n");
}

/**
 * openapi-typescript renders the event schema inside a small document that holds it beside the
 * spec's schemas it references; the event's type is then cut out of that output.
 */
async function eventTypeSource(
  document: OpenApiDocument,
  event: Record<string, unknown>,
  providerId: string,
  origin: string,
): Promise<string> {
  const specSchemas = ((document.components as any)?.schemas ?? {}) as Record<string, unknown>;
  const referenced = new Map<string, unknown>();
  const visit = (value: unknown): void => {
    if (!value || typeof value !== "object") return;
    if (Array.isArray(value)) return value.forEach(visit);
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && typeof child === "string" && child.startsWith(LOCAL_SCHEMA)) {
        const name = child.slice(LOCAL_SCHEMA.length);
        if (referenced.has(name)) continue;
        if (!Object.hasOwn(specSchemas, name))
          throw new ConfigProblem(
            `${origin}: webhooks.event refers to ${child}, which the spec does not have`,
            "update webhooks.event to the provider's current spec",
          );
        referenced.set(name, specSchemas[name]);
        visit(specSchemas[name]);
      } else visit(child);
    }
  };
  visit(event);
  const schemas = Object.fromEntries([...referenced, [EVENT_KEY, event]]);
  const mini = {
    openapi: document.openapi,
    info: { title: "webhook events", version: "0" },
    paths: {},
    components: { schemas },
  };
  const ast = schemaTypesAst(mini);
  const typeNode = findSchemaType(ast, EVENT_KEY);
  if (!typeNode) throw new Error(`openapi-typescript rendered no type for the ${providerId} webhook event`);
  return astToString(typeNode).trim();
}

function findSchemaType(ast: ts.Node[], name: string): ts.TypeNode | undefined {
  const members = (node: ts.Node | undefined) =>
    node && ts.isTypeLiteralNode(node) ? node.members : ts.factory.createNodeArray<ts.TypeElement>();
  const property = (list: readonly ts.TypeElement[], wanted: string) =>
    list.find(
      (member): member is ts.PropertySignature =>
        ts.isPropertySignature(member) && ts.isIdentifier(member.name) && member.name.text === wanted,
    );
  const components = ast.find(
    (node): node is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(node) && node.name.text === "components",
  );
  if (!components) return undefined;
  return property(members(property(components.members, "schemas")?.type), name)?.type;
}
