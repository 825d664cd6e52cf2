// Rao & Kupper (1967), "Ties in paired-comparison experiments: a generalization of the
// Bradley-Terry model", JASA 62(317), 194-204. Likelihood and gradient: methods.md §A2.
// With delta = theta_i - theta_j and lambda = log kappa: P(i wins) = sigma(delta - lambda),
// P(j wins) = sigma(-delta - lambda), log P(tie) = log(kappa^2 - 1) - softplus(lambda - delta)
// - softplus(lambda + delta). kappa = 1 + e^eta, so log kappa = softplus(eta) and
// log(kappa^2 - 1) = eta + ln 2 + softplus(eta - ln 2): no cancellation anywhere.

import type { Objective } from "../optimize/lbfgs.js";
import type { TieModelFit } from "./fit.js";
import type { PairTable } from "./pair-table.js";
import {
  checkPairTable,
  fitTieModel,
  type TieModelOptions,
  type TieModelSpec,
} from "./tie-model-fit.js";

const LN2 = Math.LN2;
const softplus = (z: number): number => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
const sigmoid = (z: number): number =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));

/**
 * Rao-Kupper outcome probabilities for strengths theta_i, theta_j (natural log) and tie
 * parameter kappa >= 1: win = pi_i / (pi_i + kappa pi_j), loss = pi_j / (pi_j + kappa pi_i),
 * tie = the rest, (kappa^2 - 1) pi_i pi_j / ((pi_i + kappa pi_j)(pi_j + kappa pi_i)).
 *
 * @example raoKupperProbabilities(Math.log(2), 0, 1.5) // { win: 0.571429, loss: 0.25, tie: 0.178571 }
 * @throws {RangeError} when a theta is not finite or kappa is not finite and >= 1.
 */
export function raoKupperProbabilities(
  thetaI: number,
  thetaJ: number,
  kappa: number,
): { win: number; loss: number; tie: number } {
  if (!Number.isFinite(thetaI) || !Number.isFinite(thetaJ)) {
    throw new RangeError("raoKupperProbabilities: thetas must be finite");
  }
  if (!(kappa >= 1 && Number.isFinite(kappa))) {
    throw new RangeError(`raoKupperProbabilities: kappa must be finite and >= 1, got ${kappa}`);
  }
  const delta = thetaI - thetaJ;
  const lambda = Math.log(kappa);
  const logTie =
    Math.log((kappa - 1) * (kappa + 1)) - softplus(lambda - delta) - softplus(lambda + delta);
  return { win: sigmoid(delta - lambda), loss: sigmoid(-delta - lambda), tie: Math.exp(logTie) };
}

/**
 * The Rao-Kupper negative log-likelihood plus (prior / 2) * sum(theta^2), as an L-BFGS objective
 * over x = [theta_0 .. theta_{n-1}, eta] with kappa = 1 + e^eta, that also writes the analytic
 * gradient. x[n] = -Infinity means kappa = 1 (valid only for a table without ties).
 * O(pairs) per call.
 *
 * @throws {RangeError} on a malformed or empty table, a negative prior, or x of wrong length.
 */
export function raoKupperObjective(table: PairTable, prior = 0): Objective {
  checkPairTable(table);
  if (!(prior >= 0 && Number.isFinite(prior))) {
    throw new RangeError(`raoKupperObjective: prior must be finite and >= 0, got ${prior}`);
  }
  const n = table.systemCount;
  const { i, j, winsI, winsJ, ties } = table;
  return (x, gradient) => {
    if (x.length !== n + 1 || gradient.length !== n + 1) {
      throw new RangeError(`raoKupperObjective: x and gradient need length ${n + 1}`);
    }
    const eta = x[n]!;
    const lambda = softplus(eta);
    const dLambda = sigmoid(eta); // d log(kappa) / d eta
    const logKappaSq = eta + LN2 + softplus(eta - LN2); // log(kappa^2 - 1)
    const dLogKappaSq = 1 + sigmoid(eta - LN2);
    let value = 0;
    let dEta = 0;
    for (let k = 0; k < n; k++) {
      const t = x[k]!;
      value += 0.5 * prior * t * t;
      gradient[k] = prior * t;
    }
    for (let p = 0; p < i.length; p++) {
      const t = ties[p]!;
      const ci = winsI[p]! + t; // outcomes whose likelihood has the factor 1 / A
      const cj = winsJ[p]! + t; // ... and the factor 1 / B
      if (ci + cj === 0) continue;
      const a = i[p]!;
      const b = j[p]!;
      const delta = x[a]! - x[b]!;
      // softplus(z) and sigmoid(z) from one e^-|z| each, for z = lambda -/+ delta.
      const zi = lambda - delta;
      const zj = lambda + delta;
      const ei = Math.exp(-Math.abs(zi));
      const ej = Math.exp(-Math.abs(zj));
      value += ci * (Math.max(zi, 0) + Math.log1p(ei)) + cj * (Math.max(zj, 0) + Math.log1p(ej));
      const u = zi >= 0 ? 1 / (1 + ei) : ei / (1 + ei); // kappa pi_j / A
      const v = zj >= 0 ? 1 / (1 + ej) : ej / (1 + ej); // kappa pi_i / B
      if (t > 0) {
        value -= t * logKappaSq;
        dEta -= t * dLogKappaSq;
      }
      dEta += (ci * u + cj * v) * dLambda;
      const dDelta = ci * u - cj * v; // d loglik / d theta_i
      gradient[a] = gradient[a]! - dDelta;
      gradient[b] = gradient[b]! + dDelta;
    }
    gradient[n] = dEta;
    return value;
  };
}

const RAO_KUPPER: TieModelSpec = {
  name: "fitRaoKupper",
  objective: raoKupperObjective,
  toInternal(kappa) {
    if (!(kappa > 1 && Number.isFinite(kappa))) {
      throw new RangeError(`fitRaoKupper: initTieParameter must be finite and > 1, got ${kappa}`);
    }
    return Math.log(kappa - 1);
  },
  fromInternal: (eta) => 1 + Math.exp(eta),
  // At theta = 0, P(tie) = (kappa - 1) / (kappa + 1), so kappa - 1 = 2 rate / (1 - rate).
  internalForTieRate: (rate) => Math.log((2 * rate) / (1 - rate)),
};

/**
 * Fits the Rao-Kupper tie model: minimises -loglik(theta, eta) + (prior / 2) * sum(theta^2)
 * with L-BFGS, kappa = 1 + e^eta. Returns theta centred to mean 0, tieParameter = kappa, and
 * the log-likelihood without the prior term. O(pairs) per iteration.
 *
 * Degenerate input: an empty table throws. Without any tie the MLE of kappa is 1: kappa is
 * fixed at 1 and the fit is plain Bradley-Terry. With prior 0, a comparison graph that is not
 * strongly connected through wins and ties (a system that never lost or never won, or two
 * components) has no finite unique MLE, and a table of ties only sends kappa to infinity: the
 * fit still returns finite numbers (where the optimiser stopped) with `converged: false`.
 * Pass prior > 0 to regularise theta.
 *
 * @example fitRaoKupper(table, { prior: 0.01 }).tieParameter
 * @throws {RangeError} on a malformed or empty table or bad options.
 */
export function fitRaoKupper(table: PairTable, options: TieModelOptions = {}): TieModelFit {
  return fitTieModel(table, options, RAO_KUPPER);
}
