/** What annotators are asked next, and how far along they are. */
import type { Candidate, Prompt, TaskKind } from "../../core/types.js";

/** What the next-task functions leave out besides what the annotator has judged. */
export interface TaskOptions {
  /** Prompts the annotator skipped: their tasks are not offered (until no longer skipped). */
  skipPrompts?: readonly string[];
  /**
   * Pairs only: no pair of a prompt the annotator has voted on at all. An arena reveals the
   * systems after each vote, so a second pair of the same prompt would show a response whose
   * author the annotator already knows.
   */
  oncePerPrompt?: boolean;
  /**
   * Pairs only: how long a routed pair served to this annotator stays reserved for them, in
   * milliseconds (default ROUTED_PAIR_LEASE_MS, 10 minutes); others are served other pairs
   * meanwhile.
   */
  reservationMs?: number;
}

/** A pair of candidates for one annotator to judge (system ids are not part of a task). */
export interface PairTask {
  kind: "pair";
  prompt: Prompt;
  candidates: [Candidate, Candidate];
}

/** Candidates of one prompt for one annotator to order, best first (no system ids either). */
export interface RankingTask {
  kind: "ranking";
  prompt: Prompt;
  candidates: Candidate[];
}

/** One candidate for one annotator to rate or give a thumb to (no system id either). */
export interface SingleTask {
  kind: "rating" | "binary";
  prompt: Prompt;
  candidates: [Candidate];
}

/** What annotators are asked: the task kinds of `tasks/next` and of a project's queue. */
export { TASK_KINDS, type TaskKind } from "../../core/types.js";

export interface TasksStore {
  /**
   * An arena's next pair for an annotator, remembered as served (`OnceRule.arena` votes only on
   * it): the pair served before and not yet voted on, if its prompt is not skipped — so
   * reloading does not shop for another pair — else `nextPairTask` with `oncePerPrompt`.
   */
  servePairTask(
    projectId: string,
    annotatorId: string,
    options?: TaskOptions,
  ): Promise<PairTask | undefined>;
  /**
   * A routed pair no human has judged yet (routing.ts; highest score first), else the
   * least-judged system pair's next prompt this annotator has not judged, or undefined.
   */
  nextPairTask(
    projectId: string,
    annotatorId: string,
    options?: TaskOptions,
  ): Promise<PairTask | undefined>;
  /** `size` candidates of the least-ranked prompt this annotator has not ranked, or undefined. */
  nextRankingTask(
    projectId: string,
    annotatorId: string,
    size: number,
    options?: TaskOptions,
  ): Promise<RankingTask | undefined>;
  /**
   * A candidate this annotator has not rated (`rating`) or thumbed (`binary`), among the ones
   * with the fewest judgments of that kind so far, or undefined.
   */
  nextSingleTask(
    projectId: string,
    annotatorId: string,
    kind: SingleTask["kind"],
    options?: TaskOptions,
  ): Promise<SingleTask | undefined>;
  /**
   * The live arena (store/live-pairs.ts): serves a turn's pair for a prompt, replacing the pair
   * served before (the previous turn's), so a vote is taken on the last complete turn only.
   */
  serveLivePair(
    projectId: string,
    annotatorId: string,
    promptId: string,
    pair: { a: string; b: string },
  ): Promise<void>;
  /** The pair served to the annotator for the prompt and not yet voted on, if any. */
  servedPair(
    projectId: string,
    annotatorId: string,
    promptId: string,
  ): Promise<{ a: string; b: string } | undefined>;
  /**
   * Withdraws exactly this served pair (a live turn about to replace it); false when it was
   * not served any more — voted on, or withdrawn first by another request.
   */
  withdrawServedPair(
    projectId: string,
    annotatorId: string,
    promptId: string,
    pair: { a: string; b: string },
  ): Promise<boolean>;
  /** Whether the annotator has voted on the prompt (a pairwise judgment, or its arena task). */
  votedOn(projectId: string, annotatorId: string, promptId: string): Promise<boolean>;
  /**
   * A random prompt of the project the annotator has not voted on, never a live one (the
   * prompts annotators wrote: store/live-rows.ts), or undefined.
   */
  sampleUnvotedPrompt(projectId: string, annotatorId: string): Promise<Prompt | undefined>;
  /**
   * One annotator's progress on a kind of task: `done` is their judgments of that kind, `total`
   * the tasks there are — candidate pairs of two systems (pair), prompts with two or more
   * candidates (ranking), candidates (rating, binary).
   */
  taskProgress(
    projectId: string,
    annotatorId: string,
    kind: TaskKind,
  ): Promise<{ done: number; total: number }>;
}
