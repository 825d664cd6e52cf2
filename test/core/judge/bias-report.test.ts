import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { biasReport, type JudgedGame } from "../../../src/core/judge/bias-report.js";
import { createRandom } from "../../../src/core/random/index.js";
import type { RandomSource } from "../../../src/core/random/random-source.js";

/** Judge's preference for the first-shown answer given the game (x/y as shown) and the truth. */
type Judge = (
  game: {
    xFirst: boolean;
    truthX: number;
    lengths: readonly [number, number];
    families: readonly [string, string];
  },
  random: RandomSource,
) => number;

/**
 * Planted data: `items` pairs, x truly better with probability 1/2 (the human label), lengths
 * and families independent of the truth, each pair judged in both orders.
 */
function simulate(judge: Judge, items: number, seed: number): JudgedGame[] {
  const random = createRandom(seed);
  const games: JudgedGame[] = [];
  const families = ["alpha", "beta", "gamma"];
  for (let i = 0; i < items; i++) {
    const truthX = random() < 0.5 ? 1 : 0;
    const lengths = [100 + Math.floor(random() * 400), 100 + Math.floor(random() * 400)] as const;
    const fam = [families[Math.floor(random() * 3)]!, families[Math.floor(random() * 3)]!] as const;
    for (const order of ["xy", "yx"] as const) {
      const firstPreference = judge(
        { xFirst: order === "xy", truthX, lengths, families: fam },
        random,
      );
      games.push({
        item: `p${i}`,
        firstPreference,
        order,
        lengths,
        families: fam,
        judgeFamily: "alpha",
        human: truthX,
      });
    }
  }
  return games;
}

/** Turns a preference for x into one for the first-shown answer. */
const shown = (xFirst: boolean, prefX: number) => (xFirst ? prefX : 1 - prefX);
const covers = (p: { lower: number | null; upper: number | null }, value: number) => {
  expect(p.lower!).toBeLessThanOrEqual(value);
  expect(p.upper!).toBeGreaterThanOrEqual(value);
};

// Each planted test checks several intervals; at 99% the chance that a correct report misses
// one of ~5 planted values stays near 5% (at 95% it would be ~25%), so seeds need no picking.
const CONFIDENCE = 0.99;

describe("biasReport on planted judges", () => {
  it("finds a judge that always prefers position A: first-position rate 1, every pair inconsistent", () => {
    const r = biasReport(
      simulate(() => 1, 500, 1),
      CONFIDENCE,
    );
    expect(r.firstPosition.rate).toBe(1);
    expect(r.swapInconsistency).toMatchObject({ successes: 500, trials: 500, rate: 1 });
    // The humans' base rate for the first-shown answer is a half.
    covers(r.humans!.firstPosition, 0.5);
    covers(r.humans!.agreement, 0.5);
  });
  it("finds a judge that prefers the longer answer 90% of the time", () => {
    const longer: Judge = (g, random) => {
      const xLonger = g.lengths[0] > g.lengths[1];
      const prefX = g.lengths[0] === g.lengths[1] ? g.truthX : random() < 0.9 === xLonger ? 1 : 0;
      return shown(g.xFirst, prefX);
    };
    const r = biasReport(simulate(longer, 1000, 2), CONFIDENCE);
    covers(r.longerWins, 0.9);
    expect(r.longerWins.lower!).toBeGreaterThan(0.85);
    covers(r.firstPosition, 0.5);
    covers(r.humans!.longerWins, 0.5);
  });
  it("recovers a judge right 80% of the time: agreement ≈ 0.8, no position or length bias", () => {
    const right80: Judge = (g, random) => shown(g.xFirst, random() < 0.8 ? g.truthX : 1 - g.truthX);
    const r = biasReport(simulate(right80, 1000, 3), CONFIDENCE);
    covers(r.humans!.agreement, 0.8);
    expect(r.humans!.agreement.rate!).toBeCloseTo(0.8, 1);
    covers(r.firstPosition, 0.5);
    covers(r.longerWins, 0.5);
    covers(r.selfPreference, 0.5);
    // Independent errors in the two games: inconsistent with probability 2·0.8·0.2 = 0.32.
    covers(r.swapInconsistency, 0.32);
  });
  it("finds self-preference: the judge's family wins 85% of its games against others", () => {
    const selfish: Judge = (g, random) => {
      const ownX = g.families[0] === "alpha";
      const ownY = g.families[1] === "alpha";
      const prefX = ownX === ownY ? g.truthX : random() < 0.85 === ownX ? 1 : 0;
      return shown(g.xFirst, prefX);
    };
    const r = biasReport(simulate(selfish, 1500, 4), CONFIDENCE);
    covers(r.selfPreference, 0.85);
    covers(r.humans!.selfPreference, 0.5);
    covers(r.firstPosition, 0.5);
  });
  it("an unbiased coin-flip judge sits at 0.5 everywhere, its CIs covering 0.5", () => {
    const coin: Judge = (_, random) => (random() < 0.5 ? 1 : 0);
    const r = biasReport(simulate(coin, 800, 5), CONFIDENCE);
    for (const p of [r.firstPosition, r.swapInconsistency, r.longerWins, r.selfPreference]) {
      covers(p, 0.5);
    }
    covers(r.humans!.agreement, 0.5);
  });
});

describe("biasReport, worked by hand", () => {
  const base = { lengths: [10, 20] as const, judgeFamily: "a", families: ["a", "b"] as const };
  const games: JudgedGame[] = [
    // item 1: judged both ways; x (shorter, own family) wins both → consistent.
    { ...base, item: "1", order: "xy", firstPreference: 1, human: 1 },
    { ...base, item: "1", order: "yx", firstPreference: 0, human: 1 },
    // item 2: first-shown wins both → inconsistent; human says y.
    { ...base, item: "2", order: "xy", firstPreference: 1, human: 0 },
    { ...base, item: "2", order: "yx", firstPreference: 1, human: 0 },
    // item 3: a tie (left out of win rates) and a failure; human tie.
    { ...base, item: "3", order: "xy", firstPreference: 0.5, human: 0.5 },
    { ...base, item: "3", order: "yx", firstPreference: Number.NaN },
  ];
  it("counts failures and ties and gives each rate's numerator and denominator", () => {
    const r = biasReport(games);
    expect(r).toMatchObject({ games: 6, failed: 1, ties: 1 });
    // Decisive games: 4. First-shown wins in games 1, 3, 4 → 3/4.
    expect(r.firstPosition).toMatchObject({ successes: 3, trials: 4 });
    // Items with both orders parsed: 1 and 2; item 2 inconsistent → 1/2.
    expect(r.swapInconsistency).toMatchObject({ successes: 1, trials: 2 });
    // x is shorter and own family; x wins games 1, 2, 3 and loses game 4.
    expect(r.longerWins).toMatchObject({ successes: 1, trials: 4 });
    expect(r.selfPreference).toMatchObject({ successes: 3, trials: 4 });
    // Humans: 5 labelled games of 3 items; base rates count each item once. Decisive: items 1
    // (x) and 2 (y), each judged in both orders, so first-shown is truly better in half of each
    // item's orders → (½ + ½)/2; the longer y truly better in item 2 → 1/2. Agreement over 5 games with
    // both: games 1, 2, 4 and 5 (tie = tie) agree, game 3 (x vs y) does not → 4/5.
    expect(r.humans).toMatchObject({
      games: 5,
      items: 3,
      firstPosition: { successes: 1, trials: 2 },
      longerWins: { successes: 1, trials: 2 },
      selfPreference: { successes: 1, trials: 2 },
      agreement: { successes: 4, trials: 5 },
    });
  });
  it("counts the humans' first-shown rate over the orders the judge saw", () => {
    const g = (item: string, order: "xy" | "yx", human: number, firstPreference = 1) => ({
      ...base,
      item,
      order,
      firstPreference,
      human,
    });
    // The smaller id (x) is truly better on every pair. Shown both ways, first-shown is truly
    // better in half the orders: ½ by construction (counting only the xy game said 1).
    const both = biasReport([g("1", "xy", 1), g("1", "yx", 1), g("2", "yx", 1), g("2", "xy", 1)]);
    expect(both.humans!.firstPosition).toMatchObject({ successes: 1, trials: 2, rate: 0.5 });
    // One order a pair, as a seeded coin would show them: y first on items 1 and 2, x first on
    // 3. The human's choice was shown first on item 3 only → 1/3 (counting x first said 3/3).
    const one = biasReport([g("1", "yx", 1), g("2", "yx", 1), g("3", "xy", 1)]);
    expect(one.humans!.firstPosition).toMatchObject({ successes: 1, trials: 3 });
    // A failed order was not seen: item 1's xy game failed, so only its yx order counts (y first,
    // x better: 0); item 2's both orders count (½); item 3's label is a tie (no side).
    const failed = biasReport([
      g("1", "xy", 1, Number.NaN),
      g("1", "yx", 1),
      g("2", "xy", 0),
      g("2", "yx", 0),
      g("3", "xy", 0.5),
    ]);
    expect(failed.humans!.firstPosition).toMatchObject({ successes: 0.5, trials: 2 });
    expect(failed.humans!.items).toBe(3);
  });
  it("gives null rates, never NaN, on no games, and no human section without labels", () => {
    const r = biasReport([]);
    expect(r.firstPosition.rate).toBeNull();
    expect(r.swapInconsistency.rate).toBeNull();
    expect(r.humans).toBeNull();
    const { human: _, ...unlabelled } = games[0]!;
    expect(biasReport([unlabelled]).humans).toBeNull();
  });
  it("throws RangeError on a preference or human label outside [0, 1]", () => {
    expect(() => biasReport([{ ...games[0]!, firstPreference: 2 }])).toThrow(RangeError);
    expect(() => biasReport([{ ...games[0]!, human: -1 }])).toThrow(RangeError);
  });
});

describe("biasReport properties", () => {
  const game = fc.record({
    item: fc.constantFrom("a", "b", "c", "d"),
    firstPreference: fc.constantFrom(0, 0.25, 0.5, 1, Number.NaN),
    order: fc.constantFrom("xy" as const, "yx" as const),
    lengths: fc.tuple(fc.nat(5), fc.nat(5)),
    families: fc.tuple(fc.constantFrom("f", "g"), fc.constantFrom("f", "g")),
    judgeFamily: fc.constant("f"),
    human: fc.constantFrom(0, 0.5, 1),
  });
  it("does not depend on which answer is called x: relabelling x ↔ y changes no rate", () => {
    fc.assert(
      fc.property(fc.array(game, { maxLength: 30 }), (games) => {
        const swapped: JudgedGame[] = games.map((g) => ({
          ...g,
          order: g.order === "xy" ? "yx" : "xy",
          lengths: [g.lengths[1], g.lengths[0]],
          families: [g.families[1], g.families[0]],
          human: 1 - g.human,
        }));
        expect(biasReport(swapped)).toEqual(biasReport(games));
      }),
    );
  });
  it("keeps every rate inside its interval and inside [0, 1]", () => {
    fc.assert(
      fc.property(fc.array(game, { maxLength: 30 }), (games) => {
        const r = biasReport(games);
        const rates = [r.firstPosition, r.swapInconsistency, r.longerWins, r.selfPreference];
        if (r.humans) rates.push(r.humans.firstPosition, r.humans.agreement, r.humans.longerWins);
        for (const p of rates) {
          if (p.rate === null) continue;
          expect(p.lower!).toBeGreaterThanOrEqual(0);
          expect(p.lower!).toBeLessThanOrEqual(p.rate + 1e-12);
          expect(p.upper!).toBeGreaterThanOrEqual(p.rate - 1e-12);
          expect(p.upper!).toBeLessThanOrEqual(1);
        }
      }),
    );
  });
});
