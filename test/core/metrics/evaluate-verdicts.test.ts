import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateVerdicts } from "../../../src/core/metrics/evaluate-verdicts.js";
import type { VerdictTable } from "../../../src/core/metrics/types.js";
import { verdictTable } from "./helpers.js";

// Six comparisons worked by hand (a = 1, b = 0, tie = 0.5; null = no verdict):
//  row gold in-order swapped  lengths (a/b)  subset   probability
//   0   1     1       1       100/50  a     chat     0.9
//   1   1     1       0        50/100 b     chat     0.65
//   2   0     1       0        80/80  -     code     0.3
//   3  0.5   0.5      0        10/20  b     code     0.5
//   4   0   unparsed  0        30/10  a     chat     null
//   5   1     0     (none)    null    -     (none)   0.05
const TABLE = verdictTable({
  gold: [1, 1, 0, 0.5, 0, 1],
  inOrder: [1, 1, 1, 0.5, null, 0],
  swapped: [1, 0, 0, 0, 0, null],
  unparsed: [0, 0, 0, 0, 1, 0],
  subset: [0, 0, 1, 1, 0, -1],
  subsetNames: ["chat", "code"],
  lengthA: [100, 50, 80, 10, 30, null],
  lengthB: [50, 100, 80, 20, 10, 40],
  probability: [0.9, 0.65, 0.3, 0.5, null, 0.05],
});

describe("evaluateVerdicts on a table worked by hand", () => {
  const e = evaluateVerdicts(TABLE, { rounds: 0 });
  const o = e.overall;

  it("counts judgements per order, unparsed ones included", () => {
    expect(o.n).toBe(6);
    expect(o.judgements).toEqual({
      inOrder: 6,
      swapped: 5,
      bothOrders: 5,
      bothOrdersParsed: 4,
      unparsedInOrder: 1,
      unparsedSwapped: 0,
    });
  });

  it("gives accuracy per order and pooled (unparsed is wrong, a tie must match a tie)", () => {
    // In order: rows 0, 1, 3 right of 6. Swapped: rows 0, 2, 4 right of 5.
    expect(o.accuracyInOrder?.value).toBe(3 / 6);
    expect(o.accuracySwapped?.value).toBe(3 / 5);
    expect(o.accuracy).toEqual({ value: 6 / 11, n: 11, ci: null });
    expect(o.accuracyMeanOfOrders?.value).toBeCloseTo((0.5 + 0.6) / 2, 15);
    // Judged in both orders: rows 0-4; right both times: row 0.
    expect(o.bothCorrect?.value).toBe(1 / 5);
    expect(o.unparsedRate?.value).toBe(1 / 11);
  });

  it("gives position consistency, first/second-position rates and PB (§B10)", () => {
    // Both orders readable: rows 0-3. Consistent: row 0. Inconsistent: 1 (a, b: first shown
    // won twice), 2 (a, b: first), 3 (tie, b: neither).
    expect(o.position.consistency?.value).toBe(1 / 4);
    expect(o.position.firstPositionRate?.value).toBe(2 / 3);
    expect(o.position.secondPositionRate?.value).toBe(0);
    expect(o.position.positionBias?.value).toBe((2 - 0) / 4);
    // Decisive judgements: in order rows 0, 1, 2 (a: shown first) and 5 (b); swapped rows
    // 0 (a), 1-4 (b: shown first) → 7 of 9 won by the response shown first.
    expect(o.position.firstShownWinRate?.value).toBe(7 / 9);
  });

  it("gives the confusion matrix and macro precision/recall/F1 over a, b, tie", () => {
    expect(o.classes.confusion).toEqual([
      [3, 2, 0],
      [1, 2, 0],
      [0, 1, 1],
    ]);
    expect(o.classes.unparsedByGold).toEqual([0, 1, 0]);
    // precision a = 3/4, b = 2/5, tie = 1/1; recall a = 3/5, b = 2/(3 + 1 unparsed), tie = 1/2.
    expect(o.classes.precision.map((x) => x?.value)).toEqual([0.75, 0.4, 1]);
    expect(o.classes.recall.map((x) => x?.value)).toEqual([0.6, 0.5, 0.5]);
    const f1 = o.classes.f1.map((x) => x?.value ?? Number.NaN);
    expect(f1[0]).toBeCloseTo(2 / 3, 15);
    expect(f1[1]).toBeCloseTo(4 / 9, 15);
    expect(f1[2]).toBeCloseTo(2 / 3, 15);
    expect(o.classes.macroPrecision?.value).toBeCloseTo(2.15 / 3, 15);
    expect(o.classes.macroRecall?.value).toBeCloseTo(1.6 / 3, 15);
    expect(o.classes.macroF1?.value).toBeCloseTo(16 / 27, 15);
  });

  it("gives longer-wins rates for the judge and for gold (§B11)", () => {
    // Longer: row 0 a, 1 b, 3 b, 4 a (rows 2 equal, 5 unknown). Judge decisive judgements:
    // row 0 a, a (2 wins), row 1 a, b (1 win), row 3 b (win), row 4 b (loss) → 4 of 6.
    // Gold decisive: row 0 a (win), row 1 a (loss), row 4 b (loss) → 1 of 3.
    expect(o.length?.judgeLongerWins?.value).toBe(4 / 6);
    expect(o.length?.goldLongerWins?.value).toBe(1 / 3);
  });

  it("gives Brier, ECE and reliability bins when probabilities exist", () => {
    // Squared errors 0.01, 0.1225, 0.09, 0, 0.9025 (row 4 has none) → Brier 1.125/5; one
    // comparison per bin, so ECE = Σ|p − y|/5 = (0.1 + 0.35 + 0.3 + 0 + 0.95)/5.
    const c = o.calibration!;
    expect(c.n).toBe(5);
    expect(c.brier.value).toBeCloseTo(0.225, 15);
    expect(c.ece.value).toBeCloseTo(0.34, 15);
    expect(c.reliability.map((b) => b.count)).toEqual([1, 0, 0, 1, 0, 1, 1, 0, 0, 1]);
    expect(c.reliability[1]).toEqual({
      lower: 0.1,
      upper: 0.2,
      count: 0,
      meanPredicted: null,
      observed: null,
    });
    expect(c.reliability[9]?.meanPredicted).toBe(0.9);
  });

  it("reports each subset on its own; comparisons without a subset count overall only", () => {
    expect(e.subsets.map((s) => [s.subset, s.n])).toEqual([
      ["chat", 3],
      ["code", 2],
    ]);
    expect(e.subsets[0]?.accuracy?.value).toBe(4 / 6);
    expect(e.subsets[1]?.accuracy?.value).toBe(2 / 4);
  });

  it("leaves gold ties out with exclude-gold-ties and counts them", () => {
    const x = evaluateVerdicts(TABLE, { rounds: 0, ties: "exclude-gold-ties" });
    expect(x.overall.n).toBe(5);
    expect(x.overall.excludedGoldTies).toBe(1);
    expect(x.subsets[1]?.excludedGoldTies).toBe(1);
    // In order right: rows 0, 1 of 5; swapped: rows 0, 2, 4 of 4.
    expect(x.overall.accuracy?.value).toBe(5 / 9);
  });

  it("pins bootstrap intervals under a seed, and they contain the estimate here", () => {
    const a = evaluateVerdicts(TABLE, { rounds: 200, seed: 7 });
    const b = evaluateVerdicts(TABLE, { rounds: 200, seed: 7 });
    expect(a).toEqual(b);
    const acc = a.overall.accuracy!;
    expect(acc.ci!.lower).toBeLessThan(acc.value);
    expect(acc.ci!.upper).toBeGreaterThan(acc.value);
    expect(evaluateVerdicts(TABLE, { rounds: 200, seed: 8 }).overall.accuracy).not.toEqual(acc);
  });
});

describe("evaluateVerdicts on degenerate input", () => {
  it("gives n = 0 and nulls for an empty table, never NaN", () => {
    const e = evaluateVerdicts(
      verdictTable({ gold: [], inOrder: [], swapped: [], subsetNames: ["x"] }),
      {
        rounds: 50,
      },
    );
    expect(e.overall.n).toBe(0);
    expect(e.overall.accuracy).toBeNull();
    expect(e.overall.classes.macroF1).toBeNull();
    expect(e.overall.length).toBeNull();
    expect(e.overall.calibration).toBeNull();
    expect(e.subsets[0]?.accuracy).toBeNull();
    expect(JSON.stringify(e)).not.toMatch(/NaN|null,"n":NaN/);
  });

  it("handles a subset with one comparison (its interval collapses to the point)", () => {
    const e = evaluateVerdicts(
      verdictTable({
        gold: [1, 0, 1],
        inOrder: [1, 0, 0],
        swapped: [1, 0, 1],
        subset: [0, 1, 1],
        subsetNames: ["one", "two"],
      }),
      { rounds: 100, seed: 1 },
    );
    expect(e.subsets[0]?.accuracy).toEqual({ value: 1, n: 2, ci: { lower: 1, upper: 1 } });
  });

  it("handles all ties: accuracy defined, position bias 0, no decisive judgement", () => {
    const e = evaluateVerdicts(
      verdictTable({ gold: [0.5, 0.5], inOrder: [0.5, 0.5], swapped: [0.5, 0.5] }),
      {
        rounds: 20,
      },
    );
    expect(e.overall.accuracy?.value).toBe(1);
    expect(e.overall.position.consistency?.value).toBe(1);
    expect(e.overall.position.positionBias?.value).toBe(0);
    expect(e.overall.position.firstPositionRate).toBeNull();
    expect(e.overall.position.firstShownWinRate).toBeNull();
    const x = evaluateVerdicts(
      verdictTable({ gold: [0.5, 0.5], inOrder: [0.5, 0.5], swapped: [0.5, 0.5] }),
      {
        rounds: 20,
        ties: "exclude-gold-ties",
      },
    );
    expect(x.overall.n).toBe(0);
    expect(x.overall.accuracy).toBeNull();
  });

  it("judged in one order only: counts for that order and overall, not for position statistics", () => {
    const e = evaluateVerdicts(
      verdictTable({ gold: [1, 0], inOrder: [1, 1], swapped: [null, null] }),
      { rounds: 0 },
    );
    expect(e.overall.accuracy?.value).toBe(0.5);
    expect(e.overall.accuracyInOrder?.value).toBe(0.5);
    expect(e.overall.accuracySwapped).toBeNull();
    expect(e.overall.accuracyMeanOfOrders).toBeNull();
    expect(e.overall.position.consistency).toBeNull();
    expect(e.overall.bothCorrect).toBeNull();
  });

  it("refuses malformed tables and options with a RangeError", () => {
    const ok = { gold: [1], inOrder: [1], swapped: [0] };
    expect(() => evaluateVerdicts(verdictTable({ ...ok, gold: [2] }))).toThrow(
      /gold\[0\] must be in \[0, 1\]/,
    );
    expect(() => evaluateVerdicts(verdictTable({ ...ok, unparsed: [1] }))).toThrow(
      /flagged unparsed/,
    );
    expect(() => evaluateVerdicts(verdictTable({ ...ok, subset: [3] }))).toThrow(/subset\[0\]/);
    expect(() => evaluateVerdicts(verdictTable(ok), { rounds: -1 })).toThrow(RangeError);
    expect(() => evaluateVerdicts(verdictTable(ok), { confidence: 1 })).toThrow(RangeError);
    expect(() => evaluateVerdicts(verdictTable(ok), { calibrationBins: 0 })).toThrow(RangeError);
    const t = verdictTable(ok);
    expect(() => evaluateVerdicts({ ...t, lengthA: Float64Array.of(1) })).toThrow(/together/);
  });
});

// Random small tables for the properties.
const preference = fc.constantFrom(1, 0, 0.5, 0.7, Number.NaN);
const tableArb = fc
  .array(fc.tuple(fc.constantFrom(1, 0, 0.5), preference, preference, fc.nat(3)), {
    minLength: 1,
    maxLength: 40,
  })
  .map((rows) =>
    verdictTable({
      gold: rows.map((r) => r[0]),
      inOrder: rows.map((r) => r[1]),
      swapped: rows.map((r) => r[2]),
      lengthA: rows.map((r) => r[3] * 10),
      lengthB: rows.map(() => 15),
    }),
  );

/** The same comparisons with a and b exchanged everywhere. */
function swapSides(t: VerdictTable): VerdictTable {
  const flip = (a: Float64Array) => a.map((x) => 1 - x);
  return {
    ...t,
    gold: flip(t.gold),
    shownInOrder: flip(t.shownSwapped),
    shownSwapped: flip(t.shownInOrder),
    unparsed: t.unparsed.map((u) => ((u & 1) << 1) | ((u & 2) >> 1)),
    ...(t.lengthA ? { lengthA: t.lengthB!, lengthB: t.lengthA } : {}),
  };
}

describe("evaluateVerdicts properties", () => {
  it("exchanging a and b everywhere (gold flipped) leaves accuracy, consistency and PB unchanged", () => {
    fc.assert(
      fc.property(tableArb, (t) => {
        const a = evaluateVerdicts(t, { rounds: 0 }).overall;
        const b = evaluateVerdicts(swapSides(t), { rounds: 0 }).overall;
        expect(b.accuracy).toEqual(a.accuracy);
        expect(b.accuracyInOrder).toEqual(a.accuracySwapped);
        expect(b.position.consistency).toEqual(a.position.consistency);
        expect(b.position.positionBias).toEqual(a.position.positionBias);
        if (a.classes.macroF1 === null) expect(b.classes.macroF1).toBeNull();
        else expect(b.classes.macroF1?.value).toBeCloseTo(a.classes.macroF1.value, 12);
        expect(b.length).toEqual(a.length);
      }),
    );
  });

  it("positional agreement is symmetric in the two orders, and PB changes sign", () => {
    fc.assert(
      fc.property(tableArb, (t) => {
        const a = evaluateVerdicts(t, { rounds: 0 }).overall.position;
        const b = evaluateVerdicts(
          { ...t, shownInOrder: t.shownSwapped, shownSwapped: t.shownInOrder },
          { rounds: 0 },
        ).overall.position;
        expect(b.consistency).toEqual(a.consistency);
        expect(b.positionBias?.value ?? null).toBe(
          a.positionBias === null ? null : -a.positionBias.value + 0,
        );
        expect(b.firstPositionRate).toEqual(a.secondPositionRate);
      }),
    );
  });

  it("a perfect judge has accuracy 1, consistency 1, PB 0 and macro F1 1", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(1, 0, 0.5, 0.9), { minLength: 1, maxLength: 30 }),
        (gold) => {
          const o = evaluateVerdicts(verdictTable({ gold, inOrder: gold, swapped: gold }), {
            rounds: 0,
          }).overall;
          expect(o.accuracy?.value).toBe(1);
          expect(o.position.consistency?.value).toBe(1);
          expect(o.position.positionBias?.value).toBe(0);
          expect(o.classes.macroF1?.value).toBe(1);
        },
      ),
    );
  });

  it("every output number is finite, whatever the table", () => {
    fc.assert(
      fc.property(tableArb, fc.boolean(), (t, exclude) => {
        const e = evaluateVerdicts(t, {
          rounds: 5,
          ties: exclude ? "exclude-gold-ties" : "count-as-class",
        });
        JSON.stringify(e, (_k, v) => {
          if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
          return v;
        });
      }),
      { numRuns: 50 },
    );
  });
});
