// Wilson score interval for a binomial proportion: E. B. Wilson, "Probable inference, the law of
// succession, and statistical inference", JASA 22(158), 1927. Unlike the Wald interval it stays
// inside [0, 1] and keeps its width at 0 or n successes.
import { normalQuantile } from "../metrics/normal-quantile.js";

export interface Proportion {
  /** Successes and trials behind the rate. */
  readonly successes: number;
  readonly trials: number;
  /** successes / trials; null when trials = 0. */
  readonly rate: number | null;
  /** The Wilson interval at the requested confidence; null when trials = 0. */
  readonly lower: number | null;
  readonly upper: number | null;
}

/**
 * The rate successes / trials with its two-sided Wilson score interval:
 * centre (p̂ + z²/2n)/(1 + z²/n), half-width z/(1 + z²/n)·√(p̂(1 − p̂)/n + z²/4n²),
 * z the (1 + confidence)/2 normal quantile. Successes may be fractional (a tie counted as one
 * half). No trials → rate and bounds null, never NaN.
 * @example wilsonInterval(8, 10).lower // 0.4901624...  (upper 0.9433178...)
 * @throws RangeError unless 0 ≤ successes ≤ trials and 0 < confidence < 1.
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Proportion {
  if (!(trials >= 0 && successes >= 0 && successes <= trials)) {
    throw new RangeError(`need 0 <= successes <= trials, got ${successes} of ${trials}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  }
  if (trials === 0) return { successes, trials, rate: null, lower: null, upper: null };
  const z = normalQuantile((1 + confidence) / 2);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  return {
    successes,
    trials,
    rate: p,
    lower: Math.max(0, centre - half),
    upper: Math.min(1, centre + half),
  };
}
