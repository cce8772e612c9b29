#!/usr/bin/env node
/**
 * `scheduling-clients <command>`: the package's bin. Each command is one of the scripts beside this
 * file, run with the remaining arguments.
 */
const COMMANDS: Record<string, string> = {
  pull: "./pull.js",
  generate: "./generate.js",
  "specs:diff": "./diff.js",
  diff: "./diff.js",
};

const usage = `usage: scheduling-clients <command> [options]
  generate --spec PATH_OR_URL --name ID --out DIR [--annotations FILE] [--force]
                        a typed client for any OpenAPI 3.x document
  specs:diff --spec FILE --base FILE [--format md|json|github] [--fail-on breaking|any|none]
                        what changed between two specs, as the clients see it
  pull                  (in a checkout of scheduling-clients) refresh the providers' specs
  <command> --help      the command's own options`;

const [command, ...rest] = process.argv.slice(2);
if (command === undefined || command === "--help" || command === "-h") {
  console.log(usage);
} else if (!Object.hasOwn(COMMANDS, command)) {
  console.error(`✗ unknown command ${JSON.stringify(command.slice(0, 40))} → ${usage}`);
  process.exitCode = 2;
} else {
  // The command parses process.argv as if it had been run directly.
  process.argv = [process.argv[0], process.argv[1], ...rest];
  await import(COMMANDS[command]);
}
