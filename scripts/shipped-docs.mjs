// `npm run build`: what the generated clients' shipped declarations keep of the spec's JSDoc. The
// package has a size budget (issue #22: ≤ 1 MB unpacked) and the specs' examples are a tenth of it
// (SavvyCal's are whole response bodies), so `@example` blocks are left out of dist/generated; so
// are openapi-typescript's `@enum {type}` tags, which repeat the union the type already spells.
// Descriptions, defaults, deprecations and the project's own tags (`@credentials`, `@headers`,
// `@customers`) stay. The full text stays in generated/<id>/schema.ts in the repository.

/** A JSDoc tag line: ` * @name …` (as tsc prints it, or compacted). */
const TAG_LINE = /^\s*\*?\s*@(\w+)/;
const DROPPED_TAGS = new Set(["example", "enum"]);

/**
 * The comment without its `@example` and `@enum` tags (each with its continuation lines, up to the
 * next tag or the end); undefined when nothing is left of it. Other comments come back unchanged.
 */
export function shippedDoc(comment) {
  if (!comment.startsWith("/**") || !/@(example|enum)\b/.test(comment)) return comment;
  const lines = comment.slice(3, -2).split("\n");
  const kept = [];
  let dropping = false;
  for (const line of lines) {
    const tag = TAG_LINE.exec(line)?.[1];
    if (tag !== undefined) dropping = DROPPED_TAGS.has(tag);
    if (!dropping) kept.push(line);
  }
  while (kept.length > 1 && /^\s*\*?\s*$/.test(kept.at(-1))) kept.pop();
  if (kept.every((line) => /^\s*\*?\s*$/.test(line))) return undefined;
  return lines.length > 1 ? `/**${kept.join("\n")}\n*/` : `/**${kept[0]}*/`;
}
