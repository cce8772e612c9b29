// `npm run build`, last step: rewrites every .d.ts under the given folder without the layout tsc
// prints — indentation and line breaks between tokens — keeping each token and every comment, so the
// types and their JSDoc (what an editor shows on hover) are unchanged. Cal.com's declarations are
// most of the package, and about half of their bytes were indentation.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { hoistRepeatedTypes } from "./hoist-repeated-types.mjs";
import { shareRequestVariants } from "./share-request-variants.mjs";
import { shippedDoc } from "./shipped-docs.mjs";

/**
 * The declaration text with its tokens and comments, and only the whitespace they need. `keepDoc`
 * may rewrite a comment, or drop it by returning undefined.
 */
export function compactDeclarations(text, keepDoc = (comment) => comment) {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /* skipTrivia */ false, ts.LanguageVariant.Standard, text);
  // Pieces joined once at the end: reading the end of a growing string flattens it every time.
  const pieces = [];
  /** The last character written, and whether a line break must come before the next token. */
  let last;
  let breakNext = false;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.WhitespaceTrivia || kind === ts.SyntaxKind.NewLineTrivia) continue;
    const token = scanner.getTokenText();
    if (kind === ts.SyntaxKind.MultiLineCommentTrivia || kind === ts.SyntaxKind.SingleLineCommentTrivia) {
      const comment = keepDoc(token.replace(/\n[ \t]+/g, "\n"));
      if (comment === undefined) continue;
      // A comment on lines of its own, its continuation lines without their indentation.
      if (last !== undefined && last !== "\n") pieces.push("\n");
      pieces.push(comment);
      last = token.at(-1);
      breakNext = true;
      continue;
    }
    if (breakNext) pieces.push("\n");
    else if (needsSpace(last, token[0])) pieces.push(" ");
    pieces.push(token);
    last = token.at(-1);
    breakNext = false;
  }
  const out = pieces.join("");
  return out + "\n";
}

const OPERATOR = /[-+./?=<>&|*!]/;
const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;

/** A space where two tokens would otherwise read as one: two words, or two operators that would fuse. */
function needsSpace(last, first) {
  if (last === undefined || last === "\n") return false;
  if (WORD.test(last) && WORD.test(first)) return true;
  // `a - -1`, `+ +`, `. .`, `/ /` (a comment), `? ?`, `= =`, `< <` would change meaning together.
  return OPERATOR.test(last) && OPERATOR.test(first) && !(last === ">" && first === ">");
}

/**
 * A generated client's schema types: their spec JSDoc is trimmed as shipped-docs.mjs says, request
 * variants share their component's members (share-request-variants.mjs), and the shapes the spec
 * repeats are named once (hoist-repeated-types.mjs).
 */
const GENERATED_SCHEMA = /(^|[\\/])generated[\\/][^\\/]+[\\/]schema\.d\.ts$/;

// Run as a script (the build): every declaration file under the folder given.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const folder = process.argv[2];
  for (const name of readdirSync(folder, { recursive: true }))
    if (name.endsWith(".d.ts")) {
      const file = path.join(folder, name);
      const text = readFileSync(file, "utf8");
      const shipped = GENERATED_SCHEMA.test(name)
        ? hoistRepeatedTypes(shareRequestVariants(compactDeclarations(text, shippedDoc)))
        : compactDeclarations(text);
      writeFileSync(file, shipped);
    }
}
