/** What leaderboards are fitted from: judgments read as battles between systems. */
import type { Judgment } from "../../core/types.js";

/** Pairwise outcome counts between systems: the input of every leaderboard fit. */
export interface BattleCount {
  systemA: string;
  systemB: string;
  outcome: "a" | "b" | "tie" | "both_bad";
  count: number;
}

export interface BattleFilter {
  source?: "human" | "ai";
  /**
   * One AI judge's judgments only: the judge model they were stored under (`source.model` — a
   * judge job's judge system id, or "jury:<method>" for a jury's judgments).
   */
  judge?: string;
  /** Prompt category. */
  category?: string;
  /** Annotator attribute, e.g. { language: "de" }. */
  annotatorAttribute?: { name: string; value: string };
}

/** An AI judge of a project, as the leaderboard's judge filter names it. */
export interface ProjectJudge {
  /** The judge model its judgments were stored under (`BattleFilter.judge`). */
  judge: string;
  /** Its judgments of every kind. */
  judgments: number;
}

export interface BattlesStore {
  /** Pairwise outcomes aggregated in SQL (rankings and ratings are derived by the caller). */
  battleCounts(projectId: string, filter?: BattleFilter): Promise<BattleCount[]>;
  /** Ranking and rating judgments, for the caller to derive battles from. */
  listGradedJudgments(projectId: string, filter?: BattleFilter): AsyncIterable<Judgment>;
  /** The project's AI judges, sorted by name, with how many judgments each made. */
  projectJudges(projectId: string): Promise<ProjectJudge[]>;
}
