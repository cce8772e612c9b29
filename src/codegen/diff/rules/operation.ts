/**
 * One operation against its counterpart: parameters (their own `default` included), the request
 * body, every response status (`default` and errors too: openapi-fetch types `error` from them) with
 * its media types and headers, the credentials it accepts and the header values the client injects.
 */
import { own } from "../../support/dict.js";
import { PUBLIC } from "../../../runtime/table.js";
import type { OperationSurface, ParameterSurface, SchemaSurface } from "../../model/manifest.js";
import type { Comparison } from "../comparison-contract.js";

const LOCATIONS = ["path", "query", "header", "cookie"] as const;

export function compareOperation(
  cmp: Comparison,
  key: string,
  before: OperationSurface,
  after: OperationSurface,
): void {
  if (!before.deprecated && after.deprecated) cmp.add("operation-deprecated", key, "operation", "deprecated");
  compareParameters(cmp, key, before, after);
  compareRequestBody(cmp, key, before, after);
  compareResponses(cmp, key, before, after);
  compareCredentials(cmp, key, before, after);
  compareInjectedHeaders(cmp, key, before, after);
}

function compareParameters(cmp: Comparison, key: string, before: OperationSurface, after: OperationSurface): void {
  for (const location of LOCATIONS) {
    const [was, now] = [before.parameters[location] ?? {}, after.parameters[location] ?? {}];
    // Headers the client injects are not the caller's to send: their values are compared apart.
    const injected = (name: string) =>
      location === "header" &&
      (Object.hasOwn(before.injectedHeaders, name) || Object.hasOwn(after.injectedHeaders, name));
    const removed = Object.keys(was).filter((name) => !Object.hasOwn(now, name) && !injected(name));
    const added = Object.keys(now).filter((name) => !Object.hasOwn(was, name) && !injected(name));
    if (location === "path" && removed.length && removed.length === added.length) {
      removed.forEach((name, index) => {
        cmp.add(
          "path-parameter-renamed",
          key,
          `path parameter \`${name}\``,
          `\`${name}\` renamed to \`${added[index]}\``,
        );
        compareParameter(cmp, key, location, added[index], was[name], now[added[index]]);
      });
      continue;
    }
    for (const name of removed)
      cmp.add(
        "parameter-removed",
        key,
        `${location} parameter \`${name}\``,
        `${location} parameter \`${name}\` removed`,
      );
    for (const name of added) {
      const required = now[name].required;
      cmp.add(
        required ? "parameter-added-required" : "parameter-added",
        key,
        `${location} parameter \`${name}\``,
        `${location} parameter \`${name}\` added${required ? " as required" : ""}`,
      );
    }
    for (const name of Object.keys(was))
      if (Object.hasOwn(now, name) && !injected(name)) compareParameter(cmp, key, location, name, was[name], now[name]);
  }
}

function compareParameter(
  cmp: Comparison,
  key: string,
  location: string,
  name: string,
  before: ParameterSurface,
  after: ParameterSurface,
): void {
  const where = `${location} parameter \`${name}\``;
  if (!before.required && after.required) cmp.add("parameter-became-required", key, where, `${where} became required`);
  if (before.required && !after.required) cmp.add("parameter-became-optional", key, where, `${where} became optional`);
  if (!before.deprecated && after.deprecated) cmp.add("parameter-deprecated", key, where, `${where} deprecated`);
  // A parameter's default is what callers who omit it get: its own rule, then the schema without it.
  const [was, now] = [cmp.before.effective(before.schema), cmp.after.effective(after.schema)];
  const [wasDefault, nowDefault] = [JSON.stringify(was.default), JSON.stringify(now.default)];
  if (wasDefault !== nowDefault)
    cmp.add("parameter-default-changed", key, where, `default ${wasDefault ?? "none"} → ${nowDefault ?? "none"}`);
  cmp.schema("request", key, where, withoutDefault(was), withoutDefault(now));
}

const withoutDefault = (schema: SchemaSurface): SchemaSurface =>
  schema.default === undefined ? schema : { ...schema, default: undefined };

function compareRequestBody(cmp: Comparison, key: string, before: OperationSurface, after: OperationSurface): void {
  const [was, now] = [before.requestBody, after.requestBody];
  if (!was && !now) return;
  if (!was)
    return cmp.add(
      now!.required ? "request-body-added-required" : "request-body-added",
      key,
      "request body",
      `request body added${now!.required ? " as required" : ""}`,
    );
  if (!now) return cmp.add("request-body-removed", key, "request body", "request body removed");
  if (!was.required && now.required)
    cmp.add("request-body-became-required", key, "request body", "request body became required");
  if (was.required && !now.required)
    cmp.add("request-body-became-optional", key, "request body", "request body became optional");
  for (const type of Object.keys(was.content)) {
    if (!Object.hasOwn(now.content, type))
      cmp.add("request-media-type-removed", key, `request body ${type}`, `${type} no longer accepted`);
    else cmp.schema("request", key, `request body ${type}`, was.content[type], now.content[type]);
  }
  for (const type of Object.keys(now.content))
    if (!Object.hasOwn(was.content, type))
      cmp.add("request-media-type-added", key, `request body ${type}`, `${type} also accepted`);
}

/** openapi-fetch's `data` is typed from 2XX responses, `error` from the others (`default` included). */
const isSuccess = (status: string) => /^2/.test(status);

function compareResponses(cmp: Comparison, key: string, before: OperationSurface, after: OperationSurface): void {
  for (const status of Object.keys(before.responses)) {
    const now = own(after.responses, status);
    if (!now) {
      if (isSuccess(status))
        cmp.add("success-status-removed", key, `response ${status}`, `success response ${status} removed`);
      else cmp.add("error-status-removed", key, `response ${status}`, `response ${status} removed`);
      continue;
    }
    compareContent(cmp, key, status, before.responses[status], now);
    compareResponseHeaders(
      cmp,
      key,
      status,
      own(before.responseHeaders ?? {}, status) ?? {},
      own(after.responseHeaders ?? {}, status) ?? {},
    );
  }
  for (const status of Object.keys(after.responses))
    if (!Object.hasOwn(before.responses, status)) {
      if (isSuccess(status))
        cmp.add("success-status-added", key, `response ${status}`, `success response ${status} added`);
      else cmp.add("error-status-added", key, `response ${status}`, `response ${status} added`);
    }
}

/**
 * Media types of one response (or of a webhook payload). A media type replaced by another with the
 * same schema (`application/json` → `application/problem+json`) leaves `data` its type.
 */
export function compareContent(
  cmp: Comparison,
  key: string,
  status: string,
  was: Record<string, SchemaSurface>,
  now: Record<string, SchemaSurface>,
  where = `response ${status}`,
): void {
  const removed = Object.keys(was).filter((type) => !Object.hasOwn(now, type));
  const added = Object.keys(now).filter((type) => !Object.hasOwn(was, type));
  for (const type of Object.keys(was))
    if (Object.hasOwn(now, type)) cmp.schema("response", key, `${where} ${type}`, was[type], now[type]);
  for (const type of removed) {
    const twin = added.find((candidate) => cmp.same(was[type], now[candidate]));
    if (twin !== undefined) {
      added.splice(added.indexOf(twin), 1);
      cmp.add("response-media-type-changed", key, `${where} ${type}`, `${type} → ${twin}, same schema`);
    } else
      cmp.add(
        "response-media-type-removed",
        key,
        `${where} ${type}`,
        `${type} no longer returned (now ${Object.keys(now).join(", ") || "no body"})`,
      );
  }
  for (const type of added) cmp.add("response-media-type-added", key, `${where} ${type}`, `may now return ${type}`);
}

function compareResponseHeaders(
  cmp: Comparison,
  key: string,
  status: string,
  was: Record<string, ParameterSurface>,
  now: Record<string, ParameterSurface>,
): void {
  for (const name of Object.keys(was)) {
    const where = `response ${status} header \`${name}\``;
    const header = own(now, name);
    if (!header) {
      cmp.add("response-header-removed", key, where, `header \`${name}\` removed`);
      continue;
    }
    if (was[name].required && !header.required)
      cmp.add("response-header-became-optional", key, where, `header \`${name}\` became optional`);
    cmp.schema("response", key, where, was[name].schema, header.schema);
  }
  for (const name of Object.keys(now))
    if (!Object.hasOwn(was, name))
      cmp.add("response-header-added", key, `response ${status} header \`${name}\``, `header \`${name}\` added`);
}

/**
 * Credentials lost are a narrowing — unless the operation is public now: whoever called it still
 * can. An operation that needs no credential any more is also a warning: the client stops sending
 * one there (answers may change, e.g. from account-scoped to anonymous), which someone should confirm.
 */
function compareCredentials(cmp: Comparison, key: string, before: OperationSurface, after: OperationSurface): void {
  const lost = before.credentials.filter((c) => !after.credentials.includes(c));
  const gained = after.credentials.filter((c) => !before.credentials.includes(c));
  const publicNow = after.credentials.includes(PUBLIC);
  if (gained.length)
    cmp.add(
      "credentials-widened",
      key,
      "credentials",
      gained.includes(PUBLIC)
        ? `now public${lost.length ? ` (was ${before.credentials.join(", ")})` : ""}`
        : `now also accepts ${gained.join(", ")}`,
    );
  if (lost.length && !publicNow)
    cmp.add("credentials-narrowed", key, "credentials", `no longer accepts ${lost.join(", ")}`);
  if (lost.length && after.credentials.every((c) => c === PUBLIC) && after.credentials.length)
    cmp.add(
      "operation-became-public",
      key,
      "credentials",
      `requires no credential: the client no longer sends ${lost.join(", ")}`,
    );
}

function compareInjectedHeaders(cmp: Comparison, key: string, before: OperationSurface, after: OperationSurface): void {
  for (const name of new Set([...Object.keys(before.injectedHeaders), ...Object.keys(after.injectedHeaders)])) {
    const [was, now] = [own(before.injectedHeaders, name), own(after.injectedHeaders, name)];
    if (was !== now)
      cmp.add(
        "injected-header-changed",
        key,
        `header ${name}`,
        `the client's \`${name}\` ${was === undefined ? `is now set to ${now}` : now === undefined ? `(${was}) is no longer set` : `changes ${was} → ${now}`}`,
      );
  }
}
