// Style-controlled Bradley–Terry (LMSYS "style control", methods.md §A5). The objective is
// FastChat's contextual_bt_loss_and_grad (fastchat/serve/monitor/rating_systems.py): summed,
// not averaged, cross-entropy plus (λ/2)‖[r; φ]‖² on ratings and coefficients alike, λ = 0.5
// as in fit_contextual_bt. FastChat minimises it with L-BFGS-B; here by Newton's method with
// the exact Hessian and Armijo backtracking (Nocedal & Wright, "Numerical Optimization",
// 2nd ed., Alg. 3.1 and §3.3), which reaches the optimum to machine precision in a few steps.

import { choleskySolveInPlace } from "../linalg/cholesky.js";

/** Battles with style covariates, and the fit's options. */
export interface StyleControlInput {
  readonly systemCount: number;
  /** System index of side A / side B of each battle. */
  readonly a: Int32Array;
  readonly b: Int32Array;
  /** 1 = A wins, 0.5 = tie, 0 = B wins (any value in [0, 1] is accepted). */
  readonly outcome: Float64Array;
  /** N×featureCount row-major covariates, as `styleDesign(...).z`. */
  readonly z: Float64Array;
  readonly featureCount: number;
  /** Battle weights (default 1), e.g. bootstrap counts. */
  readonly weights?: Float64Array;
  /** Ridge penalty λ > 0 (default 0.5, FastChat's). */
  readonly lambda?: number;
  /** Starting point [r; φ] (default 0), e.g. the full-data fit for a bootstrap refit. */
  readonly init?: Float64Array;
  /** Newton steps allowed (default 50); stop once the largest step entry ≤ `tolerance` (1e-10). */
  readonly maxIterations?: number;
  readonly tolerance?: number;
}

/** The penalised maximum-likelihood fit; `loss` is the objective at the returned point. */
export interface StyleControlFit {
  /** r in log10 units (FastChat's scale): Elo = 1000 + 400·r before anchoring. Mean 0. */
  readonly ratings: Float64Array;
  /** φ, one per covariate column, in logit units per unit of z. */
  readonly coefficients: Float64Array;
  /** Newton steps taken (the last, below `tolerance`, counts if non-zero). */
  readonly iterations: number;
  readonly converged: boolean;
  readonly loss: number;
}

function check(input: StyleControlInput): number {
  const { systemCount: n, featureCount: k, a, b, outcome, z, weights } = input;
  const lambda = input.lambda ?? 0.5;
  const m = a.length;
  let bad = !Number.isInteger(n) || n < 0 || !Number.isInteger(k) || k < 0;
  bad ||= !(lambda > 0 && lambda < Number.POSITIVE_INFINITY);
  bad ||= b.length !== m || outcome.length !== m || z.length !== m * k;
  if (bad || (weights !== undefined && weights.length !== m)) {
    throw new RangeError("bad systemCount, featureCount or lambda, or lengths that differ");
  }
  for (let i = 0; i < m; i++) {
    const y = outcome[i]!;
    const w = weights === undefined ? 1 : weights[i]!;
    if (a[i]! < 0 || a[i]! >= n || b[i]! < 0 || b[i]! >= n || !(y >= 0 && y <= 1)) {
      throw new RangeError(`battle ${i}: system index out of range or outcome not in [0, 1]`);
    }
    if (!(w >= 0 && w < Number.POSITIVE_INFINITY)) throw new RangeError(`battle ${i}: bad weight`);
  }
  if (!z.every(Number.isFinite)) throw new RangeError("z holds a non-finite value");
  return lambda;
}

function evaluate(
  input: StyleControlInput,
  lambda: number,
  x: Float64Array,
  grad?: Float64Array,
  hess?: Float64Array,
): number {
  const { systemCount: n, featureCount: k, a, b, outcome, z, weights } = input;
  const dim = n + k;
  let loss = 0;
  let carry = 0; // Kahan compensation: the loss is a sum of millions of terms
  grad?.fill(0);
  hess?.fill(0);
  for (let i = 0; i < a.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    if (w === 0) continue;
    const ai = a[i]!;
    const bi = b[i]!;
    const y = outcome[i]!;
    const row = i * k;
    let t = Math.LN10 * (x[ai]! - x[bi]!);
    for (let j = 0; j < k; j++) t += x[n + j]! * z[row + j]!;
    const e = Math.exp(-Math.abs(t));
    const term = w * (Math.max(t, 0) + Math.log1p(e) - y * t) - carry; // softplus(t) − y·t
    const next = loss + term;
    carry = next - loss - term;
    loss = next;
    if (grad === undefined) continue;
    const p = t >= 0 ? 1 / (1 + e) : e / (1 + e);
    const r = w * (p - y);
    grad[ai]! += Math.LN10 * r;
    grad[bi]! -= Math.LN10 * r;
    for (let j = 0; j < k; j++) grad[n + j]! += r * z[row + j]!;
    if (hess === undefined) continue;
    const s = w * p * (1 - p);
    const c = s * Math.LN10 * Math.LN10;
    hess[ai * dim + ai]! += c;
    hess[bi * dim + bi]! += c;
    hess[ai * dim + bi]! -= c;
    hess[bi * dim + ai]! -= c;
    for (let j = 0; j < k; j++) {
      const zj = z[row + j]!;
      const v = s * Math.LN10 * zj;
      const rj = (n + j) * dim;
      hess[rj + ai]! += v; // lower triangle only: row n+j > ai, bi
      hess[rj + bi]! -= v;
      for (let l = 0; l <= j; l++) hess[rj + n + l]! += s * zj * z[row + l]!;
    }
  }
  let norm = 0;
  for (let j = 0; j < dim; j++) norm += x[j]! * x[j]!;
  if (grad !== undefined) for (let j = 0; j < dim; j++) grad[j]! += lambda * x[j]!;
  if (hess !== undefined) for (let j = 0; j < dim; j++) hess[j * dim + j]! += lambda;
  return loss + 0.5 * lambda * norm;
}

/**
 * FastChat's style-control objective at `params` = [r; φ] (length systemCount + featureCount):
 * Σ w·CE(outcome, σ(ln10·(r_a − r_b) + φ·z)) + (λ/2)‖params‖². Writes the gradient into
 * `grad` when given. O(N·K).
 * @throws {RangeError} on invalid input (see {@link fitStyleControlled}) or a wrong length.
 */
export function styleControlObjective(
  input: StyleControlInput,
  params: Float64Array,
  grad?: Float64Array,
): number {
  const lambda = check(input);
  const dim = input.systemCount + input.featureCount;
  if (params.length !== dim || (grad !== undefined && grad.length !== dim)) {
    throw new RangeError(`params and grad must have length ${dim}`);
  }
  return evaluate(input, lambda, params, grad);
}

/**
 * Fits the style-controlled Bradley–Terry model P(a beats b) = σ(ln10·(r_a − r_b) + φ·z) by
 * minimising {@link styleControlObjective} exactly (FastChat's `fit_contextual_bt` optimum).
 * The penalty keeps every rating finite (a system that never lost, a disconnected graph) and
 * the optimum unique; it also makes mean(r) = 0. No battles: all zeros. Battles with a = b
 * only inform φ.
 *
 * Complexity: per Newton step O(N·K²) to build the dense (n+K)² Hessian plus (n+K)³/6 for
 * its Cholesky factorisation; typically 4–8 steps.
 *
 * @example
 * const d = styleDesign(countsA, countsB);
 * const fit = fitStyleControlled({ systemCount, a, b, outcome, z: d.z, featureCount: d.columns.length });
 * const elo = fit.ratings.map((r) => 1000 + 400 * r);
 * @throws {RangeError} on mismatched lengths, a system index out of range, an outcome outside
 * [0, 1], a negative or non-finite weight, a non-finite covariate, or λ ≤ 0.
 */
export function fitStyleControlled(input: StyleControlInput): StyleControlFit {
  const lambda = check(input);
  const n = input.systemCount;
  const dim = n + input.featureCount;
  const maxIterations = input.maxIterations ?? 50;
  const tolerance = input.tolerance ?? 1e-10;
  let x = input.init?.slice() ?? new Float64Array(dim);
  if (x.length !== dim || !x.every(Number.isFinite)) throw new RangeError(`init: ${dim} numbers`);
  let g = new Float64Array(dim);
  let h = new Float64Array(dim * dim);
  let xT = new Float64Array(dim);
  let gT = new Float64Array(dim);
  let hT = new Float64Array(dim * dim);
  const step = new Float64Array(dim);
  const factor = new Float64Array(dim * dim);
  let f = evaluate(input, lambda, x, g, h);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    factor.set(h);
    for (let j = 0; j < dim; j++) step[j] = -g[j]!;
    if (!choleskySolveInPlace(factor, dim, step)) break;
    let decrement = 0;
    let size = 0;
    for (let j = 0; j < dim; j++) {
      decrement -= g[j]! * step[j]!;
      size = Math.max(size, Math.abs(step[j]!));
    }
    if (size <= tolerance) {
      for (let j = 0; j < dim; j++) x[j]! += step[j]!;
      if (size > 0) {
        f = evaluate(input, lambda, x);
        iterations++;
      }
      converged = true;
      break;
    }
    // Armijo test with a rounding allowance: near the optimum the predicted decrease falls
    // below the rounding error of a sum over millions of battles.
    const slack = 1e-13 * (1 + Math.abs(f));
    let fT = Number.NaN;
    let accepted = false;
    for (let tries = 0, t = 1; tries < 60 && !accepted; tries++, t *= 0.5) {
      for (let j = 0; j < dim; j++) xT[j] = x[j]! + t * step[j]!;
      fT = evaluate(input, lambda, xT, gT, hT);
      accepted = fT <= f - 1e-4 * t * decrement + slack;
    }
    if (!accepted) break;
    [x, xT] = [xT, x];
    [g, gT] = [gT, g];
    [h, hT] = [hT, h];
    f = fT;
    iterations++;
  }
  return { ratings: x.slice(0, n), coefficients: x.slice(n), iterations, converged, loss: f };
}
