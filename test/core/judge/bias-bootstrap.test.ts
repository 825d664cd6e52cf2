import { describe, expect, it } from "vitest";
import { biasBootstrap } from "../../../src/core/judge/bias-bootstrap.js";
import { biasReport, type JudgedGame } from "../../../src/core/judge/bias-report.js";
import { createRandom } from "../../../src/core/random/index.js";

/**
 * A judge whose verdict depends on the item only: right about x with probability 0.8 per item,
 * the same side in both orders. Its 2N games carry the information of N items.
 */
function itemDrivenJudge(items: number, seed: number): JudgedGame[] {
  const random = createRandom(seed);
  const games: JudgedGame[] = [];
  for (let i = 0; i < items; i++) {
    const truth = random() < 0.5 ? 1 : 0;
    const prefX = random() < 0.8 ? truth : 1 - truth;
    const lengths = [random() * 100, random() * 100] as const;
    for (const order of ["xy", "yx"] as const) {
      const firstPreference = order === "xy" ? prefX : 1 - prefX;
      games.push({ item: `i${i}`, order, firstPreference, lengths, human: truth });
    }
  }
  return games;
}

describe("biasBootstrap", () => {
  const games = itemDrivenJudge(600, 21);
  const options = { rounds: 400, seed: 7, confidence: 0.95 };
  it("widens the game-count Wilson interval by about √2 when both orders always agree", () => {
    const wilson = biasReport(games).humans!.agreement;
    const boot = biasBootstrap(games, options).agreement!;
    const ratio = (boot.upper - boot.lower) / (wilson.upper! - wilson.lower!);
    expect(ratio).toBeGreaterThan(1.2);
    expect(ratio).toBeLessThan(1.65);
    expect(boot.lower).toBeLessThanOrEqual(0.8);
    expect(boot.upper).toBeGreaterThanOrEqual(0.8);
  });
  it("gives a consistent judge a zero swap-inconsistency interval and pins outputs under a seed", () => {
    const r = biasBootstrap(games, options);
    expect(r.swapInconsistency).toMatchObject({ lower: 0, upper: 0, definedRounds: 400 });
    expect(biasBootstrap(games, options)).toEqual(r);
    expect(r.selfPreference).toBeNull(); // no families declared
  });
  it("throws RangeError on bad options", () => {
    expect(() => biasBootstrap(games, { ...options, rounds: 0 })).toThrow(RangeError);
    expect(() => biasBootstrap(games, { ...options, confidence: 1 })).toThrow(RangeError);
  });
});
