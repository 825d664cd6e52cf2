import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { combineOrders } from "../../../src/core/judge/combine-orders.js";
import type { GameVerdict } from "../../../src/core/judge/verdict.js";
import { arenaHardBattleScores } from "../../../src/core/metrics/arena-hard-labels.js";

const v = (preference: number, strong = false): GameVerdict => ({ ok: true, preference, strong });
const fail: GameVerdict = { ok: false, reason: "no verdict label" };

describe("combineOrders, worked by hand", () => {
  // Game 1 shows A = x; game 2 shows A = y, so x's preference in game 2 is 1 − p₂.
  it("a consistent pair: x wins strongly in game 1, x wins in game 2", () => {
    const g1 = v(1, true); // A>>B, A = x
    const g2 = v(0); // B>A, B = x
    expect(combineOrders(g1, g2, "arena-hard")).toEqual({
      rule: "arena-hard",
      consistent: true,
      sides: [1, 1],
      outcomes: [
        { preference: 1, weight: 1, game: 2 },
        { preference: 1, weight: 3, game: 1 },
      ],
      failedGames: [],
    });
    expect(combineOrders(g1, g2, "mt-bench").outcomes).toEqual([
      { preference: 1, weight: 1, game: "both" },
    ]);
    expect(combineOrders(g1, g2, "both").outcomes).toEqual([
      { preference: 1, weight: 1, game: 1 },
      { preference: 1, weight: 1, game: 2 },
    ]);
  });
  it("an inconsistent pair (position bias: A wins both games)", () => {
    const g1 = v(1);
    const g2 = v(1, true);
    const ah = combineOrders(g1, g2, "arena-hard");
    expect(ah.consistent).toBe(false);
    expect(ah.sides).toEqual([1, -1]);
    // x: game 2 strong loss ×3, game 1 win → weighted mean 1/4.
    expect(ah.outcomes).toEqual([
      { preference: 0, weight: 3, game: 2 },
      { preference: 1, weight: 1, game: 1 },
    ]);
    expect(combineOrders(g1, g2, "mt-bench").outcomes).toEqual([
      { preference: 0.5, weight: 1, game: "both" },
    ]);
    expect(combineOrders(g1, g2, "arena-hard", { strongWeight: 2 }).outcomes[0]!.weight).toBe(2);
  });
  it("a tie in one game and a win in the other is inconsistent", () => {
    const r = combineOrders(v(0.5), v(0), "mt-bench");
    expect(r.consistent).toBe(false);
    expect(r.outcomes[0]!.preference).toBe(0.5);
    expect(combineOrders(v(0.5), v(0.5), "mt-bench")).toMatchObject({
      consistent: true,
      outcomes: [{ preference: 0.5 }],
    });
  });
  it("a failed game never becomes a tie: arena-hard and mt-bench drop the pair, both keeps the other game", () => {
    for (const rule of ["arena-hard", "mt-bench"] as const) {
      const r = combineOrders(v(1), fail, rule);
      expect(r).toMatchObject({ consistent: null, outcomes: [], failedGames: [2] });
    }
    expect(combineOrders(fail, v(0.25), "both")).toEqual({
      rule: "both",
      consistent: null,
      sides: [null, 1],
      outcomes: [{ preference: 0.75, weight: 1, game: 2 }],
      failedGames: [1],
    });
    expect(combineOrders(fail, fail, "both")).toMatchObject({ outcomes: [], failedGames: [1, 2] });
  });
  it("throws RangeError on a strong tie, a preference outside [0, 1] or a bad weight", () => {
    expect(() => combineOrders(v(0.5, true), v(1), "both")).toThrow(RangeError);
    expect(() => combineOrders(v(1.5), v(1), "both")).toThrow(RangeError);
    expect(() => combineOrders(v(Number.NaN), v(1), "both")).toThrow(RangeError);
    expect(() => combineOrders(v(1), v(1), "both", { strongWeight: 0 })).toThrow(RangeError);
  });
});

const LABELS: Record<string, GameVerdict> = {
  "A>>B": v(1, true),
  "A>B": v(1),
  "A=B": v(0.5),
  "A<B": v(0),
  "A<<B": v(0, true),
};

describe("combineOrders arena-hard agrees with arena-hard-auto's battle scores", () => {
  it("for every pair of labels: y's battles are 1 − x's, expanded by weight (x = baseline)", () => {
    // arena-hard game 1 shows A = baseline, B = model, scores from the model's side: our
    // x = baseline, y = model.
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(LABELS)),
        fc.constantFrom(...Object.keys(LABELS)),
        (l1, l2) => {
          const ours = combineOrders(LABELS[l1]!, LABELS[l2]!, "arena-hard").outcomes.flatMap((o) =>
            Array<number>(o.weight).fill(1 - o.preference),
          );
          expect(ours).toEqual(arenaHardBattleScores(l1, l2));
        },
      ),
    );
  });
  it("swapping x and y (and the games) mirrors every rule's outcomes", () => {
    const verdict = fc.oneof(
      fc.record({ ok: fc.constant(true as const), preference: fc.constantFrom(0, 0.25, 0.5, 1) }),
      fc.constant(fail),
    );
    fc.assert(
      fc.property(
        verdict,
        verdict,
        fc.constantFrom("arena-hard", "mt-bench", "both" as const),
        (a, b, rule) => {
          const xy = combineOrders(a, b, rule);
          const yx = combineOrders(b, a, rule);
          expect(yx.consistent).toBe(xy.consistent);
          const sum = (r: typeof xy) => r.outcomes.reduce((s, o) => s + o.weight * o.preference, 0);
          const weight = (r: typeof xy) => r.outcomes.reduce((s, o) => s + o.weight, 0);
          expect(weight(yx)).toBe(weight(xy));
          expect(sum(yx)).toBeCloseTo(weight(xy) - sum(xy), 12);
        },
      ),
    );
  });
});
