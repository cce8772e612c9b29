import { describeError } from "../src/codegen/support/errors.js";
import {
  FETCH_FLAGS,
  fetchPolicyFromFlags,
  parseCli,
  projectProviders,
  runCli,
  mirrorFrom,
} from "../src/codegen/cli.js";
import { consoleLine, displayUrl } from "../src/codegen/support/escape.js";
import { projectPaths } from "../src/codegen/config/paths.js";
import { pullProvider } from "../src/codegen/pull.js";
import { resolveLocation } from "../src/codegen/source/spec-location.js";

const usage = `usage: npx scheduling-clients-codegen pull [--provider ID]... [--mirror DIR|URL] [--timeout MS] [--retries N] [--max-bytes N]
  In a project with specs/providers/ (this repository: npm run pull -- [options]): fetches each
  provider's OpenAPI spec, validates and repairs it, and keeps it as the last good snapshot
  (.cache/specs/) recorded in specs/lock.json. SPECS_MIRROR=DIR|URL works like --mirror.
  An app needs no pull: generate --spec reads the spec itself (see generate --help).`;

runCli(async () => {
  const { values } = parseCli(usage, {
    provider: { type: "string", multiple: true },
    mirror: { type: "string" },
    ...FETCH_FLAGS,
  });
  if (values.help) return (console.log(usage), 0);
  const mirror = mirrorFrom(values.mirror);
  const policy = fetchPolicyFromFlags(values);
  const providers = await projectProviders("pull", values.provider ?? []);
  let failures = 0;
  for (const provider of providers) {
    try {
      const pulled = await pullProvider(provider, { paths: projectPaths, mirror, policy });
      const { accepted } = pulled;
      const repairs = accepted.repairs.length ? `, ${accepted.repairs.length} repair(s)` : "";
      console.log(
        consoleLine(
          `✓ ${provider.id}: ${pulled.change} — ${accepted.operationCount} operations, version ${accepted.version}, sha256 ${accepted.sha256.slice(0, 12)}${repairs} (from ${pulled.from})`,
        ),
      );
      for (const repair of accepted.repairs)
        console.log(consoleLine(`    repaired ${repair.kind} at ${repair.pointer}: ${repair.detail}`));
    } catch (error) {
      failures++;
      const { message, hint } = describeError(error);
      console.error(
        consoleLine(
          `✗ ${provider.id}: ${displayUrl(resolveLocation(provider, mirror).location)}: ${message} → ${hint}; the last good snapshot is kept`,
        ),
      );
    }
  }
  return failures ? 1 : 0;
});
