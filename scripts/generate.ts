import {
  FETCH_FLAGS,
  fetchPolicyFromFlags,
  parseCli,
  projectProviders,
  runCli,
  mirrorFrom,
} from "../src/codegen/cli.js";
import { generateProviders } from "../src/codegen/generate.js";
import { projectPaths } from "../src/codegen/config/paths.js";

const usage = `usage: npx scheduling-clients-codegen generate --spec PATH_OR_URL --name ID --out DIR [--annotations FILE] [--force]
                                            [--read-write-markers] [--timeout MS] [--retries N] [--max-bytes N]
  Writes a typed client for any OpenAPI 3.x document into DIR (e.g. src/clients/acme), for your app
  to import as ./DIR/index.js. It runs on the scheduling-clients runtime, which your app depends on
  (npm install scheduling-clients): timeouts, retries, typed errors. Its credential kinds are the
  spec's own security schemes (HTTP bearer or basic, API keys in a header), or those an annotation
  file states (--annotations; its format: docs/annotations.md in this package). --out refuses a
  non-empty folder it did not generate unless --force. --read-write-markers keeps readOnly fields
  out of request bodies and writeOnly fields out of responses. Run the same command to regenerate.

In a project with specs/providers/ (this repository: npm run generate -- [options]):
  generate [--provider ID]... [--check] [--mirror DIR|URL]
  Generates generated/<id>/ from each provider's spec, pulling it first when no snapshot is cached.
  --check writes nothing and exits 1 listing the files that would change. SPECS_MIRROR=DIR|URL works
  like --mirror.`;

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
  const providers = await projectProviders("generate without --spec", values.provider ?? []);
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
