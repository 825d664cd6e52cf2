/**
 * Percentile bootstrap intervals over items (B. Efron, "Bootstrap methods", Ann. Statist. 7(1),
 * 1979) for every agreement statistic at once. Resampling the labelled items with replacement is a
 * multinomial draw over label patterns with probabilities count/N (methods.md §A4, FastChat's
 * compute_bootstrap_bt): every statistic here is a function of the pattern counts, so a round
 * costs O(patterns · K² + rater pairs in patterns), whatever the number of items. All statistics
 * share each round's resample; round r draws from createRandom(streamSeed(seed, r)).
 *
 * A round in which a statistic is undefined (e.g. a resample with one category only) is left out
 * of that statistic's interval and counted in `undefinedRounds`.
 */
import { checkWeights, type KappaWeights, kappaKernel } from "./cohen-kappa.js";
import { fleissKappaKernel, labelsPerItemRange } from "./fleiss-kappa.js";
import {
  ALPHA_SCALES,
  type AlphaScale,
  alphaFromCoincidences,
  coincidences,
} from "./krippendorff-alpha.js";
import { type AgreementInput, patternsOf } from "./label-patterns.js";
import { pairJointCounts, raterPairs } from "./pairwise-cohen.js";
import { percentAgreementKernel } from "./percent-agreement.js";
import {
  checkBootstrapOptions,
  type Interval,
  percentileInterval,
  resampleWeights,
} from "./resample.js";
import type { KernelValue } from "./statistic.js";

export interface BootstrapOptions {
  /** Bootstrap rounds, an integer ≥ 1. */
  readonly rounds: number;
  /** Seed of the random streams, an integer in [0, 2^53). */
  readonly seed: number;
  /** Coverage of the percentile interval, in (0, 1) (0.95: the 2.5% and 97.5% quantiles). */
  readonly confidence: number;
  /** Scales of Krippendorff's α to bootstrap (default nominal). */
  readonly scales?: readonly AlphaScale[];
  /** Weights of the pairwise Cohen's κ (default none). */
  readonly weights?: KappaWeights;
  /** Pairwise κ intervals are skipped above this many rater pairs (default 500). */
  readonly maxPairs?: number;
}

export interface AgreementIntervals {
  readonly percentAgreement: Interval | null;
  /** null also when labels per item differ (Fleiss' κ is then undefined on every resample). */
  readonly fleissKappa: Interval | null;
  readonly krippendorffAlpha: Partial<Record<AlphaScale, Interval | null>>;
  /** Per rater pair, in pairwiseCohen's order; null when the pairs exceed `maxPairs`. */
  readonly cohen: readonly (Interval | null)[] | null;
}

/**
 * Bootstrap intervals of percent agreement, Fleiss' κ, Krippendorff's α and every pair's Cohen's κ.
 * @example agreementBootstrap(table, { rounds: 1000, seed: 1, confidence: 0.95 }).fleissKappa
 * @throws RangeError on bad options (rounds, seed, confidence, scales, maxPairs).
 * Complexity: O(rounds · (patterns · K² + pair entries + pairs · K²)) time, O(rounds · statistics)
 * memory.
 */
export function agreementBootstrap(
  input: AgreementInput,
  options: BootstrapOptions,
): AgreementIntervals {
  checkBootstrapOptions(options);
  const patterns = patternsOf(input);
  const K = patterns.categoryCount;
  const scales = options.scales ?? ["nominal"];
  const weights = options.weights ?? "none";
  checkWeights(weights);
  for (const scale of scales) {
    if (!ALPHA_SCALES.includes(scale)) throw new RangeError(`unknown α scale ${String(scale)}`);
  }
  const maxPairs = options.maxPairs ?? 500;
  if (!(Number.isInteger(maxPairs) && maxPairs >= 0)) {
    throw new RangeError(`maxPairs must be an integer ≥ 0, got ${maxPairs}`);
  }
  const sizes = labelsPerItemRange(patterns);
  const fleiss = sizes.min === sizes.max;
  const pairs = raterPairs(patterns);
  const withPairs = pairs.pairCount <= maxPairs;
  const P = withPairs ? pairs.pairCount : 0;
  const R = options.rounds;
  const columns = 2 + scales.length + P;
  const samples = new Float64Array(columns * R);
  const drawn = new Float64Array(patterns.patternCount);
  const o = new Float64Array(K * K);
  const joint = new Float64Array(P * K * K);
  const scratch = new Float64Array(2 * K + 1);
  // NaN marks "undefined in this round" inside this function only; intervals count such rounds.
  const put = (column: number, round: number, v: KernelValue) => {
    samples[column * R + round] = typeof v === "number" ? v : Number.NaN;
  };
  for (let r = 0; r < R; r++) {
    resampleWeights(patterns, options.seed, r, drawn);
    put(0, r, percentAgreementKernel(patterns, drawn));
    if (fleiss) put(1, r, fleissKappaKernel(patterns, drawn, scratch));
    coincidences(patterns, drawn, o);
    for (let s = 0; s < scales.length; s++) {
      put(2 + s, r, alphaFromCoincidences(o, K, scales[s]!, scratch));
    }
    if (P > 0) {
      pairJointCounts(pairs, K, drawn, joint);
      for (let q = 0; q < P; q++) {
        put(2 + scales.length + q, r, kappaKernel(joint, q * K * K, K, weights, scratch));
      }
    }
  }
  const interval = (column: number) =>
    percentileInterval(samples.subarray(column * R, (column + 1) * R), options.confidence);
  const alpha: Partial<Record<AlphaScale, Interval | null>> = {};
  scales.forEach((scale, s) => {
    alpha[scale] = interval(2 + s);
  });
  return {
    percentAgreement: interval(0),
    fleissKappa: fleiss ? interval(1) : null,
    krippendorffAlpha: alpha,
    cohen: withPairs ? Array.from({ length: P }, (_, q) => interval(2 + scales.length + q)) : null,
  };
}
