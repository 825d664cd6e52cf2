/**
 * One dispatch from a rating method to its fitting function, shared by the point estimate
 * and every bootstrap round so the two can never disagree about the model.
 */
import { bradleyTerry } from "./bradley-terry.js";
import { fitDavidson } from "./davidson.js";
import type { LeaderboardOptions } from "./leaderboard-types.js";
import type { BattleSequence } from "./online-elo.js";
import { OUTCOME_A, OUTCOME_B } from "./outcome-counts.js";
import type { PairTable } from "./pair-table.js";
import { fitRaoKupper } from "./rao-kupper.js";
import { fitStyleControlled } from "./style-control.js";

export interface MethodFit {
  theta: Float64Array;
  converged: boolean;
  tieParameter?: number;
  coefficients?: Float64Array;
}

export interface StyleData {
  readonly z: Float64Array;
  readonly featureCount: number;
}

/** λ on log10 ratings equivalent to λ on θ: (λθ/2)θ² = (λθ ln²10 / 2) r². */
const LN10 = Math.log(10);

export function fitMethod(
  options: LeaderboardOptions,
  table: PairTable,
  prior: number,
  warm?: {
    theta: Float64Array;
    tieParameter?: number;
    coefficients?: Float64Array;
    preconditioner?: Float64Array;
  },
  style?: { sequence: BattleSequence; data: StyleData; weights?: Float64Array },
): MethodFit {
  if (options.styleControl) {
    if (!style) throw new RangeError("style control needs per-battle style features");
    return fitStyle(options, prior, style, warm);
  }
  switch (options.method) {
    case "bt":
      return bradleyTerry(table, {
        prior,
        ties: options.ties,
        ...(warm ? { init: warm.theta } : {}),
        ...(warm?.preconditioner
          ? { preconditioner: warm.preconditioner, skipLogLikelihood: true, knownFinite: true }
          : {}),
      });
    case "davidson":
    case "rao-kupper": {
      const fit = (options.method === "davidson" ? fitDavidson : fitRaoKupper)(table, {
        prior,
        ...(warm ? { init: warm.theta } : {}),
        ...(warm?.tieParameter !== undefined ? { initTieParameter: warm.tieParameter } : {}),
      });
      return { theta: fit.theta, converged: fit.converged, tieParameter: fit.tieParameter };
    }
    case "elo":
      throw new RangeError("online Elo is not a fit; use onlineElo");
  }
}

function fitStyle(
  options: LeaderboardOptions,
  prior: number,
  style: { sequence: BattleSequence; data: StyleData; weights?: Float64Array },
  warm?: { theta: Float64Array; coefficients?: Float64Array },
): MethodFit {
  const { sequence, data } = style;
  const n = sequence.systemCount;
  const outcome = new Float64Array(sequence.a.length);
  const weights = style.weights
    ? Float64Array.from(style.weights)
    : new Float64Array(outcome.length).fill(1);
  for (let t = 0; t < outcome.length; t++) {
    const o = sequence.outcome[t]!;
    outcome[t] = o === OUTCOME_A ? 1 : o === OUTCOME_B ? 0 : 0.5;
    if (options.ties === "drop" && o !== OUTCOME_A && o !== OUTCOME_B) weights[t] = 0;
  }
  let init: Float64Array | undefined;
  if (warm) {
    init = new Float64Array(n + data.featureCount);
    for (let i = 0; i < n; i++) init[i] = warm.theta[i]! / LN10;
    if (warm.coefficients) init.set(warm.coefficients, n);
  }
  const fit = fitStyleControlled({
    systemCount: n,
    a: sequence.a,
    b: sequence.b,
    outcome,
    z: data.z,
    featureCount: data.featureCount,
    weights,
    lambda: prior * LN10 * LN10,
    ...(init ? { init } : {}),
  });
  const theta = new Float64Array(n);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += fit.ratings[i]! / n;
  for (let i = 0; i < n; i++) theta[i] = (fit.ratings[i]! - mean) * LN10;
  return { theta, converged: fit.converged, coefficients: fit.coefficients };
}
