/** Seconds since `started` (a `performance.now()` reading), for progress lines. */
export function seconds(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(1)}s`;
}
