/**
 * Provider configs: `readWriteMarkers` is checked, and it is on exactly for the providers whose
 * spec marks fields `readOnly` or `writeOnly` (so a spec that starts to is noticed).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectPaths, repoRoot } from "../../../src/codegen/config/paths.js";
import { checkProviderConfig, loadProviders } from "../../../src/codegen/config/providers.js";
import { parseSpecText } from "../../../src/codegen/accept/spec-document.js";
import { sharedSpecsDir } from "../../helpers/scratch-project.js";

const valid = {
  id: "acme",
  name: "Acme",
  clientName: "Acme",
  source: { url: "https://acme.example/openapi.json" },
  format: "json",
  baseUrl: "https://acme.example",
};

/** Whether any schema in the document says readOnly: true or writeOnly: true (outside examples). */
function usesReadWriteKeywords(node: unknown): boolean {
  const stack = [node];
  while (stack.length) {
    const current = stack.pop();
    if (!current || typeof current !== "object") continue;
    const object = current as Record<string, unknown>;
    if (object.readOnly === true || object.writeOnly === true) return true;
    // Examples are data: a calendar's `readOnly: true` there is not the keyword.
    for (const [key, value] of Object.entries(object)) if (key !== "example" && key !== "examples") stack.push(value);
  }
  return false;
}

describe("provider configs", () => {
  it("readWriteMarkers is a boolean when given", () => {
    expect(checkProviderConfig({ ...valid, readWriteMarkers: true }, "acme.json").readWriteMarkers).toBe(true);
    expect(() => checkProviderConfig({ ...valid, readWriteMarkers: "yes" }, "acme.json")).toThrow(
      /acme\.json: invalid provider config: `readWriteMarkers` must be true or false/,
    );
  });

  it("readWriteMarkers is on exactly where the provider's spec uses readOnly or writeOnly", async () => {
    for (const provider of await loadProviders(projectPaths)) {
      const file =
        "file" in provider.source
          ? path.join(repoRoot, provider.source.file)
          : path.join(sharedSpecsDir, provider.id, `openapi.${provider.format}`);
      const document = parseSpecText(await readFile(file, "utf8"), provider.format);
      expect(provider.readWriteMarkers ?? false, provider.id).toBe(usesReadWriteKeywords(document));
    }
  });
});
