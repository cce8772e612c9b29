/**
 * Spec-derived text goes into TypeScript, comments, Markdown and JSON; each context has one
 * escaping function here, and every emitter uses these rather than interpolating raw strings.
 */

/** C0/C1 control characters, DEL, and the two characters JavaScript treats as line breaks. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
/** ANSI escape sequences (CSI and OSC), removed whole before the lone ESC would be. */
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?)/g;

/**
 * Bidirectional controls (Arabic letter mark, LRM/RLM, embeddings and overrides, isolates): they
 * reorder how text is displayed, so code or a log line could read differently from what it is.
 */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Each bidi control as the six characters `\u202e`: the same value inside a TypeScript or JSON
 * string, and visible text in a comment or Markdown. Every generated file goes through this last.
 */
export function escapeBidi(text: string): string {
  return text.replace(BIDI, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** One line of text: escape codes removed, control characters and line breaks as spaces, bidi controls visible. */
export function oneLine(text: string): string {
  return escapeBidi(String(text).replace(ANSI, "").replace(CONTROL, " "));
}

/**
 * A line for the console (pull/generate output): one line as above, and never a CI workflow
 * command — GitHub Actions reads a line starting with `::` as one (`::error`, `::add-mask::`).
 */
export function consoleLine(text: string): string {
  return oneLine(text).replace(/^(\s*)::/, "$1: :");
}

/** Text from elsewhere (a server's answer, a spec's message) for an error line: one line, capped. */
export function sanitizeRemote(text: string, max = 200): string {
  const line = oneLine(text).replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** Inside a `//` comment: nothing may end the line. */
export function lineComment(text: string): string {
  return oneLine(text);
}

/** Inside a `/** … *\/` block: nothing may close it, and every line stays inside it. */
export function jsDoc(text: string): string {
  return oneLine(text).replace(/\*\//g, "*\\/");
}

/** A TypeScript string literal. JSON's escaping is valid TypeScript (U+2028/9 included since ES2019). */
export function tsString(text: string): string {
  return JSON.stringify(String(text));
}

/**
 * A TypeScript object literal for plain JSON data. `"__proto__": …` in a literal would set the
 * prototype instead of a property, so that key is written as a computed one.
 */
export function tsLiteral(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "undefined";
  if (Array.isArray(value)) return `[${value.map(tsLiteral).join(",")}]`;
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  return `{${entries.map(([key, item]) => `${tsPropertyKey(key)}:${tsLiteral(item)}`).join(",")}}`;
}

/** An object literal's key for any string: quoted, and computed for `__proto__` (which would set the prototype). */
export function tsPropertyKey(key: string): string {
  return key === "__proto__" ? `[${JSON.stringify(key)}]` : JSON.stringify(key);
}

/**
 * Plain Markdown text in a table cell or a paragraph: no line breaks, table pipes, HTML, links or
 * code spans (emphasis characters are left alone: they cannot do harm and are common in names).
 */
export function markdownText(text: string): string {
  return oneLine(text).replace(/[\\`[\]<>|]/g, (c) => `\\${c}`);
}

/** Markdown inline code: a backtick fence longer than any run inside, pipes escaped for tables. */
export function markdownCode(text: string): string {
  const line = oneLine(text).replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = line.startsWith("`") || line.endsWith("`") ? " " : "";
  return `${fence}${pad}${line}${pad}${fence}`;
}

/** A URL shown to a person: without user name, password or query (they may hold credentials). */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!/^https?:$/.test(parsed.protocol)) return oneLine(url);
    parsed.username = "";
    parsed.password = "";
    parsed.search = "";
    parsed.hash = "";
    return oneLine(parsed.href);
  } catch {
    return oneLine(url);
  }
}
