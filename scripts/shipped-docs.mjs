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
 * tag becomes the comment's plain text, which an editor shows first anyway, and a comment left
 * with one line is written on one line. Other comments come back unchanged.
 */
export function shippedDoc(comment) {
  if (!comment.startsWith("/**") || !/@(example|enum|description)\b/.test(comment)) return comment;
  const lines = comment.slice(3, -2).split("\n");
  const kept = [];
  let dropping = false;
  let tagged = false;
  for (const line of lines) {
    const tag = TAG_LINE.exec(line)?.[1];
    if (tag !== undefined) dropping = DROPPED_TAGS.has(tag);
    if (dropping) continue;
    // Only as the first tag: after `@deprecated` the text would become the deprecation's reason.
    kept.push(tag === "description" && !tagged ? line.replace(/@description\s?/, "") : line);
    tagged ||= tag !== undefined;
  }
  const content = kept.filter((line) => !BLANK.test(line));
  if (content.length === 0) return undefined;
  if (content.length === 1) return `/** ${content[0].replace(/^\s*\*?\s*/, "").trimEnd()} */`;
  return `/**\n${content.map((line) => line.trimEnd()).join("\n")}\n*/`;
}
