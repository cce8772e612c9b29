/**
 * Values worked out once per operation of a client (its headers, its access), keyed by path template
 * then method: a call's path is usually a literal, whose hash is kept, where a joined "METHOD path"
 * key would be a new string to hash on every call. Only what `resolve` returns is kept: a call to a
 * path that is not an operation throws there and leaves nothing behind, so an app that builds wrong
 * paths does not grow the cache for the life of the client.
 */
export class PerOperation<T> {
  private readonly byPath = new Map<string, Map<string, T>>();

  /** The value kept for the operation, or `resolve()`'s, kept once it returns. */
  get(path: string, method: string, resolve: () => T): T {
    let byMethod = this.byPath.get(path);
    let value = byMethod?.get(method);
    if (value === undefined) {
      value = resolve();
      if (!byMethod) this.byPath.set(path, (byMethod = new Map()));
      byMethod.set(method, value);
    }
    return value;
  }

  /** How many entries it holds, a path's and each of its methods' (for tests). */
  get entries(): number {
    let count = this.byPath.size;
    for (const byMethod of this.byPath.values()) count += byMethod.size;
    return count;
  }
}
