import { GENERATOR_COMMAND, parseCli, projectProviders, runCli, mirrorFrom } from "../src/codegen/cli.js";
import { diffFiles, diffProvider } from "../src/codegen/specs-diff.js";
import { describeError } from "../src/codegen/support/errors.js";
import { projectPaths } from "../src/codegen/config/paths.js";
import { renderGithub, renderJson, renderMarkdown, type ProviderDiff } from "../src/codegen/diff/compare.js";
import { safeLine } from "../src/codegen/diff/render.js";
import { renderRuleTable } from "../src/codegen/diff/rule-table.js";

const usage = `usage: npx scheduling-clients-codegen specs:diff --spec NEW --base OLD [--format md|json|github] [--fail-on breaking|any|none]
  Reports what changed between two versions of an API as a typed client feels it, breaking first,
  one line each — e.g. before regenerating a client with generate --spec. NEW and OLD are OpenAPI
  3.x documents, JSON or YAML (OLD may also be a client's generated manifest.json); credentials come
  from each document's security requirements.
  --format md (default; a pull-request description), json, or github (workflow annotations).
  --fail-on breaking (default), any or none: exits 1 when the report holds what it names.
  Exit code: 0, 1 as --fail-on says, 2 on a wrong call or a spec that cannot be read.

In a project with specs/providers/ (this repository: npm run specs:diff -- [options]):
  specs:diff [--provider ID]... [--spec FILE] [--base FILE] [--mirror DIR|URL] [--format …] [--fail-on …]
  Each provider's current spec (pulled, or --spec FILE) against its checked-in
  generated/<id>/manifest.json (or --base FILE), with its annotations; a finding on an operation the
  booking API uses names the booking.<method>s it affects. SPECS_MIRROR=DIR|URL works like --mirror.
  specs:diff --rules prints the rule table (docs/spec-diff.md).`;

runCli(async () => {
  const { values } = parseCli(usage, {
    provider: { type: "string", multiple: true },
    format: { type: "string" },
    "fail-on": { type: "string" },
    spec: { type: "string" },
    base: { type: "string" },
    mirror: { type: "string" },
    rules: { type: "boolean" },
  });
  if (values.help) return (console.log(usage), 0);
  if (values.rules) {
    process.stdout.write(renderRuleTable());
    return 0;
  }
  const format = values.format ?? "md";
  const failOn = values["fail-on"] ?? "breaking";
  if (!["md", "json", "github"].includes(format) || !["breaking", "any", "none"].includes(failOn)) {
    console.error(usage);
    return 2;
  }
  const diffs: ProviderDiff[] = [];
  let errors = 0;
  const attempt = async (label: string, diff: () => Promise<ProviderDiff>) => {
    try {
      diffs.push(await diff());
    } catch (error) {
      errors++;
      const { message, hint } = describeError(error);
      console.error(`✗ ${safeLine(label)}: ${safeLine(message)} → ${hint}`);
    }
  };
  if (!values.provider?.length && (values.spec || values.base)) {
    if (!values.spec || !values.base) {
      console.error(
        `--spec and --base without --provider compare two files: pass both, or add --provider ID\n\n${usage}`,
      );
      return 2;
    }
    const [spec, base] = [values.spec, values.base];
    await attempt(spec, () => diffFiles(spec, base));
  } else {
    const providers = await projectProviders(
      "specs:diff without --spec and --base",
      values.provider ?? [],
      `compare two versions of a spec with \`${GENERATOR_COMMAND} specs:diff --spec NEW --base OLD\``,
    );
    if ((values.spec || values.base) && providers.length !== 1) {
      console.error("--spec and --base compare one provider: pass one --provider ID (or none, to compare two files)");
      return 2;
    }
    for (const provider of providers)
      await attempt(provider.id, () =>
        diffProvider(provider, {
          paths: projectPaths,
          mirror: mirrorFrom(values.mirror),
          specFile: values.spec,
          baseFile: values.base,
        }),
      );
  }
  const report =
    format === "json" ? renderJson(diffs) : format === "github" ? renderGithub(diffs) : renderMarkdown(diffs);
  // runCli exits once this has reached the OS, so a report larger than a pipe's buffer arrives whole.
  process.stdout.write(report);
  if (errors) return 2;
  const breaking = diffs.some((d) => d.breaking.length > 0);
  const any = diffs.some((d) => d.breaking.length + d.nonBreaking.length > 0);
  return (failOn === "breaking" && breaking) || (failOn === "any" && any) ? 1 : 0;
});
