/**
 * The report, three ways: Markdown for a pull-request description, JSON for machines, GitHub
 * workflow commands; each finding names the booking methods it affects (`booking.<method>`). Every spec-derived string is one safe line — control characters and escape
 * codes removed (the sanitiser for remote text), bidi controls shown as escapes — and is escaped
 * for where it lands, so a report renders exactly the findings it holds: a name cannot open an
 * HTML comment, a link or a code span, nor start a workflow command.
 */
import { markdownText, sanitizeRemote } from "../support/escape.js";
import type { Finding, Level, ProviderDiff } from "./findings.js";

/** Bidi controls reorder what a reader sees: written as escapes instead. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const visible = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;

/** Spec-derived text as one line a terminal, a log or a reader can trust. */
export function safeLine(text: string): string {
  return sanitizeRemote(String(text), 2000).replace(BIDI, visible);
}

/**
 * Plain text in a Markdown line. Beyond the project's Markdown escaping, GitHub also turns bare
 * URLs, `www.` names and e-mail addresses into links: their punctuation is escaped so they stay text.
 */
const md = (text: string) =>
  markdownText(safeLine(text))
    .replace(/:\/\//g, "\\://")
    .replace(/\bwww\./gi, (match) => `${match.slice(0, 3)}\\.`)
    .replace(/@/g, "\\@");

/** Markdown for a pull-request description: per provider, breaking → warning → info, one line per finding. */
export function renderMarkdown(diffs: ProviderDiff[]): string {
  const lines = ["# Spec changes, as the clients see them", ""];
  for (const diff of diffs) {
    const count = (level: Level) => diff.findings.filter((f) => f.level === level).length;
    lines.push(
      `## ${md(diff.provider)}: ${count("breaking")} breaking, ${count("warning")} warning, ${count("info")} info`,
      "",
    );
    for (const warning of diff.warnings) lines.push(`> ⚠ ${md(warning)}`, "");
    const booking = bookingSummary(diff.findings);
    if (booking) lines.push(`Affects the booking API: ${booking}.`, "");
    if (diff.findings.length === 0) lines.push("No client-facing change.", "");
    for (const [level, title] of [
      ["breaking", "Breaking"],
      ["warning", "Warnings"],
      ["info", "Info"],
    ] as const) {
      const findings = diff.findings.filter((f) => f.level === level);
      if (!findings.length) continue;
      lines.push(`### ${title}`, "");
      for (const f of findings) lines.push(`- ${markdownLine(f)}`);
      lines.push("");
    }
  }
  return lines.join("\n");
}

function markdownLine(f: Finding): string {
  const where = f.location === "operation" ? "" : ` (${md(f.location)})`;
  return `**${md(f.operation)}**${where} — ${md(f.message)}${affects(f, md)} \`${f.id}\``;
}

/** " — affects booking.book, booking.get" for a finding on an operation the booking API uses. */
const affects = (f: Finding, escape: (text: string) => string) =>
  f.affects?.length ? ` — affects ${f.affects.map(escape).join(", ")}` : "";

/** "booking.book (1 breaking), booking.get (2 info)": each affected method with its findings' levels. */
function bookingSummary(findings: Finding[]): string {
  const byMethod = new Map<string, Record<Level, number>>();
  for (const f of findings)
    for (const method of f.affects ?? []) {
      const counts = byMethod.get(method) ?? { breaking: 0, warning: 0, info: 0 };
      counts[f.level]++;
      byMethod.set(method, counts);
    }
  return [...byMethod]
    .sort(([a, x], [b, y]) => y.breaking - x.breaking || a.localeCompare(b))
    .map(([method, counts]) => {
      const levels = (["breaking", "warning", "info"] as const)
        .filter((level) => counts[level] > 0)
        .map((level) => `${counts[level]} ${level}`);
      return `${md(method)} (${levels.join(", ")})`;
    })
    .join(", ");
}

export function renderJson(diffs: ProviderDiff[]): string {
  const text = JSON.stringify(
    {
      providers: diffs.map((d) => ({
        provider: d.provider,
        counts: {
          breaking: d.breaking.length,
          warning: d.findings.filter((f) => f.level === "warning").length,
          info: d.findings.filter((f) => f.level === "info").length,
        },
        // Every finding has `affects`, empty when no booking method uses its operation.
        findings: d.findings.map((f) => ({ ...f, affects: f.affects ?? [] })),
        warnings: d.warnings,
      })),
    },
    null,
    2,
  );
  // JSON escapes control characters itself; bidi controls and line separators it leaves raw.
  return text.replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, visible) + "\n";
}

/** GitHub Actions workflow commands: each finding an annotation on the run. */
export function renderGithub(diffs: ProviderDiff[]): string {
  const command = { breaking: "error", warning: "warning", info: "notice" } as const;
  const escape = (text: string) => safeLine(text).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const property = (text: string) => escape(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const lines: string[] = [];
  for (const diff of diffs) {
    for (const warning of diff.warnings)
      lines.push(`::warning title=${property(`${diff.provider}: annotations`)}::${escape(warning)}`);
    for (const f of diff.findings)
      lines.push(
        `::${command[f.level]} title=${property(`${diff.provider} ${f.operation} (${f.id})`)}::${escape(`${f.location}: ${f.message}${affects(f, (text) => text)}`)}`,
      );
  }
  return lines.join("\n") + (lines.length ? "\n" : "");
}
