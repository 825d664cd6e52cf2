/**
 * The bootstrap's building blocks: the resampled pattern counts of a round, and the percentile
 * interval of a statistic's rounds.
 */
import { createRandom, multinomial, streamSeed } from "../random/index.js";
import { quantileSorted } from "../stats/quantile.js";
import type { LabelPatterns } from "./label-patterns.js";

export interface Interval {
  readonly lower: number;
  readonly upper: number;
  /** Rounds in which the statistic was defined (the interval's sample). */
  readonly definedRounds: number;
  /** Rounds in which it was undefined (left out). */
  readonly undefinedRounds: number;
}

/**
 * Writes into `out` the pattern counts of bootstrap round `round`: a Multinomial(N, count/N) draw,
 * N the labelled items — the counts of resampling the labelled items with replacement. Uses the
 * random stream createRandom(streamSeed(seed, round)).
 */
export function resampleWeights(
  patterns: LabelPatterns,
  seed: number,
  round: number,
  out: Float64Array,
): void {
  const random = createRandom(streamSeed(seed, round));
  multinomial(random, patterns.labelledItems, patterns.count, out);
}

export function checkBootstrapOptions(options: {
  rounds: number;
  seed: number;
  confidence: number;
}): void {
  if (!(Number.isInteger(options.rounds) && options.rounds >= 1 && options.rounds <= 1e7)) {
    throw new RangeError(`rounds must be an integer in [1, 1e7], got ${options.rounds}`);
  }
  if (!(Number.isSafeInteger(options.seed) && options.seed >= 0)) {
    throw new RangeError(`seed must be an integer in [0, 2^53), got ${options.seed}`);
  }
  if (!(options.confidence > 0 && options.confidence < 1)) {
    throw new RangeError(`confidence must be in (0, 1), got ${options.confidence}`);
  }
}

/**
 * The percentile interval at `confidence` of the defined (non-NaN) values of `values` (sorted in
 * place), with type-7 quantiles; null when no value is defined.
 */
export function percentileInterval(values: Float64Array, confidence: number): Interval | null {
  values.sort(); // typed-array sort is numeric and puts NaN last
  let defined = values.length;
  while (defined > 0 && Number.isNaN(values[defined - 1]!)) defined--;
  if (defined === 0) return null;
  const sorted = values.subarray(0, defined);
  return {
    lower: quantileSorted(sorted, (1 - confidence) / 2),
    upper: quantileSorted(sorted, (1 + confidence) / 2),
    definedRounds: defined,
    undefinedRounds: values.length - defined,
  };
}
