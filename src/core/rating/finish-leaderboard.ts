/**
 * Last step of a leaderboard: intervals from bootstrap percentiles, ranks, observed and
 * predicted win rates. Rank: 1 + the number of systems rated higher, so equal ratings share a
 * rank. Rank upper bound as in FastChat's `report_elo_analysis_results`: 1 + the number of
 * systems whose lower bound lies above this system's upper bound. "Higher" and "above" mean by
 * more than `RATING_TOLERANCE`: symmetric data (two systems with identical records) can leave
 * the fit's ratings a last bit apart (1.1e-13 measured), which must not split a tie.
 * The point rating is the full-data fit for BT-family methods and, for online Elo, the median
 * of the bootstrap rounds (methods.md §A4, as FastChat reports it): a single
 * order-dependent run can fall outside its own interval. Without rounds, Elo keeps that run,
 * and there is no interval: the bounds and the rank upper bound are null, not the point (a
 * zero-width interval would claim a certainty nothing measured).
 */
import { quantileSorted } from "../stats/quantile.js";
import { anchoredRatings } from "./anchor.js";
import type { BootstrapSamples } from "./bootstrap.js";
import { davidsonProbabilities } from "./davidson.js";
import type { Leaderboard, LeaderboardProblem, LeaderboardRow } from "./leaderboard-types.js";
import { OUTCOME_A, OUTCOME_B } from "./outcome-counts.js";
import { raoKupperProbabilities } from "./rao-kupper.js";

/**
 * Ratings (Elo points) that differ by at most this much are equal for ranks: 1e-6, the printed
 * precision of the JSON report, far above the rounding noise of a fit (~1e-13) and far below
 * any difference the data can show (bootstrap intervals are points wide).
 */
export const RATING_TOLERANCE = 1e-6;

export function finishLeaderboard(
  problem: LeaderboardProblem,
  samples: BootstrapSamples,
): Leaderboard {
  const n = problem.systems.length;
  const rounds = samples.ratings.length / n;
  const point = anchoredRatings(problem, problem.theta);
  const lower = Float64Array.from(point);
  const upper = Float64Array.from(point);
  if (rounds > 0) {
    const column = new Float64Array(rounds);
    const alpha = (1 - problem.options.confidence) / 2;
    for (let i = 0; i < n; i++) {
      for (let r = 0; r < rounds; r++) column[r] = samples.ratings[r * n + i]!;
      column.sort();
      lower[i] = quantileSorted(column, alpha);
      upper[i] = quantileSorted(column, 1 - alpha);
      if (problem.options.method === "elo") point[i] = quantileSorted(column, 0.5);
    }
  }
  const stats = observedStats(problem);
  const rank = new Int32Array(n);
  const rankUb = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let above = 0;
    let aboveCi = 0;
    for (let j = 0; j < n; j++) {
      if (point[j]! > point[i]! + RATING_TOLERANCE) above++;
      if (lower[j]! > upper[i]! + RATING_TOLERANCE) aboveCi++;
    }
    rank[i] = 1 + above;
    rankUb[i] = 1 + aboveCi;
  }
  // By rank, then name: systems of one rank are within the tolerance of each other, and their
  // order must not depend on rounding noise.
  const order = [...point.keys()].sort(
    (x, y) => rank[x]! - rank[y]! || (problem.systems[x]! < problem.systems[y]! ? -1 : 1),
  );
  const rows: LeaderboardRow[] = order.map((i) => {
    const battles = stats.battles[i]!;
    return {
      system: problem.systems[i]!,
      rating: point[i]!,
      ciLower: rounds > 0 ? lower[i]! : null,
      ciUpper: rounds > 0 ? upper[i]! : null,
      rank: rank[i]!,
      rankUb: rounds > 0 ? rankUb[i]! : null,
      battles,
      wins: stats.wins[i]!,
      losses: stats.losses[i]!,
      ties: stats.ties[i]!,
      winRate: battles > 0 ? (stats.wins[i]! + stats.ties[i]! / 2) / battles : 0,
    };
  });
  const predicted = predictedMatrix(problem, point);
  const pick = <T>(m: T[][]) => order.map((i) => order.map((j) => m[i]![j]!));
  const warnings = [...problem.warnings];
  if (samples.priorFallbackRounds > 0) {
    warnings.push({
      code: "bootstrap_prior",
      message: `${samples.priorFallbackRounds} of ${rounds} bootstrap resamples had no finite MLE and were fitted with the weak prior`,
    });
  }
  if (problem.options.anchor && !problem.systems.includes(problem.options.anchor.system)) {
    warnings.push({
      code: "anchor_missing",
      message: `anchor system "${problem.options.anchor.system}" has no battles here; ratings are not anchored`,
    });
  }
  const coefficients = problem.coefficients;
  return {
    rows,
    systems: order.map((i) => problem.systems[i]!),
    predictedWinRate: pick(predicted),
    observedWinRate: pick(stats.observed),
    battleCounts: pick(stats.pairBattles),
    totalBattles: stats.total,
    prior: problem.prior,
    ...(problem.tieParameter !== undefined ? { tieParameter: problem.tieParameter } : {}),
    ...(coefficients && problem.style
      ? {
          styleCoefficients: Object.fromEntries(
            problem.style.columns.map((c, k) => [c, coefficients[k]!]),
          ),
        }
      : {}),
    bootstrap: { rounds, priorFallbackRounds: samples.priorFallbackRounds },
    warnings,
  };
}

function observedStats(problem: LeaderboardProblem) {
  const n = problem.systems.length;
  const { counts } = problem;
  const zeros = () => Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const score = zeros();
  const pairBattles = zeros();
  const wins = new Float64Array(n);
  const losses = new Float64Array(n);
  const ties = new Float64Array(n);
  const battles = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < counts.count.length; r++) {
    const a = counts.a[r]!;
    const b = counts.b[r]!;
    const c = counts.count[r]!;
    const o = counts.outcome[r]!;
    total += c;
    battles[a]! += c;
    battles[b]! += c;
    pairBattles[a]![b]! += c;
    pairBattles[b]![a]! += c;
    if (o === OUTCOME_A) {
      wins[a]! += c;
      losses[b]! += c;
      score[a]![b]! += c;
    } else if (o === OUTCOME_B) {
      wins[b]! += c;
      losses[a]! += c;
      score[b]![a]! += c;
    } else {
      ties[a]! += c;
      ties[b]! += c;
      score[a]![b]! += c / 2;
      score[b]![a]! += c / 2;
    }
  }
  const observed = score.map((row, i) =>
    row.map((s, j) => (pairBattles[i]![j]! > 0 ? s / pairBattles[i]![j]! : null)),
  );
  return { wins, losses, ties, battles, total, pairBattles, observed };
}

/** P(i beats j) under the fitted model; for tie models a tie counts half. NaN on the diagonal. */
function predictedMatrix(problem: LeaderboardProblem, ratings: Float64Array): number[][] {
  const n = ratings.length;
  const { scale, base } = problem.options.scale;
  const k = Math.log(base) / scale;
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      if (i === j) return Number.NaN;
      const ti = k * ratings[i]!;
      const tj = k * ratings[j]!;
      if (problem.options.method === "davidson" && problem.tieParameter !== undefined) {
        const p = davidsonProbabilities(ti, tj, problem.tieParameter);
        return p.win + p.tie / 2;
      }
      if (problem.options.method === "rao-kupper" && problem.tieParameter !== undefined) {
        const p = raoKupperProbabilities(ti, tj, problem.tieParameter);
        return p.win + p.tie / 2;
      }
      return 1 / (1 + Math.exp(tj - ti));
    }),
  );
}
