/**
 * The machine-readable leaderboard report (`--format json`) and its provenance: everything
 * needed to repeat the run. Nothing time- or machine-dependent goes in, so the same input,
 * options and seed give byte-identical output.
 */
import { leaderboardJson } from "../../core/rating/leaderboard-json.js";
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
    leaderboards: boards.map(({ group, board }) => leaderboardJson(group, board)),
  };
}

export type Report = ReturnType<typeof buildReport>;
