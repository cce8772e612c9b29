import { spawnSync } from "node:child_process";

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Wall time of a cold process, in ms; throws with its output when it fails. */
export function timeProcess(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; allowFailure?: boolean },
): { ms: number; ok: boolean; output: string } {
  const started = performance.now();
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  const ok = result.status === 0;
  if (!ok && !options.allowFailure)
    throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${output.slice(-3000)}`);
  return { ms, ok, output };
}

/** Median over `runs` of an async measurement, with `before` run untimed before each. */
export async function medianOf(
  runs: number,
  measure: () => Promise<number> | number,
  before?: () => Promise<void> | void,
): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before?.();
    values.push(await measure());
  }
  return median(values);
}

export const ratio = (ours: number, baseline: number) => ours / baseline;
export const fmt = {
  ms: (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`),
  x: (value: number) => `${value.toFixed(2)}×`,
  kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`,
  n: (value: number) => Math.round(value).toLocaleString("en-US"),
};
