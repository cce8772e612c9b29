/**
 * Which output chunks of an esbuild build with code splitting a page loads up front (the entry and
 * every chunk it imports statically, transitively), and which it may load later (every other chunk
 * those reach through a dynamic import). The size figure and the runtime-boundary test both count
 * chunks this way.
 */
import type { Metafile } from "esbuild";

export function chunksByLoading(metafile: Metafile): { upFront: Set<string>; later: Set<string> } {
  const entry = Object.keys(metafile.outputs).find((chunk) => metafile.outputs[chunk].entryPoint)!;
  const reach = (kinds: string[]) => {
    const seen = new Set<string>();
    const visit = (chunk: string) => {
      if (seen.has(chunk)) return;
      seen.add(chunk);
      for (const next of metafile.outputs[chunk]?.imports ?? []) if (kinds.includes(next.kind)) visit(next.path);
    };
    visit(entry);
    return seen;
  };
  const upFront = reach(["import-statement"]);
  const later = new Set([...reach(["import-statement", "dynamic-import"])].filter((chunk) => !upFront.has(chunk)));
  return { upFront, later };
}
