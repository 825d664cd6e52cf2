// Shared fitting driver for the tie models of methods.md §A2 (Davidson 1970, Rao-Kupper 1967):
// maximum likelihood, or MAP under a Gaussian prior on theta, by L-BFGS over (theta, z), z the
// unconstrained tie parameter. Existence of a finite MLE follows Hunter (2004, Ann. Statist.
// 32(1)), after Ford (1957): the "i beat j" digraph must be strongly connected; a tie counts as
// an edge both ways, since it bounds theta_i - theta_j on both sides (./connectivity.ts).

import { minimizeLbfgs, type Objective } from "../optimize/lbfgs.js";
import { connectivity } from "./connectivity.js";
import type { TieModelFit } from "./fit.js";
import type { PairTable } from "./pair-table.js";

export interface TieModelOptions {
  /** Gaussian prior precision on theta: adds (prior / 2) * sum(theta^2). Default 0. */
  prior?: number;
  /** Starting strengths (length systemCount). Default 0. */
  init?: Float64Array;
  /** Starting tie parameter. Default: the value that matches the observed tie rate at theta = 0. */
  initTieParameter?: number;
  /** L-BFGS iteration cap. Default 500. */
  maxIterations?: number;
}

/** How one tie model maps its tie parameter to the unconstrained z it is optimised over. */
export interface TieModelSpec {
  readonly name: string;
  objective(table: PairTable, prior: number): Objective;
  /** @throws {RangeError} when the value is outside the model's domain. */
  toInternal(tieParameter: number): number;
  fromInternal(z: number): number;
  /** z at which theta = 0 gives this tie rate, 0 < rate < 1. */
  internalForTieRate(rate: number): number;
}

// Relative to the objective value (the scale of the total weight), this is well above
// rounding noise yet gives theta to ~1e-8 on typical tables.
const GRADIENT_TOLERANCE = 1e-10;

/** Total weight and tie weight of a table. @throws {RangeError} on a malformed or empty table. */
export function checkPairTable(table: PairTable): { total: number; ties: number } {
  const n = table.systemCount;
  const pairs = table.i.length;
  if (!Number.isInteger(n) || n < 2) throw new RangeError("pair table needs at least 2 systems");
  const arrays = [table.j, table.winsI, table.winsJ, table.ties];
  if (arrays.some((a) => a.length !== pairs))
    throw new RangeError("pair table arrays differ in length");
  let total = 0;
  let ties = 0;
  for (let p = 0; p < pairs; p++) {
    const a = table.i[p]!;
    const b = table.j[p]!;
    if (!(a >= 0 && a < b && b < n)) throw new RangeError(`pair ${p}: need 0 <= i < j < ${n}`);
    const wi = table.winsI[p]!;
    const wj = table.winsJ[p]!;
    const t = table.ties[p]!;
    if (!(wi >= 0 && wj >= 0 && t >= 0) || !Number.isFinite(wi + wj + t)) {
      throw new RangeError(`pair ${p}: weights must be finite and >= 0`);
    }
    total += wi + wj + t;
    ties += t;
  }
  if (total === 0) throw new RangeError("pair table is empty (total weight 0)");
  return { total, ties };
}

/** Hunter's condition with ties counted both ways: the MLE is finite (and unique). */
export function hasFiniteStrengths(table: PairTable): boolean {
  return connectivity(table).strongComponents.length === 1;
}

/** Runs the fit described in the doc comments of fitDavidson / fitRaoKupper. */
export function fitTieModel(
  table: PairTable,
  options: TieModelOptions,
  spec: TieModelSpec,
): TieModelFit {
  const { total, ties } = checkPairTable(table);
  const n = table.systemCount;
  const prior = options.prior ?? 0;
  if (!(prior >= 0 && Number.isFinite(prior))) {
    throw new RangeError(`${spec.name}: prior must be finite and >= 0, got ${prior}`);
  }
  const x0 = new Float64Array(n + 1);
  if (options.init) {
    if (options.init.length !== n) {
      throw new RangeError(`${spec.name}: init has length ${options.init.length}, expected ${n}`);
    }
    if (!options.init.every(Number.isFinite))
      throw new RangeError(`${spec.name}: init is not finite`);
    x0.set(options.init);
  }
  const noTies = ties === 0;
  x0[n] = noTies
    ? Number.NEGATIVE_INFINITY // nu = 0 / kappa = 1: the MLE of the tie parameter, held fixed
    : options.initTieParameter !== undefined
      ? spec.toInternal(options.initTieParameter)
      : spec.internalForTieRate(Math.min(ties / total, 0.99));
  const full = spec.objective(table, prior);
  const fullGradient = new Float64Array(n + 1);
  const point = Float64Array.from(x0);
  // Without ties the tie parameter sits at the boundary: optimise theta alone.
  const objective: Objective = noTies
    ? (theta, gradient) => {
        point.set(theta);
        const value = full(point, fullGradient);
        gradient.set(fullGradient.subarray(0, n));
        return value;
      }
    : full;
  const result = minimizeLbfgs(objective, noTies ? x0.subarray(0, n) : x0, {
    maxIterations: options.maxIterations ?? 500,
    gradientTolerance: GRADIENT_TOLERANCE,
  });
  let mean = 0;
  let penalty = 0;
  for (let k = 0; k < n; k++) {
    mean += result.x[k]!;
    penalty += 0.5 * prior * result.x[k]! ** 2;
  }
  mean /= n;
  const theta = new Float64Array(n);
  for (let k = 0; k < n; k++) theta[k] = result.x[k]! - mean;
  const identified = (prior > 0 || hasFiniteStrengths(table)) && ties < total;
  return {
    theta,
    tieParameter: spec.fromInternal(noTies ? Number.NEGATIVE_INFINITY : result.x[n]!),
    logLikelihood: -(result.value - penalty),
    iterations: result.iterations,
    converged: result.converged && identified,
  };
}
