// Judge evaluation against gold labels: accuracy per order (methods.md §B1), position bias
// (§B10), three-class agreement, length bias (§B11) and calibration, overall and per subset,
// each with a percentile-bootstrap interval over comparisons, stratified by subset (a resample
// keeps every subset's size). The bootstrap draws multinomial counts of distinct patterns
// (./pattern-bootstrap.ts), so 1M comparisons × 1000 rounds cost O(n + rounds · patterns).

import { streamSeed } from "../random/stream-seed.js";
import { createRandom } from "../random/xoshiro128.js";
import { calibrationResults, calibrationStrata } from "./calibration.js";
import { checkVerdictTable } from "./check-verdict-table.js";
import { bootstrapSettings, patternBootstrap } from "./pattern-bootstrap.js";
import type { BootstrapOptions, GoldTieHandling, VerdictTable } from "./types.js";
import { type VerdictMetrics, verdictMetrics } from "./verdict-metrics.js";
import {
  addPattern,
  CLASS_TIE,
  classOf,
  NO_LONGER,
  NOT_JUDGED,
  PATTERN_COUNT,
  patternCode,
  SUM_COUNT,
  UNPARSED,
} from "./verdict-patterns.js";
import { STAT_COUNT, verdictStatistics } from "./verdict-statistics.js";

export interface EvaluateVerdictsOptions extends BootstrapOptions {
  /** Default "count-as-class": a gold tie is a third class a verdict must match. */
  readonly ties?: GoldTieHandling;
  /** A response is "longer" when it has more than this many characters more; default 0. */
  readonly lengthThreshold?: number;
  /** Equal-width bins of the judge's probability for ECE and the reliability plot; default 10. */
  readonly calibrationBins?: number;
}

export interface VerdictEvaluation {
  readonly settings: {
    readonly rounds: number;
    readonly seed: number;
    readonly confidence: number;
    readonly ties: GoldTieHandling;
    readonly lengthThreshold: number;
    readonly calibrationBins: number;
  };
  readonly overall: VerdictMetrics;
  /** One entry per name in `subsetNames`, in that order (n = 0 when it has no comparisons). */
  readonly subsets: readonly (VerdictMetrics & { readonly subset: string })[];
}

const verdictCode = (value: number, flag: number): number =>
  Number.isNaN(value) ? (flag ? UNPARSED : NOT_JUDGED) : classOf(value);

/**
 * Evaluates one judge's verdicts against gold. A comparison judged in one order only counts
 * for that order's accuracy and the pooled `accuracy`, not for both-order statistics
 * (`bothCorrect`, position consistency and bias). An unparsed answer is a wrong judgement in
 * accuracy, recall and `unparsedRate`, and is left out of position and length statistics.
 * Every undefined statistic (empty denominator) is null; an empty table gives n = 0 and nulls.
 *
 * @example
 * const e = evaluateVerdicts(table, { rounds: 1000, seed: 1 });
 * e.overall.accuracy?.value; e.subsets[0]?.position.consistency?.ci?.lower;
 * @throws RangeError on a malformed table (see `checkVerdictTable`) or bad options.
 * Complexity: O(n + rounds · (subsets + 1) · 225).
 */
export function evaluateVerdicts(
  table: VerdictTable,
  options: EvaluateVerdictsOptions = {},
): VerdictEvaluation {
  const settings = bootstrapSettings(options);
  const ties = options.ties ?? "count-as-class";
  const threshold = options.lengthThreshold ?? 0;
  const bins = options.calibrationBins ?? 10;
  if (ties !== "count-as-class" && ties !== "exclude-gold-ties") {
    throw new RangeError(`ties must be "count-as-class" or "exclude-gold-ties", got ${ties}`);
  }
  if (!(threshold >= 0 && threshold < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`lengthThreshold must be finite and >= 0, got ${threshold}`);
  }
  if (!Number.isSafeInteger(bins) || bins < 1) {
    throw new RangeError(`calibrationBins must be an integer >= 1, got ${bins}`);
  }
  checkVerdictTable(table);

  // Strata: one per subset, then one for comparisons without a subset (overall only).
  const subsets = table.subsetNames.length;
  const strata = subsets + 1;
  const dense = Array.from({ length: strata }, () => new Float64Array(PATTERN_COUNT));
  const excluded = new Float64Array(strata);
  const stratumOf = new Int32Array(table.n);
  const { lengthA, lengthB } = table;
  for (let i = 0; i < table.n; i++) {
    const s = table.subset[i]! < 0 ? subsets : table.subset[i]!;
    const gold = classOf(table.gold[i]!);
    if (gold === CLASS_TIE && ties === "exclude-gold-ties") {
      excluded[s]! += 1;
      stratumOf[i] = -1;
      continue;
    }
    stratumOf[i] = s;
    const flags = table.unparsed[i]!;
    let longer = NO_LONGER;
    if (lengthA && lengthB) {
      const d = lengthA[i]! - lengthB[i]!;
      longer = d > threshold ? 0 : -d > threshold ? 1 : NO_LONGER; // NaN: neither
    }
    const code = patternCode(
      gold,
      verdictCode(table.shownInOrder[i]!, flags & 1),
      verdictCode(table.shownSwapped[i]!, flags & 2),
      longer,
    );
    dense[s]![code]! += 1;
  }
  const codes = dense.map((d) => Int32Array.from(d.keys()).filter((k) => d[k]! > 0));
  const counts = dense.map((d, s) => Float64Array.from(codes[s]!, (k) => d[k]!));

  // Bootstrap: per round, each stratum's resampled sums; a subset's statistics come from its
  // own sums, the overall ones from their total.
  const groups = strata; // subsets 0..S-1, then "overall" at index S
  const samples = Array.from({ length: groups }, () =>
    Array.from({ length: STAT_COUNT }, () => new Float64Array(settings.rounds)),
  );
  const stratumSums = Array.from({ length: strata }, () => new Float64Array(SUM_COUNT));
  const total = new Float64Array(SUM_COUNT);
  const stats = new Float64Array(STAT_COUNT);
  const record = (group: number, round: number) => {
    for (let k = 0; k < STAT_COUNT; k++) samples[group]![k]![round] = stats[k]!;
  };
  const random = createRandom(streamSeed(settings.seed, 0));
  patternBootstrap(counts, settings.rounds, random, (round, s, resampled) => {
    const sums = stratumSums[s]!.fill(0);
    const list = codes[s]!;
    for (let k = 0; k < list.length; k++) addPattern(sums, list[k]!, resampled[k]!);
    if (s < subsets) {
      verdictStatistics(sums, stats);
      record(s, round);
      return;
    }
    total.fill(0);
    for (const part of stratumSums) for (let k = 0; k < SUM_COUNT; k++) total[k]! += part[k]!;
    verdictStatistics(total, stats);
    record(subsets, round);
  });

  // Point estimates from the original counts.
  const pointSums = counts.map((c, s) => {
    const sums = new Float64Array(SUM_COUNT);
    codes[s]!.forEach((code, k) => {
      addPattern(sums, code, c[k]!);
    });
    return sums;
  });
  const overallSums = new Float64Array(SUM_COUNT);
  for (const part of pointSums) for (let k = 0; k < SUM_COUNT; k++) overallSums[k]! += part[k]!;

  const members = [...Array.from({ length: subsets }, (_, s) => [s]), [...Array(strata).keys()]];
  const calibration = table.probability
    ? calibrationResults(
        calibrationStrata(table.probability, table.gold, stratumOf, strata, bins),
        members,
        bins,
        settings,
        createRandom(streamSeed(settings.seed, 1)),
      )
    : members.map(() => null);
  const hasLengths = lengthA !== undefined;
  const report = (sums: Float64Array, group: number, excludedTies: number) =>
    verdictMetrics(sums, samples[group]!, settings, {
      excludedGoldTies: excludedTies,
      lengthThreshold: hasLengths ? threshold : null,
      calibration: calibration[group] ?? null,
    });
  return {
    settings: { ...settings, ties, lengthThreshold: threshold, calibrationBins: bins },
    overall: report(
      overallSums,
      subsets,
      excluded.reduce((a, b) => a + b, 0),
    ),
    subsets: table.subsetNames.map((subset, s) => ({
      subset,
      ...report(pointSums[s]!, s, excluded[s]!),
    })),
  };
}
