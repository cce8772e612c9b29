import { FETCH_FLAGS, fetchPolicyFromFlags, parseCli, runCli, mirrorFrom } from "../src/codegen/cli.js";
import { generateProviders } from "../src/codegen/generate.js";
import { projectPaths } from "../src/codegen/config/paths.js";
import { loadProviders, selectProviders } from "../src/codegen/config/providers.js";

const usage = `usage: npm run generate -- [--provider ID]... [--check] [--mirror DIR|URL] [--timeout MS] [--retries N] [--max-bytes N]
       npm run generate -- --spec PATH_OR_URL --name ID --out DIR [--annotations FILE] [--force] [--read-write-markers]
  Generates generated/<id>/ from each provider's spec, pulling it first when no snapshot is cached.
  --check writes nothing and exits 1 listing the files that would change. --out refuses a non-empty
  folder it did not generate unless --force. --read-write-markers keeps readOnly fields out of request
  bodies and writeOnly fields out of responses (a provider's "readWriteMarkers": true does the same).
  SPECS_MIRROR=DIR|URL works like --mirror.`;

runCli(async () => {
  const { values } = parseCli(usage, {
    provider: { type: "string", multiple: true },
    check: { type: "boolean" },
    mirror: { type: "string" },
    spec: { type: "string" },
    name: { type: "string" },
    out: { type: "string" },
    annotations: { type: "string" },
    force: { type: "boolean" },
    "read-write-markers": { type: "boolean" },
    ...FETCH_FLAGS,
  });
  const policy = fetchPolicyFromFlags(values);
  if (values.help) return (console.log(usage), 0);
  if (values.spec || values.name || values.out) {
    if (!values.spec || !values.name || !values.out) {
      console.error(`--spec, --name and --out go together\n\n${usage}`);
      return 2;
    }
    const { generateAdHoc } = await import("../src/codegen/generate-adhoc.js");
    await generateAdHoc(values.spec, values.name, values.out, {
      annotationsFile: values.annotations,
      force: values.force,
      readWriteMarkers: values["read-write-markers"],
      policy,
    });
    return 0;
  }
  const providers = selectProviders(await loadProviders(projectPaths), values.provider ?? []);
  const report = await generateProviders(providers, {
    paths: projectPaths,
    mirror: mirrorFrom(values.mirror),
    check: values.check,
    policy,
  });
  if (values.check && report.changed.length) {
    console.error(
      `generated output is stale; run \`npm run generate\` and commit:\n${report.changed.map((file) => `  ${file}`).join("\n")}`,
    );
    return 1;
  }
  return report.failed.length ? 1 : 0;
});
