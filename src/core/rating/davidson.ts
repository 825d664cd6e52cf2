// Davidson (1970), "On extending the Bradley-Terry model to accommodate ties in paired
// comparison experiments", JASA 65(329), 317-328. Likelihood and gradient: methods.md §A2.
// Evaluated on the half-difference d = (theta_i - theta_j) / 2, where
// P(i wins) = e^d / (e^d + e^-d + nu), P(tie) = nu / (e^d + e^-d + nu), scaled by e^-|d|.

import type { Objective } from "../optimize/lbfgs.js";
import type { TieModelFit } from "./fit.js";
import type { PairTable } from "./pair-table.js";
import {
  checkPairTable,
  fitTieModel,
  type TieModelOptions,
  type TieModelSpec,
} from "./tie-model-fit.js";

/**
 * Davidson outcome probabilities for strengths theta_i, theta_j (natural log) and tie
 * parameter nu >= 0: win = pi_i / D, loss = pi_j / D, tie = nu sqrt(pi_i pi_j) / D with
 * D = pi_i + pi_j + nu sqrt(pi_i pi_j). Stable for any finite thetas.
 *
 * @example davidsonProbabilities(Math.log(2), 0, 0.5) // { win: 0.539504, loss: 0.269752, tie: 0.190744 }
 * @throws {RangeError} when a theta is not finite or nu is not finite and >= 0.
 */
export function davidsonProbabilities(
  thetaI: number,
  thetaJ: number,
  nu: number,
): { win: number; loss: number; tie: number } {
  if (!Number.isFinite(thetaI) || !Number.isFinite(thetaJ)) {
    throw new RangeError("davidsonProbabilities: thetas must be finite");
  }
  if (!(nu >= 0 && Number.isFinite(nu))) {
    throw new RangeError(`davidsonProbabilities: nu must be finite and >= 0, got ${nu}`);
  }
  const d = 0.5 * (thetaI - thetaJ);
  const m = Math.abs(d);
  const win = Math.exp(d - m);
  const loss = Math.exp(-d - m);
  const tie = nu * Math.exp(-m);
  const sum = win + loss + tie;
  return { win: win / sum, loss: loss / sum, tie: tie / sum };
}

/**
 * The Davidson negative log-likelihood plus (prior / 2) * sum(theta^2), as an L-BFGS objective
 * over x = [theta_0 .. theta_{n-1}, log nu] that also writes the analytic gradient.
 * x[n] = -Infinity means nu = 0 (valid only for a table without ties). O(pairs) per call.
 * Same frame as raoKupperObjective (rao-kupper.ts) on purpose: each model's likelihood and
 * gradient written out in full, as its reference formulas read.
 *
 * @throws {RangeError} on a malformed or empty table, a negative prior, or x of wrong length.
 */
export function davidsonObjective(table: PairTable, prior = 0): Objective {
  checkPairTable(table);
  if (!(prior >= 0 && Number.isFinite(prior))) {
    throw new RangeError(`davidsonObjective: prior must be finite and >= 0, got ${prior}`);
  }
  const n = table.systemCount;
  const { i, j, winsI, winsJ, ties } = table;
  return (x, gradient) => {
    if (x.length !== n + 1 || gradient.length !== n + 1) {
      throw new RangeError(`davidsonObjective: x and gradient need length ${n + 1}`);
    }
    const logNu = x[n]!;
    const nu = Math.exp(logNu);
    let value = 0;
    let dLogNu = 0;
    for (let k = 0; k < n; k++) {
      const t = x[k]!;
      value += 0.5 * prior * t * t;
      gradient[k] = prior * t;
    }
    for (let p = 0; p < i.length; p++) {
      const wi = winsI[p]!;
      const wj = winsJ[p]!;
      const t = ties[p]!;
      const count = wi + wj + t;
      if (count === 0) continue;
      const a = i[p]!;
      const b = j[p]!;
      const d = 0.5 * (x[a]! - x[b]!);
      const m = Math.abs(d);
      const q = Math.exp(-m); // one exp per pair: e^(d-m) and e^(-d-m) are 1 and q^2
      const ea = d >= 0 ? 1 : q * q;
      const eb = d >= 0 ? q * q : 1;
      const et = nu * q;
      const sum = ea + eb + et;
      const logSum = Math.log(sum);
      value -= wi * (d - m - logSum) + wj * (-d - m - logSum);
      if (t > 0) value -= t * (logNu - m - logSum);
      const pTie = et / sum;
      dLogNu += count * pTie - t;
      gradient[a] = gradient[a]! - (wi + 0.5 * t - count * (ea / sum + 0.5 * pTie));
      gradient[b] = gradient[b]! - (wj + 0.5 * t - count * (eb / sum + 0.5 * pTie));
    }
    gradient[n] = dLogNu;
    return value;
  };
}

const DAVIDSON: TieModelSpec = {
  name: "fitDavidson",
  objective: davidsonObjective,
  toInternal(nu) {
    if (!(nu > 0 && Number.isFinite(nu))) {
      throw new RangeError(`fitDavidson: initTieParameter must be finite and > 0, got ${nu}`);
    }
    return Math.log(nu);
  },
  fromInternal: Math.exp,
  // At theta = 0, P(tie) = nu / (2 + nu).
  internalForTieRate: (rate) => Math.log((2 * rate) / (1 - rate)),
};

/**
 * Fits Davidson's tie model: minimises -loglik(theta, log nu) + (prior / 2) * sum(theta^2) with
 * L-BFGS. Returns theta centred to mean 0, tieParameter = nu, and the log-likelihood without
 * the prior term. Complexity O(pairs) per iteration, typically tens of iterations.
 *
 * Degenerate input: an empty table throws. Without any tie the MLE of nu is 0: nu is fixed at 0
 * and the fit is plain Bradley-Terry. With prior 0, a comparison graph that is not strongly
 * connected through wins and ties (a system that never lost or never won, or two components)
 * has no finite unique MLE, and a table of ties only sends nu to infinity: the fit still returns
 * finite numbers (where the optimiser stopped) with `converged: false`. Pass prior > 0 to
 * regularise theta.
 *
 * @example fitDavidson(table, { prior: 0.01 }).tieParameter
 * @throws {RangeError} on a malformed or empty table or bad options.
 */
export function fitDavidson(table: PairTable, options: TieModelOptions = {}): TieModelFit {
  return fitTieModel(table, options, DAVIDSON);
}
