/**
 * LLM judges as durable jobs (issue 14): the contract between the planner (plan.ts), the item
 * runner (run-item.ts), the job handler (handler.ts), the output writer (write-output.ts), the
 * bias report (bias.ts) and the command (cli/commands/judge-run.ts).
 *
 * One job item is one judge call: one judge on one question as shown in one order — a pair in
 * order xy or yx, one permutation of a list, one answer to score. Its payload carries the texts
 * it renders (a worker on another machine needs nothing else); its result keeps the verdict,
 * the raw text and the call's record. Items of one judge on one question share a `group`; the
 * output combines a group's games (both orders of a pair, a list's permutations) into
 * judgments, and, with a jury, the groups of several judges on the same question.
 */
import type { CombineRule } from "../../core/judge/combine-orders.js";
import type { Message } from "../../core/types.js";
import type { JudgeMode, JudgeTemplate, Verdict } from "../../llm/judge/types.js";
import type { LlmSystem } from "../../llm/types.js";

export const JUDGE_KIND = "judge";

/** Which pairs of a prompt's candidates a pairwise judge sees. */
export type PairSelection =
  /** The pairs the input's judgments name (a TRL pair, an arena battle, a human vote). */
  | { kind: "given" }
  /** Every pair of candidates of different systems. */
  | { kind: "all" }
  /** Each other system's candidate against this system's (arena-hard, AlpacaEval). */
  | { kind: "baseline"; system: string }
  /** Up to `perPrompt` pairs per prompt drawn at random from all (seeded: the same job plans the same). */
  | { kind: "sample"; perPrompt: number; seed: number };

/** How several judges' verdicts on one question become the jury's. */
export type JuryMethod = "majority" | "mean" | "weighted";

export type JudgeOutput =
  | {
      kind: "file";
      /** Absolute. */
      path: string;
      /**
       * canonical: prefkit records (systems, prompts, candidates, judgments with metadata);
       * arena: one battle record per outcome (model_a, model_b, winner, judge);
       * trl: prompt/chosen/rejected for each decisive outcome, with the judge's label.
       */
      format: "canonical" | "arena" | "trl";
    }
  | { kind: "project"; projectId: string };

export interface JudgeSpec {
  version: 1;
  /** The judges (one, or a jury): systems of a --systems/--judges file. */
  judges: LlmSystem[];
  /** The template whole, so a worker elsewhere renders and parses exactly the same. */
  template: JudgeTemplate;
  /** Pairwise: show each pair in both orders (default) or once, in a random order per pair. */
  orders: "both" | "one";
  /** Pairwise, both orders: how the two games of a pair become judgments (core/judge). */
  combine: CombineRule;
  /** Copies of a strong verdict under "arena-hard" (3 upstream). */
  strongWeight: number;
  /** Listwise: orders shown per list (cyclic shifts of a seeded shuffle); 1 = as given. */
  permutations: number;
  /** Several judges: also write the jury's judgments, aggregated so. */
  jury?: JuryMethod;
  /** Calls per item whose answer gives no verdict before the item fails with its raw text. */
  parseAttempts: number;
  output: JudgeOutput;
  /** Set for `--fresh`: part of every cache key of this job (as generate's). */
  freshNonce?: string;
}

/** An answer as the judge sees it, with what it stands for. */
export interface JudgedAnswer {
  candidateId: string;
  systemId: string;
  /** The assistant turns' text (what renders as answer_a, answer, …). */
  text: string;
  /** The system's declared family, when the input or the systems file gives one (self-preference). */
  family?: string;
}

export interface JudgeItemPayload {
  /** The judge's system id (one of spec.judges). */
  judge: string;
  mode: JudgeMode;
  /**
   * The question's key, the same for every judge: pairwise `prompt + x + y` (x the candidate id
   * sorting first), listwise `prompt + the sorted ids`, pointwise `prompt + candidate`. A judge's
   * items of one question are (judge, group); a jury joins the judges' on group.
   */
  group: string;
  promptId: string;
  /** The prompt's messages: `question` renders the last user turn, `history` the ones before. */
  question: Message[];
  /** Pairwise [x, y]; listwise the list as given; pointwise the one answer. */
  answers: JudgedAnswer[];
  /** Indices into `answers` in the order shown (pairwise [0, 1] is game 1, [1, 0] game 2). */
  shown: number[];
  /** Pairwise: 1 (x first) or 2 (y first); listwise: the permutation's index; pointwise: 0. */
  game: number;
  /** A reference answer (pointwise or pairwise templates that declare `reference`). */
  reference?: string;
  /** A human's preference for x in [0, 1] on this pair, from the input (bias report, jury weights). */
  human?: number;
  /**
   * Pairwise: the turn of a conversation the input's judgments of this pair are about (their
   * `turn`: an arena log's, MT-Bench's), when all of them name the same one. Every judgment of
   * the group keeps it as `metadata.turn`, so reading the output as comparisons puts the judge's
   * labels on the same items as the input's (core/dataset/join-comparisons.ts).
   */
  turn?: number;
}

/** What a judge call cost and how it went: kept with every judgment made from it. */
export interface JudgeCallRecord {
  /** The judge's system id, and its model. */
  system: string;
  model: string;
  template: string;
  templateVersion: number;
  /** The candidate ids in the order shown. */
  shown: string[];
  inputTokens: number;
  outputTokens: number;
  /** US dollars; null without a price. */
  cost: number | null;
  latencyMs: number;
  /** The request cache key of the answer that gave the verdict. */
  requestKey: string;
  /** The job whose call made the answer (an earlier job's for a cached answer). */
  job: string;
  /** Calls made for this item: parse retries included, 0 when the cache answered. */
  calls: number;
}

/** A done item's result. A verdict that never parsed is a failed item (its error holds the raw text). */
export interface JudgeItemResult {
  verdict: Verdict;
  /** The judge's text the verdict was read from. */
  raw: string;
  record: JudgeCallRecord;
}

/**
 * A failed item's result when a judge answered but gave no verdict (its `error` says the same in
 * words): the parser's reason, the last answer's text, and that call's record. Items that failed
 * without an answer (the server's errors, retried to the end) have no result, only the error.
 */
export interface JudgeItemFailure {
  /** Why the last answer gave no verdict (parseVerdict's reason, or a cut at max_tokens). */
  reason: string;
  /** The last answer's text. */
  raw: string;
  record: JudgeCallRecord;
}

/** One game (call) behind a judgment, as kept in the judgment's metadata. */
export interface JudgeGame {
  /** As JudgeItemPayload.game. */
  game: number;
  /** The candidate ids in the order shown. */
  shown: string[];
  /** The label or text the verdict was read from ("A>>B", "7", "2,1,3"). */
  label: string;
  /** Pairwise: the preference for the first-shown answer in [0, 1]. */
  firstPreference?: number;
  /** Pointwise: the score. Listwise: 0-based indices into `shown`, best first. */
  score?: number;
  order?: number[];
  /** The judge's text. */
  raw: string;
  record: JudgeCallRecord;
}

/**
 * `metadata.judge` of every judgment a judge job writes (to a project or a canonical file), so a
 * judgment says where it came from and what it cost, and routing (app/route) can see both orders
 * of a pair even under a rule that merged them.
 */
export interface JudgeJudgmentMetadata {
  job: string;
  /** The judge's system id, or "jury". */
  judge: string;
  template: string;
  templateVersion: number;
  mode: JudgeMode;
  /** As JudgeItemPayload.group. */
  group: string;
  /** Pairwise: the rule that combined the orders ("one" order: absent). */
  rule?: CombineRule;
  /** Pairwise: the preference for candidate `a` this judgment stands for, in [0, 1]. */
  preference?: number;
  /** Both orders named the same side; null when a game failed; absent with one order. */
  consistent?: boolean | null;
  /** A strong arena-hard verdict written as several copies: this is copy `index` of `of`. */
  copy?: { index: number; of: number };
  /** The games this judgment was made from (a jury's: none; see `jury`). */
  games: JudgeGame[];
  /** A jury's judgment: each judge's say and the weights used. */
  jury?: {
    method: JuryMethod;
    judges: { judge: string; preference?: number; score?: number; order?: string[] }[];
    weights?: Record<string, number>;
  };
}
