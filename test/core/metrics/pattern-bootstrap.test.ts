import { describe, expect, it } from "vitest";
import { evaluateVerdicts } from "../../../src/core/metrics/evaluate-verdicts.js";
import {
  bootstrapSettings,
  patternBootstrap,
  percentileInterval,
} from "../../../src/core/metrics/pattern-bootstrap.js";
import {
  addPattern,
  classOf,
  NO_LONGER,
  NOT_JUDGED,
  patternCode,
  SUM_COUNT,
} from "../../../src/core/metrics/verdict-patterns.js";
import {
  STAT,
  STAT_COUNT,
  verdictStatistics,
} from "../../../src/core/metrics/verdict-statistics.js";
import { createRandom } from "../../../src/core/random/xoshiro128.js";
import { verdictTable } from "./helpers.js";

// 60 comparisons with a few distinct patterns (gold, in order, swapped).
const rows: [number, number | null, number | null][] = [];
const random = createRandom(11);
for (let i = 0; i < 60; i++) {
  const gold = random() < 0.5 ? 1 : random() < 0.8 ? 0 : 0.5;
  const v1 = random() < 0.7 ? gold : random() < 0.5 ? 1 : 0.5;
  const v2 = random() < 0.1 ? null : random() < 0.6 ? gold : 0;
  rows.push([gold, v1, v2]);
}
const WATCHED = [STAT.accuracy, STAT.consistency, STAT.macroF1, STAT.positionBias] as const;

function moments(samples: number[][]) {
  return samples.map((xs) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
    return { mean, variance };
  });
}

describe("patternBootstrap", () => {
  it("gives the same distribution as resampling comparisons naively (means and variances)", () => {
    const R = 4000;
    // Pattern bootstrap over the table's distinct patterns.
    const dense = new Float64Array(225);
    for (const [g, v1, v2] of rows) {
      dense[
        patternCode(classOf(g), classOf(v1!), v2 === null ? NOT_JUDGED : classOf(v2), NO_LONGER)
      ]! += 1;
    }
    const codes = [...dense.keys()].filter((k) => dense[k]! > 0);
    const counts = Float64Array.from(codes, (k) => dense[k]!);
    const sums = new Float64Array(SUM_COUNT);
    const stats = new Float64Array(STAT_COUNT);
    const viaPatterns: number[][] = WATCHED.map(() => []);
    patternBootstrap([counts], R, createRandom(1), (_round, _s, c) => {
      sums.fill(0);
      codes.forEach((code, k) => {
        addPattern(sums, code, c[k]!);
      });
      verdictStatistics(sums, stats);
      WATCHED.forEach((stat, j) => {
        viaPatterns[j]!.push(stats[stat]!);
      });
    });
    // Naive: draw 60 row indices with replacement, evaluate the resampled table.
    const naive: number[][] = WATCHED.map(() => []);
    const pick = createRandom(2);
    for (let r = 0; r < R; r++) {
      const idx = Array.from({ length: rows.length }, () => Math.floor(pick() * rows.length));
      const t = verdictTable({
        gold: idx.map((i) => rows[i]![0]),
        inOrder: idx.map((i) => rows[i]![1]),
        swapped: idx.map((i) => rows[i]![2]),
      });
      const o = evaluateVerdicts(t, { rounds: 0 }).overall;
      const values = [
        o.accuracy,
        o.position.consistency,
        o.classes.macroF1,
        o.position.positionBias,
      ];
      values.forEach((v, j) => {
        naive[j]!.push(v!.value);
      });
    }
    const a = moments(viaPatterns);
    const b = moments(naive);
    a.forEach((m, j) => {
      const se = Math.sqrt((m.variance + b[j]!.variance) / R);
      expect(Math.abs(m.mean - b[j]!.mean)).toBeLessThan(4 * se);
      expect(m.variance / b[j]!.variance).toBeGreaterThan(0.88);
      expect(m.variance / b[j]!.variance).toBeLessThan(1.12);
    });
  });

  it("keeps each stratum's size in every round and is reproducible under a seed", () => {
    const seen: number[] = [];
    const run = (seed: number) => {
      const out: number[] = [];
      patternBootstrap(
        [Float64Array.of(3, 0, 2), Float64Array.of(0)],
        20,
        createRandom(seed),
        (_r, s, c) => {
          seen.push(c.reduce((x, y) => x + y, 0) - (s === 0 ? 5 : 0));
          out.push(...c);
        },
      );
      return out;
    };
    expect(run(4)).toEqual(run(4));
    expect(seen.every((d) => d === 0)).toBe(true);
  });

  it("percentileInterval uses numpy's linear quantiles and skips undefined replicates", () => {
    // Values 1..5 and two NaN: 2.5% and 97.5% of [1, 2, 3, 4, 5] → 1.1 and 4.9.
    const ci = percentileInterval(Float64Array.of(5, Number.NaN, 1, 3, 2, Number.NaN, 4), 0.95);
    expect(ci!.lower).toBeCloseTo(1.1, 12);
    expect(ci!.upper).toBeCloseTo(4.9, 12);
    expect(percentileInterval(Float64Array.of(Number.NaN), 0.9)).toBeNull();
  });

  it("bootstrapSettings defaults to 1000 rounds, seed 0, 95% and refuses bad values", () => {
    expect(bootstrapSettings()).toEqual({ rounds: 1000, seed: 0, confidence: 0.95 });
    expect(() => bootstrapSettings({ rounds: 1.5 })).toThrow(RangeError);
    expect(() => bootstrapSettings({ seed: -1 })).toThrow(RangeError);
    expect(() => bootstrapSettings({ confidence: 0 })).toThrow(RangeError);
  });
});
