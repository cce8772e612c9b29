import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ProjectPaths } from "../../src/codegen/config/paths.js";
import type { ProviderConfig } from "../../src/codegen/config/providers.js";

export const fixturesDir = path.resolve(import.meta.dirname, "../fixtures");
/** The providers' spec snapshots: SPECS_MIRROR when it is a folder, else ../shared/specs beside the checkout. */
export const sharedSpecsDir =
  process.env.SPECS_MIRROR && !/^https?:/.test(process.env.SPECS_MIRROR)
    ? path.resolve(process.env.SPECS_MIRROR)
    : path.resolve(import.meta.dirname, "../../../shared/specs");

export async function readFixture(name: string): Promise<string> {
  return readFile(path.join(fixturesDir, name), "utf8");
}

/** A throwaway project layout (specs/, .cache/, generated/) so tests never touch the real one. */
export async function makeScratchProject(providers: ProviderConfig[] = []) {
  const root = await mkdtemp(path.join(tmpdir(), "scheduling-clients-"));
  const paths: ProjectPaths = {
    providersDir: path.join(root, "specs/providers"),
    correctionsDir: path.join(root, "specs/corrections"),
    annotationsDir: path.join(root, "specs/annotations"),
    lockFile: path.join(root, "specs/lock.json"),
    snapshotDir: path.join(root, ".cache/specs"),
    recordsDir: path.join(root, ".cache/generation"),
    formatCacheDir: path.join(root, ".cache/format"),
    generatedDir: path.join(root, "generated"),
  };
  await mkdir(paths.providersDir, { recursive: true });
  await mkdir(paths.correctionsDir, { recursive: true });
  for (const provider of providers)
    await writeFile(path.join(paths.providersDir, `${provider.id}.json`), JSON.stringify(provider));
  return {
    root,
    paths,
    async readOrUndefined(file: string): Promise<string | undefined> {
      try {
        return await readFile(file, "utf8");
      } catch {
        return undefined;
      }
    },
    async copyIn(from: string, to: string) {
      await cp(from, path.join(root, to), { recursive: true });
    },
    async remove() {
      await rm(root, { recursive: true, force: true });
    },
  };
}

export function fixtureProvider(overrides: Partial<ProviderConfig> & Pick<ProviderConfig, "source">): ProviderConfig {
  return {
    id: "petshop",
    name: "Pet Shop",
    clientName: "PetShop",
    format: "json",
    baseUrl: "https://petshop.example",
    ...overrides,
  };
}
