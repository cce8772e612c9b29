/**
 * Code that visitors' devices run — a page, or a Web, Shared or Service Worker — where a
 * server-only secret must not be created. Deno, Bun and workerd (Cloudflare Workers) are servers.
 */
export function isBrowser(): boolean {
  const scope = globalThis as {
    window?: unknown;
    document?: unknown;
    WorkerGlobalScope?: unknown;
    Deno?: unknown;
    Bun?: unknown;
    navigator?: { userAgent?: unknown };
  };
  if (scope.Deno !== undefined || scope.Bun !== undefined || scope.navigator?.userAgent === "Cloudflare-Workers")
    return false;
  const page = scope.window !== undefined && scope.document !== undefined;
  // Dedicated, shared and service workers all inherit from WorkerGlobalScope.
  const worker =
    typeof scope.WorkerGlobalScope === "function" &&
    globalThis instanceof (scope.WorkerGlobalScope as new () => object);
  return page || worker;
}

/**
 * Whether openapi-fetch hands its `requestInitExt` option to fetch here: its own rule (undici's
 * fetch, Node 18 and later); elsewhere it drops the option, and so does the client.
 */
export function forwardsRequestInitExt(): boolean {
  const node = (globalThis as { process?: { versions?: { node?: string; undici?: string } } }).process?.versions;
  return Number.parseInt(node?.node?.substring(0, 2) ?? "") >= 18 && Boolean(node?.undici);
}
