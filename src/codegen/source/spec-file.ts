/**
 * A spec read from a file (`--spec FILE`, a mirror folder, a provider's own file) is capped like a
 * download: a file over `--max-bytes` is refused before it is read.
 */
import { open } from "node:fs/promises";
import { SpecProblem } from "../support/errors.js";
import { sanitizeRemote } from "../support/escape.js";

export async function readSpecFileCapped(file: string, maxBytes: number): Promise<string> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size > maxBytes)
      throw new SpecProblem(
        `${sanitizeRemote(file, 300)} is larger than the ${maxBytes}-byte cap (${size} bytes)`,
        "check the file; if the spec really is this large, raise the cap with --max-bytes",
      );
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}
