/**
 * Formatting a provider's TypeScript modules with prettier, remembering what it produced. A module is
 * cut into pieces (format-chunks.ts) and each piece's formatted text is kept, keyed by the hash of
 * the piece, prettier's version and its options. When an upstream change touches a few schemas,
 * only their pieces are formatted again; the joined result is byte-identical to formatting whole.
 */
import { formatSource, formatterIdentity } from "./format.js";
import { joinFormatted, PieceJoinError, splitForFormatting } from "./format-chunks.js";
import { sha256 } from "../support/hash.js";

/** Small enough that one changed schema re-formats little; large enough to keep the cache compact. */
const PIECE_SIZE = 12_000;

/** Formatted pieces by key. */
export interface FormatCache {
  get(key: string): string | undefined;
  set(key: string, formatted: string): void;
}

/** A cache for one run, where no lasting one is kept. */
export const runFormatCache = (): FormatCache => new Map<string, string>();

export async function formatModules(sources: string[], cache?: FormatCache): Promise<string[]> {
  const identity = await formatterIdentity();
  return Promise.all(
    sources.map(async (source) => {
      const pieces = splitForFormatting(source, PIECE_SIZE);
      const formatted: string[] = [];
      for (const piece of pieces) {
        if (piece.verbatim) {
          formatted.push(piece.code + "\n");
          continue;
        }
        const key = sha256(`${identity}\0${piece.code}`);
        let text = cache?.get(key);
        if (text === undefined) {
          text = await formatSource(piece.code);
          cache?.set(key, text);
        }
        formatted.push(text);
      }
      try {
        return joinFormatted(pieces, formatted);
      } catch (error) {
        // A cut the splitter should not have made: formatting whole is slower, never wrong.
        if (error instanceof PieceJoinError) return formatSource(source);
        throw error;
      }
    }),
  );
}
