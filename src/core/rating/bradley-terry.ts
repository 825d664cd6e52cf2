/**
 * Bradley-Terry maximum likelihood by Newton's method with a backtracking line search.
 * Model and derivatives: Hunter (2004), Ann. Statist. 32(1); methods.md §A1. The negative
 * log-likelihood is convex; its Hessian is the weighted Laplacian sum n_ij p(1-p), singular
 * along the all-ones direction (only differences are identified). Adding c·11ᵀ removes that
 * null space without changing the step, because the gradient is orthogonal to 1.
 */
import { choleskyFactor, choleskySolveFactored, choleskySolveInPlace } from "../linalg/cholesky.js";
import { centre, fixGauge, gradientAndHessian, negLogLik } from "./bradley-terry-objective.js";
import { connectivity } from "./connectivity.js";
import type { StrengthFit } from "./fit.js";
import type { PairTable } from "./pair-table.js";

export { centre, softplus } from "./bradley-terry-objective.js";

/** Below this Newton decrement, take full steps (see the loop). */
const QUADRATIC_REGION = 1e-2;
/** Converged when a Newton step moves no θ by more than this (≈ 2e-8 Elo points). */
const STEP_TOLERANCE = 1e-10;

export type TieHandling = "half" | "drop";

export interface BradleyTerryOptions {
  /** Ridge λ: minimise −ℓ(θ) + (λ/2)‖θ‖² (a Gaussian prior with variance 1/λ). Default 0. */
  prior?: number;
  /** Ties count half a win each way (Chatbot Arena) or are dropped. Default "half". */
  ties?: TieHandling;
  /** Warm start (e.g. the full-data fit when bootstrapping). */
  init?: Float64Array;
  maxIterations?: number;
  /**
   * A Cholesky factor of the (gauge-fixed) Hessian at a nearby point, from
   * `bradleyTerryHessianFactor`. With it, the fit first runs chord iterations
   * θ ← θ − H₀⁻¹∇f(θ), which skip the O(n³) factorisation per step; it falls back to Newton
   * if they stop contracting. Bootstrap rounds, close to the full-data fit, converge this way
   * in a few cheap steps.
   */
  preconditioner?: Float64Array;
  /** Skip the final log-likelihood (reported as NaN) — bootstrap rounds never read it. */
  skipLogLikelihood?: boolean;
  /** The caller has checked that the MLE exists (bootstrap rounds do), so don't check again. */
  knownFinite?: boolean;
}

/**
 * Fits θ (natural-log strengths, centred) to a pair table.
 * Without a prior the MLE is finite only if the beat digraph is strongly connected (see
 * `connectivity`); otherwise the result is finite but `converged` is false.
 * @throws RangeError on a negative prior. Complexity per iteration: O(pairs + n³/6).
 */
export function bradleyTerry(table: PairTable, options: BradleyTerryOptions = {}): StrengthFit {
  const lambda = options.prior ?? 0;
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError("prior must be >= 0");
  const n = table.systemCount;
  const tieShare = (options.ties ?? "half") === "half" ? 0.5 : 0;
  const P = table.i.length;
  const wi = new Float64Array(P);
  const wj = new Float64Array(P);
  let total = 0;
  for (let p = 0; p < P; p++) {
    wi[p] = table.winsI[p]! + tieShare * table.ties[p]!;
    wj[p] = table.winsJ[p]! + tieShare * table.ties[p]!;
    total += wi[p]! + wj[p]!;
  }
  const theta = options.init ? Float64Array.from(options.init) : new Float64Array(n);
  centre(theta);
  const objective = (t: Float64Array): number => negLogLik(table, wi, wj, t, lambda);
  const grad = new Float64Array(n);
  const trial = new Float64Array(n);
  const gradCopy = new Float64Array(n);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = 1e-10 * Math.max(1, total / Math.max(n, 1));
  let iterations = 0;
  let converged = false;
  if (options.preconditioner) {
    let previous = Number.POSITIVE_INFINITY;
    while (iterations < maxIterations) {
      gradientAndHessian(table, wi, wj, theta, lambda, grad, undefined);
      choleskySolveFactored(options.preconditioner, n, grad);
      const size = maxAbs(grad);
      if (size > 0.5 * previous || !Number.isFinite(size)) break;
      for (let i = 0; i < n; i++) theta[i]! -= grad[i]!;
      iterations++;
      previous = size;
      if (size < STEP_TOLERANCE) {
        converged = true;
        break;
      }
    }
  }
  // Newton with line search; its objective and n×n Hessian are only paid for if needed.
  const hess = converged ? new Float64Array(0) : new Float64Array(n * n);
  let value = converged ? 0 : objective(theta);
  while (!converged && iterations < maxIterations) {
    gradientAndHessian(table, wi, wj, theta, lambda, grad, hess);
    gradCopy.set(grad);
    if (maxAbs(grad) <= tolerance) {
      converged = true;
      break;
    }
    iterations++;
    fixGauge(hess, n);
    const step = grad; // solved in place: step = H⁻¹ g
    if (!choleskySolveInPlace(hess, n, step)) break;
    let decrement = 0; // Newton decrement λ² = gᵀH⁻¹g; the expected decrease is λ²/2
    for (let i = 0; i < n; i++) decrement += step[i]! * gradCopy[i]!;
    if (decrement < QUADRATIC_REGION) {
      // Close to the optimum a full Newton step converges quadratically; comparing objective
      // values there would only compare rounding errors.
      for (let i = 0; i < n; i++) theta[i]! -= step[i]!;
      if (maxAbs(step) < STEP_TOLERANCE) {
        converged = true;
        break;
      }
      value = objective(theta);
      continue;
    }
    let t = 1;
    let accepted = false;
    for (let k = 0; k < 60 && !accepted; k++) {
      for (let i = 0; i < n; i++) trial[i] = theta[i]! - t * step[i]!;
      const v = objective(trial);
      if (v <= value - 0.25 * t * decrement) {
        theta.set(trial);
        value = v;
        accepted = true;
      }
      t *= 0.5;
    }
    if (!accepted) break;
  }
  // Without a prior, an infinite MLE is approached with a vanishing gradient, so the tests above
  // eventually pass far out along the divergent direction; that is not convergence.
  if (
    converged &&
    lambda === 0 &&
    !options.knownFinite &&
    connectivity(table, tieShare > 0).strongComponents.length > 1
  )
    converged = false;
  centre(theta);
  const logLikelihood = options.skipLogLikelihood
    ? Number.NaN
    : -negLogLik(table, wi, wj, theta, 0);
  return { theta, logLikelihood, iterations, converged };
}

/**
 * The Cholesky factor of the gauge-fixed Hessian of the objective at θ, for use as
 * `preconditioner`; undefined when it is not positive definite (a disconnected graph).
 */
export function bradleyTerryHessianFactor(
  table: PairTable,
  theta: Float64Array,
  options: { prior?: number; ties?: TieHandling } = {},
): Float64Array | undefined {
  const n = table.systemCount;
  const tieShare = (options.ties ?? "half") === "half" ? 0.5 : 0;
  const wi = table.winsI.map((w, p) => w + tieShare * table.ties[p]!);
  const wj = table.winsJ.map((w, p) => w + tieShare * table.ties[p]!);
  const hess = new Float64Array(n * n);
  gradientAndHessian(table, wi, wj, theta, options.prior ?? 0, new Float64Array(n), hess);
  fixGauge(hess, n);
  return choleskyFactor(hess, n) ? hess : undefined;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}
