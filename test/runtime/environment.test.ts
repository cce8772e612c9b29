import createClient from "openapi-fetch";
import { afterEach, describe, expect, it, vi } from "vitest";
import { forwardsRequestInitExt } from "../../src/runtime/internal/environment.js";

/**
 * Whether bare openapi-fetch hands `requestInitExt` to fetch, as decided where it is created: the
 * returned call tells, made once the environment is back to normal.
 */
function bareForwards(): () => Promise<boolean> {
  let seen: unknown;
  const fetch = async (_request: Request, init?: unknown) => ((seen = init), new Response("{}"));
  const client = createClient({ baseUrl: "http://127.0.0.1", fetch, requestInitExt: { marker: 1 } });
  return async () => (await client.GET("/x" as never), seen !== undefined);
}

describe("where a signal in requestInitExt is followed: where openapi-fetch forwards requestInitExt", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("on Node, as openapi-fetch does", async () => {
    expect(forwardsRequestInitExt()).toBe(true);
    expect(await bareForwards()()).toBe(true);
  });

  it("not where there is no undici fetch (Bun, Deno's npm shim) or no process at all (a page)", async () => {
    for (const process of [{ versions: { node: "20.0.0" } }, undefined]) {
      // Only for the synchronous part: each side reads the environment when it decides.
      vi.stubGlobal("process", process);
      const ours = forwardsRequestInitExt();
      const bare = bareForwards();
      vi.unstubAllGlobals();
      expect([ours, await bare()]).toEqual([false, false]);
    }
  });
});
