/**
 * The machine-readable leaderboard report (`--format json`) and its provenance: everything
 * needed to repeat the run. Nothing time- or machine-dependent goes in, so the same input,
 * options and seed give byte-identical output.
 */
import type { Leaderboard, LeaderboardOptions } from "../../core/rating/leaderboard-types.js";
import type { FileSummary } from "../../formats/arena/read-arena.js";

export interface GroupBoard {
  group: string | null;
  board: Leaderboard;
}

export interface ReportContext {
  version: string;
  options: LeaderboardOptions;
  by?: string;
  where: readonly { field: string; value: string }[];
  files: readonly FileSummary[];
  filtered: number;
  ungrouped: number;
}

const round = (x: number, digits = 6): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};
const roundOrNull = (x: number | null): number | null =>
  x === null || Number.isNaN(x) ? null : round(x);

export function buildReport(context: ReportContext, boards: readonly GroupBoard[]) {
  const o = context.options;
  return {
    prefkit: context.version,
    method: o.styleControl ? `${o.method}+style` : o.method,
    options: {
      ties: o.method === "bt" ? o.ties : "model",
      bootstrap: o.bootstrapRounds,
      seed: o.seed,
      prior: o.prior,
      confidence: o.confidence,
      anchor: o.anchor ?? null,
      min_battles: o.minBattles,
      style_control: o.styleControl,
      ...(o.method === "elo" ? { k: o.eloK } : {}),
      scale: o.scale,
      by: context.by ?? null,
      where: context.where,
    },
    input: context.files.map((f) => ({
      file: f.path,
      format: f.format,
      bytes: f.bytes,
      sha256_tree: f.sha256,
      records: f.records,
      skipped: f.skipped,
    })),
    filtered_out: context.filtered,
    ungrouped: context.ungrouped,
    leaderboards: boards.map(({ group, board }) => ({
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
        ci_lower: round(r.ciLower),
        ci_upper: round(r.ciUpper),
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
    })),
  };
}

export type Report = ReturnType<typeof buildReport>;
