// A population rate estimated from strata sampled separately: the stratified estimator
// p̂ = Σ_h W_h·p̂_h with W_h = N_h/N, and Var p̂ = Σ_h W_h²·p_h(1 − p_h)/n_h (W. G. Cochran,
// Sampling Techniques, 3rd ed., Wiley 1977, §5.3, finite-population correction left out: it
// only narrows the interval). The interval is p̂ ± z·√Var, clipped to [0, 1]. In the variance
// each p_h is the add-two estimate (s_h + 1)/(n_h + 2) (Agresti & Caffo 2000, Am. Stat. 54(4)),
// so a stratum with 0 or n_h successes still contributes its uncertainty instead of none.
import { normalQuantile } from "../metrics/normal-quantile.js";

export interface Stratum {
  /** The stratum's share of the population, in any unit (its size N_h): weights are normalised. */
  readonly weight: number;
  /** Successes (may be fractional: a tie counted as one half) among `trials` sampled. */
  readonly successes: number;
  readonly trials: number;
}

export interface StratifiedRate {
  /** Σ W_h·s_h/n_h; null when a stratum of positive weight has no trials, or no weight at all. */
  readonly rate: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
}

/**
 * The population rate of strata sampled separately, with its normal-approximation interval.
 * Strata of weight 0 are left out.
 * @example stratifiedRate([{ weight: 2, successes: 2, trials: 2 }, { weight: 8, successes: 1, trials: 4 }]).rate // 0.4
 * @throws RangeError on a negative or non-finite weight, successes outside [0, trials], or a
 * confidence outside (0, 1).
 * O(strata).
 */
export function stratifiedRate(strata: readonly Stratum[], confidence = 0.95): StratifiedRate {
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  }
  let total = 0;
  strata.forEach(({ weight, successes, trials }, h) => {
    if (!(Number.isFinite(weight) && weight >= 0)) {
      throw new RangeError(`stratum ${h}: weight must be finite and >= 0, got ${weight}`);
    }
    if (!(trials >= 0 && successes >= 0 && successes <= trials)) {
      throw new RangeError(
        `stratum ${h}: need 0 <= successes <= trials, got ${successes} of ${trials}`,
      );
    }
    total += weight;
  });
  const unknown = { rate: null, lower: null, upper: null };
  if (total === 0) return unknown;
  let rate = 0;
  let variance = 0;
  for (const { weight, successes, trials } of strata) {
    if (weight === 0) continue;
    if (trials === 0) return unknown;
    const w = weight / total;
    rate += w * (successes / trials);
    const p = (successes + 1) / (trials + 2);
    variance += (w * w * p * (1 - p)) / trials;
  }
  const half = normalQuantile((1 + confidence) / 2) * Math.sqrt(variance);
  return { rate, lower: Math.max(0, rate - half), upper: Math.min(1, rate + half) };
}
