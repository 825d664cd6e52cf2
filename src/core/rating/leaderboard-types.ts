import { ARENA_SCALE, type EloScale } from "./elo-scale.js";
import type { BattleSequence } from "./online-elo.js";
import type { OutcomeCounts } from "./outcome-counts.js";
import type { PairTable } from "./pair-table.js";

export type RatingMethod = "bt" | "davidson" | "rao-kupper" | "elo";

export interface LeaderboardOptions {
  method: RatingMethod;
  /** For `bt`: ties as half a win each way, or dropped. Tie models (davidson, rao-kupper) model them. */
  ties: "half" | "drop";
  bootstrapRounds: number;
  seed: number;
  /** Ridge λ on θ; "auto" uses 0 when the MLE exists and WEAK_PRIOR when it does not. */
  prior: number | "auto";
  anchor?: { system: string; rating: number };
  minBattles: number;
  /** Two-sided interval level, 0.95 by default (the 2.5% and 97.5% percentiles). */
  confidence: number;
  eloK: number;
  styleControl: boolean;
  scale: EloScale;
}

/** λ = 0.1 on θ equals FastChat's style-control penalty (0.5 on log10 ratings) — weak. */
export const WEAK_PRIOR = 0.1;

export const DEFAULT_OPTIONS: LeaderboardOptions = {
  method: "bt",
  ties: "half",
  bootstrapRounds: 1000,
  seed: 0,
  prior: "auto",
  minBattles: 0,
  confidence: 0.95,
  eloK: 4,
  styleControl: false,
  scale: ARENA_SCALE,
};

/** Raw style elements per battle and side, row-major N×4: tokens, headers, lists, bold. */
export interface StyleInput {
  readonly a: Float64Array;
  readonly b: Float64Array;
}

export interface LeaderboardInput {
  readonly counts: OutcomeCounts;
  /** Battles in order; needed by `elo` and style control. Ids index `counts.systems`. */
  readonly sequence?: BattleSequence;
  readonly style?: StyleInput;
}

export type WarningCode =
  | "unbounded_mle"
  | "disconnected"
  | "bootstrap_prior"
  | "anchor_missing"
  | "not_converged"
  | "style_column_dropped";

export interface LeaderboardWarning {
  code: WarningCode;
  message: string;
  systems?: string[];
}

/** Everything a bootstrap round needs: plain data, so it can be sent to a worker thread. */
export interface LeaderboardProblem {
  readonly options: LeaderboardOptions;
  readonly systems: readonly string[];
  readonly counts: OutcomeCounts;
  readonly table: PairTable;
  readonly sequence?: BattleSequence;
  readonly style?: { z: Float64Array; featureCount: number; columns: string[] };
  readonly prior: number;
  /** Point-estimate parameters: θ for BT-family fits, Elo ratings for `elo`. */
  readonly theta: Float64Array;
  readonly tieParameter?: number;
  readonly coefficients?: Float64Array;
  readonly warnings: LeaderboardWarning[];
}

export interface LeaderboardRow {
  system: string;
  rating: number;
  /** The interval's bounds; null without bootstrap rounds (no interval, not a zero-width one). */
  ciLower: number | null;
  ciUpper: number | null;
  /** 1 + the number of systems rated higher (by more than RATING_TOLERANCE). */
  rank: number;
  /** 1 + the number of systems whose interval lies wholly above this one's; null without rounds. */
  rankUb: number | null;
  battles: number;
  wins: number;
  losses: number;
  ties: number;
  /** Observed score, (wins + ties / 2) / battles. */
  winRate: number;
}

export interface Leaderboard {
  /** Sorted by rating, best first. */
  rows: LeaderboardRow[];
  /** Row/column order of the matrices: the rows' order. */
  systems: string[];
  predictedWinRate: number[][];
  observedWinRate: (number | null)[][];
  battleCounts: number[][];
  totalBattles: number;
  prior: number;
  tieParameter?: number;
  styleCoefficients?: Record<string, number>;
  bootstrap: { rounds: number; priorFallbackRounds: number };
  warnings: LeaderboardWarning[];
}
