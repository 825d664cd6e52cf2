// Exact Binomial(n, p) variates. When n·min(p, 1 - p) < 10: inversion by sequential search
// (BINV; V. Kachitvichyanukul & B. Schmeiser, "Binomial random variate generation", CACM 31(2),
// 1988). Otherwise: BTRS, transformed rejection with squeeze (W. Hörmann, "The generation of
// binomial random variates", J. Statist. Comput. Simul. 46, 1993), as in TensorFlow's
// random_binomial_op. Both assume p <= 1/2; larger p uses X(n, p) = n - X(n, 1 - p).
import { logFactorial } from "./log-factorial.js";
import type { RandomSource } from "./random-source.js";

const INVERSION_MAX_MEAN = 10;

/**
 * Draws from Binomial(n, p): the number of successes in n independent trials of probability p.
 * `n` must be an integer in [0, 2^53) and p in [0, 1]; the result is an integer in [0, n].
 */
export function binomial(random: RandomSource, n: number, p: number): number {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`binomial n must be an integer >= 0, got ${n}`);
  }
  if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial p must be in [0, 1], got ${p}`);
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  if (p > 0.5) {
    const q = 1 - p; // exact for p in (1/2, 1]
    return n - (n * q < INVERSION_MAX_MEAN ? inversion(random, n, q) : btrs(random, n, q));
  }
  return n * p < INVERSION_MAX_MEAN ? inversion(random, n, p) : btrs(random, n, p);
}

/** Sequential search from 0 with the pmf recurrence f(x) = f(x - 1)·((n + 1)s/x - s), s = p/q. */
function inversion(random: RandomSource, n: number, p: number): number {
  const s = p / (1 - p);
  const a = (n + 1) * s;
  const f0 = pow1m(p, n); // (1 - p)^n >= e^-14 here
  for (;;) {
    let u = random();
    let f = f0;
    let x = 0;
    for (;;) {
      if (u < f) return x;
      u -= f;
      x++;
      // Rounding left u beyond the summed pmf (or the pmf underflowed): start again.
      if (x > n) break;
      f *= a / x - s;
      if (f === 0) break;
    }
  }
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

/** Hörmann's BTRS, for p <= 1/2 and n·p >= 10. */
function btrs(random: RandomSource, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const vr = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const m = Math.floor((n + 1) * p);
  // Needed only off the squeeze (roughly 20-45% of candidates), so computed on first use.
  let ready = false;
  let lpq = 0;
  let h = 0;
  for (;;) {
    const u = random() - 0.5;
    const v = random();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || k > n) continue;
    if (!ready) {
      lpq = Math.log(p / q);
      h = logFactorial(m) + logFactorial(n - m);
      ready = true;
    }
    const lv = Math.log((v * alpha) / (a / (us * us) + b));
    if (lv <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
  }
}
