/**
 * Figures 1 and 5: generation time, ours (cold `generate` process: pull from the mirror, repair,
 * openapi-typescript, layer, prettier, write) against the bare openapi-typescript CLI on the same
 * specs; a no-op generate; and how generation scales with the size of the spec.
 */
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { readFile, writeFile } from "node:fs/promises";
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

export async function generationFigures(
  workspace: Workspace,
  providers: ProviderConfig[],
  mirror: string,
  runs: number,
): Promise<Row[]> {
  const tsx = path.join(workspace.root, "node_modules/.bin/tsx");
  const cli = path.join(workspace.root, "node_modules/openapi-typescript/bin/cli.js");
  const rows: Row[] = [];
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
      bareInputs.set(provider.id, {
        file: repaired,
        note: "bare CLI crashes on the published spec; baseline timed on the repaired one",
      });
    }
  }
  const bare = (id: string) =>
    timeProcess(node, [cli, bareInputs.get(id)!.file, "-o", path.join(workspace.root, `bare-${id}.ts`)], {
      cwd: workspace.root,
    }).ms;
  const ours = (ids: string[]) =>
    timeProcess(tsx, ["scripts/generate.ts", ...ids.flatMap((id) => ["--provider", id])], {
      cwd: workspace.root,
      env: { SPECS_MIRROR: mirror },
    }).ms;

  for (const provider of providers) {
    const full = await medianOf(
      runs,
      () => ours([provider.id]),
      () => workspace.reset([provider.id]),
    );
    const baseline = await medianOf(runs, () => bare(provider.id));
    rows.push({
      figure: `generate ${provider.id}`,
      ours: fmt.ms(full),
      baseline: fmt.ms(baseline),
      ratio: ratio(full, baseline),
      goal: "≤ 1.3×",
      met: full / baseline <= 1.3,
      note: bareInputs.get(provider.id)!.note,
    });
  }
  const ids = providers.map((p) => p.id);
  const fullAll = await medianOf(
    runs,
    () => ours(ids),
    () => workspace.reset(ids),
  );
  const bareAll = await medianOf(runs, () => ids.reduce((sum, id) => sum + bare(id), 0));
  rows.push({
    figure: "generate all four",
    ours: fmt.ms(fullAll),
    baseline: fmt.ms(bareAll),
    ratio: ratio(fullAll, bareAll),
    goal: "≤ 1.3×",
    met: fullAll / bareAll <= 1.3,
    note: "baseline: one bare CLI process per spec",
  });
  const noop = await medianOf(runs, () => ours(ids));
  rows.push({
    figure: "no-op generate (all four, nothing changed)",
    ours: fmt.ms(noop),
    baseline: `${fmt.ms(fullAll)} (full)`,
    ratio: ratio(noop, fullAll),
    goal: "≤ 0.1×",
    met: noop / fullAll <= 0.1,
  });
  return rows;
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
  const tsx = path.join(workspace.root, "node_modules/.bin/tsx");
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
          tsx,
          [
            "scripts/generate.ts",
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
