/**
 * The CLI bundle's key (scripts/source-key.mjs): a new key whenever a source's content changes, and
 * the files are not read again while their sizes and times stay as they were.
 */
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// @ts-expect-error a plain .mjs module without types
import { sourceKey } from "../../scripts/source-key.mjs";

let root: string;
const index = () => path.join(root, ".cache/sources.json");
const key = (): string => sourceKey(root, ["src"], index());

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "source-key-"));
  await mkdir(path.join(root, "src/inner"), { recursive: true });
  await writeFile(path.join(root, "src/a.ts"), "export const a = 1;\n");
  await writeFile(path.join(root, "src/inner/b.ts"), "export const b = 2;\n");
  await writeFile(path.join(root, "src/notes.md"), "not a source\n");
  await writeFile(path.join(root, "package-lock.json"), "{}\n");
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe("the CLI bundle's key", () => {
  it("changes with a source's content (same size), a new source and the lockfile, and only then", async () => {
    const first = key();
    expect(key()).toBe(first);
    await writeFile(path.join(root, "src/notes.md"), "still not a source\n");
    expect(key()).toBe(first);

    await writeFile(path.join(root, "src/a.ts"), "export const a = 2;\n"); // same size, new time
    const edited = key();
    expect(edited).not.toBe(first);
    await writeFile(path.join(root, "src/inner/c.ts"), "export {};\n");
    const added = key();
    expect(added).not.toBe(edited);
    await writeFile(path.join(root, "package-lock.json"), "{ }\n");
    expect(key()).not.toBe(added);
  });

  it("reads the sources again only when a size or time differs from the last run's", async () => {
    const first = key();
    // An index that names another key for the same listing is believed: the files were not read.
    const recorded = JSON.parse(await readFile(index(), "utf8"));
    await writeFile(index(), JSON.stringify({ ...recorded, key: "from-the-index" }));
    expect(key()).toBe("from-the-index");
    // Touched: read again, and the content decides.
    const later = new Date(Date.now() + 5_000);
    await utimes(path.join(root, "src/a.ts"), later, later);
    expect(key()).toBe(first);
  });

  it("a damaged index only costs a re-read", async () => {
    const first = key();
    await writeFile(index(), "{ not json");
    expect(key()).toBe(first);
  });
});
