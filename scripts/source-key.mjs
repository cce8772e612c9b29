// The key of the CLI bundle (run.mjs): a hash of the .ts files under the source folders and of the
// lockfile. The files are read only when one's size or modification time differs from the last
// run's, kept in `indexFile`, as generate checks its outputs. Synchronous on purpose: it runs
// before anything else, and a hundred stats through the thread pool cost several times more.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export function sourceKey(root, folders, indexFile) {
  const files = [];
  for (const folder of folders)
    for (const name of readdirSync(path.join(root, folder), { recursive: true }).sort())
      if (name.endsWith(".ts")) files.push(path.join(folder, name));
  files.push("package-lock.json");
  const listing = files
    .map((file) => {
      const { size, mtimeMs } = statSync(path.join(root, file));
      return `${file} ${size} ${mtimeMs}`;
    })
    .join("\n");
  const last = readIndex(indexFile);
  if (last.listing === listing && typeof last.key === "string") return last.key;
  const digest = createHash("sha256");
  for (const file of files) digest.update(file).update(readFileSync(path.join(root, file)));
  const key = digest.digest("hex").slice(0, 16);
  mkdirSync(path.dirname(indexFile), { recursive: true });
  // Written whole under another name first: a concurrent run reads the old index or the new one.
  const temp = `${indexFile}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ listing, key }));
  renameSync(temp, indexFile);
  return key;
}

function readIndex(indexFile) {
  try {
    return JSON.parse(readFileSync(indexFile, "utf8"));
  } catch {
    return {}; // missing or damaged: the sources are read
  }
}
