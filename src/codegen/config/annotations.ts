/**
 * The docs-derived rules of a provider, `specs/annotations/<id>.yaml`: its credential kinds, how the
 * spec's own data maps onto them (derive), and rules that override per operation. The format is
 * described in docs/annotations.md.
 */
import { ConfigProblem } from "../support/errors.js";
import { readFileIfExists } from "../support/files.js";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import type { CredentialDefinition, PaginationStyle, RuntimeFacts } from "../../runtime/table.js";
import type { WebhookSignatureScheme } from "../../runtime/webhook-types.js";
import { TOKEN_STRATEGIES, type StrategyDescription } from "../../runtime/internal/tokens/registry.js";
import { placeholdersIn } from "../../runtime/template.js";

/** An option a token source takes besides the strategy's own: a value its config's templates use. */
export interface SourceOptionAnnotation {
  need: "required" | "optional";
  /** `id`: a string or a number (e.g. a numeric user id); `string` when absent. */
  type?: "string" | "id";
  /** Shown in the credential type's JSDoc. */
  doc?: string;
}

/** A way to obtain the token instead of passing it: a strategy from the runtime's registry, with the provider's specifics. */
export interface TokenSourceAnnotation {
  provides: string;
  options?: Record<string, SourceOptionAnnotation>;
  config?: Record<string, unknown>;
}

export interface CredentialAnnotation extends Omit<CredentialDefinition, "tokenSources"> {
  label: string;
  description?: string;
  tokenSources?: Record<string, TokenSourceAnnotation>;
}

export interface RuleMatch {
  /** "METHOD /path/template" */
  operations?: string[];
  pathPrefix?: string;
  tagPrefix?: string;
}

export interface Rule {
  source?: string;
  note?: string;
  match: RuleMatch;
  credentials?: string[];
  /** true adds "none" (public) to the accepted credentials, false takes it away. */
  public?: boolean;
  /** Scope of the matched operations (null: none); credentials with that scope send its headers. */
  scope?: string | null;
  headers?: Record<string, string>;
  facts?: string[];
}

export interface CustomerRule {
  tagPrefix?: string;
  otherwise?: string;
  access?: string;
}

export interface Annotations {
  docs: string;
  credentials: Record<string, CredentialAnnotation>;
  defaults?: { credentials?: string[]; scope?: string | null };
  derive?: {
    /** spec security scheme name → credential kinds; an empty requirement means public */
    securitySchemes?: Record<string, string[]>;
    /** auth header parameter name → credential kinds; public when none of them is required */
    headerParameters?: Record<string, string[]>;
    /** name of a header parameter whose per-operation value the client sets */
    versionHeader?: string;
    /** operation extension → fact shown when the extension is true */
    extensionFacts?: Record<string, string>;
  };
  rules?: Rule[];
  customers?: { source?: string; ignoreTagPrefix?: string; types: Record<string, CustomerRule[]> };
  webhooks?: WebhookAnnotation;
  runtime?: RuntimeAnnotation;
  /** The file these were read from (set by checkAnnotations; not part of the format). */
  readonly origin?: string;
}

/** What the docs say about errors, rate limits and pagination (runtime facts). */
export interface RuntimeAnnotation extends Omit<RuntimeFacts, "pagination" | "errors"> {
  errors?: NonNullable<RuntimeFacts["errors"]> & {
    /** JSON Schema of the documented error body: the error type of operations that declare none. */
    schema?: Record<string, unknown>;
  };
  /** Each style applies to the GET operations taking `match.queryParameter` whose success body has `items` as an array. */
  pagination?: Array<PaginationStyle & { match: { queryParameter: string } }>;
}

/** How the provider signs its webhooks and what their bodies are. */
export interface WebhookAnnotation {
  source: string;
  signature: WebhookSignatureScheme;
  /** Says what the README should about the secret or the encoding (e.g. where the docs are silent). */
  notes?: string[];
  /** The property path naming the event, e.g. `triggerEvent` or `data.type` (for the docs). */
  discriminator: string;
  /** JSON Schema of the event body: `$ref`s name the spec's own components. */
  event: Record<string, unknown>;
}

import { PUBLIC } from "../../runtime/table.js";

export { PUBLIC };

/** The registry's description of a strategy an annotation file names; undefined for an unknown name. */
export function strategyDescription(name: string): StrategyDescription | undefined {
  return Object.hasOwn(TOKEN_STRATEGIES, name) ? TOKEN_STRATEGIES[name as keyof typeof TOKEN_STRATEGIES] : undefined;
}

export async function loadAnnotations(annotationsDir: string, providerId: string): Promise<Annotations | undefined> {
  return loadAnnotationsFile(path.join(annotationsDir, `${providerId}.yaml`), `specs/annotations/${providerId}.yaml`);
}

/** An annotation file anywhere (ad-hoc generation); undefined when it does not exist. */
export async function loadAnnotationsFile(file: string, label = file): Promise<Annotations | undefined> {
  const text = await readFileIfExists(file);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (error) {
    throw new ConfigProblem(`${label} is not valid YAML: ${(error as Error).message.split("\n")[0]}`, FIX_ANNOTATIONS);
  }
  return checkAnnotations(parsed, label);
}

const FIX_ANNOTATIONS = "fix the annotation file (format: docs/annotations.md), then run the command again";

/** Structural checks, so a typo in an annotation file fails generation with its location. */
export function checkAnnotations(value: unknown, origin: string): Annotations {
  const problems: string[] = [];
  const annotations = value as Annotations;
  if (!annotations || typeof annotations !== "object" || Array.isArray(annotations))
    throw new ConfigProblem(`${origin}: expected a YAML mapping`, FIX_ANNOTATIONS);
  if (typeof annotations.docs !== "string") problems.push("`docs` (the documentation URL) is required");
  const kinds = Object.keys(annotations.credentials ?? {});
  if (kinds.length === 0) problems.push("`credentials` must define at least one credential kind");
  if (kinds.includes(PUBLIC)) problems.push(`"${PUBLIC}" is implicit (public operations) and cannot be defined`);
  for (const [kind, credential] of Object.entries(annotations.credentials ?? {})) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(kind)) problems.push(`credential kind "${kind}" must be camelCase`);
    if (typeof credential.label !== "string") problems.push(`credentials.${kind}.label is required`);
    const options = credential.options ?? {};
    for (const [option, need] of Object.entries(options))
      if (need !== "required" && need !== "optional")
        problems.push(`credentials.${kind}.options.${option} must be required or optional`);
    const templates = [
      ...Object.values(credential.headers ?? {}),
      ...Object.values(credential.scopes ?? {}).flatMap((scope) => Object.values(scope.headers ?? {})),
    ];
    for (const template of templates)
      for (const { option } of placeholdersIn(template))
        if (!(option in options))
          problems.push(`credentials.${kind}: header template uses {${option}}, which is not among its options`);
    for (const [strategy, source] of Object.entries(credential.tokenSources ?? {}))
      problems.push(...tokenSourceProblems(`credentials.${kind}.tokenSources.${strategy}`, strategy, source, options));
    const mode = credential.mode;
    if (mode) {
      if (!(mode.option in options)) problems.push(`credentials.${kind}.mode.option must name one of its options`);
      if (!mode.prefixes === !mode.values) problems.push(`credentials.${kind}.mode needs either prefixes or values`);
      if (mode.default !== undefined && mode.values && !mode.values.includes(mode.default))
        problems.push(`credentials.${kind}.mode.default must be one of its values`);
    }
    for (const [scope, { option }] of Object.entries(credential.scopes ?? {}))
      if (options[option] !== "optional")
        problems.push(`credentials.${kind}.scopes.${scope}.option must name an optional option`);
  }
  const knownKind = (kind: string, where: string) => {
    if (kind !== PUBLIC && !kinds.includes(kind))
      problems.push(`${where}: unknown credential kind "${kind}" (defined: ${kinds.join(", ")})`);
  };
  for (const kind of annotations.defaults?.credentials ?? []) knownKind(kind, "defaults.credentials");
  for (const [name, mapped] of Object.entries(annotations.derive?.securitySchemes ?? {}))
    mapped.forEach((kind) => knownKind(kind, `derive.securitySchemes.${name}`));
  for (const [name, mapped] of Object.entries(annotations.derive?.headerParameters ?? {}))
    mapped.forEach((kind) => knownKind(kind, `derive.headerParameters.${name}`));
  (annotations.rules ?? []).forEach((rule, index) => {
    const where = `rules[${index}]`;
    const match = rule.match ?? {};
    if (!match.operations && !match.pathPrefix && !match.tagPrefix)
      problems.push(`${where}.match needs operations, pathPrefix or tagPrefix`);
    if (rule.public !== undefined && typeof rule.public !== "boolean")
      problems.push(`${where}.public must be true or false`);
    const makesPublic = rule.public === true || (rule.credentials ?? []).includes(PUBLIC);
    if (makesPublic && typeof rule.source !== "string")
      problems.push(`${where} makes operations public, so it needs the \`source\` that documents it`);
    for (const operation of match.operations ?? [])
      if (!/^(GET|PUT|POST|DELETE|OPTIONS|HEAD|PATCH|TRACE) \/\S*$/.test(operation))
        problems.push(`${where}: "${operation}" is not "METHOD /path"`);
    for (const kind of rule.credentials ?? []) knownKind(kind, `${where}.credentials`);
  });
  if (annotations.webhooks !== undefined) problems.push(...webhookProblems(annotations.webhooks));
  if (annotations.runtime !== undefined) problems.push(...runtimeProblems(annotations.runtime));
  if (problems.length) throw new ConfigProblem(`${origin}: ${problems.join("; ")}`, FIX_ANNOTATIONS);
  // Where the rules came from, for messages about them (the file actually used).
  Object.defineProperty(annotations, "origin", { value: origin, enumerable: false });
  return annotations;
}

function tokenSourceProblems(
  where: string,
  strategy: string,
  source: TokenSourceAnnotation,
  credentialOptions: Record<string, string>,
): string[] {
  const description = strategyDescription(strategy);
  if (!description) return [`${where}: unknown strategy (known: ${Object.keys(TOKEN_STRATEGIES).join(", ")})`];
  const problems: string[] = [];
  if (credentialOptions[source?.provides] !== "required")
    problems.push(`${where}.provides must name a required option`);
  if (Object.hasOwn(source ?? {}, "serverOnly"))
    problems.push(`${where}.serverOnly: whether a strategy is server-only comes from the runtime's strategy registry`);
  for (const [option, spec] of Object.entries(source?.options ?? {})) {
    if (spec?.need !== "required" && spec?.need !== "optional")
      problems.push(`${where}.options.${option}.need must be required or optional`);
    if (spec?.type !== undefined && spec.type !== "string" && spec.type !== "id")
      problems.push(`${where}.options.${option}.type must be string or id`);
  }
  const expected: Record<string, string> = description.config ?? {};
  const config = source?.config ?? {};
  for (const [key, need] of Object.entries(expected))
    if (need === "required" && config[key] === undefined) problems.push(`${where}.config.${key} is required`);
  for (const key of Object.keys(config))
    if (!Object.hasOwn(expected, key))
      problems.push(
        `${where}.config.${key} is not a setting of ${strategy} (settings: ${Object.keys(expected).join(", ") || "none"})`,
      );
  // Every {name} in the config must be a value the client will have.
  const known = new Set([
    ...Object.keys(credentialOptions),
    ...Object.keys(source?.options ?? {}),
    ...description.requiredStrings,
  ]);
  for (const { option: name } of placeholdersIn(JSON.stringify(config)))
    if (!known.has(name)) problems.push(`${where}.config uses {${name}}, which is not among the credential's options`);
  return problems;
}

function webhookProblems(webhooks: WebhookAnnotation): string[] {
  const problems: string[] = [];
  const signature = webhooks?.signature;
  if (typeof webhooks?.source !== "string") problems.push("webhooks.source (the documentation URL) is required");
  if (typeof signature?.header !== "string" || !/^[A-Za-z0-9-]+$/.test(signature.header))
    problems.push("webhooks.signature.header must be a header name");
  if (!["lower", "upper", "any"].includes(signature?.case))
    problems.push("webhooks.signature.case must be lower, upper or any");
  for (const field of ["prefix", "unsignedValue"] as const)
    if (signature?.[field] !== undefined && typeof signature[field] !== "string")
      problems.push(`webhooks.signature.${field} must be a string`);
  if (typeof webhooks?.discriminator !== "string")
    problems.push("webhooks.discriminator (the property naming the event) is required");
  if (!webhooks?.event || typeof webhooks.event !== "object")
    problems.push("webhooks.event must be the JSON Schema of the event body");
  return problems;
}

const STYLE_FIELDS: Record<PaginationStyle["style"], string[]> = {
  page: ["items", "page"],
  offset: ["items", "offset", "limit"],
  cursor: ["items", "cursor", "cursorFrom", "hasMore"],
};

function runtimeProblems(runtime: RuntimeAnnotation): string[] {
  const problems: string[] = [];
  const strings = (value: unknown) => Array.isArray(value) && value.every((item) => typeof item === "string");
  for (const field of ["code", "message"] as const)
    if (runtime.errors?.[field] !== undefined && !strings(runtime.errors[field]))
      problems.push(`runtime.errors.${field} must be a list of body paths`);
  if (
    runtime.rateLimit?.statuses !== undefined &&
    !(Array.isArray(runtime.rateLimit.statuses) && runtime.rateLimit.statuses.every((s) => Number.isInteger(s)))
  )
    problems.push("runtime.rateLimit.statuses must be a list of HTTP statuses");
  if (runtime.rateLimit?.resetHeaders !== undefined && !strings(runtime.rateLimit.resetHeaders))
    problems.push("runtime.rateLimit.resetHeaders must be a list of header names");
  if (runtime.requestIdHeaders !== undefined && !strings(runtime.requestIdHeaders))
    problems.push("runtime.requestIdHeaders must be a list of header names");
  (runtime.pagination ?? []).forEach((style, index) => {
    const where = `runtime.pagination[${index}]`;
    if (typeof style?.match?.queryParameter !== "string") problems.push(`${where}.match.queryParameter is required`);
    const fields = Object.hasOwn(STYLE_FIELDS, style?.style) ? STYLE_FIELDS[style.style] : undefined;
    if (!fields) problems.push(`${where}.style must be page, offset or cursor`);
    for (const field of fields ?? [])
      if (typeof (style as unknown as Record<string, unknown>)[field] !== "string")
        problems.push(`${where}.${field} is required for the ${style.style} style`);
  });
  return problems;
}
