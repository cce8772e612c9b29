/**
 * What an app pays to install the packages (issue #22): the clients tarball installed alone into a
 * fresh app — packages and bytes in its node_modules — beside bare openapi-fetch; both tarballs'
 * sizes; and `tsc` with `skipLibCheck: false` over an app that imports the Cal.com client, against
 * the same app on openapi-fetch with openapi-typescript's bare types of the same spec. The consumer
 * tests (test/package/consumers.test.ts) assert the same figures with the same helpers.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { acceptSpec } from "../src/codegen/accept/accept.js";
import { repoRoot } from "../src/codegen/config/paths.js";
import type { Row } from "./generation.js";
import { fmt, median } from "./measure.js";

const run = promisify(execFile);

/** The goals, in bytes and packages. */
export const INSTALL_GOALS = {
  /** Packages an app gets by installing the clients package (itself included). */
  packages: 5,
  /** Bytes of the app's node_modules after installing it. */
  installBytes: 1.5 * 1024 * 1024,
  /** The clients tarball, unpacked. */
  unpackedBytes: 1024 * 1024,
  /** tsc over an app importing Cal.com, skipLibCheck off, against the bare openapi-typescript types. */
  typecheckRatio: 1.1,
};

export interface Packed {
  file: string;
  /** Bytes of the .tgz, and of its files unpacked. */
  size: number;
  unpackedSize: number;
}

/** `npm pack [args]` of this repository into `destination` (its lifecycle scripts build first). */
export async function packTarball(args: string[], destination: string): Promise<Packed> {
  const { stdout } = await run("npm", ["pack", ...args, "--pack-destination", destination, "--json"], {
    cwd: repoRoot,
    maxBuffer: 64 * 1024 * 1024,
  });
  // Lifecycle scripts may print before the JSON.
  const [packed] = JSON.parse(stdout.slice(stdout.indexOf("[")));
  return { file: path.join(destination, packed.filename), size: packed.size, unpackedSize: packed.unpackedSize };
}

/**
 * The packages under an app's node_modules (nested ones too) and the bytes of every file there:
 * `bytes` are the files' apparent sizes (what `du --apparent-size` counts, the figure the goal is
 * in), `diskBytes` the blocks they take on this file system (small files round up to a block).
 */
export async function installedPackages(
  appDir: string,
): Promise<{ names: string[]; bytes: number; diskBytes: number }> {
  const names: string[] = [];
  let bytes = 0;
  let diskBytes = 0;
  async function walk(dir: string, inNodeModules: boolean): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (inNodeModules && !entry.name.startsWith(".") && !entry.name.startsWith("@"))
          names.push(path.relative(path.join(appDir, "node_modules"), full));
        await walk(full, entry.name === "node_modules" || (inNodeModules && entry.name.startsWith("@")));
      } else if (entry.isFile()) {
        const { size, blocks } = await stat(full);
        bytes += size;
        diskBytes += blocks * 512;
      }
    }
  }
  await walk(path.join(appDir, "node_modules"), true);
  return { names: names.sort(), bytes, diskBytes };
}

async function freshApp(root: string, name: string, install: string[]) {
  const dir = path.join(root, name);
  await mkdir(dir);
  await writeFile(path.join(dir, "package.json"), JSON.stringify({ name, private: true, type: "module" }));
  await run("npm", ["install", ...install, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: dir,
    maxBuffer: 64 * 1024 * 1024,
  });
  return dir;
}

/** One tsc run over the app in `dir`, in ms. */
async function timeTsc(dir: string): Promise<number> {
  const tsc = path.join(repoRoot, "node_modules/typescript/bin/tsc");
  const started = performance.now();
  await run(process.execPath, [tsc, "-p", dir]);
  return performance.now() - started;
}

/**
 * tsc over both apps, in pairs run right after each other (which goes first alternates): the
 * ratio is the median of the pairs' ratios, so that the machine's drift falls on both sides alike.
 */
async function pairedTsc(app: string, bareApp: string, runs: number) {
  const ours: number[] = [];
  const bare: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [first, second] = i % 2 ? [bareApp, app] : [app, bareApp];
    const times = new Map([
      [first, await timeTsc(first)],
      [second, await timeTsc(second)],
    ]);
    ours.push(times.get(app)!);
    bare.push(times.get(bareApp)!);
    ratios.push(times.get(app)! / times.get(bareApp)!);
  }
  return { ours: median(ours), bare: median(bare), ratio: median(ratios) };
}

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: "es2022",
    module: "nodenext",
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    lib: ["es2022", "dom"],
    types: [],
  },
  files: ["app.ts"],
});

export async function installFigures(runs: number): Promise<Row[]> {
  const work = await mkdtemp(path.join(tmpdir(), "bench-install-"));
  try {
    const clients = await packTarball([], work);
    const generator = await packTarball(["-w", "scheduling-clients-codegen"], work);
    const app = await freshApp(work, "app", [clients.file]);
    const ours = await installedPackages(app);
    const bare = await installedPackages(await freshApp(work, "bare", ["openapi-fetch@^0.17.0"]));

    // The same calls, typed by our client and by openapi-fetch over openapi-typescript's output.
    await writeFile(
      path.join(app, "app.ts"),
      `import { createCalcomClient } from "scheduling-clients/calcom";
const cal = createCalcomClient({ auth: { kind: "apiKey", apiKey: "k" } });
export const me = () => cal.GET("/v2/me");
export const booking = (bookingUid: string) => cal.GET("/v2/bookings/{bookingUid}", { params: { path: { bookingUid } } });
`,
    );
    await writeFile(path.join(app, "tsconfig.json"), TSCONFIG);
    const bareApp = path.join(work, "bare");
    // openapi-typescript's bare types of the same spec, from the mirror bench reads (SPECS_MIRROR).
    // The bare CLI crashes on Cal.com's spec as published, so it is given the repaired document.
    const published = path.join(path.resolve(process.env.SPECS_MIRROR ?? "../shared/specs"), "calcom/openapi.json");
    const repaired = path.join(work, "calcom-repaired.json");
    const accepted = await acceptSpec(await readFile(published, "utf8"), { name: "calcom", format: "json" });
    await writeFile(repaired, JSON.stringify(accepted.document));
    await run(process.execPath, [
      path.join(repoRoot, "node_modules/openapi-typescript/bin/cli.js"),
      repaired,
      "-o",
      path.join(bareApp, "schema.ts"),
    ]);
    await writeFile(
      path.join(bareApp, "app.ts"),
      `import createClient from "openapi-fetch";
import type { paths } from "./schema.js";
const cal = createClient<paths>({ baseUrl: "https://api.cal.com", headers: { Authorization: "Bearer k" } });
export const me = () => cal.GET("/v2/me", { params: { header: {} as never } });
export const booking = (bookingUid: string) => cal.GET("/v2/bookings/{bookingUid}", { params: { path: { bookingUid }, header: {} as never } });
`,
    );
    await writeFile(path.join(bareApp, "tsconfig.json"), TSCONFIG);
    // tsc's time is noisy on a shared machine: at least five pairs.
    const tscRuns = Math.max(runs, 5);
    const tsc = await pairedTsc(app, bareApp, tscRuns);

    return [
      {
        figure: "app install: packages (clients tarball alone)",
        ours: String(ours.names.length),
        baseline: `${bare.names.length} (openapi-fetch)`,
        ratio: ours.names.length / bare.names.length,
        goal: `≤ ${INSTALL_GOALS.packages}`,
        met: ours.names.length <= INSTALL_GOALS.packages,
        note: ours.names.join(", "),
      },
      {
        figure: "app install: node_modules bytes",
        ours: fmt.kb(ours.bytes),
        baseline: `${fmt.kb(bare.bytes)} (openapi-fetch)`,
        ratio: ours.bytes / bare.bytes,
        goal: `≤ ${fmt.kb(INSTALL_GOALS.installBytes)}`,
        met: ours.bytes <= INSTALL_GOALS.installBytes,
        note: `apparent bytes of the files (${fmt.kb(ours.diskBytes)} in disk blocks here, ${fmt.kb(bare.diskBytes)} for openapi-fetch)`,
      },
      {
        figure: "clients tarball (packed / unpacked)",
        ours: `${fmt.kb(clients.size)} / ${fmt.kb(clients.unpackedSize)}`,
        baseline: `${fmt.kb(INSTALL_GOALS.unpackedBytes)} (the goal)`,
        ratio: clients.unpackedSize / INSTALL_GOALS.unpackedBytes,
        goal: `unpacked ≤ ${fmt.kb(INSTALL_GOALS.unpackedBytes)}`,
        met: clients.unpackedSize <= INSTALL_GOALS.unpackedBytes,
      },
      {
        figure: "generator tarball (packed / unpacked)",
        ours: `${fmt.kb(generator.size)} / ${fmt.kb(generator.unpackedSize)}`,
        baseline: `${fmt.kb(clients.unpackedSize)} (the clients, unpacked)`,
        ratio: generator.unpackedSize / clients.unpackedSize,
        note: "installed as a devDependency, with its tools (openapi-typescript, ts-morph, typescript, prettier …)",
      },
      {
        figure: "app tsc, skipLibCheck off, Cal.com (2 calls)",
        ours: fmt.ms(tsc.ours),
        baseline: `${fmt.ms(tsc.bare)} (openapi-fetch + bare openapi-typescript types)`,
        ratio: tsc.ratio,
        goal: `≤ ${INSTALL_GOALS.typecheckRatio}×`,
        met: tsc.ratio <= INSTALL_GOALS.typecheckRatio,
        note: `ratio: median of ${tscRuns} paired runs' ratios`,
      },
    ];
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
