import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

/**
 * The nearest folder at or above `from` with a package.json. Found rather than counted, because the
 * generator runs from src/, from the generator package's dist/ and from the bundle `npm run
 * generate` keeps in .cache/cli.
 */
function packageRoot(from: string): string {
  for (let folder = from; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, "package.json"))) return folder;
    if (path.dirname(folder) === folder) return from;
  }
}

/**
 * The generator's own root: this repository, or the installed generator package. Its files (the
 * prettier config, the annotation format's doc) are found from here.
 */
export const repoRoot = packageRoot(path.dirname(fileURLToPath(import.meta.url)));

/**
 * The project the provider commands (`pull`, `generate` without `--spec`, `specs:diff`) work on: the
 * package the command runs in, found from the working directory as npm finds it — this repository
 * under `npm run`. An app has no specs/providers/ there, and those commands say so.
 */
export const projectRoot = packageRoot(process.cwd());

export const projectPaths = {
  providersDir: path.join(projectRoot, "specs/providers"),
  correctionsDir: path.join(projectRoot, "specs/corrections"),
  annotationsDir: path.join(projectRoot, "specs/annotations"),
  lockFile: path.join(projectRoot, "specs/lock.json"),
  snapshotDir: path.join(projectRoot, ".cache/specs"),
  recordsDir: path.join(projectRoot, ".cache/generation"),
  formatCacheDir: path.join(projectRoot, ".cache/format"),
  generatedDir: path.join(projectRoot, "generated"),
};

/** The project's layout, overridable as a whole (tests run the pipeline in a scratch copy). */
export type ProjectPaths = typeof projectPaths;
