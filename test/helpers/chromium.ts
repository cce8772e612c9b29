/**
 * A headless Chromium for the browser tests that comes with `npm ci`: @sparticuz/chromium ships a
 * Chromium build (and the NSS libraries it links) inside its npm tarball, Brotli-compressed, so no
 * download from anywhere but the registry and no system package is needed. It is unpacked once per
 * package version into the temp folder. CHROMIUM_PATH points the tests at another Chromium instead.
 */
import { execFile } from "node:child_process";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, readFile, rename, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createBrotliDecompress } from "node:zlib";

export interface ChromiumInstall {
  executablePath: string;
  /** The environment to launch it with (the shipped libraries on LD_LIBRARY_PATH). */
  env: Record<string, string>;
}

export async function chromiumForTests(): Promise<ChromiumInstall> {
  if (process.env.CHROMIUM_PATH) return { executablePath: process.env.CHROMIUM_PATH, env: {} };
  const { root, version } = await packageFolder("@sparticuz/chromium");
  const bin = path.join(root, "bin");
  const dir = path.join(tmpdir(), `scheduling-clients-chromium-${version}`);
  if (!existsSync(path.join(dir, "chromium"))) {
    // Unpacked beside the final folder and renamed into place: a killed or concurrent run never
    // leaves a half-written browser that a later one would take as ready.
    const temp = `${dir}.${process.pid}.tmp`;
    await rm(temp, { recursive: true, force: true });
    await mkdir(temp, { recursive: true });
    await pipeline(
      createReadStream(path.join(bin, "chromium.br")),
      createBrotliDecompress(),
      createWriteStream(path.join(temp, "chromium"), { mode: 0o755 }),
    );
    await untarBrotli(path.join(bin, "al2023.tar.br"), temp);
    await rename(temp, dir).catch(() => rm(temp, { recursive: true, force: true }));
  }
  const libraries = path.join(dir, "lib");
  return {
    executablePath: path.join(dir, "chromium"),
    env: { LD_LIBRARY_PATH: [libraries, process.env.LD_LIBRARY_PATH].filter(Boolean).join(":") },
  };
}

/** An installed package's folder and version, found from its entry module (its package.json is not exported). */
async function packageFolder(name: string): Promise<{ root: string; version: string }> {
  for (let folder = path.dirname(createRequire(import.meta.url).resolve(name)); ; folder = path.dirname(folder)) {
    const manifest = await readFile(path.join(folder, "package.json"), "utf8").catch(() => undefined);
    const parsed = manifest === undefined ? undefined : (JSON.parse(manifest) as { name?: string; version: string });
    if (parsed?.name === name) return { root: folder, version: parsed.version };
    if (path.dirname(folder) === folder) throw new Error(`the ${name} package has no package.json naming it`);
  }
}

/** Extracts a Brotli-compressed tar archive with the system's tar (which cannot read Brotli itself). */
async function untarBrotli(archive: string, into: string): Promise<void> {
  const tar = execFile("tar", ["-x", "-f", "-", "-C", into]);
  const exited = new Promise<void>((resolve, reject) =>
    tar.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`tar exited with ${code} on ${archive}`)))),
  );
  await pipeline(createReadStream(archive), createBrotliDecompress(), tar.stdin!);
  await exited;
}
