/**
 * Ad-hoc generation (`--spec PATH_OR_URL --name ID --out DIR [--annotations FILE]`): a client for
 * any OpenAPI 3.x document, for providers the project does not ship. Nothing is cached or locked.
 */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { acceptSpec } from "./accept/accept.js";
import { UsageProblem } from "./support/errors.js";
import { consoleLine, displayUrl } from "./support/escape.js";
import { writeFileAtomic } from "./support/files.js";
import { startEmitHelper, type EmitHelper } from "./emit/helper-thread.js";
import { seconds } from "./support/elapsed.js";
import { staleFiles } from "./write/stale-files.js";
import { defaultFetchPolicy, fetchSpec, type FetchPolicy } from "./source/http-fetch.js";
import { readSpecFileCapped } from "./source/spec-file.js";
import { loadAnnotationsFile, type Annotations } from "./config/annotations.js";
import { ID_PATTERN, type AppUsage, type ProviderConfig } from "./config/providers.js";
import { repoRoot } from "./config/paths.js";
import { annotationsFromSpecSecurity } from "./model/spec-security.js";
import { renderProviderFiles } from "./emit/render-provider.js";
import { recoverFolder, replaceFolder } from "./write/write-folder.js";

/** Marks a folder as generated output, which a later run may replace whole. */
export const OUTPUT_MARKER = ".scheduling-clients";

export interface AdHocOptions {
  annotationsFile?: string;
  /** Write into a non-empty folder that holds no marker (its other files are kept). */
  force?: boolean;
  policy?: Partial<FetchPolicy>;
  /** openapi-typescript's read/write markers (`--read-write-markers`), as a provider's `readWriteMarkers`. */
  readWriteMarkers?: boolean;
  log?: (line: string) => void;
}

export async function generateAdHoc(
  spec: string,
  name: string,
  outDir: string,
  options: AdHocOptions = {},
): Promise<string[]> {
  const print = options.log ?? console.log;
  const log = (line: string) => print(consoleLine(line));
  const started = performance.now();
  if (!ID_PATTERN.test(name))
    throw new UsageProblem(
      `--name "${name.slice(0, 64)}" is not a valid id`,
      "use lowercase letters, digits and dashes, starting with a letter (it names the client)",
    );
  const out = path.resolve(outDir);
  const adopt = await checkOutputFolder(out, options.force ?? false);
  // Loads ts-morph and prettier on the other core while the spec is read and accepted.
  const helper = startEmitHelper();
  try {
    return await generateInto(out, adopt, helper);
  } finally {
    await helper.close();
  }

  async function generateInto(out: string, adopt: boolean, helper: EmitHelper): Promise<string[]> {
    const isUrl = /^https?:\/\//.test(spec);
    const format = /\.ya?ml$/i.test(spec) ? "yaml" : "json";
    let text: string;
    if (isUrl) {
      const result = await fetchSpec(spec, { policy: options.policy });
      if (result.status !== "fetched")
        throw new UsageProblem(`${displayUrl(spec)} answered 304 Not Modified`, "fetch the spec with a plain request");
      text = result.text;
    } else {
      text = await readSpecFileCapped(path.resolve(spec), options.policy?.maxBytes ?? defaultFetchPolicy.maxBytes);
    }
    const accepted = await acceptSpec(text, { name, format });
    const servers = (accepted.document.servers as Array<{ url?: string }> | undefined) ?? [];
    const provider: ProviderConfig = {
      id: name,
      name: accepted.document.info?.title ?? name,
      clientName: pascalCase(name),
      source: isUrl ? { url: spec } : { file: spec },
      format,
      baseUrl: servers.find((server) => /^https?:\/\//.test(server.url ?? ""))?.url ?? "",
      ...(options.readWriteMarkers ? { readWriteMarkers: true } : {}),
      app: appUsage(spec, name, outDir, out, options.annotationsFile, options.readWriteMarkers),
    };
    // Without an annotation file the spec's own security schemes are the credential kinds, so
    // every ad-hoc client runs on the runtime (timeouts, retries, typed errors).
    let annotations: Annotations | undefined = annotationsFromSpecSecurity(accepted.document);
    if (options.annotationsFile) {
      annotations = await loadAnnotationsFile(path.resolve(options.annotationsFile), options.annotationsFile);
      if (!annotations)
        throw new UsageProblem(`no annotation file at ${options.annotationsFile}`, "check the --annotations path");
    }
    // The marker first: a staged folder holds it from its first file on (what recovery looks for).
    const files = [
      { path: path.join(out, OUTPUT_MARKER), content: MARKER_TEXT },
      ...(await renderProviderFiles(provider, accepted, out, annotations, helper)),
    ];
    const stale = await staleFiles(files);
    // A folder of ours is replaced whole; one adopted with --force keeps its other files.
    if (adopt) for (const file of stale) await writeFileAtomic(file.path, file.content);
    else if (stale.length) await replaceFolder(out, files, holdsMarker);
    log(
      `✓ ${name}: wrote ${stale.length} file(s) to ${outDir} — ${accepted.operationCount} operations${accepted.repairs.length ? `, ${accepted.repairs.length} spec repair(s)` : ""} (${seconds(started)})`,
    );
    for (const repair of accepted.repairs) log(`    repaired ${repair.kind} at ${repair.pointer}: ${repair.detail}`);
    return files.map((file) => file.path);
  }
}

/** The bin apps run the generator by (packages/codegen/package.json). */
export const GENERATOR_BIN = "scheduling-clients-codegen";

/** How the app imports and regenerates the client, as its README and headers say. */
export function appUsage(
  spec: string,
  name: string,
  outDir: string,
  out: string,
  annotationsFile?: string,
  readWriteMarkers?: boolean,
): AppUsage {
  const posix = (file: string) => file.split(path.sep).join("/");
  const fromCwd = posix(path.relative(process.cwd(), out));
  const args = ["generate", "--spec", spec, "--name", name, "--out", outDir];
  if (annotationsFile) args.push("--annotations", annotationsFile);
  if (readWriteMarkers) args.push("--read-write-markers");
  return {
    importPath: `${fromCwd.startsWith("../") ? "" : "./"}${fromCwd}/index.js`,
    regenerate: `npx ${GENERATOR_BIN} ${args.map(shellWord).join(" ")}`,
    // The format ships with the generator (docs/annotations.md in its package).
    annotationsDoc: posix(path.relative(out, path.join(repoRoot, "docs/annotations.md"))),
  };
}

/** An argument as a POSIX shell reads it back. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

const MARKER_TEXT = "Generated by scheduling-clients: `generate --out` may replace this folder whole.\n";

/**
 * The output folder must be empty, or one this tool generated (it holds the marker). Anything else
 * needs --force, and a filesystem root or a folder holding the working directory never qualifies.
 * Returns true when a foreign folder is adopted with --force.
 */
async function checkOutputFolder(out: string, force: boolean): Promise<boolean> {
  if (path.parse(out).root === out || !path.relative(out, process.cwd()).startsWith(".."))
    throw new UsageProblem(
      `--out ${out} would replace a filesystem root or a folder holding the current one`,
      "choose a folder of its own for the generated client",
    );
  const names = await readdir(out).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [] as string[];
    throw error;
  });
  const ours = names.length === 0 || names.includes(OUTPUT_MARKER);
  if (!ours && !force)
    throw new UsageProblem(
      `--out ${out} is not empty and was not generated by scheduling-clients`,
      "choose an empty or new folder, or pass --force to write the client's files into it",
    );
  // Only after the refusals, and only leftovers of a run of ours: a sibling named like one is left alone.
  await recoverFolder(out, holdsMarker);
  return !ours;
}

/** A leftover of a killed run holds the marker (it is written first); anything else is not ours to touch. */
async function holdsMarker(folder: string): Promise<boolean> {
  return stat(path.join(folder, OUTPUT_MARKER)).then(
    (info) => info.isFile(),
    () => false,
  );
}

function pascalCase(name: string): string {
  const pascal = name
    .replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, __, c: string) => c.toUpperCase())
    .replace(/[^A-Za-z0-9]/g, "");
  return /^[A-Z]/.test(pascal) ? pascal : `Api${pascal}`;
}
