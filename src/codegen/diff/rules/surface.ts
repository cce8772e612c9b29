/**
 * What exists: operations (removed, added, renamed when only a path parameter's name changed),
 * the 3.1 webhooks (a payload is what the app receives, so it is judged as a response), and
 * component schemas no operation or webhook uses (an app names them — `verifyWebhook` is typed from
 * one — so they are judged as what is received).
 */
import { own } from "../../support/dict.js";
import type { Manifest, OperationSurface, SchemaSurface, WebhookSurface } from "../../model/manifest.js";
import type { Comparison } from "../comparison-contract.js";
import { compareContent, compareOperation } from "./operation.js";

/** Operations whose path differs only in parameter names are the same operation, renamed. */
const shapeOf = (key: string) => key.replace(/\{[^}]+\}/g, "{}");

export function compareOperations(cmp: Comparison, before: Manifest, after: Manifest): void {
  const removed = Object.keys(before.operations).filter((key) => !Object.hasOwn(after.operations, key));
  const added = new Set(Object.keys(after.operations).filter((key) => !Object.hasOwn(before.operations, key)));
  const renamedTo = new Map<string, string>();
  for (const key of removed) {
    const renamed = [...added].find((candidate) => shapeOf(candidate) === shapeOf(key));
    if (renamed) {
      added.delete(renamed);
      renamedTo.set(key, renamed);
    } else cmp.add("operation-removed", key, "operation", "operation removed");
  }
  for (const key of added) cmp.add("operation-added", key, "operation", "operation added");
  for (const [key, renamed] of renamedTo)
    compareOperation(cmp, renamed, before.operations[key], after.operations[renamed]);
  for (const key of Object.keys(after.operations)) {
    const old = own(before.operations, key);
    if (old) compareOperation(cmp, key, old, after.operations[key]);
  }
}

export function compareWebhooks(cmp: Comparison, before: Manifest, after: Manifest): void {
  const [was, now] = [before.webhooks ?? {}, after.webhooks ?? {}];
  for (const key of Object.keys(was)) {
    const webhook = own(now, key);
    if (!webhook) {
      cmp.add("webhook-removed", key, "webhook", "webhook removed");
      continue;
    }
    if (!was[key].deprecated && webhook.deprecated) cmp.add("operation-deprecated", key, "webhook", "deprecated");
    compareContent(cmp, key, "", was[key].payload, webhook.payload, "payload");
  }
  for (const key of Object.keys(now))
    if (!Object.hasOwn(was, key)) cmp.add("webhook-added", key, "webhook", "webhook added");
}

/** The schemas an operation's or webhook's contract starts from. */
function* roots(manifest: Manifest): Generator<SchemaSurface> {
  const fromOperation = function* (operation: OperationSurface) {
    for (const location of Object.values(operation.parameters)) for (const p of Object.values(location)) yield p.schema;
    yield* Object.values(operation.requestBody?.content ?? {});
    for (const content of Object.values(operation.responses)) yield* Object.values(content);
    for (const headers of Object.values(operation.responseHeaders ?? {}))
      for (const h of Object.values(headers)) yield h.schema;
  };
  for (const operation of Object.values(manifest.operations)) yield* fromOperation(operation);
  for (const webhook of Object.values<WebhookSurface>(manifest.webhooks ?? {})) yield* Object.values(webhook.payload);
}

export function compareUnusedComponents(cmp: Comparison, before: Manifest, after: Manifest): void {
  const [usedBefore, usedAfter] = [cmp.reachable("before", roots(before)), cmp.reachable("after", roots(after))];
  for (const name of Object.keys(before.schemas)) {
    if (usedBefore.has(name)) continue;
    if (!Object.hasOwn(after.schemas, name))
      cmp.add("component-schema-removed", `schema ${name}`, "component schema", `component schema \`${name}\` removed`);
    else if (!usedAfter.has(name))
      cmp.schema("response", `schema ${name}`, "component schema", { ref: name }, { ref: name });
  }
  for (const name of Object.keys(after.schemas))
    if (!usedAfter.has(name) && !Object.hasOwn(before.schemas, name))
      cmp.add("component-schema-added", `schema ${name}`, "component schema", `component schema \`${name}\` added`);
}
