/**
 * A provider's output folder is replaced all at once: the new files are written to a hidden
 * sibling, the old folder is moved aside, the new one moved in, the old one removed. A run killed
 * at any point leaves the old folder or the new one, plus hidden leftovers the next run clears
 * (putting the old folder back if it was moved aside and the new one never arrived).
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { UsageProblem } from "../support/errors.js";

export interface FolderFile {
  path: string;
  content: string;
}

const NEW = "new";
const OLD = "old";
const sibling = (dir: string, stage: string) =>
  path.join(path.dirname(dir), `.${path.basename(dir)}.${stage}-${process.pid}-${randomBytes(4).toString("hex")}`);
/** Exactly the names `sibling` makes: `.<dir>.<stage>-<pid>-<8 hex>`. */
const leftoverPattern = (dir: string) =>
  new RegExp(`^\\.${path.basename(dir).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(${NEW}|${OLD})-\\d+-[0-9a-f]{8}$`);

/**
 * Whether a leftover beside the folder is one of ours (say, it holds the output marker). Without
 * one, every leftover of the right name is taken to be ours (a provider's folder under generated/).
 */
export type OwnsLeftover = (folder: string) => Promise<boolean>;

/** The path of `file` inside `dir`; a file outside it is refused. */
function inside(dir: string, file: string): string {
  const relative = path.relative(dir, file);
  if (!relative || relative.startsWith("..") || path.isAbsolute(relative))
    throw new UsageProblem(`refusing to write ${file}: it is outside ${dir}`, "this is a bug in the caller");
  return relative;
}

export async function replaceFolder(dir: string, files: FolderFile[], owns?: OwnsLeftover): Promise<void> {
  await recoverFolder(dir, owns);
  const staged = sibling(dir, NEW);
  try {
    for (const file of files) {
      const target = path.join(staged, inside(dir, file.path));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, file.content);
    }
    const aside = sibling(dir, OLD);
    let movedAside = false;
    try {
      await rename(dir, aside);
      movedAside = true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    await rename(staged, dir);
    if (movedAside) await rm(aside, { recursive: true, force: true });
  } finally {
    await rm(staged, { recursive: true, force: true });
  }
}

/** Clears what a killed run left beside `dir`; an old folder moved aside comes back if `dir` is gone. */
export async function recoverFolder(dir: string, owns?: OwnsLeftover): Promise<void> {
  let names: string[];
  try {
    names = await readdir(path.dirname(dir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const pattern = leftoverPattern(dir);
  const leftovers: string[] = [];
  for (const name of names.filter((name) => pattern.test(name))) {
    const leftover = path.join(path.dirname(dir), name);
    if (!owns || (await owns(leftover))) leftovers.push(leftover);
  }
  for (const leftover of leftovers.filter((name) => name.includes(`.${OLD}-`))) {
    const present = await readdir(dir).then(
      () => true,
      () => false,
    );
    if (present) await rm(leftover, { recursive: true, force: true });
    else await rename(leftover, dir);
  }
  for (const leftover of leftovers.filter((name) => name.includes(`.${NEW}-`)))
    await rm(leftover, { recursive: true, force: true });
}

/** Temp files an atomic file write left behind (`<file>.<pid>.<hex>.tmp`) in a folder. */
export async function removeTempFiles(folder: string): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names)
    if (/\.\d+\.[0-9a-f]{8}\.tmp$/.test(name)) await rm(path.join(folder, name), { force: true });
}
