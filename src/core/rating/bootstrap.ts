/**
 * Bootstrap rounds (Efron 1979), in the forms of FastChat's rating_systems.py (methods.md §A4):
 * for Bradley-Terry-family fits, a multinomial draw over the aggregated outcome cells —
 * exactly the distribution of the cell counts after resampling N battles with replacement,
 * without touching each battle; for online Elo and style control, battle indices drawn with
 * replacement. Round r uses the random stream streamSeed(seed, r), so the samples do not
 * depend on how rounds are split between threads.
 */
import { createRandom, multinomial, type RandomSource, streamSeed } from "../random/index.js";
import { anchoredRatings } from "./anchor.js";
import { bradleyTerryHessianFactor } from "./bradley-terry.js";
import { connectivity } from "./connectivity.js";
import { fitMethod } from "./fit-method.js";
import { type LeaderboardProblem, WEAK_PRIOR } from "./leaderboard-types.js";
import { onlineElo } from "./online-elo.js";
import type { PairTable } from "./pair-table.js";

export interface BootstrapSamples {
  /** Round-major: ratings[(r − from) * n + i], on the Elo scale, anchored. */
  ratings: Float64Array;
  /** Rounds whose resample had no finite MLE and were fitted with the weak prior. */
  priorFallbackRounds: number;
}

export function bootstrapSamples(
  problem: LeaderboardProblem,
  fromRound: number,
  toRound: number,
  onRound?: (round: number) => void,
): BootstrapSamples {
  const n = problem.systems.length;
  const ratings = new Float64Array((toRound - fromRound) * n);
  let priorFallbackRounds = 0;
  const { table, sequence, options } = problem;
  const P = table.i.length;
  const cells = new Float64Array(3 * P);
  cells.set(table.winsI, 0);
  cells.set(table.winsJ, P);
  cells.set(table.ties, 2 * P);
  let total = 0;
  for (let k = 0; k < cells.length; k++) total += cells[k]!;
  const battleCount = sequence ? sequence.a.length : 0;
  const drawn = new Float64Array(options.styleControl ? battleCount : 3 * P);
  const preconditioner =
    options.method === "bt" && !options.styleControl
      ? bradleyTerryHessianFactor(table, problem.theta, {
          prior: problem.prior,
          ties: options.ties,
        })
      : undefined;
  const countTies = options.method !== "bt" || options.ties === "half";
  const warm = {
    theta: problem.theta,
    ...(problem.tieParameter !== undefined ? { tieParameter: problem.tieParameter } : {}),
    ...(problem.coefficients ? { coefficients: problem.coefficients } : {}),
  };

  for (let round = fromRound; round < toRound; round++) {
    const random = createRandom(streamSeed(options.seed, round));
    let theta: Float64Array;
    if (options.method === "elo") {
      theta = onlineElo(sequence!, {
        k: options.eloK,
        scale: options.scale,
        indices: drawIndices(random, battleCount),
      });
    } else if (options.styleControl) {
      drawn.fill(0);
      for (let t = 0; t < battleCount; t++) drawn[Math.floor(random() * battleCount)]! += 1;
      const style = { sequence: sequence!, data: problem.style!, weights: drawn };
      theta = fitMethod(options, table, problem.prior, warm, style).theta;
    } else {
      multinomial(random, Math.round(total), cells, drawn);
      const resampled: PairTable = {
        ...table,
        winsI: drawn.slice(0, P),
        winsJ: drawn.slice(P, 2 * P),
        ties: drawn.slice(2 * P),
      };
      let prior = problem.prior;
      // The beat digraph can only lose edges where a cell that was positive drew zero.
      if (
        prior === 0 &&
        lostCell(cells, drawn) &&
        connectivity(resampled, countTies).strongComponents.length > 1
      ) {
        prior = WEAK_PRIOR;
        priorFallbackRounds++;
      }
      const start = prior === problem.prior && preconditioner ? { ...warm, preconditioner } : warm;
      theta = fitMethod(options, resampled, prior, start).theta;
    }
    ratings.set(anchoredRatings(problem, theta), (round - fromRound) * n);
    onRound?.(round);
  }
  return { ratings, priorFallbackRounds };
}

function lostCell(original: Float64Array, drawn: Float64Array): boolean {
  for (let k = 0; k < original.length; k++) if (original[k]! > 0 && drawn[k] === 0) return true;
  return false;
}

function drawIndices(random: RandomSource, count: number): Int32Array {
  const indices = new Int32Array(count);
  for (let t = 0; t < count; t++) indices[t] = Math.floor(random() * count);
  return indices;
}
