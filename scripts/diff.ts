import { parseCli, runCli, mirrorFrom } from "../src/codegen/cli.js";
import { diffProvider } from "../src/codegen/specs-diff.js";
import { describeError } from "../src/codegen/support/errors.js";
import { projectPaths } from "../src/codegen/config/paths.js";
import { loadProviders, selectProviders } from "../src/codegen/config/providers.js";
import { renderGithub, renderJson, renderMarkdown, type ProviderDiff } from "../src/codegen/diff/compare.js";

const usage = `usage: npm run specs:diff -- [--provider ID]... [--format md|json|github] [--fail-on breaking|any|none]
                          [--spec FILE] [--base FILE] [--mirror DIR|URL]
  Compares each provider's current spec (pulled, or --spec FILE) with the checked-in client's
  generated/<id>/manifest.json (or --base FILE) and reports client-facing changes, breaking first.
  Exit code: 1 when --fail-on finds what it names (default: breaking), 2 on errors.`;

runCli(async () => {
  const { values } = parseCli(usage, {
    provider: { type: "string", multiple: true },
    format: { type: "string" },
    "fail-on": { type: "string" },
    spec: { type: "string" },
    base: { type: "string" },
    mirror: { type: "string" },
  });
  if (values.help) return (console.log(usage), 0);
  const format = values.format ?? "md";
  const failOn = values["fail-on"] ?? "breaking";
  if (!["md", "json", "github"].includes(format) || !["breaking", "any", "none"].includes(failOn)) {
    console.error(usage);
    return 2;
  }
  const providers = selectProviders(await loadProviders(projectPaths), values.provider ?? []);
  if ((values.spec || values.base) && providers.length !== 1) {
    console.error("--spec and --base compare one provider: add --provider ID");
    return 2;
  }
  const diffs: ProviderDiff[] = [];
  let errors = 0;
  for (const provider of providers) {
    try {
      diffs.push(
        await diffProvider(provider, {
          paths: projectPaths,
          mirror: mirrorFrom(values.mirror),
          specFile: values.spec,
          baseFile: values.base,
        }),
      );
    } catch (error) {
      errors++;
      const { message, hint } = describeError(error);
      console.error(`✗ ${provider.id}: ${message} → ${hint}`);
    }
  }
  process.stdout.write(
    format === "json" ? renderJson(diffs) : format === "github" ? renderGithub(diffs) : renderMarkdown(diffs),
  );
  if (errors) return 2;
  const breaking = diffs.some((d) => d.breaking.length > 0);
  const any = diffs.some((d) => d.breaking.length + d.nonBreaking.length > 0);
  return (failOn === "breaking" && breaking) || (failOn === "any" && any) ? 1 : 0;
});
