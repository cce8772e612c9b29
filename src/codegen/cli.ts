import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { describeError, UsageProblem } from "./support/errors.js";
import { consoleLine } from "./support/escape.js";
import type { FetchPolicy } from "./source/http-fetch.js";
import { projectPaths, projectRoot } from "./config/paths.js";
import { loadProviders, selectProviders, type ProviderConfig } from "./config/providers.js";

/** The generator's command, as an app runs it (its package's bin). */
export const GENERATOR_COMMAND = "npx scheduling-clients-codegen";

/**
 * The providers of the project the command runs in (`specs/providers/`), narrowed to `ids`. An app
 * has none: that is a usage error pointing at the ad-hoc form (`inAnApp`: what to run instead).
 */
export async function projectProviders(
  command: string,
  ids: string[],
  inAnApp = `generate a client from a spec with \`${GENERATOR_COMMAND} generate --spec FILE --name ID --out DIR\``,
): Promise<ProviderConfig[]> {
  if (!existsSync(projectPaths.providersDir))
    throw new UsageProblem(
      `${command} works on a project's providers and ${path.join(projectRoot, "specs/providers")} does not exist`,
      `in an app, ${inAnApp}`,
    );
  return selectProviders(await loadProviders(projectPaths), ids);
}

/** Parses a script's flags; a wrong flag prints the usage and exits 2. */
export function parseCli<T extends NonNullable<ParseArgsConfig["options"]>>(
  usage: string,
  options: T,
  argv = process.argv.slice(2),
) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: "boolean" } },
      allowPositionals: false,
      strict: true,
    });
  } catch (error) {
    console.error(`${consoleLine((error as Error).message)}\n\n${usage}`);
    process.exit(2);
  }
}

/** Runs a script body: an error prints one line with what to do, never a stack, and exits 1 (2 for a wrong call). */
export function runCli(main: () => Promise<number>): void {
  // A reader that stops early (`| head`) closes the pipe: the rest has nowhere to go, which is not
  // the command's failure, so it exits with its own code (1 would read as `--fail-on`'s verdict).
  for (const stream of [process.stdout, process.stderr])
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
    });
  main().then(
    (code) => exitAfterOutput(code),
    (error) => {
      const { message, hint } = describeError(error);
      console.error(consoleLine(`✗ ${message} → ${hint}`));
      return exitAfterOutput(error instanceof UsageProblem ? 2 : 1);
    },
  );
}

/**
 * Exits once stdout and stderr have handed everything written to the OS. Writes to a pipe are
 * asynchronous, so exiting at once would cut a long output at the pipe's buffer (64 KB on Linux):
 * an empty write's callback runs after every write queued before it.
 */
async function exitAfterOutput(code: number): Promise<never> {
  await Promise.all(
    [process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => stream.write("", () => resolve()))),
  );
  process.exit(code);
}

/** The fetch flags pull and generate share. */
export const FETCH_FLAGS = {
  timeout: { type: "string" },
  retries: { type: "string" },
  "max-bytes": { type: "string" },
} as const;

/** `--timeout MS`, `--retries N`, `--max-bytes N`: whole numbers in range, or a usage error. */
export function fetchPolicyFromFlags(values: {
  timeout?: string;
  retries?: string;
  "max-bytes"?: string;
}): Partial<FetchPolicy> {
  const policy: Partial<FetchPolicy> = {};
  if (values.timeout !== undefined) policy.timeoutMs = wholeNumber("--timeout", values.timeout, 1, 3_600_000);
  if (values.retries !== undefined) policy.retries = wholeNumber("--retries", values.retries, 0, 10);
  if (values["max-bytes"] !== undefined) policy.maxBytes = wholeNumber("--max-bytes", values["max-bytes"], 1, 2 ** 31);
  return policy;
}

function wholeNumber(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max))
    throw new UsageProblem(
      `${flag} ${JSON.stringify(text.slice(0, 40))} is not a whole number from ${min} to ${max}`,
      `pass ${flag} with a number, e.g. ${flag} ${Math.max(min, 1)}`,
    );
  return value;
}

export function mirrorFrom(flag: string | undefined): string | undefined {
  return flag ?? (process.env.SPECS_MIRROR || undefined);
}
