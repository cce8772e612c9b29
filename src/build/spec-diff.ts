/**
 * Compares two manifests and classifies each client-facing change. Breaking: what can make code
 * written against the old client fail — an operation, success status or response property gone;
 * a parameter or body field newly required; a type narrowed or an enum value removed; accepted
 * credentials narrowed; a header value the client injects changed.
 */
import { own } from "./dict.js";
import type { FieldSurface, Manifest, OperationSurface } from "./manifest.js";

export interface Change {
  breaking: boolean;
  kind: string;
  operation: string;
  detail: string;
}

export interface ProviderDiff {
  provider: string;
  breaking: Change[];
  nonBreaking: Change[];
  warnings: string[];
}

/** True when every value of type `before` is still a value of `after`. */
export function typeWidens(before: string, after: string): boolean {
  if (before === after || after === "unknown") return true;
  const afterParts = new Set(after.split("|"));
  return before.split("|").every((part) => afterParts.has(part) || (part === "integer" && afterParts.has("number")) || (part.startsWith("string<") && afterParts.has("string")));
}

function compareFields(operation: string, where: string, before: Record<string, FieldSurface>, after: Record<string, FieldSurface>, changes: Change[], ignore: Set<string> = new Set()): void {
  const add = (breaking: boolean, kind: string, detail: string) => changes.push({ breaking, kind, operation, detail });
  for (const [name, field] of Object.entries(after)) {
    if (ignore.has(name)) continue;
    const old = own(before, name);
    if (!old) {
      add(field.required, field.required ? `${where}-added-required` : `${where}-added`, `${where} \`${name}\` added${field.required ? " as required" : " (optional)"}`);
      continue;
    }
    if (!old.required && field.required) add(true, `${where}-became-required`, `${where} \`${name}\` became required`);
    if (old.required && !field.required) add(false, `${where}-became-optional`, `${where} \`${name}\` became optional`);
    if (old.type !== field.type) {
      const widened = typeWidens(old.type, field.type);
      add(!widened, widened ? `${where}-type-widened` : `${where}-type-narrowed`, `${where} \`${name}\` type ${old.type} → ${field.type}`);
    }
    const removed = (old.enum ?? []).filter((value) => field.enum && !field.enum.includes(value));
    const addedValues = (field.enum ?? []).filter((value) => !(old.enum ?? []).includes(value));
    if (removed.length) add(true, `${where}-enum-value-removed`, `${where} \`${name}\` no longer accepts ${removed.map((v) => JSON.stringify(v)).join(", ")}`);
    if (old.enum && !field.enum) add(false, `${where}-enum-removed`, `${where} \`${name}\` is no longer an enum`);
    if (old.enum && addedValues.length) add(false, `${where}-enum-value-added`, `${where} \`${name}\` also accepts ${addedValues.map((v) => JSON.stringify(v)).join(", ")}`);
    if (!old.enum && field.enum) add(true, `${where}-enum-added`, `${where} \`${name}\` now only accepts ${field.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  }
  for (const name of Object.keys(before)) if (!Object.hasOwn(after, name) && !ignore.has(name)) add(false, `${where}-removed`, `${where} \`${name}\` removed`);
}

function compareOperation(key: string, before: OperationSurface, after: OperationSurface, changes: Change[]): void {
  const add = (breaking: boolean, kind: string, detail: string) => changes.push({ breaking, kind, operation: key, detail });
  for (const location of ["path", "query", "header"] as const) {
    // Headers the client injects are not the caller's to send: their values are compared below.
    const injected = location === "header" ? new Set([...Object.keys(before.injectedHeaders), ...Object.keys(after.injectedHeaders)]) : undefined;
    compareFields(key, `${location} parameter`, before.parameters[location], after.parameters[location], changes, injected);
  }
  if (before.requestBody || after.requestBody) {
    if (!before.requestBody) add(after.requestBody!.required, "request-body-added", `request body added${after.requestBody!.required ? " as required" : ""}`);
    else if (!after.requestBody) add(false, "request-body-removed", "request body removed");
    else {
      if (!before.requestBody.required && after.requestBody.required) add(true, "request-body-became-required", "request body became required");
      compareFields(key, "body field", before.requestBody.fields, after.requestBody.fields, changes);
    }
  }
  for (const [status, properties] of Object.entries(before.responses)) {
    const now = own(after.responses, status);
    if (!now) {
      add(true, "success-status-removed", `success response ${status} removed`);
      continue;
    }
    for (const property of properties) if (!now.includes(property)) add(true, "response-property-removed", `response ${status} property \`${property}\` removed`);
    for (const property of now) if (!properties.includes(property)) add(false, "response-property-added", `response ${status} property \`${property}\` added`);
  }
  for (const status of Object.keys(after.responses)) if (!Object.hasOwn(before.responses, status)) add(false, "success-status-added", `success response ${status} added`);
  const lost = before.credentials.filter((c) => !after.credentials.includes(c));
  const gained = after.credentials.filter((c) => !before.credentials.includes(c));
  if (lost.length) add(true, "credentials-narrowed", `no longer accepts ${lost.join(", ")}`);
  if (gained.length) add(false, "credentials-widened", `now also accepts ${gained.join(", ")}`);
  for (const name of new Set([...Object.keys(before.injectedHeaders), ...Object.keys(after.injectedHeaders)])) {
    const [was, now] = [own(before.injectedHeaders, name), own(after.injectedHeaders, name)];
    if (was !== now) add(true, "injected-header-changed", `the client's \`${name}\` ${was === undefined ? `is now set to ${now}` : now === undefined ? `(${was}) is no longer set` : `changes ${was} → ${now}`}`);
  }
}

export function diffManifests(before: Manifest, after: Manifest, warnings: string[] = []): ProviderDiff {
  const changes: Change[] = [];
  for (const key of Object.keys(before.operations)) if (!Object.hasOwn(after.operations, key)) changes.push({ breaking: true, kind: "operation-removed", operation: key, detail: "operation removed" });
  for (const key of Object.keys(after.operations)) {
    const old = own(before.operations, key);
    if (!old) changes.push({ breaking: false, kind: "operation-added", operation: key, detail: "operation added" });
    else compareOperation(key, old, after.operations[key], changes);
  }
  return { provider: after.provider, breaking: changes.filter((c) => c.breaking), nonBreaking: changes.filter((c) => !c.breaking), warnings };
}

export function renderMarkdown(diffs: ProviderDiff[]): string {
  const lines = ["# Spec changes, as the clients see them", ""];
  for (const diff of diffs) {
    lines.push(`## ${diff.provider}: ${diff.breaking.length} breaking, ${diff.nonBreaking.length} non-breaking`, "");
    for (const warning of diff.warnings) lines.push(`> ⚠ ${warning}`, "");
    if (diff.breaking.length + diff.nonBreaking.length === 0) lines.push("No client-facing change.", "");
    for (const [title, changes] of [["Breaking", diff.breaking], ["Non-breaking", diff.nonBreaking]] as const) {
      if (!changes.length) continue;
      lines.push(`### ${title}`, "");
      for (const change of changes) lines.push(`- \`${change.operation}\`: ${change.detail}`);
      lines.push("");
    }
  }
  return lines.join("\n");
}

export function renderJson(diffs: ProviderDiff[]): string {
  return (
    JSON.stringify(
      { providers: diffs.map((d) => ({ ...d, counts: { breaking: d.breaking.length, nonBreaking: d.nonBreaking.length } })) },
      null,
      2,
    ) + "\n"
  );
}
