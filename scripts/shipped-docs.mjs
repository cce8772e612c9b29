// `npm run build`: what the generated clients' shipped declarations keep of the spec's JSDoc. The
// package has a size budget (issue #22: ≤ 1 MB unpacked) and the specs' examples are a tenth of it
// (SavvyCal's are whole response bodies), so `@example` blocks are left out of dist/generated; so
// are openapi-typescript's `@enum {type}` tags, which repeat the union the type already spells.
// Descriptions (as plain text), defaults, deprecations and the project's own tags (`@credentials`,
// `@headers`, `@customers`) stay. The full text stays in generated/<id>/schema.ts in the repository.

/** A JSDoc tag line: ` * @name …` (as tsc prints it, or compacted). */
const TAG_LINE = /^\s*\*?\s*@(\w+)/;
const DROPPED_TAGS = new Set(["example", "enum"]);
const BLANK = /^\s*\*?\s*$/;

/**
 * The comment without its `@example` and `@enum` tags (each with its continuation lines, up to the
 * next tag or the end), undefined when nothing is left of it. A `@description` that is the first
 * tag becomes plain text, which an editor shows first anyway: a paragraph of its own after a summary
 * or `Format:` line, since editors read JSDoc as Markdown, where a single line break only wraps. A
 * comment left with one line is written on one line. Other comments come back unchanged.
 */
export function shippedDoc(comment) {
  if (!comment.startsWith("/**") || !/@(example|enum|description)\b/.test(comment)) return comment;
  const kept = [];
  let dropping = false;
  let tagged = false;
  let inDescription = false;
  for (const line of comment.slice(3, -2).split("\n")) {
    const tag = TAG_LINE.exec(line)?.[1];
    if (tag !== undefined) {
      dropping = DROPPED_TAGS.has(tag);
      inDescription = false;
    }
    if (dropping) continue;
    // Only as the first tag: after `@deprecated` the text would become the deprecation's reason.
    if (tag === "description" && !tagged) {
      if (kept.some((previous) => !BLANK.test(previous))) kept.push("*");
      kept.push(line.replace(/@description\s?/, ""));
      inDescription = true;
      // A tag's continuation lines are indented under it; as plain text that indentation would
      // make a Markdown code block, so they start where the tag's text did.
    } else kept.push(inDescription ? line.replace(/^(\s*\*)\s*/, "$1 ") : line);
    tagged ||= tag !== undefined;
  }
  while (kept.length > 0 && BLANK.test(kept[0])) kept.shift();
  while (kept.length > 0 && BLANK.test(kept.at(-1))) kept.pop();
  if (kept.length === 0) return undefined;
  if (kept.length === 1) return `/** ${kept[0].replace(/^\s*\*?\s*/, "").trimEnd()} */`;
  return `/**\n${kept.map((line) => line.trimEnd()).join("\n")}\n*/`;
}
