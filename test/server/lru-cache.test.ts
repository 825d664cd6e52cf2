import { describe, expect, it } from "vitest";
import { ExpiringCache, LruCache } from "../../src/server/lru-cache.js";

describe("LruCache", () => {
  it("deleteWhere removes exactly the matching entries", () => {
    const cache = new LruCache<number>(10);
    for (const [key, value] of [
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ] as const)
      cache.set(key, value);
    cache.deleteWhere((value) => value % 2 === 1);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([undefined, 2, undefined]);
    expect(cache.size).toBe(1);
  });
});

describe("ExpiringCache", () => {
  it("deleteWhere makes the next get load afresh", async () => {
    const cache = new ExpiringCache<{ id: string; role: string }>(10, 60_000);
    await cache.get("token", async () => ({ id: "ann", role: "annotator" }));
    const cached = await cache.get("token", async () => ({ id: "ann", role: "viewer" }));
    expect(cached?.role).toBe("annotator");
    cache.deleteWhere((value) => value.id === "ann");
    const fresh = await cache.get("token", async () => ({ id: "ann", role: "viewer" }));
    expect(fresh?.role).toBe("viewer");
  });

  it("does not cache a load that began before a deleteWhere (it may be stale)", async () => {
    const cache = new ExpiringCache<string>(10, 60_000);
    let finish: (value: string) => void = () => {};
    const slow = cache.get("token", () => new Promise<string>((resolve) => (finish = resolve)));
    cache.deleteWhere(() => true);
    finish("before the change");
    expect(await slow).toBe("before the change");
    expect(await cache.get("token", async () => "after the change")).toBe("after the change");
  });
});
