// Calibration of a judge's probability that `a` is better against the gold preference y
// (1, 0, 0.5 for a tie, fractional allowed). Brier score: mean (p − y)² (G. W. Brier, Monthly
// Weather Review 78(1), 1950). Expected calibration error over B equal-width bins of p:
// ECE = Σ_b (n_b/N)·|mean p_b − mean y_b| (Naeini, Cooper & Hauskrecht, AAAI 2015; Guo et al.,
// ICML 2017), p = 1 in the last bin. Intervals: Brier ± z·SE with the sample SD (ddof 1) of the
// squared errors (analytic; the errors vary inside any discrete cell, so a cell bootstrap would
// understate them); ECE by the pattern bootstrap over (bin, gold class) cells, each cell's
// comparisons carrying the cell's mean p and mean y (this ignores the spread of p inside a bin,
// at most one bin width).
import type { RandomSource } from "../random/random-source.js";
import { normalQuantile } from "./normal-quantile.js";
import {
  type BootstrapSettings,
  patternBootstrap,
  percentileInterval,
} from "./pattern-bootstrap.js";
import type { Estimate } from "./types.js";
import { classOf } from "./verdict-patterns.js";

export interface ReliabilityBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Mean predicted probability in the bin; null when empty. */
  readonly meanPredicted: number | null;
  /** Mean gold preference (observed frequency of `a` better) in the bin; null when empty. */
  readonly observed: number | null;
}

export interface CalibrationMetrics {
  /** Comparisons with a probability (and a gold label that is counted). */
  readonly n: number;
  readonly bins: number;
  /** Brier score; its interval is analytic (normal, SE from the squared errors), null when n < 2. */
  readonly brier: Estimate;
  /** Expected calibration error over `bins` equal-width bins; bootstrap interval. */
  readonly ece: Estimate;
  readonly reliability: readonly ReliabilityBin[];
}

/** Per-stratum sufficient statistics: cells (bin·3 + gold class) and the Brier sums. */
interface Strata {
  readonly count: Float64Array[];
  readonly sumP: Float64Array[];
  readonly sumY: Float64Array[];
  /** [sum of squared errors, sum of their squares] per stratum. */
  readonly brier: Float64Array[];
}

/**
 * Collects the calibration cells of each stratum. `stratumOf[i]` is the stratum of comparison i,
 * or -1 to leave it out; comparisons with a NaN probability are left out too.
 */
export function calibrationStrata(
  probability: Float64Array,
  gold: Float64Array,
  stratumOf: Int32Array,
  strata: number,
  bins: number,
): Strata {
  const make = () => Array.from({ length: strata }, () => new Float64Array(bins * 3));
  const out: Strata = {
    count: make(),
    sumP: make(),
    sumY: make(),
    brier: Array.from({ length: strata }, () => new Float64Array(2)),
  };
  for (let i = 0; i < probability.length; i++) {
    const p = probability[i]!;
    const s = stratumOf[i]!;
    if (s < 0 || Number.isNaN(p)) continue;
    const y = gold[i]!;
    const cell = Math.min(Math.floor(p * bins), bins - 1) * 3 + classOf(y);
    out.count[s]![cell]! += 1;
    out.sumP[s]![cell]! += p;
    out.sumY[s]![cell]! += y;
    const e = (p - y) * (p - y);
    out.brier[s]![0]! += e;
    out.brier[s]![1]! += e * e;
  }
  return out;
}

/** |Σp − Σy| per bin, summed, over N: the ECE of resampled (or original) cell counts. */
function ece(
  strata: Strata,
  members: readonly number[],
  counts: readonly Float64Array[],
  bins: number,
) {
  let total = 0;
  let gap = 0;
  for (let b = 0; b < bins; b++) {
    let p = 0;
    let y = 0;
    for (const s of members) {
      for (let c = b * 3; c < b * 3 + 3; c++) {
        const n = strata.count[s]![c]!;
        if (n === 0) continue;
        const k = counts[s]![c]!;
        total += k;
        p += (k * strata.sumP[s]![c]!) / n;
        y += (k * strata.sumY[s]![c]!) / n;
      }
    }
    gap += Math.abs(p - y);
  }
  return total > 0 ? gap / total : Number.NaN;
}

/**
 * Calibration of each group of strata (a subset is one stratum; "overall" is all of them):
 * null for a group with no probabilities.
 */
export function calibrationResults(
  strata: Strata,
  groups: readonly (readonly number[])[],
  bins: number,
  settings: BootstrapSettings,
  random: RandomSource,
): (CalibrationMetrics | null)[] {
  const samples = groups.map(() => new Float64Array(settings.rounds));
  const scratch: Float64Array[] = strata.count.map((c) => new Float64Array(c.length));
  patternBootstrap(strata.count, settings.rounds, random, (round, s, resampled) => {
    scratch[s]!.set(resampled);
    if (s < strata.count.length - 1) return;
    groups.forEach((members, g) => {
      samples[g]![round] = ece(strata, members, scratch, bins);
    });
  });
  const z = normalQuantile((1 + settings.confidence) / 2);
  return groups.map((members, g) => {
    let n = 0;
    let sumE = 0;
    let sumE2 = 0;
    for (const s of members) {
      for (const k of strata.count[s]!) n += k;
      sumE += strata.brier[s]![0]!;
      sumE2 += strata.brier[s]![1]!;
    }
    if (n === 0) return null;
    const brier = sumE / n;
    const se = n > 1 ? Math.sqrt(Math.max(0, sumE2 - sumE * brier) / (n - 1) / n) : Number.NaN;
    const reliability: ReliabilityBin[] = [];
    for (let b = 0; b < bins; b++) {
      let count = 0;
      let p = 0;
      let y = 0;
      for (const s of members) {
        for (let c = b * 3; c < b * 3 + 3; c++) {
          count += strata.count[s]![c]!;
          p += strata.sumP[s]![c]!;
          y += strata.sumY[s]![c]!;
        }
      }
      reliability.push({
        lower: b / bins,
        upper: (b + 1) / bins,
        count,
        meanPredicted: count > 0 ? p / count : null,
        observed: count > 0 ? y / count : null,
      });
    }
    const interval =
      settings.rounds > 0 ? percentileInterval(samples[g]!, settings.confidence) : null;
    return {
      n,
      bins,
      brier: {
        value: brier,
        n,
        ci: Number.isNaN(se)
          ? null
          : { lower: Math.max(0, brier - z * se), upper: Math.min(1, brier + z * se) },
      },
      ece: { value: ece(strata, members, strata.count, bins), n, ci: interval },
      reliability,
    };
  });
}
