import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

/**
 * The repository (or, installed, the package) root: the nearest folder above this module with a
 * package.json. Found rather than counted, because the code runs from src/, from dist/ and from the
 * bundle `npm run generate` keeps in .cache/cli. Every project path is resolved from here, whatever the cwd.
 */
function packageRoot(from: string): string {
  for (let folder = from; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, "package.json"))) return folder;
    if (path.dirname(folder) === folder) return from;
  }
}

export const repoRoot = packageRoot(path.dirname(fileURLToPath(import.meta.url)));

export const projectPaths = {
  providersDir: path.join(repoRoot, "specs/providers"),
  correctionsDir: path.join(repoRoot, "specs/corrections"),
  annotationsDir: path.join(repoRoot, "specs/annotations"),
  lockFile: path.join(repoRoot, "specs/lock.json"),
  snapshotDir: path.join(repoRoot, ".cache/specs"),
  recordsDir: path.join(repoRoot, ".cache/generation"),
  formatCacheDir: path.join(repoRoot, ".cache/format"),
  generatedDir: path.join(repoRoot, "generated"),
};

/** The project's layout, overridable as a whole (tests run the pipeline in a scratch copy). */
export type ProjectPaths = typeof projectPaths;
