/**
 * SharedCalls: an answer shared under its key until forgotten, a failed call forgotten (and never
 * a rejection through it), and the oldest answers forgotten beyond the limit.
 */
import { describe, expect, it } from "vitest";
import { SharedCalls } from "../../../src/app/generate/shared-calls.js";
import type { ChatResult } from "../../../src/llm/types.js";

const answer = (text: string): ChatResult => ({
  texts: [text],
  finishReasons: ["stop"],
  usage: { inputTokens: 1, outputTokens: 1 },
  latencyMs: 1,
  usageEstimated: false,
});

describe("SharedCalls", () => {
  it("gives a call's answer to whoever asks for its key, until forgotten", async () => {
    const shared = new SharedCalls();
    expect(shared.get("k")).toBeUndefined();
    shared.share("k", Promise.resolve(answer("x")));
    expect(await shared.get("k")).toEqual(answer("x"));
    shared.forget("k");
    expect(shared.get("k")).toBeUndefined();
  });

  it("forgets a call that fails, resolving to undefined for those waiting", async () => {
    const shared = new SharedCalls();
    shared.share("k", Promise.reject(new Error("boom")));
    const waiting = shared.get("k");
    expect(await waiting).toBeUndefined();
    expect(shared.get("k")).toBeUndefined();
  });

  it("keeps the newest `limit` answers", async () => {
    const shared = new SharedCalls(2);
    for (const k of ["a", "b", "c"]) shared.share(k, Promise.resolve(answer(k)));
    expect(shared.get("a")).toBeUndefined();
    expect(await shared.get("b")).toEqual(answer("b"));
    expect(await shared.get("c")).toEqual(answer("c"));
    expect(() => new SharedCalls(0)).toThrow(RangeError);
  });
});
