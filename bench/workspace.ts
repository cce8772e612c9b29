/**
 * A scratch copy of the project for benchmarks, so a benchmark can delete and regenerate
 * `generated/`, `.cache/` and the lock without touching the repository.
 */
import { cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { repoRoot } from "../src/codegen/config/paths.js";

export async function makeWorkspace() {
  const root = await mkdtemp(path.join(tmpdir(), "scheduling-clients-bench-"));
  // Copied, not linked: the build code finds the project root from its own real path.
  for (const entry of [
    "src",
    "scripts",
    "specs",
    "generated",
    "package.json",
    "package-lock.json",
    "tsconfig.json",
    ".prettierrc.json",
  ])
    await cp(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
  await symlink(path.join(repoRoot, "node_modules"), path.join(root, "node_modules"), "dir");
  return {
    root,
    /** Back to a provider never generated here: no output, no snapshot, no formatted pieces. */
    async reset(providerIds: string[]) {
      for (const id of providerIds) {
        await rm(path.join(root, "generated", id), { recursive: true, force: true });
        await rm(path.join(root, ".cache/format", `${id}.json`), { force: true });
        await rm(path.join(root, ".cache/specs", `${id}.json`), { force: true });
        await rm(path.join(root, ".cache/specs", `${id}.yaml`), { force: true });
      }
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
