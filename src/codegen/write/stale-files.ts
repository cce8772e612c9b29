import type { RenderedFile } from "../emit/render-provider.js";
import { readFileIfExists } from "../support/files.js";

/** The files whose content differs from what is on disk. */
export async function staleFiles(files: RenderedFile[]): Promise<RenderedFile[]> {
  const stale: RenderedFile[] = [];
  for (const file of files) if ((await readFileIfExists(file.path)) !== file.content) stale.push(file);
  return stale;
}
