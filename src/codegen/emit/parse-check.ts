/**
 * The last check before anything is written: every generated TypeScript module must parse. A module
 * that does not is the generator's bug (a wrong join of formatted pieces, a wrong splice), never the
 * spec's, and writing it would replace a working client with a broken one. The TypeScript that
 * openapi-typescript already loaded parses it, without type-checking (which would cost seconds).
 */
import path from "node:path";
import ts from "typescript";

/** The first syntax error of a module, as "line N: message (TS code)", or undefined when it parses. */
export function firstSyntaxError(fileName: string, source: string): string | undefined {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  // The parser's own diagnostics: not in the public typings, but what `tsc` reports as syntax errors.
  const [first] = (file as unknown as { parseDiagnostics: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics;
  if (!first) return undefined;
  const { line } = file.getLineAndCharacterOfPosition(first.start);
  return `line ${line + 1}: ${ts.flattenDiagnosticMessageText(first.messageText, " ")} (TS${first.code})`;
}

/** Throws (a bug report naming the module and line) when a generated `.ts` file does not parse. */
export function assertModulesParse(providerId: string, files: Array<{ path: string; content: string }>): void {
  for (const file of files) {
    if (!file.path.endsWith(".ts")) continue;
    const error = firstSyntaxError(file.path, file.content);
    if (error)
      throw new Error(
        `the generated ${providerId}/${path.basename(file.path)} does not parse at ${error}; nothing was written`,
      );
  }
}
