// Turns a group's sums and bootstrap replicates into the plain-data report of evaluateVerdicts.
import type { CalibrationMetrics } from "./calibration.js";
import { type BootstrapSettings, percentileInterval } from "./pattern-bootstrap.js";
import type { Estimate } from "./types.js";
import { S } from "./verdict-patterns.js";
import { STAT, STAT_COUNT, verdictStatistics } from "./verdict-statistics.js";

export interface VerdictMetrics {
  /** Comparisons counted (after any gold ties were excluded). */
  readonly n: number;
  /** Comparisons left out because their gold label is a tie ("exclude-gold-ties"), else 0. */
  readonly excludedGoldTies: number;
  readonly judgements: {
    readonly inOrder: number;
    readonly swapped: number;
    /** Comparisons judged (parsed or not) in both orders. */
    readonly bothOrders: number;
    /** Comparisons with a readable verdict in both orders: the base of position statistics. */
    readonly bothOrdersParsed: number;
    readonly unparsedInOrder: number;
    readonly unparsedSwapped: number;
  };
  /** Correct judgements over all judgements, both orders pooled (§B1). */
  readonly accuracy: Estimate | null;
  readonly accuracyInOrder: Estimate | null;
  readonly accuracySwapped: Estimate | null;
  /** (accuracyInOrder + accuracySwapped)/2; null unless both orders were judged. */
  readonly accuracyMeanOfOrders: Estimate | null;
  /** Comparisons judged correctly in both orders, over those judged in both. */
  readonly bothCorrect: Estimate | null;
  /** Unparsed judgements over all judgements. */
  readonly unparsedRate: Estimate | null;
  /** Methods.md §B10, over comparisons with readable verdicts in both orders. */
  readonly position: {
    /** Same verdict in both orders (ties must match ties). */
    readonly consistency: Estimate | null;
    /** Among inconsistent pairs: the response shown first won both times. */
    readonly firstPositionRate: Estimate | null;
    readonly secondPositionRate: Estimate | null;
    /** PB = (n_first − n_second)/N ∈ [−1, 1]. */
    readonly positionBias: Estimate | null;
    /** Among decisive judgements in either order: the response shown first won (0.5: no bias). */
    readonly firstShownWinRate: Estimate | null;
  };
  readonly classes: {
    readonly labels: readonly ["a", "b", "tie"];
    /** confusion[gold][verdict] over readable judgements (both orders). */
    readonly confusion: readonly (readonly number[])[];
    /** Unparsed judgements per gold class (they count as misses in recall). */
    readonly unparsedByGold: readonly number[];
    /** Per class a, b, tie; null for a class neither in gold nor among the verdicts. */
    readonly precision: readonly (Estimate | null)[];
    readonly recall: readonly (Estimate | null)[];
    readonly f1: readonly (Estimate | null)[];
    readonly macroPrecision: Estimate | null;
    readonly macroRecall: Estimate | null;
    readonly macroF1: Estimate | null;
  };
  /** Longer-wins rates (§B11); null when the table has no lengths. */
  readonly length: {
    readonly threshold: number;
    /** Decisive readable judgements (each order one) where the longer response won. */
    readonly judgeLongerWins: Estimate | null;
    /** Decisive gold labels where the longer response is the better one. */
    readonly goldLongerWins: Estimate | null;
  } | null;
  readonly calibration: CalibrationMetrics | null;
}

export function verdictMetrics(
  sums: Float64Array,
  samples: readonly Float64Array[],
  settings: BootstrapSettings,
  extra: {
    excludedGoldTies: number;
    lengthThreshold: number | null;
    calibration: CalibrationMetrics | null;
  },
): VerdictMetrics {
  const values = new Float64Array(STAT_COUNT);
  const denominators = new Float64Array(STAT_COUNT);
  verdictStatistics(sums, values, denominators);
  const est = (k: number): Estimate | null =>
    Number.isNaN(values[k]!)
      ? null
      : {
          value: values[k]!,
          n: denominators[k]!,
          ci: settings.rounds > 0 ? percentileInterval(samples[k]!, settings.confidence) : null,
        };
  const three = (base: number) => [est(base), est(base + 1), est(base + 2)];
  return {
    n: sums[S.n]!,
    excludedGoldTies: extra.excludedGoldTies,
    judgements: {
      inOrder: sums[S.judged1]!,
      swapped: sums[S.judged2]!,
      bothOrders: sums[S.both]!,
      bothOrdersParsed: sums[S.bothParsed]!,
      unparsedInOrder: sums[S.unparsed1]!,
      unparsedSwapped: sums[S.unparsed2]!,
    },
    accuracy: est(STAT.accuracy),
    accuracyInOrder: est(STAT.accuracyInOrder),
    accuracySwapped: est(STAT.accuracySwapped),
    accuracyMeanOfOrders: est(STAT.accuracyMeanOfOrders),
    bothCorrect: est(STAT.bothCorrect),
    unparsedRate: est(STAT.unparsedRate),
    position: {
      consistency: est(STAT.consistency),
      firstPositionRate: est(STAT.firstPositionRate),
      secondPositionRate: est(STAT.secondPositionRate),
      positionBias: est(STAT.positionBias),
      firstShownWinRate: est(STAT.firstShownWinRate),
    },
    classes: {
      labels: ["a", "b", "tie"],
      confusion: [0, 1, 2].map((g) => [0, 1, 2].map((v) => sums[S.confusion + g * 3 + v]!)),
      unparsedByGold: [0, 1, 2].map((g) => sums[S.unparsedByGold + g]!),
      precision: three(STAT.precision),
      recall: three(STAT.recall),
      f1: three(STAT.f1),
      macroPrecision: est(STAT.macroPrecision),
      macroRecall: est(STAT.macroRecall),
      macroF1: est(STAT.macroF1),
    },
    length:
      extra.lengthThreshold === null
        ? null
        : {
            threshold: extra.lengthThreshold,
            judgeLongerWins: est(STAT.judgeLongerWins),
            goldLongerWins: est(STAT.goldLongerWins),
          },
    calibration: extra.calibration,
  };
}
