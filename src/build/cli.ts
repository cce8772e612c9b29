import { parseArgs, type ParseArgsConfig } from "node:util";
import { describeError } from "./errors.js";

/** Parses a script's flags; a wrong flag prints the usage and exits 2. */
export function parseCli<T extends NonNullable<ParseArgsConfig["options"]>>(usage: string, options: T, argv = process.argv.slice(2)) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: "boolean" } }, allowPositionals: false, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
}

/** Runs a script body: an unexpected error prints one line with what to do, never a stack, and exits 1. */
export function runCli(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (error) => {
      const { message, hint } = describeError(error);
      console.error(`✗ ${message} → ${hint}`);
      process.exit(1);
    },
  );
}

export function mirrorFrom(flag: string | undefined): string | undefined {
  return flag ?? (process.env.SPECS_MIRROR || undefined);
}
