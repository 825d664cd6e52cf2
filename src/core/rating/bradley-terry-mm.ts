/**
 * Bradley-Terry MLE by the MM algorithm of Zermelo (1929) and Hunter (2004, Ann. Statist.
 * 32(1)): π_i ← W_i / Σ_j n_ij / (π_i + π_j). Slow (linear convergence) but shares no code
 * with the Newton solver, so the two check each other. Convergence as in choix: the L1 change
 * of centred θ at most tolerance·n.
 */

import type { TieHandling } from "./bradley-terry.js";
import type { StrengthFit } from "./fit.js";
import type { PairTable } from "./pair-table.js";

export function bradleyTerryMM(
  table: PairTable,
  options: { ties?: TieHandling; maxIterations?: number; tolerance?: number } = {},
): StrengthFit {
  const n = table.systemCount;
  const tieShare = (options.ties ?? "half") === "half" ? 0.5 : 0;
  const tolerance = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 100_000;
  const wins = new Float64Array(n);
  for (let p = 0; p < table.i.length; p++) {
    wins[table.i[p]!]! += table.winsI[p]! + tieShare * table.ties[p]!;
    wins[table.j[p]!]! += table.winsJ[p]! + tieShare * table.ties[p]!;
  }
  let pi = new Float64Array(n).fill(1);
  let theta = new Float64Array(n);
  const denominator = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    denominator.fill(0);
    for (let p = 0; p < table.i.length; p++) {
      const i = table.i[p]!;
      const j = table.j[p]!;
      const m = table.winsI[p]! + table.winsJ[p]! + 2 * tieShare * table.ties[p]!;
      const d = m / (pi[i]! + pi[j]!);
      denominator[i]! += d;
      denominator[j]! += d;
    }
    const next = new Float64Array(n);
    let meanLog = 0;
    for (let i = 0; i < n; i++) {
      next[i] = denominator[i]! > 0 ? wins[i]! / denominator[i]! : pi[i]!;
      meanLog += Math.log(next[i]!);
    }
    meanLog /= n;
    let change = 0;
    const nextTheta = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      nextTheta[i] = Math.log(next[i]!) - meanLog;
      change += Math.abs(nextTheta[i]! - theta[i]!);
      next[i] = Math.exp(nextTheta[i]!);
    }
    converged = change <= tolerance * n;
    pi = next;
    theta = nextTheta;
  }
  let logLikelihood = 0;
  for (let p = 0; p < table.i.length; p++) {
    const d = theta[table.i[p]!]! - theta[table.j[p]!]!;
    const wi = table.winsI[p]! + tieShare * table.ties[p]!;
    const wj = table.winsJ[p]! + tieShare * table.ties[p]!;
    logLikelihood -= wi * Math.log1p(Math.exp(-d)) + wj * Math.log1p(Math.exp(d));
  }
  return { theta, logLikelihood, iterations, converged };
}
