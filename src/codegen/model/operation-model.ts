/**
 * The operation model: one per provider, built once from the accepted document and the provider's
 * annotations. Every emitter, the manifest and the spec diff read it; nothing after this stage
 * walks the document's paths again.
 */
import type { OpenApiDocument } from "../accept/spec-document.js";
import { PUBLIC, type Annotations } from "../config/annotations.js";
import { AnnotationError, resolveOperationAuth, type ResolvedOperation } from "./operation-auth.js";
import { readSpecOperations, type SpecOperation } from "./spec-operations.js";

export type ModelOperation = ResolvedOperation;

export interface OperationModel {
  /** The accepted document, for the schemas operations refer to. */
  document: OpenApiDocument;
  /** Absent for a provider without an annotation file: its credentials are the spec's security schemes. */
  annotations?: Annotations;
  operations: ModelOperation[];
}

/**
 * Builds the model. Annotation rules that no longer fit the spec are returned as problems: generation
 * fails on them (`operationModel`), a spec diff reports them as warnings.
 */
export function buildOperationModel(
  document: OpenApiDocument,
  annotations: Annotations | undefined,
): { model: OperationModel; problems: string[] } {
  const specOperations = readSpecOperations(document);
  if (!annotations) return { model: { document, operations: specOperations.map(withSpecSecurity) }, problems: [] };
  const { operations, problems } = resolveOperationAuth(document, specOperations, annotations);
  return { model: { document, annotations, operations }, problems };
}

/** The model generation works from: any annotation problem fails, so rules cannot silently rot. */
export function operationModel(
  document: OpenApiDocument,
  annotations: Annotations | undefined,
  providerId: string,
): OperationModel {
  const { model, problems } = buildOperationModel(document, annotations);
  if (problems.length)
    throw new AnnotationError(annotations?.origin ?? `specs/annotations/${providerId}.yaml`, problems.join("; "));
  return model;
}

/** Without annotations, an operation accepts what its security requirements name (`a+b` when both are needed). */
function withSpecSecurity(operation: SpecOperation): ModelOperation {
  const kinds = [
    ...new Set((operation.security ?? []).map((requirement) => Object.keys(requirement).sort().join("+") || PUBLIC)),
  ];
  return {
    ...operation,
    credentials: kinds,
    access: kinds.map((kind) => ({ kind })),
    scope: null,
    headers: {},
    facts: [],
    customers: [],
  };
}
