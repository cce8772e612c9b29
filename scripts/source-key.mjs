// The key of the CLI bundle (run.mjs): a hash of the .ts files under the source folders and of the
// lockfile. The files are read only when one's size or modification time differs from the last
// run's, kept in `indexFile`, as generate checks its outputs.
import { createHash } from "node:crypto";
import { mkdir, readdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import path from "node:path";

export async function sourceKey(root, folders, indexFile) {
  const files = [];
  for (const folder of folders)
    for (const name of (await readdir(path.join(root, folder), { recursive: true })).sort())
      if (name.endsWith(".ts")) files.push(path.join(folder, name));
  files.push("package-lock.json");
  const stats = await Promise.all(files.map((file) => stat(path.join(root, file))));
  const listing = files.map((file, index) => `${file} ${stats[index].size} ${stats[index].mtimeMs}`).join("\n");
  const last = await readFile(indexFile, "utf8")
    .then(JSON.parse)
    .catch(() => ({}));
  if (last.listing === listing && typeof last.key === "string") return last.key;
  const digest = createHash("sha256");
  for (const file of files) digest.update(file).update(await readFile(path.join(root, file)));
  const key = digest.digest("hex").slice(0, 16);
  await mkdir(path.dirname(indexFile), { recursive: true });
  // Written whole under another name first: a concurrent run reads the old index or the new one.
  const temp = `${indexFile}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify({ listing, key }));
  await rename(temp, indexFile);
  return key;
}
