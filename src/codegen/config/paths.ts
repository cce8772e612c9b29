import { fileURLToPath } from "node:url";
import path from "node:path";

/** The repository root: every project path is resolved from here, whatever the cwd. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

export const projectPaths = {
  providersDir: path.join(repoRoot, "specs/providers"),
  correctionsDir: path.join(repoRoot, "specs/corrections"),
  annotationsDir: path.join(repoRoot, "specs/annotations"),
  lockFile: path.join(repoRoot, "specs/lock.json"),
  snapshotDir: path.join(repoRoot, ".cache/specs"),
  recordsDir: path.join(repoRoot, ".cache/generation"),
  generatedDir: path.join(repoRoot, "generated"),
};

/** The project's layout, overridable as a whole (tests run the pipeline in a scratch copy). */
export type ProjectPaths = typeof projectPaths;
