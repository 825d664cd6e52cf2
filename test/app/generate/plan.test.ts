import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  callsOf,
  candidatesOf,
  dedupePrompts,
  itemKey,
  planGeneration,
} from "../../../src/app/generate/plan.js";
import type { Prompt, PromptId } from "../../../src/core/types.js";
import type { LlmSystem } from "../../../src/llm/types.js";

const prompt = (id: string, text = `question ${id}`): Prompt => ({
  id: id as PromptId,
  messages: [{ role: "user", content: text }],
});
const system = (id: string): LlmSystem => ({
  id,
  model: id,
  baseUrl: "http://127.0.0.1:1/v1",
  params: {},
  concurrency: 8,
  timeoutMs: 1000,
  stream: false,
});

describe("planGeneration", () => {
  it("makes prompts × systems × temperatures × n items, with readable keys", () => {
    const items = [
      ...planGeneration([prompt("p1"), prompt("p2")], [system("a"), system("b")], {
        n: 2,
        temperatures: [0.2, 0.7, 1],
      }),
    ];
    expect(items).toHaveLength(2 * 2 * 3 * 2);
    expect(items.slice(0, 3).map((i) => i.key)).toEqual([
      "p1|a|t0.2|s0",
      "p1|a|t0.2|s1",
      "p1|a|t0.7|s0",
    ]);
    expect(items[2]!.payload).toMatchObject({
      systemId: "a",
      sample: 0,
      params: { temperature: 0.7 },
      mode: "independent",
    });
  });

  it("makes a variant per seed, sent as params.seed", () => {
    const items = [...planGeneration([prompt("p")], [system("a")], { n: 1, seeds: [1, 2, 3] })];
    expect(items.map((i) => i.key)).toEqual(["p|a|seed1|s0", "p|a|seed2|s0", "p|a|seed3|s0"]);
    expect(items.map((i) => i.payload.params.seed)).toEqual([1, 2, 3]);
  });

  it("NC modes: one item per (prompt, system, sample) that makes k candidates", () => {
    const nc = [
      ...planGeneration([prompt("p")], [system("a")], { n: 2, nc: { k: 4, sequential: false } }),
    ];
    expect(nc.map((i) => i.key)).toEqual(["p|a|nc4|s0", "p|a|nc4|s1"]);
    expect(nc.map((i) => [callsOf(i.payload), candidatesOf(i.payload)])).toEqual([
      [1, 4],
      [1, 4],
    ]);
    const seq = [
      ...planGeneration([prompt("p")], [system("a")], { n: 1, nc: { k: 3, sequential: true } }),
    ];
    expect(
      seq.map((i) => [i.key, i.payload.mode, callsOf(i.payload), candidatesOf(i.payload)]),
    ).toEqual([["p|a|ncs3|s0", "nc-sequential", 3, 3]]);
  });

  it("keys are distinct and the same on every run, even for ids holding '|' (property)", () => {
    const id = fc.string({ minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(
        fc.uniqueArray(id, { minLength: 1, maxLength: 5 }),
        fc.uniqueArray(id, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 3 }),
        (promptIds, systemIds, n) => {
          const plan = () =>
            [
              ...planGeneration(
                promptIds.map((p) => prompt(p)),
                systemIds.map(system),
                { n, temperatures: [0, 1] },
              ),
            ].map((i) => i.key);
          const keys = plan();
          expect(new Set(keys).size).toBe(promptIds.length * systemIds.length * n * 2);
          expect(plan()).toEqual(keys);
        },
      ),
    );
  });

  it("keeps ids apart that only '|' would confuse", () => {
    const a = [...planGeneration([prompt("x|y")], [system("z")], { n: 1 })][0]!.key;
    const b = [...planGeneration([prompt("x")], [system("y|z")], { n: 1 })][0]!.key;
    expect(a).not.toBe(b);
  });

  it("hashes a key that would be longer than 200 characters", () => {
    const long = [...planGeneration([prompt("p".repeat(300))], [system("a")], { n: 1 })][0]!;
    expect(long.key).toMatch(/^h:[0-9a-f]{32}$/);
    expect(itemKey(long.payload)).toBe(long.key);
  });

  it.each([
    [{ n: 0 }, "n must be a positive integer, got 0"],
    [{ n: 1, temperatures: [3] }, "a temperature must be between 0 and 2, got 3"],
    [{ n: 1, seeds: [1.5] }, "a seed must be an integer, got 1.5"],
    [{ n: 1, nc: { k: 1, sequential: false } }, "NC's k must be an integer from 2 to 16, got 1"],
  ])("refuses %j", (options, message) => {
    expect(() => [...planGeneration([prompt("p")], [system("a")], options)]).toThrow(
      new RangeError(message),
    );
  });
});

describe("dedupePrompts", () => {
  it("keeps the first prompt of an id and counts the others, and those that differ", () => {
    const out = dedupePrompts([prompt("a"), prompt("b"), prompt("a"), prompt("a", "other text")]);
    expect(out.prompts.map((p) => p.id)).toEqual(["a", "b"]);
    expect(out).toMatchObject({ duplicates: 2, conflicting: 1 });
  });
});
