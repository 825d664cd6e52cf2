// Davidson (1970) tie model by the fixed-point updates of methods.md §A2, obtained by setting
// the score equations to zero (an MM-style iteration in the manner of Hunter 2004, Ann.
// Statist. 32(1); the exact form there was not read):
//   pi_i <- (W_i + T_i / 2) / sum_j n_ij (1 + nu sqrt(pi_j / pi_i) / 2) / D_ij
//   nu   <- T / sum_{i<j} n_ij sqrt(pi_i pi_j) / D_ij
// Both use the previous iterate (Jacobi); pi is rescaled to geometric mean 1 after each sweep.
// Independent of the L-BFGS fit in ./davidson.ts, which it exists to cross-check.

import { davidsonObjective } from "./davidson.js";
import type { TieModelFit } from "./fit.js";
import type { PairTable } from "./pair-table.js";
import { checkPairTable, hasFiniteStrengths } from "./tie-model-fit.js";

/**
 * Fits Davidson's model (no prior) by fixed-point iteration. Converged when the largest change
 * of a centred theta and of log nu in one sweep is <= tolerance (default 1e-10); at most
 * maxIterations sweeps (default 10000), O(pairs) each. Without ties nu stays 0 and this is
 * Zermelo's BT iteration. Returns theta centred to mean 0 and tieParameter = nu.
 *
 * @throws {RangeError} on a malformed or empty table, bad options, or a table without a finite
 * MLE (not strongly connected through wins and ties, or ties only): use fitDavidson with a
 * prior there.
 */
export function fitDavidsonMM(
  table: PairTable,
  options: { maxIterations?: number; tolerance?: number } = {},
): TieModelFit {
  const { total, ties } = checkPairTable(table);
  const maxIterations = options.maxIterations ?? 10000;
  const tolerance = options.tolerance ?? 1e-10;
  if (!Number.isInteger(maxIterations) || maxIterations < 0) {
    throw new RangeError(
      `fitDavidsonMM: maxIterations must be an integer >= 0, got ${maxIterations}`,
    );
  }
  if (!(tolerance >= 0 && Number.isFinite(tolerance))) {
    throw new RangeError(`fitDavidsonMM: tolerance must be finite and >= 0, got ${tolerance}`);
  }
  if (!hasFiniteStrengths(table) || ties === total) {
    throw new RangeError(
      "fitDavidsonMM: no finite MLE for this table; use fitDavidson with a prior",
    );
  }
  const n = table.systemCount;
  const { i, j, winsI, winsJ } = table;
  const numerator = new Float64Array(n);
  for (let p = 0; p < i.length; p++) {
    const t = table.ties[p]!;
    const a = i[p]!;
    const b = j[p]!;
    numerator[a] = numerator[a]! + winsI[p]! + 0.5 * t;
    numerator[b] = numerator[b]! + winsJ[p]! + 0.5 * t;
  }
  const theta = new Float64Array(n); // log pi, centred
  const pi = new Float64Array(n).fill(1);
  const denominator = new Float64Array(n);
  let nu = ties > 0 ? (2 * ties) / (total - ties) : 0; // matches the tie rate at pi = 1
  let iterations = 0;
  let converged = false;
  while (!converged && iterations < maxIterations) {
    denominator.fill(0);
    let tieDenominator = 0;
    for (let p = 0; p < i.length; p++) {
      const count = winsI[p]! + winsJ[p]! + table.ties[p]!;
      if (count === 0) continue;
      const a = i[p]!;
      const b = j[p]!;
      const root = Math.sqrt(pi[a]! * pi[b]!);
      const d = pi[a]! + pi[b]! + nu * root;
      denominator[a] = denominator[a]! + (count * (1 + 0.5 * nu * Math.sqrt(pi[b]! / pi[a]!))) / d;
      denominator[b] = denominator[b]! + (count * (1 + 0.5 * nu * Math.sqrt(pi[a]! / pi[b]!))) / d;
      tieDenominator += (count * root) / d;
    }
    let mean = 0;
    for (let k = 0; k < n; k++) mean += Math.log(numerator[k]! / denominator[k]!);
    mean /= n;
    let change = 0;
    for (let k = 0; k < n; k++) {
      const next = Math.log(numerator[k]! / denominator[k]!) - mean;
      change = Math.max(change, Math.abs(next - theta[k]!));
      theta[k] = next;
      pi[k] = Math.exp(next);
    }
    if (ties > 0) {
      const next = ties / tieDenominator;
      change = Math.max(change, Math.abs(Math.log(next / nu)));
      nu = next;
    }
    iterations++;
    converged = change <= tolerance;
  }
  const x = new Float64Array(n + 1);
  x.set(theta);
  x[n] = Math.log(nu);
  const logLikelihood = -davidsonObjective(table, 0)(x, new Float64Array(n + 1));
  return { theta, tieParameter: nu, logLikelihood, iterations, converged };
}
