/**
 * Renders a provider's auth layer: `auth.ts` (the runtime table: credentials and runtime facts),
 * `operations.ts` (per operation, what it accepts) and `index.ts` (the client factory whose options
 * are a discriminated union of the credential kinds).
 */
import { SPEC_SECURITY_DOCS } from "../model/spec-security.js";
import { dict } from "../support/dict.js";
import { authConstant, baseUrlConstant, factoryName, generatedHeader, operationsConstant } from "./names.js";
import { jsDoc, markdownCode, markdownText, tsLiteral, tsString } from "../support/escape.js";
import type { ProviderConfig } from "../config/providers.js";
import {
  PUBLIC,
  strategyDescription,
  type Annotations,
  type CredentialAnnotation,
  type TokenSourceAnnotation,
} from "../config/annotations.js";
import { SPEC_SECURITY_PUBLIC, type ResolvedOperation } from "../model/operation-auth.js";
import {
  accessKey,
  type AcceptedCredential,
  type CredentialDefinition,
  type OperationEntry,
  type RuntimeFacts,
} from "../../runtime/table.js";
import * as runtimeErrors from "../../runtime/errors.js";

/** What the auth-layer emitters render from: the provider, its annotations and its operation model. */
export interface AuthEmitContext {
  provider: ProviderConfig;
  annotations: Annotations;
  operations: ResolvedOperation[];
  /** The accepted spec's sha256, for the generated header. */
  sha: string;
  /** The module specifier generated code imports the runtime from. */
  runtime: string;
}

/**
 * The error classes every provider's subpath re-exports, so apps can `instanceof` them: every class
 * the runtime's errors.ts exports (all extend SchedulingClientError), read from it, not copied.
 */
const ERROR_CLASSES = Object.entries(runtimeErrors)
  .filter(
    ([, value]) =>
      value === runtimeErrors.SchedulingClientError ||
      (typeof value === "function" && value.prototype instanceof runtimeErrors.SchedulingClientError),
  )
  .map(([name]) => name)
  .sort();

/** What generated code alone imports from the runtime (the factory, strategies, table types): a subpath apps don't use. */
export const generatedRuntime = (runtime: string) => `${runtime}/generated`;

/** What the runtime needs of the annotation's runtime facts (no schema, no matching rules). */
function runtimeFacts(annotations: Annotations): RuntimeFacts | undefined {
  const runtime = annotations.runtime;
  if (!runtime) return undefined;
  const { schema: _schema, ...errors } = runtime.errors ?? {};
  return {
    ...runtime,
    ...(runtime.errors ? { errors } : {}),
    ...(runtime.pagination ? { pagination: runtime.pagination.map(({ match: _match, ...style }) => style) } : {}),
  };
}

export function renderAuthModule({ provider, annotations, sha, runtime }: AuthEmitContext): string {
  const credentials = Object.fromEntries(
    Object.entries(annotations.credentials).map(([kind, credential]) => [kind, credentialDefinition(credential)]),
  );
  const table = tsLiteral({ provider: provider.name, runtime: runtimeFacts(annotations), credentials });
  // The operation table is a module of its own (operations.ts), imported with this one.
  const operations = `operations: ${operationsConstant(provider)}`;
  return `${generatedHeader(provider, sha)}
import type { ProviderAuth } from "${generatedRuntime(runtime)}";
import { ${operationsConstant(provider)} } from "./operations.js";

/**
 * How each ${jsDoc(provider.name)} credential authenticates (from specs/annotations/${provider.id}.yaml),
 * what the docs say of its runtime behaviour, and its operation table (operations.ts).
 * See README.md for the matrix.
 */
export const ${authConstant(provider)}: ProviderAuth = ${table.slice(0, -1)},${operations}};
`;
}

/** `operations.ts`: per operation (path template, method) the credentials it accepts and the headers the client sets. */
export function renderOperationsModule({ provider, operations, sha, runtime }: AuthEmitContext): string {
  const byPath = dict<Record<string, OperationEntry>>();
  for (const operation of operations) {
    byPath[operation.path] ??= dict();
    byPath[operation.path][operation.method] = {
      credentials: operation.access.map(accessKey),
      ...(Object.keys(operation.headers).length ? { headers: operation.headers } : {}),
      ...(operation.pagination ? { pagination: operation.pagination.style } : {}),
    };
  }
  return `${generatedHeader(provider, sha)}
import type { OperationTable } from "${generatedRuntime(runtime)}";

/**
 * Per ${jsDoc(provider.name)} operation (path template, method): the credentials it accepts and the
 * headers the client sets. From specs/annotations/${provider.id}.yaml and the spec.
 */
export const ${operationsConstant(provider)}: OperationTable = ${tsLiteral(byPath)};
`;
}

/** A credential as the runtime table has it: no documentation, token-source options reduced to their need. */
function credentialDefinition(credential: CredentialAnnotation): CredentialDefinition {
  const { label: _label, description: _description, tokenSources, ...definition } = credential;
  if (!tokenSources) return definition;
  const sources = Object.entries(tokenSources).map(([name, { options, ...source }]) => [
    name,
    {
      ...source,
      ...(options
        ? { options: Object.fromEntries(Object.entries(options).map(([option, { need }]) => [option, need])) }
        : {}),
    },
  ]);
  return { ...definition, tokenSources: Object.fromEntries(sources) };
}

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** A client configuration the types distinguish: a kind, possibly carrying one of its scopes. */
interface AccessProfile {
  typeName: string;
  /** What the credential type must look like, e.g. { kind: "platformToken"; accountId: string } */
  matches?: string;
  accepts: (credential: AcceptedCredential) => boolean;
}

function accessProfiles(annotations: Annotations): AccessProfile[] {
  const profiles: AccessProfile[] = [];
  for (const [kind, credential] of Object.entries(annotations.credentials)) {
    // Scoped variants first: the credential type that carries the scope option must match them before the plain kind.
    for (const [scope, { option }] of Object.entries(credential.scopes ?? {}))
      profiles.push({
        typeName: `${pascal(kind)}With${pascal(scope)}Paths`,
        matches: `{ kind: ${JSON.stringify(kind)}; ${option}: string }`,
        accepts: (accepted) =>
          accepted.kind === PUBLIC || (accepted.kind === kind && [undefined, scope].includes(accepted.scope)),
      });
    profiles.push({
      typeName: `${pascal(kind)}Paths`,
      matches: `{ kind: ${JSON.stringify(kind)} }`,
      accepts: (accepted) => accepted.kind === PUBLIC || (accepted.kind === kind && !accepted.scope),
    });
  }
  profiles.push({ typeName: "PublicPaths", accepts: (accepted) => accepted.kind === PUBLIC });
  return profiles;
}

/**
 * `access.ts`: per credential configuration, the paths (and methods) it can call, spelled out as
 * plain interfaces so that type-checking a call costs what it costs with the bare types (no
 * generic to instantiate). Each route's path item is named once, by a module-local alias
 * (`type R0 = paths["/v2/me"]`), so the profiles repeat a short name, not the route string; a
 * profile that may call every method of a route takes the alias whole.
 */
export function renderAccessModule({ provider, annotations, operations, sha }: AuthEmitContext): string {
  const byPath = new Map<string, ResolvedOperation[]>();
  for (const operation of operations) byPath.set(operation.path, [...(byPath.get(operation.path) ?? []), operation]);
  const aliases = new Map([...byPath.keys()].map((route, index) => [route, `R${index}`]));
  const used = new Set<string>();
  const profiles = accessProfiles(annotations);
  const interfaces = profiles.map((profile) => {
    const members: string[] = [];
    for (const [route, routeOperations] of byPath) {
      const allowed = routeOperations.filter((operation) => operation.access.some(profile.accepts));
      if (!allowed.length) continue;
      const alias = aliases.get(route)!;
      used.add(route);
      // A route the credential can call with every method is the spec's path item itself.
      const item =
        allowed.length === routeOperations.length
          ? alias
          : `{ parameters: ${alias}["parameters"]; ${allowed.map((op) => `${op.method}: ${alias}["${op.method}"]`).join("; ")} }`;
      members.push(`  ${JSON.stringify(route)}: ${item};`);
    }
    return `export interface ${profile.typeName} {\n${members.join("\n")}\n}`;
  });
  const aliasLines = [...byPath.keys()]
    .filter((route) => used.has(route))
    .map((route) => `type ${aliases.get(route)} = paths[${JSON.stringify(route)}];`);
  const credentialType = `${provider.clientName}Credential`;
  const conditional = profiles
    .filter((profile) => profile.matches)
    .map((profile) => `[C] extends [${profile.matches}] ? ${profile.typeName} :`)
    .join("\n  ");
  return `${generatedHeader(provider, sha)}
import type { ${credentialType} } from "./index.js";
import type { paths } from "./schema.js";

/**
 * The paths a client can call, by credential. A credential type that is not one specific kind
 * (the whole union) gets every path; the runtime still refuses what it cannot call.
 */
export type ${provider.clientName}PathsFor<C extends ${credentialType}> = ${conditional}
  [C] extends [{ kind: "${PUBLIC}" }] ? PublicPaths : paths;

${interfaces.join("\n\n")}

// The path items the interfaces above pick from, by route.
${aliasLines.join("\n")}
`;
}

/** A token source's provider-specific options, as fields of the credential type. */
function sourceOptionFields(source: TokenSourceAnnotation): string[] {
  return Object.entries(source.options ?? {}).map(
    ([option, { need, type, doc }]) =>
      `${doc ? `\n/** ${jsDoc(doc)} */\n` : ""}${option}${need === "optional" ? "?" : ""}: ${type === "id" ? "string | number" : "string"}`,
  );
}

function credentialVariants(annotations: Annotations): string[] {
  const variants: string[] = [];
  for (const [kind, credential] of Object.entries(annotations.credentials)) {
    // An option whose values the mode lists is typed as their union.
    const values = credential.mode?.values;
    const optionType = (option: string) =>
      values && credential.mode!.option === option
        ? values.map((value) => JSON.stringify(value)).join(" | ")
        : "string";
    const field = ([option, need]: [string, string]) =>
      `${option}${need === "optional" ? "?" : ""}: ${optionType(option)}`;
    const safety = (serverOnly: boolean | undefined) =>
      serverOnly ? "Server-side only: never ship it to a browser." : "Safe in a browser.";
    const summary = jsDoc(credential.label + (credential.description ? `: ${credential.description}` : "."));
    variants.push(
      `  /** ${summary} ${safety(credential.serverOnly)} */\n  | { kind: ${JSON.stringify(kind)}; ${Object.entries(credential.options).map(field).join("; ")} }`,
    );
    for (const [strategy, source] of Object.entries(credential.tokenSources ?? {})) {
      const description = strategyDescription(strategy)!;
      const passed = Object.entries(credential.options).filter(
        ([option]) => option !== source.provides || description.startsFromToken,
      );
      const fields = [`kind: ${JSON.stringify(kind)}`, ...passed.map(field), ...sourceOptionFields(source)].join("; ");
      variants.push(
        `  /** ${summary} The client obtains \`${source.provides}\` itself (${strategy}). ${safety(description.serverOnly ?? credential.serverOnly)} */\n  | ({ ${fields} } & ${description.optionsType})`,
      );
    }
  }
  variants.push(`  /** No credential: only public operations. */\n  | { kind: "${PUBLIC}" }`);
  return variants;
}

/** Per paginated list, the type of one item and of a page's body, read from the path types. */
function paginatedLists(provider: ProviderConfig, operations: ResolvedOperation[]): string {
  const entries = operations
    .filter((operation) => operation.pagination)
    .map((operation) => {
      const { status, mediaType, items } = operation.pagination!;
      const body = `NonNullable<paths[${tsString(operation.path)}]["get"]["responses"][${/^\d+$/.test(status) ? status : tsString(status)}]["content"][${tsString(mediaType)}]>`;
      const item = `NonNullable<${items.reduce((type, name, index) => `${index === 0 ? type : `NonNullable<${type}>`}[${tsString(name)}]`, body)}>[number]`;
      return `  ${tsString(operation.path)}: PaginatedList<${item}, ${body}>;`;
    });
  return `/** The ${jsDoc(provider.name)} lists \`paginate\` walks, with the type of one item and of a page. */
export interface ${provider.clientName}PaginatedLists {
${entries.join("\n")}
}`;
}

export function renderAuthorizedClientIndex({
  provider,
  annotations,
  operations,
  sha,
  runtime,
}: AuthEmitContext): string {
  const auth = authConstant(provider);
  const baseUrl = baseUrlConstant(provider);
  const credentialType = `${provider.clientName}Credential`;
  const clientType = `${provider.clientName}Client`;
  const strategies = [
    ...new Set(
      Object.values(annotations.credentials).flatMap((credential) => Object.keys(credential.tokenSources ?? {})),
    ),
  ].sort();
  const runtimeTypes = [
    "AuthorizedClient",
    "AuthorizedClientOptions",
    "MediaType",
    "PaginatedList",
    "ThrowingClient",
    ...strategies.map((strategy) => strategyDescription(strategy)!.optionsType),
  ];
  return `${generatedHeader(provider, sha)}
import { ${["createAuthorizedClient", ...strategies, "withProvider"].join(", ")} } from "${generatedRuntime(runtime)}";
import type { ${runtimeTypes.join(", ")} } from "${runtime}";
import type { ${provider.clientName}PathsFor } from "./access.js";
import { ${auth} } from "./auth.js";
import type { paths } from "./schema.js";

export type * from "./schema.js";
export type * from "./access.js";
export { ${auth} } from "./auth.js";
export { ${ERROR_CLASSES.join(", ")} } from "${runtime}";${annotations.webhooks ? `\nexport * from "./webhooks.js";` : ""}

/** Base URL of ${jsDoc(provider.name)}. */
export const ${baseUrl} = ${tsString(provider.baseUrl)};

/** The credentials a ${jsDoc(provider.name)} client can be created with (docs: ${jsDoc(annotations.docs)}). */
export type ${credentialType} =
${credentialVariants(annotations).join("\n")};

${paginatedLists(provider, operations)}

/**
 * A ${jsDoc(provider.name)} client whose paths are only those its credential \`C\` can call. \`Media\`, as
 * openapi-fetch's, picks the media type \`data\` is typed from (default: all of an operation's).
 */
export type ${clientType}<C extends ${credentialType} = ${credentialType}, Media extends MediaType = MediaType> = AuthorizedClient<${provider.clientName}PathsFor<C>, C["kind"], ${provider.clientName}PaginatedLists, Media, ${tsString(provider.id)}>;

/** The same, created with \`throwOnError: true\`: an error response throws, and \`data\` is the success body. */
export type ${provider.clientName}ThrowingClient<C extends ${credentialType} = ${credentialType}, Media extends MediaType = MediaType> = ThrowingClient<${provider.clientName}PathsFor<C>, C["kind"], ${provider.clientName}PaginatedLists, Media, ${tsString(provider.id)}>;

/**
 * A client for ${jsDoc(provider.name)}, typed from its OpenAPI spec. \`auth\` picks the credential; the
 * client sets the headers each operation needs. \`baseUrl\` defaults to ${jsDoc(provider.baseUrl)}.
 * Type parameters, when given: the credential type, then the media type \`data\` is typed from.
 */
export function ${factoryName(provider)}<const C extends ${credentialType}, Media extends MediaType = MediaType>(options: AuthorizedClientOptions<C> & { throwOnError: true }): ${provider.clientName}ThrowingClient<C, Media>;
export function ${factoryName(provider)}<const C extends ${credentialType}, Media extends MediaType = MediaType>(options: AuthorizedClientOptions<C>): ${clientType}<C, Media>;
// Overloads, not a conditional return type: a conditional made every caller's type-check pay for both client types.
export function ${factoryName(provider)}(options: AuthorizedClientOptions<${credentialType}>): unknown {
  // Marked with its provider (\`client.provider\`), as are the clients withOptions derives from it.
  return withProvider(${tsString(provider.id)}, createAuthorizedClient<unknown>(${auth}, { baseUrl: ${baseUrl}, ...options }, { ${strategies.join(", ")} }));
}
`;
}

/** The README section: operation × credential kind, with the headers the client sets. */
export function renderAuthMatrix({ provider, annotations, operations }: AuthEmitContext): string {
  const kinds = [...Object.keys(annotations.credentials), PUBLIC];
  const customerTypes = annotations.customers ? Object.keys(annotations.customers.types) : [];
  const lines = [
    "## Auth matrix",
    "",
    `From ${provider.app ? (annotations.docs === SPEC_SECURITY_DOCS ? "the spec's `securitySchemes`" : "the annotation file (`--annotations`)") : `\`specs/annotations/${provider.id}.yaml\``} (docs: ${markdownText(annotations.docs)}) and the spec. ✓ accepted; ✓+ accepted when the credential carries the operation's scope (its headers are then sent too); blank: not accepted.`,
    "",
    "| credential | sends |",
    "|---|---|",
    ...Object.entries(annotations.credentials).map(([kind, credential]) => {
      const sends = (headers: Record<string, string>) =>
        Object.entries(headers)
          .map(([h, v]) => markdownCode(`${h}: ${v}`))
          .join(", ");
      const scoped = Object.entries(credential.scopes ?? {}).map(
        ([scope, s]) => `; with its ${scope} (\`${s.option}\`): ${sends(s.headers)}`,
      );
      return `| \`${kind}\` (${markdownText(credential.label)}${credential.serverOnly ? ", server only" : ""}) | ${sends(credential.headers)}${scoped.join("")} |`;
    }),
    `| \`${PUBLIC}\` | nothing |`,
    "",
    ...publicReasons(annotations, operations),
    `| operation | ${kinds.map((k) => `\`${k}\``).join(" | ")} | headers set |${customerTypes.map((c) => ` ${c} |`).join("")}`,
    `|---|${kinds.map(() => ":-:|").join("")}---|${customerTypes.map(() => "---|").join("")}`,
  ];
  for (const operation of operations) {
    const cells = kinds.map((kind) =>
      kind === PUBLIC && operation.publicBy
        ? `✓ ${operation.publicBy}`
        : operation.access.some((accepted) => accepted.kind === kind && !accepted.scope)
          ? "✓"
          : operation.access.some((accepted) => accepted.kind === kind)
            ? "✓+"
            : "",
    );
    const headers = Object.entries(operation.headers)
      .map(([h, v]) => markdownCode(`${h}: ${v}`))
      .join(", ");
    const customers = customerTypes
      .map((c) => ` ${markdownText(operation.customers.find(([name]) => name === c)?.[1] ?? "")} |`)
      .join("");
    lines.push(
      `| ${markdownCode(`${operation.method.toUpperCase()} ${operation.path}`)} | ${cells.join(" | ")} | ${headers} |${customers}`,
    );
  }
  return lines.join("\n") + "\n";
}

/** Why each public operation is public: the spec's security, or a documented rule. */
function publicReasons(annotations: Annotations, operations: ResolvedOperation[]): string[] {
  const count = (reason: string) => operations.filter((operation) => operation.publicBy === reason).length;
  const lines: string[] = [];
  const fromSpec = count(SPEC_SECURITY_PUBLIC);
  if (fromSpec)
    lines.push(`- \`${SPEC_SECURITY_PUBLIC}\` (${fromSpec}): the spec's \`security\` declares no requirement.`);
  (annotations.rules ?? []).forEach((rule, index) => {
    const n = count(`rules[${index}]`);
    if (n)
      lines.push(
        `- \`rules[${index}]\` (${n}): ${markdownText((rule.note ?? "").trim())} Source: ${markdownText(rule.source ?? "")}`,
      );
  });
  const total = operations.filter((operation) => operation.publicBy).length;
  return [
    `Public operations (${total} of ${operations.length}) need no credential; the \`${PUBLIC}\` column names why each is public:`,
    "",
    ...lines,
    "",
  ];
}
