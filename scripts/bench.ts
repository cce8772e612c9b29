import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { generationFigures, scalingFigures, writeBareTypes, type Row } from "../bench/generation.js";
import { installFigures } from "../bench/install.js";
import { fmt } from "../bench/measure.js";
import { hostileFigures } from "../bench/hostile.js";
import { overheadFigures } from "../bench/overhead.js";
import { runtimeFigures } from "../bench/runtime.js";
import { sizeFigures } from "../bench/size.js";
import { typecheckFigures } from "../bench/typecheck.js";
import { makeWorkspace } from "../bench/workspace.js";
import { parseCli, runCli, mirrorFrom } from "../src/codegen/cli.js";
import { projectPaths, repoRoot } from "../src/codegen/config/paths.js";
import { loadProviders } from "../src/codegen/config/providers.js";
import { resolveLocation } from "../src/codegen/source/spec-location.js";

/** The sections, in the order they run; `--only` picks some by these names. */
const SECTIONS = ["generation", "type-check", "runtime", "per-call", "size", "hostile", "install", "scaling"] as const;
type Section = (typeof SECTIONS)[number];

const usage = `usage: SPECS_MIRROR=../shared/specs npm run bench [-- --runs N] [--quick] [--only SECTION,…]
  Measures generation, type-checking, runtime overhead, bundle size, install size and scaling against the stack we
  build on, prints one table and writes it to BENCHMARKS.md. Each figure is a median of N runs (default 3).
  --only runs some sections (${SECTIONS.join(", ")}) and prints their table without writing BENCHMARKS.md.`;

runCli(async () => {
  const { values } = parseCli(usage, {
    runs: { type: "string" },
    mirror: { type: "string" },
    quick: { type: "boolean" },
    only: { type: "string" },
  });
  if (values.help) return (console.log(usage), 0);
  const only = values.only?.split(",").map((name) => name.trim());
  const unknown = only?.filter((name) => !(SECTIONS as readonly string[]).includes(name)) ?? [];
  if (unknown.length) {
    console.error(`unknown section ${unknown.join(", ")}; --only takes ${SECTIONS.join(", ")}\n\n${usage}`);
    return 2;
  }
  const mirror = mirrorFrom(values.mirror);
  if (!mirror) {
    console.error(
      "set SPECS_MIRROR (or --mirror) to the spec mirror, e.g. ../shared/specs: benchmarks must not depend on the network",
    );
    return 2;
  }
  const runs = Number(values.runs ?? (values.quick ? 1 : 3));
  const [runtimeRequests, runtimeRounds] = values.quick ? [200, 4] : [300, 16];
  const providers = await loadProviders(projectPaths);
  // The scratch copy only the generation-side sections use, made when the first of them runs.
  let workspace: Awaited<ReturnType<typeof makeWorkspace>> | undefined;
  const scratch = async () => (workspace ??= await makeWorkspace());
  const rows: Row[] = [];
  const section = async (name: Section, measure: () => Promise<Row[]>) => {
    if (only && !only.includes(name)) return;
    const started = performance.now();
    console.error(`… ${name}`);
    rows.push(...(await measure()));
    console.error(`  ${name} took ${fmt.ms(performance.now() - started)}`);
  };
  try {
    await section("generation", async () => generationFigures(await scratch(), providers, path.resolve(mirror), runs));
    // tsc's check time is the noisiest figure here: at least five runs. It compares against the
    // bare types generation writes (written here when generation was not measured).
    await section("type-check", async () => {
      const workspace = await scratch();
      if (only && !only.includes("generation")) await writeBareTypes(workspace, providers, path.resolve(mirror));
      return typecheckFigures(workspace.root, Math.max(runs, 5));
    });
    await section("runtime", () => runtimeFigures(runtimeRequests, runtimeRounds));
    await section("per-call", () => overheadFigures(values.quick ? 1_000 : 3_000, values.quick ? 5 : 11));
    await section("size", () => sizeFigures());
    await section("hostile", async () => hostileFigures(await scratch(), runs));
    await section("install", () => installFigures(Math.max(runs, 3)));
    const calcom = providers.find((p) => p.id === "calcom")!;
    await section("scaling", async () =>
      scalingFigures(await scratch(), resolveLocation(calcom, path.resolve(mirror)).location, [1, 4, 16], runs),
    );
  } finally {
    await workspace?.remove();
  }
  const table = [
    "| figure | ours | baseline | ratio | goal | met | note |",
    "|---|---:|---:|---:|---|:-:|---|",
    ...rows.map(
      (r) =>
        `| ${r.figure} | ${r.ours} | ${r.baseline} | ${fmt.x(r.ratio)} | ${r.goal ?? ""} | ${r.met === undefined ? "" : r.met ? "yes" : "**no**"} | ${r.note ?? ""} |`,
    ),
  ].join("\n");
  const header = [
    "# Benchmarks",
    "",
    `Written by \`npm run bench\` — do not edit by hand. ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${fmt.n(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.arch()}.`,
    `Medians of ${runs} run(s) per figure (runtime: ${runtimeRounds} rounds of ${runtimeRequests} requests per variant, each paired with a batch of its baseline, in rotating order). Ratios are ours ÷ baseline measured in the same run.`,
    "",
  ].join("\n");
  const missed = rows.filter((r) => r.met === false);
  const summary = missed.length
    ? `\n\nGoals missed: ${missed.map((r) => r.figure).join("; ")}. See the analysis below.\n`
    : "\n\nAll goals met.\n";
  console.log(table);
  // A partial run is for looking at some figures, not a record: BENCHMARKS.md keeps the last full one.
  if (only) return 0;
  const analysis = await import("node:fs/promises").then((fs) =>
    fs.readFile(path.join(repoRoot, "bench/ANALYSIS.md"), "utf8").catch(() => ""),
  );
  await writeFile(
    path.join(repoRoot, "BENCHMARKS.md"),
    `${header}\n${table}${summary}${analysis ? `\n${analysis}` : ""}`,
  );
  return 0;
});
