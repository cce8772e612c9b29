import { describe, expect, it } from "vitest";
import { PerOperation } from "../../src/runtime/internal/per-operation.js";

describe("the per-operation cache a client keeps its headers and access in", () => {
  it("works a value out once per operation", () => {
    const cache = new PerOperation<string>();
    let resolved = 0;
    const resolve = () => `value ${++resolved}`;
    expect(cache.get("/v2/me", "get", resolve)).toBe("value 1");
    expect(cache.get("/v2/me", "get", resolve)).toBe("value 1");
    expect(cache.get("/v2/me", "patch", resolve)).toBe("value 2");
    expect(resolved).toBe(2);
    // One path, two methods.
    expect(cache.entries).toBe(3);
  });

  it("keeps nothing for a call that is refused: wrong paths do not grow it", () => {
    const cache = new PerOperation<string>();
    for (let i = 0; i < 1000; i++)
      expect(() =>
        cache.get(`/v2/not-an-operation/${i}`, "get", () => {
          throw new TypeError("not an operation of this API");
        }),
      ).toThrow(TypeError);
    // Not even an empty entry per path: the memory that grew for the life of a client before.
    expect(cache.entries).toBe(0);
    expect(cache.get("/v2/me", "get", () => "kept")).toBe("kept");
    expect(cache.entries).toBe(2);
  });
});
