// Exact Binomial(n, p) variates. When n·min(p, 1 - p) < 10: inversion by sequential search
// (BINV; V. Kachitvichyanukul & B. Schmeiser, "Binomial random variate generation", CACM 31(2),
// 1988). Otherwise: BTRS, transformed rejection with squeeze (W. Hörmann, "The generation of
// binomial random variates", J. Statist. Comput. Simul. 46, 1993), as in TensorFlow's
// random_binomial_op, with its final test evaluated as in Hörmann's BTRD: near the mode by the pmf
// recurrence, further out behind BTPE's squeeze, with Stirling-series log-factorial differences.
// Both assume p <= 1/2; larger p uses X(n, p) = n - X(n, 1 - p).
//
// The sampler sits inside drawCounts, the loop of multinomial's conditional binomials, and
// binomial() is its one-category case: the loop is the hot path of the bootstrap, and V8 does
// not inline a function this size into it (a call costs ~15% there).
import { logFactorial } from "./log-factorial.js";
import type { RandomSource } from "./random-source.js";
import { generatorState, nextDouble } from "./xoshiro128.js";

/**
 * Where the samplers draw uniforms from: a createRandom generator's state (see generatorState),
 * or any RandomSource.
 */
export type UniformSource = Int32Array | RandomSource;

function uniform(source: UniformSource): number {
  return typeof source === "function" ? source() : nextDouble(source);
}

// binomial()'s weight and count, as drawCounts' one-element arrays. drawCounts reads them before
// it draws, so a RandomSource that calls binomial() itself does no harm.
const ONE_WEIGHT = new Float64Array(1);
const ONE_COUNT = new Float64Array(1);

/**
 * Draws from Binomial(n, p): the number of successes in n independent trials of probability p.
 * `n` must be an integer in [0, 2^53) and p in [0, 1]; the result is an integer in [0, n].
 */
export function binomial(random: RandomSource, n: number, p: number): number {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`binomial n must be an integer >= 0, got ${n}`);
  }
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial p must be in [0, 1], got ${p}`);
  ONE_WEIGHT[0] = p;
  ONE_COUNT[0] = 1;
  drawCounts(generatorState(random) ?? random, n, ONE_WEIGHT, 1, ONE_COUNT);
  return ONE_COUNT[0]!;
}

// Below this mean (of the smaller of the two outcomes) inversion is used, above it BTRS.
const INVERSION_MAX_MEAN = 10;
// BTRS candidates this close to the mode are tested by multiplying out the pmf recurrence, which
// is cheaper than the logarithms of the general test.
const RECURSIVE_MAX_DISTANCE = 30;
// 2·0.0248·2.53: the coefficient of spq in 2a (see drawCounts).
const A1 = 0.125488;

/**
 * Conditional binomials: given the suffix sums s_i = w_i + ... + w_last of scale·weights in
 * `out`, overwrites out[i] with Binomial(trials left, w_i/s_i) for each i, starting from n
 * trials; once none are left the rest are 0. Needs an integer n in [0, 2^53) and w_i <= s_i.
 */
export function drawCounts(
  source: UniformSource,
  n: number,
  weights: ArrayLike<number>,
  scale: number,
  out: Float64Array,
): void {
  let remaining = n;
  const len = out.length;
  let i = 0;
  for (; i < len && remaining > 0; i++) {
    const weight = weights[i]! * scale;
    let x = 0;
    if (weight !== 0) {
      const pi = weight / out[i]!; // in (0, 1], as weight <= out[i] in floating point
      const flip = pi > 0.5;
      const p = flip ? 1 - pi : pi; // exact for pi in (1/2, 1]
      const trials = remaining;
      let k = 0;
      if (p === 0) {
        // pi = 1: all remaining trials (without drawing).
      } else if (trials * p < INVERSION_MAX_MEAN) {
        // Inversion, inline: sequential search from 0 with the pmf recurrence
        // f(k) = f(k - 1)·((n + 1)s/k - s), s = p/q.
        const s = p / (1 - p);
        const as = (trials + 1) * s;
        const f0 = pow1m(p, trials); // (1 - p)^n >= e^-14 here
        search: for (;;) {
          let u = uniform(source);
          let f = f0;
          k = 0;
          while (u >= f) {
            u -= f;
            k++;
            // Rounding left u beyond the summed pmf (or the pmf underflowed): start again.
            if (k > trials) continue search;
            f *= as / k - s;
            if (f === 0) continue search;
          }
          break;
        }
      } else {
        // BTRS, inline. Its hat has b = 1.15 + 2.53·spq and a = -0.0873 + 0.0248·b + 0.01·p, so
        // 2a = a0 + A1·spq. The candidate floor((2a/us + b)·u + c) is computed as
        // floor(spq·(A1·g + 2.53u) + (a0·g + 1.15u + c)), g = u/us, and the squeeze's
        // v <= 0.92 - 4.2/b as npq >= t², t = (4.2/(0.92 - v) - 1.15)/2.53: the trials depend on
        // the previous category's draw, and this keeps divisions off the path from them to k.
        const n = trials;
        const q = 1 - p;
        const npq = n * (p * q);
        const spq = Math.sqrt(npq);
        const c = n * p + 0.5;
        const a0 = 2 * (-0.0873 + 0.0248 * 1.15 + 0.01 * p);
        for (;;) {
          const u = uniform(source) - 0.5;
          const v = uniform(source);
          const us = 0.5 - Math.abs(u);
          const g = u / us;
          k = Math.floor(spq * (A1 * g + 2.53 * u) + (a0 * g + 1.15 * u + c));
          if (us >= 0.07 && v < 0.92) {
            const t = (4.2 / (0.92 - v) - 1.15) / 2.53;
            if (npq >= t * t) break;
          }
          if (k < 0 || k > n) continue;
          // Accept iff w <= f(k)/f(m), f the Binomial(n, p) pmf and m its mode.
          const b = 1.15 + 2.53 * spq;
          const a = -0.0873 + 0.0248 * b + 0.01 * p;
          const alpha = (2.83 + 5.1 / b) * spq;
          let w = (v * alpha) / (a / (us * us) + b);
          const m = Math.floor((n + 1) * p);
          const r = p / q;
          const d = k - m;
          if (d <= RECURSIVE_MAX_DISTANCE && d >= -RECURSIVE_MAX_DISTANCE) {
            // Multiply out f(j)/f(j - 1) = (n + 1 - j)r/j = nr/j - r.
            const nr = (n + 1) * r;
            let f = 1;
            if (d > 0) for (let j = m + 1; j <= k; j++) f *= nr / j - r;
            else for (let j = k + 1; j <= m; j++) w *= nr / j - r;
            if (w <= f) break;
            continue;
          }
          const lw = Math.log(w);
          const km = d < 0 ? -d : d;
          if (km < npq / 2 - 1) {
            // ln(f(k)/f(m)) is within t ± rho for such km (BTPE's squeeze, step 5.2).
            const rho = (km / npq) * (((km / 3 + 0.625) * km + 1 / 6) / npq + 0.5);
            const t = (-km * km) / (2 * npq);
            if (lw < t - rho) break;
            if (lw > t + rho) continue;
          }
          if (lw <= logPmfRatio(n, r, m, k)) break;
        }
      }
      x = flip ? trials - k : k;
    }
    out[i] = x;
    remaining -= x;
  }
  out.fill(0, i);
}

/**
 * (1 - p)^n. Binary powering for n <= 1024 (relative error below ~1e-13, mostly from rounding
 * 1 - p, and several times faster than exp and log1p in V8); exp(n·log1p(-p)) for larger n.
 */
function pow1m(p: number, n: number): number {
  if (n > 1024) return Math.exp(n * Math.log1p(-p));
  let q = 1 - p;
  let r = 1;
  for (let e = n; e > 0; e >>= 1) {
    if (e & 1) r *= q;
    q *= q;
  }
  return r;
}

/**
 * ln(f(k)/f(m)) for the Binomial(n, p) pmf f and r = p/(1 - p), from ln x! = (x + 1/2) ln(x + 1)
 * - (x + 1) + ln(2π)/2 + stirlingTail(x), with the terms grouped so that none is much larger
 * than the result (no cancellation for large n): (k - m) ln(r(n - k + 1)/(k + 1))
 * - (m + 1/2) ln(1 + (k - m)/(m + 1)) - (n - m + 1/2) ln(1 - (k - m)/(n - m + 1)) + tails.
 */
export function logPmfRatio(n: number, r: number, m: number, k: number): number {
  const d = k - m;
  return (
    d * Math.log((r * (n - k + 1)) / (k + 1)) -
    (m + 0.5) * Math.log1p(d / (m + 1)) -
    (n - m + 0.5) * Math.log1p(-d / (n - m + 1)) +
    stirlingTail(m) +
    stirlingTail(n - m) -
    stirlingTail(k) -
    stirlingTail(n - k)
  );
}

const HALF_LN_2PI = 0.9189385332046728;
const TAIL_TABLE_SIZE = 30;
const TAIL_TABLE = new Float64Array(TAIL_TABLE_SIZE);
for (let x = 0; x < TAIL_TABLE_SIZE; x++) {
  TAIL_TABLE[x] = logFactorial(x) - ((x + 0.5) * Math.log(x + 1) - (x + 1) + HALF_LN_2PI);
}

/**
 * ln x! - ((x + 1/2) ln(x + 1) - (x + 1) + ln(2π)/2) for an integer x >= 0: a table below 30,
 * else the series 1/(12z) - 1/(360z³) + 1/(1260z⁵) - 1/(1680z⁷), z = x + 1 (A&S 6.1.41), whose
 * first omitted term, 1/(1188z⁹), is below 4e-17 there.
 */
function stirlingTail(x: number): number {
  if (x < TAIL_TABLE_SIZE) return TAIL_TABLE[x]!;
  const z = 1 / (x + 1);
  const z2 = z * z;
  return z * (1 / 12 - z2 * (1 / 360 - z2 * (1 / 1260 - z2 * (1 / 1680))));
}
