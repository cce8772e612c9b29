import type { ProjectPaths } from "../config/paths.js";
import type { ProviderConfig } from "../config/providers.js";
import { applyCorrection, loadCorrection, type Correction } from "./corrections.js";
import { sha256 } from "../support/hash.js";
import { repairSpec, type Repair } from "./repair.js";
import { assertTypableRefCycles } from "./ref-cycles.js";
import { assertRefTargets } from "./ref-targets.js";
import { assertReferencesResolve, assertSelfContained } from "./self-contained.js";
import { countOperations, parseSpecText, type OpenApiDocument } from "./spec-document.js";

/** A spec that passed validation: the repaired document plus the facts the lock file records. */
export interface AcceptedSpec {
  document: OpenApiDocument;
  sha256: string;
  version: string | null;
  operationCount: number;
  correctedOperations: number;
  repairs: Repair[];
}

/**
 * Turns raw spec text into a usable document: parse (fatal problems throw), apply the provider's
 * correction, repair what is left, then validate. The snapshot keeps the raw text; this runs again
 * at generate time, so a repair improved later applies without pulling again.
 */
export async function acceptSpec(
  text: string,
  options: { name: string; format: "json" | "yaml"; correction?: Correction },
): Promise<AcceptedSpec> {
  const document = parseSpecText(text, options.format);
  const correctedOperations = options.correction ? applyCorrection(document, options.correction, options.name) : 0;
  // Before anything else walks it: no outside references, no runaway nesting, and every reference
  // one openapi-typescript prints as a plain type reference.
  const dropped = assertSelfContained(document);
  assertRefTargets(document);
  const repairs = [...dropped, ...repairSpec(document)];
  assertReferencesResolve(document);
  assertTypableRefCycles(document);
  return {
    document,
    sha256: sha256(text),
    version: typeof document.info?.version === "string" ? document.info.version : null,
    operationCount: countOperations(document),
    correctedOperations,
    repairs,
  };
}

/** A project provider's spec text, accepted with the provider's correction (if it has one). */
export async function acceptProviderSpec(
  provider: ProviderConfig,
  text: string,
  paths: Pick<ProjectPaths, "correctionsDir">,
  format: "json" | "yaml" = provider.format,
): Promise<AcceptedSpec> {
  const correction = await loadCorrection(paths.correctionsDir, provider.id);
  return acceptSpec(text, { name: provider.id, format, correction });
}
