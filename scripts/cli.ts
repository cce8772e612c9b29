#!/usr/bin/env node
/**
 * `scheduling-clients-codegen <command>`: the generator package's bin. Each command is one of the
 * scripts beside this file, run with the remaining arguments.
 */
const COMMANDS: Record<string, string> = {
  generate: "./generate.js",
  "specs:diff": "./diff.js",
  diff: "./diff.js",
  pull: "./pull.js",
};

const usage = `usage: npx scheduling-clients-codegen <command> [options]

In an app (install scheduling-clients, and this package as a devDependency):
  generate --spec PATH_OR_URL --name ID --out DIR [--annotations FILE] [--force]
                  writes a typed client for any OpenAPI 3.x document into DIR; import it as
                  ./DIR/index.js. It runs on the scheduling-clients runtime (timeouts, retries,
                  typed errors); its credentials are the spec's security schemes, or those an
                  annotation file states (format: docs/annotations.md in this package)
  specs:diff --spec NEW --base OLD [--format md|json|github] [--fail-on breaking|any|none]
                  what changed between two versions of a spec, as a typed client feels it,
                  breaking first; exits 1 on a breaking change (--fail-on)

In a project with specs/providers/ (as the scheduling-clients repository is):
  generate        regenerates each provider's client in generated/<id>/
  pull            refreshes the providers' specs
  specs:diff      compares each provider's current spec with its checked-in client, naming the
                  booking.<method>s a change affects

<command> --help  the command's own options`;

const [command, ...rest] = process.argv.slice(2);
if (command === "--help" || command === "-h") {
  console.log(usage);
} else if (command === undefined) {
  console.error(`✗ no command given → name one:\n\n${usage}`);
  process.exitCode = 2;
} else if (!Object.hasOwn(COMMANDS, command)) {
  console.error(`✗ unknown command ${JSON.stringify(command.slice(0, 40))} → name one of these:\n\n${usage}`);
  process.exitCode = 2;
} else {
  // The command parses process.argv as if it had been run directly.
  process.argv = [process.argv[0], process.argv[1], ...rest];
  await import(COMMANDS[command]);
}
