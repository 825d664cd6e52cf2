// Stratified bootstrap by multinomial counts over distinct patterns. Comparisons with identical
// discrete features are exchangeable, so drawing n_s comparisons with replacement from stratum s
// only changes how many copies of each pattern it holds: those counts are Multinomial(n_s,
// c_s / n_s), where c_s are the stratum's pattern counts (the same collapse as FastChat's
// `compute_bootstrap_bt`, methods.md §A4). A round then costs O(#patterns), not O(n).
import { multinomial } from "../random/multinomial.js";
import type { RandomSource } from "../random/random-source.js";
import { quantileSorted } from "../stats/quantile.js";
import type { BootstrapOptions, Interval } from "./types.js";

/** Resolved bootstrap options. */
export interface BootstrapSettings {
  readonly rounds: number;
  readonly seed: number;
  readonly confidence: number;
}

/**
 * Checks and defaults the shared bootstrap options (1000 rounds, seed 0, 95%).
 * @throws RangeError on a negative or fractional `rounds`, a bad seed or a confidence outside (0, 1).
 */
export function bootstrapSettings(options: BootstrapOptions = {}): BootstrapSettings {
  const rounds = options.rounds ?? 1000;
  const seed = options.seed ?? 0;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isSafeInteger(rounds) || rounds < 0) {
    throw new RangeError(`rounds must be an integer >= 0, got ${rounds}`);
  }
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`seed must be an integer in [0, 2^53), got ${seed}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  }
  return { rounds, seed, confidence };
}

/**
 * For each round, and within it each stratum in order, draws the stratum's resampled pattern
 * counts (same total as `counts[s]`) into a scratch array and hands it to `visit`, which must
 * not keep it. Strata with no comparisons are visited with zero counts.
 * Complexity: O(rounds · Σ_s #patterns_s), no allocation per round.
 */
export function patternBootstrap(
  counts: readonly Float64Array[],
  rounds: number,
  random: RandomSource,
  visit: (round: number, stratum: number, resampled: Float64Array) => void,
): void {
  const totals = counts.map((c) => c.reduce((sum, x) => sum + x, 0));
  const scratch = counts.map((c) => new Float64Array(c.length));
  for (let round = 0; round < rounds; round++) {
    for (let s = 0; s < counts.length; s++) {
      const out = scratch[s]!;
      if (totals[s]! > 0) multinomial(random, totals[s]!, counts[s]!, out);
      visit(round, s, out);
    }
  }
}

/**
 * The percentile interval of bootstrap replicates at the given coverage (numpy's default linear
 * quantiles). Replicates that are NaN — the statistic was undefined in that resample, e.g. no
 * decisive judgement drawn — are left out; null when none is left. Sorts `samples` in place.
 */
export function percentileInterval(samples: Float64Array, confidence: number): Interval | null {
  let m = 0;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    if (!Number.isNaN(v)) samples[m++] = v;
  }
  if (m === 0) return null;
  const kept = samples.subarray(0, m).sort();
  const tail = (1 - confidence) / 2;
  return { lower: quantileSorted(kept, tail), upper: quantileSorted(kept, 1 - tail) };
}
