// Multinomial counts by the conditional-binomial method (L. Devroye, "Non-Uniform Random Variate
// Generation", 1986, XI.1.3; C. Davis, "The computer generation of multinomial random variates",
// Comput. Stat. Data Anal. 16, 1993): category i gets Binomial(remaining trials,
// w_i / (w_i + ... + w_last)).
import { binomial } from "./binomial.js";
import type { RandomSource } from "./random-source.js";

/**
 * Writes into `out` (same length as `weights`, not the same array) the counts of `n` trials
 * spread over categories with probabilities proportional to the non-negative, finite `weights`.
 * Counts are integers summing to exactly n; zero-weight categories get 0. Throws a RangeError on
 * bad input (after which `out` is unspecified). Allocation-free.
 */
export function multinomial(
  random: RandomSource,
  n: number,
  weights: ArrayLike<number>,
  out: Float64Array,
): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`multinomial n must be an integer >= 0, got ${n}`);
  }
  const len = weights.length;
  if (out.length !== len) {
    throw new RangeError(`out has length ${out.length}, weights has length ${len}`);
  }
  if ((out as unknown) === weights) throw new RangeError("out must not be the weights array");

  // Suffix sums of the weights go into `out` and are read back just before being overwritten, so
  // the remaining mass is never formed by subtraction. The last positive category then has
  // probability exactly 1, which makes the counts sum to n.
  let total = 0;
  for (let i = len - 1; i >= 0; i--) {
    const w = weights[i]!;
    if (!(w >= 0 && w < Number.POSITIVE_INFINITY)) {
      throw new RangeError(`weights[${i}] must be finite and >= 0, got ${w}`);
    }
    total += w;
    out[i] = total;
  }
  let scale = 1;
  if (total === Number.POSITIVE_INFINITY) {
    // The sum overflowed: rescale by a power of two, which keeps every ratio exact (only weights
    // below ~1e-289, i.e. with probability under 1e-597, underflow to zero).
    scale = 2 ** -64;
    total = 0;
    for (let i = len - 1; i >= 0; i--) {
      total += weights[i]! * scale;
      out[i] = total;
    }
  }
  if (n > 0 && total === 0) throw new RangeError("multinomial weights are all zero but n > 0");

  let remaining = n;
  for (let i = 0; i < len; i++) {
    if (remaining === 0) {
      out.fill(0, i);
      return;
    }
    const w = weights[i]! * scale;
    // w <= out[i] in floating point, so the probability never exceeds 1.
    const x = w === 0 ? 0 : binomial(random, remaining, w / out[i]!);
    out[i] = x;
    remaining -= x;
  }
}
