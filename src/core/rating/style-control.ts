// Style-controlled Bradley–Terry (LMSYS "style control", methods.md §A5). The objective is
// FastChat's contextual_bt_loss_and_grad (fastchat/serve/monitor/rating_systems.py): summed,
// not averaged, cross-entropy plus (λ/2)‖[r; φ]‖² on ratings and coefficients alike, λ = 0.5
// as in fit_contextual_bt. FastChat minimises it with L-BFGS-B; here by Newton's method with
// the exact Hessian and Armijo backtracking (Nocedal & Wright, "Numerical Optimization",
// 2nd ed., Alg. 3.1 and §3.3), which reaches the optimum to machine precision in a few steps.

import { choleskySolveInPlace } from "../linalg/cholesky.js";
import { check, evaluate, type StyleControlInput } from "./style-control-objective.js";

export { type StyleControlInput, styleControlObjective } from "./style-control-objective.js";

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
