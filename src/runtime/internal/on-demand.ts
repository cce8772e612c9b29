/**
 * Code loaded the first time it is needed (a dynamic import). A load that fails is forgotten, so
 * the next need tries again: a dropped connection while a chunk loads must not break a client for
 * good. A load that succeeds is kept.
 */
export function onDemand<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}
