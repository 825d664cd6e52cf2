// Multinomial counts by the conditional-binomial method (L. Devroye, "Non-Uniform Random Variate
// Generation", 1986, XI.1.3; C. Davis, "The computer generation of multinomial random variates",
// Comput. Stat. Data Anal. 16, 1993): category i gets Binomial(remaining trials,
// w_i / (w_i + ... + w_last)).
import { drawCounts } from "./binomial.js";
import type { RandomSource } from "./random-source.js";
import { generatorState } from "./xoshiro128.js";

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
  let scale = 1;
  let total = suffixSums(weights, out, scale);
  if (total === Number.POSITIVE_INFINITY) {
    // The sum overflowed: rescale by a power of two, which keeps every ratio exact (only weights
    // below ~1e-289, i.e. with probability under 1e-597, underflow to zero).
    scale = 2 ** -64;
    total = suffixSums(weights, out, scale);
  }
  if (n > 0 && total === 0) throw new RangeError("multinomial weights are all zero but n > 0");
  drawCounts(generatorState(random) ?? random, n, weights, scale, out);
}

// Each loop (this one and drawCounts') is a function of its own with nothing after it: V8 compiles
// a long-running loop on the stack and reuses that code on later calls, so code after the loop
// that had not run when it was compiled would deoptimise it on every call (every bootstrap round).

/** Writes the suffix sums of scale·weights into `out` and returns the total; checks the weights. */
function suffixSums(weights: ArrayLike<number>, out: Float64Array, scale: number): number {
  let total = 0;
  for (let i = weights.length - 1; i >= 0; i--) {
    const w = weights[i]!;
    if (!(w >= 0 && w < Number.POSITIVE_INFINITY)) {
      throw new RangeError(`weights[${i}] must be finite and >= 0, got ${w}`);
    }
    total += w * scale;
    out[i] = total;
  }
  return total;
}
