/**
 * Cutting a large generated module into pieces prettier can format independently, so two threads
 * can share the work, and joining the results into exactly what formatting the whole file gives.
 *
 * Generated code has a regular shape (TypeScript's printer and the string templates): a block opens
 * at the end of a line (`schemas: {`) and closes at the start of one (`};`), and each member starts
 * on its own line at the block's indentation. A module is cut only between two members of a block
 * whose enclosing openers are plain `name: {` lines. Each piece is formatted wrapped in the openers
 * and closers around it, and those wrapper lines are dropped again. Prettier formats a member
 * independently of its siblings (keeping at most one blank line between them), so the joined
 * pieces are byte-identical to the whole file formatted.
 *
 * An opener that is more than a name (`tracing?: "auto" | {`) is no wrapper: prettier spreads
 * such a union over several lines, so dropping "the first line" would keep the rest of it. The
 * join checks that each dropped line is the wrapper line it stands for, and refuses otherwise.
 */

export interface FormatPiece {
  /** Source prettier can parse on its own. */
  code: string;
  /** Wrapper lines to drop from the formatted piece: the openers before it, the closers after. */
  dropFirstLines: number;
  dropLastLines: number;
  /** The wrapper lines as written, which the formatted piece must begin and end with. */
  openers: string[];
  closers: string[];
  /** The source had a blank line right before this piece: the formatted file keeps one. */
  blankLineBefore: boolean;
  /** Line comments opening the module (the generated header), which prettier keeps as they are. */
  verbatim?: boolean;
}

interface Block {
  opener: number;
  closer: number;
  /** A plain `name: {` (or `export interface x {`) line, which formats to one line on its own. */
  plain: boolean;
}

/** A piece's formatted wrapper lines are not the ones it was wrapped in: it cannot be joined. */
export class PieceJoinError extends Error {
  name = "PieceJoinError";
}

const INDENT = /^( *)/;
const opens = (line: string) => /[{([<]\s*$/.test(line);
const closes = (line: string) => /^\s*[})\]>]/.test(line);
/** `name: {`, `"a/b"?: {`, `200: {`, `export interface x {`, `export type x = {`: nothing but a name opens it. */
const plainOpener = (line: string) =>
  /^\s*(?:export\s+(?:interface\s+[A-Za-z_$][\w$]*|type\s+[A-Za-z_$][\w$]*\s*=)|(?:[A-Za-z_$][\w$]*|\d+|"[^"\\{}()[\]<>;]*"|'[^'\\{}()[\]<>;]*')\??:)\s*\{$/.test(
    line,
  );
const commentLine = (line: string) => /^\s*(\*|\/\*|\/\/)/.test(line);

/**
 * The lines a piece may start at, with the blocks enclosing each: a member's first line (its JSDoc,
 * if any) at its block's indentation, right after a member that ended with `;`.
 */
function cutPoints(lines: string[]): Array<{ line: number; enclosing: Block[] }> {
  const points: Array<{ line: number; enclosing: Block[] }> = [];
  const stack: Block[] = [];
  let previous = ""; // the last non-blank line
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (line.trim() === "") continue;
    const comment = commentLine(line);
    // Brackets in comments (a JSDoc example) are not structure.
    if (!comment && closes(line)) {
      const block = stack.pop();
      if (block) block.closer = index;
    }
    const indent = INDENT.exec(line)![1].length;
    const endedMember = /;\s*$/.test(previous) && !commentLine(previous);
    const endedStatement = stack.length === 0 && (endedMember || /^\}\s*$/.test(previous));
    const startsMember = comment ? /^\s*(\/\*\*|\/\/)/.test(line) : !closes(line);
    if (
      index > 0 &&
      startsMember &&
      indent === 4 * stack.length &&
      (stack.length === 0 ? endedStatement : endedMember) &&
      stack.every((block) => block.plain)
    )
      points.push({ line: index, enclosing: [...stack] });
    if (!comment && opens(line)) stack.push({ opener: index, closer: -1, plain: plainOpener(line) });
    previous = line;
  }
  // A wrapper must close on a line of its own (not `} & {`); a block left open cannot wrap a piece.
  return points.filter((point) =>
    point.enclosing.every((block) => block.closer > point.line && /^\s*\}[;,]?\s*$/.test(lines[block.closer])),
  );
}

/** Pieces of at least about `target` characters (the whole source when it is smaller). */
export function splitForFormatting(source: string, target: number): FormatPiece[] {
  const lines = source.split("\n");
  // The header names the spec's hash: kept apart, so a new spec does not change the first piece.
  let headerLines = 0;
  while (headerLines < lines.length && /^\/\/ /.test(lines[headerLines])) headerLines++;
  const header: FormatPiece[] = headerLines
    ? [
        {
          code: lines.slice(0, headerLines).join("\n"),
          dropFirstLines: 0,
          dropLastLines: 0,
          openers: [],
          closers: [],
          blankLineBefore: false,
          verbatim: true,
        },
      ]
    : [];
  let bodyStart = headerLines;
  while (headerLines && bodyStart < lines.length && lines[bodyStart].trim() === "") bodyStart++;
  const cuts: Array<{ line: number; enclosing: Block[] }> = [];
  if (source.length > target) {
    let size = 0;
    let last = 0;
    for (const point of cutPoints(lines)) {
      if (point.line <= bodyStart) continue;
      for (let index = last; index < point.line; index++) size += lines[index].length + 1;
      last = point.line;
      if (size >= target) {
        cuts.push(point);
        size = 0;
      }
    }
  }
  const bounds = [
    { line: bodyStart, enclosing: [] as Block[] },
    ...cuts,
    { line: lines.length, enclosing: [] as Block[] },
  ];
  const pieces: FormatPiece[] = header;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [start, end] = [bounds[k], bounds[k + 1]];
    const openers = start.enclosing.map((block) => lines[block.opener]);
    const closers = [...end.enclosing].reverse().map((block) => lines[block.closer]);
    pieces.push({
      code: [...openers, ...lines.slice(start.line, end.line), ...closers].join("\n"),
      dropFirstLines: openers.length,
      dropLastLines: closers.length,
      openers,
      closers,
      blankLineBefore: start.line > 0 && lines[start.line - 1].trim() === "",
    });
  }
  return pieces;
}

const sameLine = (formatted: string | undefined, written: string) =>
  formatted !== undefined && formatted.trim() === written.trim().replace(/\s+/g, " ");

/**
 * Joins formatted pieces (each ending in a newline) as prettier formats the whole source. Throws a
 * PieceJoinError when a piece's wrapper did not format to the lines it was written as.
 */
export function joinFormatted(pieces: FormatPiece[], formatted: string[]): string {
  let out = "";
  pieces.forEach((piece, index) => {
    const lines = formatted[index].replace(/\n$/, "").split("\n");
    const tail = lines.length - piece.dropLastLines;
    const wrapped =
      piece.openers.every((opener, k) => sameLine(lines[k], opener)) &&
      piece.closers.every((closer, k) => sameLine(lines[tail + k], closer)) &&
      tail >= piece.dropFirstLines;
    if (!wrapped) throw new PieceJoinError(`piece ${index} did not format to the wrapper lines it was cut with`);
    const kept = lines.slice(piece.dropFirstLines, tail);
    if (kept.length === 0) return;
    if (out && piece.blankLineBefore) out += "\n";
    out += kept.join("\n") + "\n";
  });
  return out;
}
