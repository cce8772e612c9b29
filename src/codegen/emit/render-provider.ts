/**
 * Rendering one provider's files: openapi-typescript's types (layered with the auth rules when the
 * provider has annotations), the auth table, the access types, the client, the README and the
 * manifest — all formatted, all in memory.
 */
import path from "node:path";
import { emitSchemaTypes } from "./schema-types.js";
import { renderClientIndex, renderReadme } from "./client-module.js";
import { generatedHeader } from "./names.js";
import { escapeBidi } from "../support/escape.js";
import { formatModules, runFormatCache, type FormatCache } from "./formatting.js";
import { layerOperation, type EmitHelper } from "./helper-thread.js";
import type { Annotations } from "../config/annotations.js";
import {
  renderAccessModule,
  renderAuthMatrix,
  renderAuthModule,
  renderAuthorizedClientIndex,
  renderOperationsModule,
} from "./auth-modules.js";
import { renderWebhooksModule, renderWebhooksReadme } from "./webhooks-module.js";
import { documentForTypes } from "./types-document.js";
import { assertModulesParse } from "./parse-check.js";
import { operationModel } from "../model/operation-model.js";
import { buildManifest, renderManifest } from "../model/manifest.js";
import { bookingSurfaceOf } from "../model/booking-surface.js";
import type { AcceptedSpec } from "../accept/accept.js";
import type { ProviderConfig } from "../config/providers.js";

/** A file as rendered in memory, before it is written. */
export interface RenderedFile {
  path: string;
  content: string;
}

export async function renderProviderFiles(
  provider: ProviderConfig,
  accepted: AcceptedSpec,
  outDir: string,
  annotations: Annotations | undefined,
  helper: EmitHelper,
  formatCache?: FormatCache,
): Promise<RenderedFile[]> {
  const runtime = RUNTIME_IMPORT;
  const header = generatedHeader(provider, accepted.sha256);
  const model = operationModel(accepted.document, annotations, provider.id);
  const { operations } = model;
  // The booking API covers the project's providers, not an app's ad-hoc client that shares a name.
  const manifest = () =>
    renderManifest(buildManifest(provider.id, model, provider.app ? {} : bookingSurfaceOf(provider.id)));
  const types = await emitSchemaTypes(documentForTypes(model), provider.id, {
    readWriteMarkers: provider.readWriteMarkers,
  });
  // TypeScript goes through prettier; the README and manifest are written in their final form
  // already (prettier would spend seconds aligning the auth matrix of a large API).
  const files: Array<[string, string, "typescript" | "as-is"]> = [];
  if (annotations) {
    const context = { provider, annotations, operations, sha: accepted.sha256, runtime };
    // Layering runs on the helper thread while this one renders the other files.
    const layered = helper.layer(types, annotations, operations.map(layerOperation));
    layered.catch(() => {}); // awaited below; not unhandled meanwhile
    files.push(
      ["auth.ts", renderAuthModule(context), "typescript"],
      ["operations.ts", renderOperationsModule(context), "typescript"],
      ["access.ts", renderAccessModule(context), "typescript"],
      ["index.ts", renderAuthorizedClientIndex(context), "typescript"],
      ...(annotations.webhooks
        ? [
            [
              "webhooks.ts",
              await renderWebhooksModule(
                provider,
                annotations.webhooks,
                accepted.document,
                accepted.sha256,
                runtime,
                annotations.origin,
              ),
              "typescript",
            ] as [string, string, "typescript"],
          ]
        : []),
      [
        "README.md",
        [
          renderReadme(provider, accepted, model),
          renderAuthMatrix(context),
          ...(annotations.webhooks ? [renderWebhooksReadme(provider, annotations.webhooks)] : []),
        ].join("\n"),
        "as-is",
      ],
      ["manifest.json", manifest(), "as-is"],
    );
    // Meanwhile this thread formats the other modules, which also warms prettier up for the schema.
    formatCache ??= runFormatCache();
    const others = formatModules(
      files.filter(([, , form]) => form === "typescript").map(([, content]) => content),
      formatCache,
    );
    others.catch(() => {}); // awaited below; not unhandled meanwhile
    files.unshift(["schema.ts", header + "\n" + (await layered), "typescript"]);
    await others;
  } else {
    files.push(
      ["schema.ts", header + "\n" + types, "typescript"],
      ["index.ts", renderClientIndex(provider, accepted.sha256), "typescript"],
      ["README.md", renderReadme(provider, accepted, model), "as-is"],
      ["manifest.json", manifest(), "as-is"],
    );
  }
  const typescript = files.filter(([, , form]) => form === "typescript");
  const formatted = new Map(
    (
      await formatModules(
        typescript.map(([, content]) => content),
        formatCache,
      )
    ).map((text, index) => [typescript[index][0], text]),
  );
  // Last: no file holds a raw bidi control, whichever emitter or library put it there (escape.ts).
  const rendered = files.map(([name, content]) => ({
    path: path.join(outDir, name),
    content: escapeBidi(formatted.get(name) ?? content),
  }));
  // Before any file is written: a module that does not parse must not replace a working client.
  assertModulesParse(provider.id, rendered);
  return rendered;
}

/**
 * Generated clients, checked in or ad-hoc, import the runtime by package name: it resolves to the
 * installed package in an app, and to src/runtime in this repository (tsconfig paths).
 */
export const RUNTIME_IMPORT = "scheduling-clients/runtime";
