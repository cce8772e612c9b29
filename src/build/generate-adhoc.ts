/**
 * Ad-hoc generation (`--spec PATH_OR_URL --name ID --out DIR [--annotations FILE]`): a client for
 * any OpenAPI 3.x document, for providers the project does not ship. Nothing is cached or locked.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { acceptSpec } from "./accept.js";
import { writeFileAtomic } from "./fs-atomic.js";
import { seconds, staleFiles } from "./generate.js";
import { fetchSpec } from "./http-fetch.js";
import { loadAnnotationsFile, type Annotations } from "./layer/annotations.js";
import type { ProviderConfig } from "./providers.js";
import type { PulledSpec } from "./pull.js";
import { renderProviderFiles } from "./render-provider.js";

export async function generateAdHoc(spec: string, name: string, outDir: string, log: (line: string) => void = console.log, annotationsFile?: string): Promise<string[]> {
  const started = performance.now();
  const isUrl = /^https?:\/\//.test(spec);
  const format = /\.ya?ml$/i.test(spec) ? "yaml" : "json";
  let text: string;
  if (isUrl) {
    const result = await fetchSpec(spec);
    if (result.status !== "fetched") throw new Error(`unexpected 304 for ${spec}`);
    text = result.text;
  } else {
    text = await readFile(path.resolve(spec), "utf8");
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
  };
  const pulled: PulledSpec = {
    provider,
    text,
    accepted,
    lockEntry: { source: spec, sha256: accepted.sha256, version: accepted.version, operations: accepted.operationCount, etag: null, fetchedAt: "", corrections: 0, repairs: accepted.repairs },
    change: "updated",
    from: spec,
  };
  let annotations: Annotations | undefined;
  if (annotationsFile) {
    annotations = await loadAnnotationsFile(path.resolve(annotationsFile));
    if (!annotations) throw new Error(`no annotation file at ${annotationsFile}`);
  }
  const files = await renderProviderFiles(pulled, path.resolve(outDir), annotations);
  const stale = await staleFiles(files);
  for (const file of stale) await writeFileAtomic(file.path, file.content);
  log(`✓ ${name}: wrote ${stale.length} file(s) to ${outDir} — ${accepted.operationCount} operations${accepted.repairs.length ? `, ${accepted.repairs.length} spec repair(s)` : ""} (${seconds(started)})`);
  for (const repair of accepted.repairs) log(`    repaired ${repair.kind} at ${repair.pointer}: ${repair.detail}`);
  return files.map((file) => file.path);
}

function pascalCase(name: string): string {
  const pascal = name.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, __, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, "");
  return /^[A-Z]/.test(pascal) ? pascal : `Api${pascal}`;
}
