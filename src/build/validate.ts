/**
 * The validation gate after repairs, run by Redocly (the parser openapi-typescript itself uses):
 * references must resolve and operationIds must be unique. Any problem
 * left here is one no repair covers, so the spec is rejected with its JSON pointer.
 */
import type { Config } from "@redocly/openapi-core";
import { SpecProblem } from "./errors.js";
import type { OpenApiDocument } from "./spec-document.js";

// Path parameters are not checked here: repairPathParameters has made every one declared and used,
// and Redocly's rule misreads names outside ASCII (`/items/{æøå}`).
const GATE_RULES = {
  "no-unresolved-refs": "error",
  "operation-operationId-unique": "error",
} as const;

let gateConfig: Promise<Config> | undefined;

// Redocly is loaded on first use: a no-op generate never needs it.
const redocly = () => import("@redocly/openapi-core");

export async function redoclyConfig(): Promise<Config> {
  gateConfig ??= redocly().then(({ createConfig }) => createConfig({ rules: GATE_RULES }, {}));
  return gateConfig;
}

export async function assertSpecIsSound(doc: OpenApiDocument, name: string): Promise<void> {
  const config = await redoclyConfig();
  const { BaseResolver, Source, lintDocument } = await redocly();
  const problems = await lintDocument({
    // A virtual path: the document is in memory, and must not reach for files beside it.
    document: { source: new Source(`/virtual/${name}.json`, JSON.stringify(doc), "application/json"), parsed: doc },
    config: config.styleguide,
    externalRefResolver: new BaseResolver(config.resolve),
  });
  const errors = problems.filter((problem) => problem.severity === "error");
  if (errors.length === 0) return;
  const [first] = errors;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  throw new SpecProblem(`${first.message}${more}`, "add a correction under specs/corrections/ or wait for the provider to fix the document", first.location?.[0]?.pointer?.replace(/^#/, ""));
}
