/** SharedWork: identical requests share one piece of work, stopped when all have gone. */
import { describe, expect, it } from "vitest";
import { SharedWork } from "../../src/server/shared-work.js";

const deferred = () => {
  let resolve!: (value: string) => void;
  const promise = new Promise<string>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe("SharedWork", () => {
  it("starts the work once for every caller of a key, and forgets it when done", async () => {
    const shared = new SharedWork<string>();
    const gate = deferred();
    let starts = 0;
    const start = () => {
      starts++;
      return gate.promise;
    };
    const calls = [1, 2, 3].map(() => shared.run("k", start, new AbortController().signal));
    expect(shared.size).toBe(1);
    gate.resolve("done");
    expect(await Promise.all(calls)).toEqual(["done", "done", "done"]);
    expect(starts).toBe(1);
    expect(shared.size).toBe(0);
  });

  it("aborts the work only when the last caller has gone", async () => {
    const shared = new SharedWork<string>();
    let signal: AbortSignal | undefined;
    const start = (s: AbortSignal) => {
      signal = s;
      return new Promise<string>((_, reject) =>
        s.addEventListener("abort", () => reject(s.reason)),
      );
    };
    const first = new AbortController();
    const second = new AbortController();
    const a = shared.run("k", start, first.signal);
    const b = shared.run("k", start, second.signal);
    first.abort(new Error("first left"));
    await expect(a).rejects.toThrow("first left");
    expect(signal?.aborted).toBe(false);
    second.abort(new Error("second left"));
    await expect(b).rejects.toThrow("second left");
    expect(signal?.aborted).toBe(true);
    expect(shared.size).toBe(0);
    // A new caller starts afresh.
    const c = shared.run("k", async () => "again", new AbortController().signal);
    await expect(c).resolves.toBe("again");
  });
});
