import { describe, expect, it } from "vitest";
import { scorePair } from "../../../src/app/route/score-pair.js";
import { type ScoredPair, selectRoute } from "../../../src/app/route/select-route.js";
import { createRandom } from "../../../src/core/random/index.js";

/** A pair named `key` whose one judge's games are `games` (preferences for x). */
const scored = (key: string, games: number[]): ScoredPair => ({
  ...scorePair(new Map([["j", games]])),
  key,
  promptId: key,
  x: `${key}-x`,
  y: `${key}-y`,
});

// Estimates: a 0.5, b 0.25, c 0, d 0.5 (two games split), e 0.125, f 0.
const pairs = [
  scored("a", [0.5]),
  scored("b", [0.75]),
  scored("c", [1]),
  scored("d", [1, 0]),
  scored("e", [0.875]),
  scored("f", [0]),
];

describe("selectRoute", () => {
  it("routes the budget's highest estimates and counts the expected gain by hand", () => {
    const { routed, audit, expected } = selectRoute(pairs, 2, 0, createRandom(1));
    // a and d both 0.5; d has an inconsistent judge (1 against 0), so it comes first.
    expect(routed.map((p) => p.key)).toEqual(["d", "a"]);
    expect(audit).toEqual([]);
    // Routed: 0.5 + 0.5 = 1. Random: 2 × (0.5 + 0.25 + 0 + 0.5 + 0.125 + 0) / 6 = 0.4583….
    expect(expected.routed).toBe(1);
    expect(expected.random).toBeCloseTo(2 * (1.375 / 6), 12);
    expect(expected.gain).toBeCloseTo(1 - 2 * (1.375 / 6), 12);
  });

  it("draws the audit sample from the rest only, the same for the same seed", () => {
    const first = selectRoute(pairs, 2, 3, createRandom(7));
    const again = selectRoute(pairs, 2, 3, createRandom(7));
    expect(first.audit.map((p) => p.key)).toEqual(again.audit.map((p) => p.key));
    expect(first.audit).toHaveLength(3);
    for (const p of first.audit) {
      expect(["b", "c", "e", "f"]).toContain(p.key);
      // Queued among the routed pairs: under the estimate of one of them.
      expect(p.queueScore).toBe(0.5);
    }
    expect(new Set(first.audit.map((p) => p.key)).size).toBe(3);
  });

  it("draws every pair of the rest equally often (uniform sample)", () => {
    const counts = new Map<string, number>();
    const random = createRandom(3);
    const rounds = 4000;
    for (let i = 0; i < rounds; i++) {
      for (const p of selectRoute(pairs, 2, 1, random).audit) {
        counts.set(p.key, (counts.get(p.key) ?? 0) + 1);
      }
    }
    // Each of the 4 pairs left: 1000 expected, sd √(4000·¼·¾) ≈ 27; 5 sd is 137.
    for (const key of ["b", "c", "e", "f"]) {
      expect(Math.abs((counts.get(key) ?? 0) - rounds / 4)).toBeLessThan(137);
    }
  });

  it("takes what there is when the budget or the audit exceeds it", () => {
    const all = selectRoute(pairs, 10, 5, createRandom(1));
    expect(all.routed).toHaveLength(6);
    expect(all.audit).toEqual([]);
    // Routing everything gains nothing over random selection of everything.
    expect(all.expected.gain).toBeCloseTo(0, 12);
    const none = selectRoute([], 3, 2, createRandom(1));
    expect(none).toEqual({ routed: [], audit: [], expected: { routed: 0, random: 0, gain: 0 } });
  });

  it("refuses a budget below 1 or a fractional audit", () => {
    expect(() => selectRoute(pairs, 0, 0, createRandom(1))).toThrow(/budget/);
    expect(() => selectRoute(pairs, 1, 0.5, createRandom(1))).toThrow(/audit/);
  });
});
