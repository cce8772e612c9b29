/**
 * Per-provider corrections: a JSON Patch (RFC 6902) at `specs/corrections/<id>.json` fixes a known
 * defect properly, where a generic repair would only widen it. Corrections should start with `test`
 * operations pinning what they expect, so that when the provider changes the document the patch
 * fails loudly instead of silently rewriting something else.
 */
import { readFileIfExists } from "../support/files.js";
import path from "node:path";
import jsonPatch from "fast-json-patch";
import { ConfigProblem, SpecProblem } from "../support/errors.js";
import { parseJsonFile } from "../config/providers.js";

const FIX_CORRECTION = "fix the correction (a JSON Patch array), then run the command again";
import type { OpenApiDocument } from "./spec-document.js";

export type Correction = jsonPatch.Operation[];

export async function loadCorrection(correctionsDir: string, providerId: string): Promise<Correction | undefined> {
  const file = path.join(correctionsDir, `${providerId}.json`);
  const text = await readFileIfExists(file);
  if (text === undefined) return undefined;
  const patch = parseJsonFile(text, file, FIX_CORRECTION);
  if (!Array.isArray(patch)) throw new ConfigProblem(`${file}: a correction is a JSON Patch array`, FIX_CORRECTION);
  return patch;
}

/** Applies the correction in place; any operation that no longer matches the document is an error. */
export function applyCorrection(doc: OpenApiDocument, correction: Correction, providerId: string): number {
  correction.forEach((operation, index) => {
    try {
      jsonPatch.applyOperation(doc, operation, true, true);
    } catch (error) {
      throw new SpecProblem(
        `correction specs/corrections/${providerId}.json operation #${index} (${operation.op} ${operation.path}) no longer matches the spec: ${(error as Error).message.split("\n")[0]}`,
        `the provider changed the document: check whether the defect is fixed upstream, then update or delete the correction`,
        operation.path,
      );
    }
  });
  return correction.length;
}
