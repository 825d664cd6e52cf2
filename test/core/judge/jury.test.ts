import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { juryMajority, juryMean, juryWeighted } from "../../../src/core/judge/jury.js";
import { judgeAccuracy, juryWeights } from "../../../src/core/judge/jury-weights.js";
import { createRandom } from "../../../src/core/random/index.js";

describe("juryMajority", () => {
  it("takes the most frequent side and keeps every judge's verdict", () => {
    const r = juryMajority([
      [1, 0, 1, Number.NaN],
      [1, 0.5, 0, Number.NaN],
      [0.75, 0.5, 0.5, Number.NaN],
    ]);
    expect(r.items.map((i) => i.outcome)).toEqual([1, 0.5, 0.5, null]);
    expect(r.items[0]!.verdicts).toEqual([1, 1, 0.75]);
    expect(r.items.map((i) => i.voters)).toEqual([3, 3, 3, 0]);
    // Item 2 is a three-way split: a tie by the default rule; item 3 has no voter.
    expect(r).toMatchObject({ ties: 1, undecided: 1 });
  });
  it('leaves a tied top without an outcome under "unresolved"', () => {
    const r = juryMajority([[1], [0]], "unresolved");
    expect(r.items[0]!.outcome).toBeNull();
    expect(r).toMatchObject({ ties: 1, undecided: 1 });
  });
  it("throws RangeError on an empty jury, ragged verdicts or a preference outside [0, 1]", () => {
    expect(() => juryMajority([])).toThrow(RangeError);
    expect(() => juryMajority([[1], [1, 0]])).toThrow(RangeError);
    expect(() => juryMajority([[2]])).toThrow(RangeError);
  });
});

describe("juryMean", () => {
  it("averages the judges' scores, leaving out missing ones", () => {
    const r = juryMean([
      [8, 2, Number.NaN],
      [6, Number.NaN, Number.NaN],
    ]);
    expect(r.items.map((i) => i.outcome)).toEqual([7, 2, null]);
    expect(r.undecided).toBe(1);
    expect(() => juryMean([[Number.POSITIVE_INFINITY]])).toThrow(RangeError);
  });
});

describe("judgeAccuracy", () => {
  it("counts same-side verdicts over items where both the judge and the human named a side", () => {
    // Item 0 right, 1 wrong, 2 a tie from both (left out), 3 no verdict, 4 no label, 5 a judge's
    // tie (left out), 6 a human tie (left out), 7 right (0.8 and 0.9 are both x).
    expect(
      judgeAccuracy(
        [1, 0, 0.5, Number.NaN, 0.8, 0.5, 1, 0.8],
        [1, 1, 0.5, 1, Number.NaN, 0, 0.5, 0.9],
      ),
    ).toEqual({ correct: 2, total: 3 });
    expect(() => judgeAccuracy([1], [])).toThrow(RangeError);
  });
  it("does not count a cautious judge's ties as errors", () => {
    // Right on all 4 decisive votes, a tie on 6: accuracy 4/4, not 4/10.
    const verdicts = [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    expect(
      judgeAccuracy(
        verdicts,
        verdicts.map(() => 1),
      ),
    ).toEqual({ correct: 4, total: 4 });
  });
});

describe("juryWeights and juryWeighted", () => {
  it("gives log-odds of the add-one-smoothed accuracy", () => {
    const w = juryWeights([
      { correct: 8, total: 8 },
      { correct: 5, total: 10 },
      { correct: 0, total: 0 },
      { correct: 1, total: 10 },
    ]);
    expect(w[0]).toBeCloseTo(Math.log(9), 12);
    expect(w[1]).toBe(0);
    expect(w[2]).toBe(0);
    expect(w[3]).toBe(0); // below chance: left out, not read reversed
    expect(Object.is(w[1], 0)).toBe(true); // exactly chance: +0, not −0
    expect(() => juryWeights([{ correct: 3, total: 2 }])).toThrow(RangeError);
  });
  it("never gives a negative weight, whatever the accuracy", () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(50), (a, b) => {
        const total = a + b;
        const [w] = juryWeights([{ correct: a, total }]);
        expect(w).toBeGreaterThanOrEqual(0);
        // Positive exactly when the judge beats chance.
        expect(w! > 0).toBe(a > b);
      }),
    );
  });
  it("a cautious judge that is always right keeps the side two right judges agree on", () => {
    // Humans prefer x on 10 items. A: x on 4, a tie on 6. B: x on 6, y on 4.
    const human = Array.from({ length: 10 }, () => 1);
    const a = [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    const b = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0];
    const w = juryWeights([judgeAccuracy(a, human), judgeAccuracy(b, human)]);
    // A: 4/4 → a = 5/6, w = ln 5. B: 6/10 → a = 7/12, w = ln 1.4. (Ties counted as errors gave A
    // ln(5/7) = −ln 1.4, and the two cancelled: a tie where both said x.)
    expect(w[0]).toBeCloseTo(Math.log(5), 12);
    expect(w[1]).toBeCloseTo(Math.log(1.4), 12);
    expect(juryWeighted([[1], [1]], w).items[0]!.outcome).toBe(1);
  });
  it("follows one strong judge against two weak ones, and ties at a zero score", () => {
    const r = juryWeighted(
      [
        [1, 1, 0.5],
        [0, 0, 1],
        [0, 0.5, 0],
      ],
      [2, 1, 1],
    );
    // Item 1: 2 − 1 − 1 = 0 → tie. Item 2: 2 − 1 + 0 = 1 → x. Item 3: 0 + 1 − 1 = 0 → tie.
    expect(r.items.map((i) => i.outcome)).toEqual([0.5, 1, 0.5]);
    expect(r).toMatchObject({ method: "weighted", ties: 2, weights: [2, 1, 1] });
    expect(() => juryWeighted([[1]], [1, 2])).toThrow(RangeError);
    expect(() => juryWeighted([[1]], [Number.NaN])).toThrow(RangeError);
  });
  it("beats majority when one accurate judge faces two noisy ones (planted)", () => {
    // Judges right with probability 0.9, 0.6, 0.6, independently. Majority is right with
    // probability 0.9·(0.6² + 2·0.6·0.4) + 0.1·0.6² = 0.792; with weights ln 9 > 2·ln 1.5 the
    // weighted vote follows the accurate judge: 0.9.
    const random = createRandom(14);
    const accuracy = [0.9, 0.6, 0.6];
    const draw = (n: number) => {
      const truth = Array.from({ length: n }, () => (random() < 0.5 ? 1 : 0));
      const verdicts = accuracy.map((a) => truth.map((t) => (random() < a ? t : 1 - t)));
      return { truth, verdicts };
    };
    // Weights measured against humans on a calibration set of 300 items.
    const calibration = draw(300);
    const weights = juryWeights(
      calibration.verdicts.map((v) => judgeAccuracy(v, calibration.truth)),
    );
    const test = draw(4000);
    const accuracyOf = (outcomes: (number | null)[]) =>
      outcomes.filter((o, i) => o === test.truth[i]).length / test.truth.length;
    const majority = accuracyOf(juryMajority(test.verdicts).items.map((i) => i.outcome));
    const weighted = accuracyOf(juryWeighted(test.verdicts, weights).items.map((i) => i.outcome));
    expect(majority).toBeCloseTo(0.792, 1);
    expect(weighted).toBeCloseTo(0.9, 1);
    expect(weighted - majority).toBeGreaterThan(0.07);
  });
});
