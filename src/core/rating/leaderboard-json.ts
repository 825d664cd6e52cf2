/**
 * One leaderboard as the JSON both `prefkit leaderboard --format json` and the HTTP API give:
 * snake_case fields, numbers rounded to 6 decimals so reports are byte-stable across platforms.
 * Without bootstrap rounds, `ci_lower`, `ci_upper` and `rank_ub` are null: there is no interval.
 */
import type { Leaderboard } from "./leaderboard-types.js";

/** Rounds to `digits` decimals. */
export const round = (x: number, digits = 6): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Rounds; null (and NaN: no battles between the two) stays null. */
export const roundOrNull = (x: number | null): number | null =>
  x === null || Number.isNaN(x) ? null : round(x);

export function leaderboardJson(group: string | null, board: Leaderboard) {
  return {
    group,
    battles: board.totalBattles,
    prior: board.prior,
    ...(board.tieParameter !== undefined ? { tie_parameter: round(board.tieParameter) } : {}),
    ...(board.styleCoefficients
      ? {
          style_coefficients: Object.fromEntries(
            Object.entries(board.styleCoefficients).map(([k, v]) => [k, round(v)]),
          ),
        }
      : {}),
    bootstrap: {
      rounds: board.bootstrap.rounds,
      prior_fallback_rounds: board.bootstrap.priorFallbackRounds,
    },
    warnings: board.warnings,
    systems: board.rows.map((r) => ({
      system: r.system,
      rating: round(r.rating),
      ci_lower: roundOrNull(r.ciLower),
      ci_upper: roundOrNull(r.ciUpper),
      rank: r.rank,
      rank_ub: r.rankUb,
      battles: r.battles,
      wins: r.wins,
      losses: r.losses,
      ties: r.ties,
      win_rate: round(r.winRate),
    })),
    matrices: {
      systems: board.systems,
      predicted_win_rate: board.predictedWinRate.map((row) => row.map(roundOrNull)),
      observed_win_rate: board.observedWinRate.map((row) => row.map(roundOrNull)),
      battles: board.battleCounts,
    },
  };
}
