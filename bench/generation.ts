/**
 * Figures 1 and 5: generation time, ours (a `generate` process as `npm run generate` starts it: pull
 * from the mirror, repair, openapi-typescript, layer, prettier, write) against the bare
 * openapi-typescript CLI on the same specs, both for a provider never generated before and for the
 * regeneration after an upstream change; a no-op generate; and how generation scales with the size
 * of the spec.
 */
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { acceptSpec } from "../src/codegen/accept/accept.js";
import type { ProviderConfig } from "../src/codegen/config/providers.js";
import { resolveLocation } from "../src/codegen/source/spec-location.js";
import { fmt, medianOf, ratio, timeProcess } from "./measure.js";
import type { makeWorkspace } from "./workspace.js";

type Workspace = Awaited<ReturnType<typeof makeWorkspace>>;
export interface Row {
  figure: string;
  ours: string;
  baseline: string;
  ratio: number;
  goal?: string;
  met?: boolean;
  note?: string;
}

const node = process.execPath;

/**
 * openapi-typescript's bare types of each spec, as `bare-<id>.ts` in the workspace (the type-check
 * figures compare against them), and the document each was generated from.
 */
export async function writeBareTypes(
  workspace: Workspace,
  providers: ProviderConfig[],
  mirror: string,
): Promise<Map<string, { file: string; note?: string }>> {
  const cli = path.join(workspace.root, "node_modules/openapi-typescript/bin/cli.js");
  const bareInputs = new Map<string, { file: string; note?: string }>();
  for (const provider of providers) {
    const { location } = resolveLocation(provider, mirror);
    const probe = timeProcess(node, [cli, location, "-o", path.join(workspace.root, `bare-${provider.id}.ts`)], {
      cwd: workspace.root,
      allowFailure: true,
    });
    if (probe.ok) bareInputs.set(provider.id, { file: location });
    else {
      // The bare CLI crashes on this spec as published; time it on our repaired document instead.
      const repaired = path.join(workspace.root, `repaired-${provider.id}.json`);
      const accepted = await acceptSpec(await readFile(location, "utf8"), {
        name: provider.id,
        format: provider.format,
      });
      await writeFile(repaired, JSON.stringify(accepted.document));
      timeProcess(node, [cli, repaired, "-o", path.join(workspace.root, `bare-${provider.id}.ts`)], {
        cwd: workspace.root,
      });
      bareInputs.set(provider.id, {
        file: repaired,
        note: "bare CLI crashes on the published spec; baseline timed on the repaired one",
      });
    }
  }
  return bareInputs;
}

export async function generationFigures(
  workspace: Workspace,
  providers: ProviderConfig[],
  mirror: string,
  runs: number,
): Promise<Row[]> {
  const cli = path.join(workspace.root, "node_modules/openapi-typescript/bin/cli.js");
  const rows: Row[] = [];
  const bareInputs = await writeBareTypes(workspace, providers, mirror);
  const bare = (id: string) =>
    timeProcess(node, [cli, bareInputs.get(id)!.file, "-o", path.join(workspace.root, `bare-${id}.ts`)], {
      cwd: workspace.root,
    }).ms;
  // As `npm run generate` runs it. The first run builds the CLI bundle (once per source change): untimed.
  const ours = (ids: string[], specsMirror = mirror) =>
    timeProcess(node, ["scripts/run.mjs", "generate", ...ids.flatMap((id) => ["--provider", id])], {
      cwd: workspace.root,
      env: { SPECS_MIRROR: specsMirror },
    }).ms;
  const pull = (ids: string[], specsMirror: string) =>
    timeProcess(node, ["scripts/run.mjs", "pull", ...ids.flatMap((id) => ["--provider", id])], {
      cwd: workspace.root,
      env: { SPECS_MIRROR: specsMirror },
    });
  const bundleStarted = performance.now();
  timeProcess(node, ["scripts/run.mjs", "generate", "--help"], { cwd: workspace.root });
  const bundleMs = performance.now() - bundleStarted;
  const changed = await changedSpecs(workspace, providers, mirror);

  const bareMs = new Map<string, number>();
  for (const provider of providers) {
    const id = provider.id;
    bareMs.set(id, await medianOf(runs, () => bare(id)));
    const cold = await medianOf(
      runs,
      () => ours([id]),
      () => workspace.reset([id]),
    );
    // The realistic regeneration: upstream changed one schema since the last generation, and
    // `npm run pull` (untimed) fetched it.
    const upstreamChange = await medianOf(
      runs,
      () => ours([id], changed.mirror),
      async () => {
        await workspace.reset([id]);
        await changed.use(id, false);
        ours([id]);
        await changed.use(id, true);
        pull([id], changed.mirror);
      },
    );
    await changed.use(id, false);
    for (const [label, ms, note] of [
      ["first generation (format cache empty)", cold, bareInputs.get(id)!.note],
      ["after an upstream change to one schema", upstreamChange, "formatted pieces of the previous generation reused"],
    ] as const)
      rows.push({
        figure: `generate ${id}: ${label}`,
        ours: fmt.ms(ms),
        baseline: fmt.ms(bareMs.get(id)!),
        ratio: ratio(ms, bareMs.get(id)!),
        goal: "≤ 1.5×",
        met: ms / bareMs.get(id)! <= 1.5,
        note,
      });
  }
  const ids = providers.map((p) => p.id);
  const bareAll = ids.reduce((sum, id) => sum + bareMs.get(id)!, 0);
  const fullAll = await medianOf(
    runs,
    () => ours(ids),
    () => workspace.reset(ids),
  );
  const changedAll = await medianOf(
    runs,
    () => ours(ids, changed.mirror),
    async () => {
      await workspace.reset(ids);
      for (const id of ids) await changed.use(id, false);
      ours(ids);
      for (const id of ids) await changed.use(id, true);
      pull(ids, changed.mirror);
    },
  );
  for (const id of ids) await changed.use(id, false);
  for (const [label, ms] of [
    ["first generation", fullAll],
    ["after an upstream change to one schema each", changedAll],
  ] as const)
    rows.push({
      figure: `generate all four: ${label}`,
      ours: fmt.ms(ms),
      baseline: fmt.ms(bareAll),
      ratio: ratio(ms, bareAll),
      goal: "≤ 0.8×",
      met: ms / bareAll <= 0.8,
      note: "baseline: one bare CLI process per spec",
    });
  const noop = await medianOf(runs, () => ours(ids));
  rows.push({
    figure: "no-op generate (all four, nothing changed)",
    ours: fmt.ms(noop),
    baseline: `${fmt.ms(fullAll)} (first generation)`,
    ratio: ratio(noop, fullAll),
    goal: "≤ 0.05×",
    met: noop / fullAll <= 0.05,
  });
  rows.push({
    figure: "CLI bundle build (once per source change, not in the figures above)",
    ours: fmt.ms(bundleMs),
    baseline: `${fmt.ms(fullAll)} (first generation)`,
    ratio: ratio(bundleMs, fullAll),
  });
  return rows;
}

/**
 * Each provider's spec with one component schema changed (a property added) and a new version: what
 * an upstream release typically does. `use(id, true)` points the provider at it (the mirror copy,
 * or Timekit's own file in the workspace), `use(id, false)` back at the original.
 */
async function changedSpecs(workspace: Workspace, providers: ProviderConfig[], mirror: string) {
  const changedMirror = path.join(workspace.root, "mirror-changed");
  const originals = new Map<string, { file: string; text: string; changed: string }>();
  for (const provider of providers) {
    const { location } = resolveLocation(provider, mirror);
    const text = await readFile(location, "utf8");
    const doc = provider.format === "json" ? JSON.parse(text) : parseYaml(text);
    const schemas = doc.components?.schemas ?? {};
    const name = Object.keys(schemas).find((key) => schemas[key]?.properties);
    if (name) schemas[name].properties.addedUpstream = { type: "string", description: "Added by the benchmark." };
    doc.info = { ...doc.info, version: `${doc.info?.version ?? "0"}-changed` };
    const changed = provider.format === "json" ? JSON.stringify(doc) : stringifyYaml(doc);
    const inWorkspace =
      "file" in provider.source
        ? path.join(workspace.root, provider.source.file)
        : path.join(changedMirror, provider.id, `openapi.${provider.format}`);
    await mkdir(path.dirname(inWorkspace), { recursive: true });
    originals.set(provider.id, { file: inWorkspace, text, changed });
    if (!("file" in provider.source)) await writeFile(inWorkspace, changed);
  }
  return {
    mirror: changedMirror,
    async use(id: string, changedSpec: boolean) {
      const provider = providers.find((p) => p.id === id)!;
      const { file, text, changed } = originals.get(id)!;
      if ("file" in provider.source) await writeFile(file, changedSpec ? changed : text);
    },
  };
}

/** Cal.com's paths replicated k times under renamed prefixes (components shared). */
export function replicateSpec(doc: any, copies: number): any {
  const paths: Record<string, unknown> = {};
  for (let copy = 0; copy < copies; copy++)
    for (const [route, item] of Object.entries<any>(doc.paths)) {
      const renamed = copy === 0 ? route : `/r${copy}${route}`;
      const cloned = structuredClone(item);
      for (const operation of Object.values<any>(cloned))
        if (operation && typeof operation === "object" && typeof operation.operationId === "string" && copy > 0)
          operation.operationId += `_r${copy}`;
      paths[renamed] = cloned;
    }
  return { ...doc, paths };
}

/** The annotation rules naming operations, extended to each replicated copy of them. */
function replicateRules(annotations: any, copies: number): any {
  const rules = (annotations.rules ?? []).map((rule: any) => {
    const operations: string[] | undefined = rule.match?.operations;
    if (!operations) return rule;
    const replicated = operations.flatMap((operation) => {
      const [method, route] = operation.split(" ");
      return Array.from({ length: copies }, (_, copy) => (copy === 0 ? operation : `${method} /r${copy}${route}`));
    });
    return { ...rule, match: { ...rule.match, operations: replicated } };
  });
  return { ...annotations, rules };
}

export async function scalingFigures(
  workspace: Workspace,
  calcomSpec: string,
  factors: number[],
  runs: number,
): Promise<Row[]> {
  const doc = JSON.parse(await readFile(calcomSpec, "utf8"));
  const annotations = parseYaml(await readFile(path.join(workspace.root, "specs/annotations/calcom.yaml"), "utf8"));
  const rows: Row[] = [];
  let unit = 0;
  for (const factor of factors) {
    const file = path.join(workspace.root, `calcom-x${factor}.json`);
    await writeFile(file, JSON.stringify(replicateSpec(doc, factor)));
    const annotationFile = path.join(workspace.root, `calcom-x${factor}.yaml`);
    await writeFile(annotationFile, stringifyYaml(replicateRules(annotations, factor)));
    const ms = await medianOf(
      factor >= 16 ? 1 : runs,
      () =>
        timeProcess(
          node,
          [
            "scripts/run.mjs",
            "generate",
            "--spec",
            file,
            "--name",
            `calcom-x${factor}`,
            "--out",
            path.join(workspace.root, `scaled-${factor}`),
            "--annotations",
            annotationFile,
          ],
          { cwd: workspace.root },
        ).ms,
    );
    unit ||= ms / factor;
    rows.push({
      figure: `generate Cal.com ×${factor} (${factor * 266} operations)`,
      ours: fmt.ms(ms),
      baseline: `${fmt.ms(unit * factor)} (linear from ×${factors[0]})`,
      ratio: ms / (unit * factor),
      goal: "≈ 1× (linear)",
      met: ms / (unit * factor) <= 1.25,
    });
  }
  return rows;
}
