// Limited-memory BFGS: Nocedal & Wright, Numerical Optimization, 2nd ed. (2006), Algorithm 7.4
// (two-loop recursion) and Algorithm 7.5, with H0 = (s'y / y'y) I (eq. 7.20) and a strong Wolfe
// line search (Algorithms 3.5/3.6, ./strong-wolfe.ts).

import { type LineFunction, strongWolfeStep } from "./strong-wolfe.js";

/** Writes the gradient at x into `gradient` and returns the objective value. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** Cap on accepted steps (default 1000). */
  maxIterations?: number;
  /** Relative gradient tolerance (default 1e-9); see {@link minimizeLbfgs}. */
  gradientTolerance?: number;
  /** Number of correction pairs kept (default 10). */
  memory?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

/**
 * Minimises a smooth function with L-BFGS. Converged means max |gradient_i| <=
 * gradientTolerance * max(1, |value|): relative to the value, so a negative log-likelihood over
 * a million observations is judged on the same footing as one over ten; absolute near a zero
 * minimum. `converged: false` when the iteration cap is hit, or when the line search finds no
 * decrease even from a steepest-descent restart (rounding level, or a wrong gradient). On a
 * function unbounded below the relative test is eventually met as |value| grows: callers whose
 * problem may have no minimiser must check that themselves (the tie-model fits check Hunter's
 * condition). Correction pairs with s'y <= 1e-12 y'y are skipped, so the inverse-Hessian model
 * stays positive definite. Memory O(memory * n); no allocation per iteration.
 *
 * @example
 * const r = minimizeLbfgs((x, g) => { g[0] = 2 * (x[0]! - 3); return (x[0]! - 3) ** 2; },
 *   new Float64Array(1)); // r.x[0] ≈ 3, r.converged === true
 * @throws {RangeError} on an empty x0, bad options, or a non-finite value or gradient at x0.
 */
export function minimizeLbfgs(
  objective: Objective,
  x0: Float64Array,
  options: LbfgsOptions = {},
): LbfgsResult {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 1000;
  const tolerance = options.gradientTolerance ?? 1e-9;
  const m = options.memory ?? 10;
  if (n === 0) throw new RangeError("minimizeLbfgs: x0 is empty");
  if (!Number.isInteger(maxIterations) || maxIterations < 0) {
    throw new RangeError(
      `minimizeLbfgs: maxIterations must be an integer >= 0, got ${maxIterations}`,
    );
  }
  if (!(tolerance >= 0 && Number.isFinite(tolerance))) {
    throw new RangeError(
      `minimizeLbfgs: gradientTolerance must be finite and >= 0, got ${tolerance}`,
    );
  }
  if (!Number.isInteger(m) || m < 1) {
    throw new RangeError(`minimizeLbfgs: memory must be an integer >= 1, got ${m}`);
  }
  const x = Float64Array.from(x0);
  const g = new Float64Array(n);
  let f = objective(x, g);
  if (!Number.isFinite(f) || !Number.isFinite(maxAbs(g))) {
    throw new RangeError("minimizeLbfgs: objective or gradient is not finite at x0");
  }
  const s = new Float64Array(m * n);
  const y = new Float64Array(m * n);
  const rho = new Float64Array(m);
  const alpha = new Float64Array(m);
  const p = new Float64Array(n);
  const xTrial = new Float64Array(n);
  const gTrial = new Float64Array(n);
  const out = new Float64Array(2);
  const phi: LineFunction = (a, o) => {
    for (let k = 0; k < n; k++) xTrial[k] = x[k]! + a * p[k]!;
    o[0] = objective(xTrial, gTrial);
    o[1] = dot(gTrial, p, n);
  };
  let stored = 0;
  let head = 0; // slot of the next correction pair
  let gamma = 1;
  let iterations = 0;
  let converged = maxAbs(g) <= tolerance * Math.max(1, Math.abs(f));
  while (!converged && iterations < maxIterations) {
    // Two-loop recursion: p = -H g.
    for (let k = 0; k < n; k++) p[k] = -g[k]!;
    for (let c = 1; c <= stored; c++) {
      const slot = (head - c + m) % m;
      const a = rho[slot]! * dot(s, p, n, slot * n);
      alpha[slot] = a;
      for (let k = 0; k < n; k++) p[k] = p[k]! - a * y[slot * n + k]!;
    }
    if (stored > 0) for (let k = 0; k < n; k++) p[k] = gamma * p[k]!;
    for (let c = stored; c >= 1; c--) {
      const slot = (head - c + m) % m;
      const b = rho[slot]! * dot(y, p, n, slot * n);
      const a = alpha[slot]! - b;
      for (let k = 0; k < n; k++) p[k] = p[k]! + a * s[slot * n + k]!;
    }
    let slope = dot(g, p, n);
    if (!(slope < 0)) {
      stored = 0;
      for (let k = 0; k < n; k++) p[k] = -g[k]!;
      slope = dot(g, p, n);
    }
    const step = strongWolfeStep(phi, f, slope, stored === 0 ? Math.min(1, 1 / maxAbs(g)) : 1, out);
    if (step < 0) {
      if (stored === 0) break; // steepest descent failed too: nothing left to try
      stored = 0;
      continue;
    }
    let sy = 0;
    let yy = 0;
    for (let k = 0; k < n; k++) {
      const dy = gTrial[k]! - g[k]!;
      sy += (xTrial[k]! - x[k]!) * dy;
      yy += dy * dy;
    }
    if (sy > 1e-12 * yy && yy > 0) {
      for (let k = 0; k < n; k++) {
        s[head * n + k] = xTrial[k]! - x[k]!;
        y[head * n + k] = gTrial[k]! - g[k]!;
      }
      rho[head] = 1 / sy;
      gamma = sy / yy;
      head = (head + 1) % m;
      stored = Math.min(stored + 1, m);
    }
    x.set(xTrial);
    g.set(gTrial);
    f = out[0]!;
    iterations++;
    converged = maxAbs(g) <= tolerance * Math.max(1, Math.abs(f));
  }
  return { x, value: f, iterations, converged };
}

function dot(a: Float64Array, b: Float64Array, n: number, offset = 0): number {
  let sum = 0;
  for (let k = 0; k < n; k++) sum += a[offset + k]! * b[k]!;
  return sum;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) {
    const v = Math.abs(a[k]!);
    if (Number.isNaN(v)) return v;
    if (v > m) m = v;
  }
  return m;
}
