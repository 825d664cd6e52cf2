/** Judgments: append-only events, stored in batches, read back in the order they were stored. */
import type { Candidate, Judgment, Prompt, System } from "../../core/types.js";

/** Omit applied to each member of a union (a plain Omit keeps only the fields all share). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * A judgment to store. `id` is generated when absent; `createdAt` is the time of storing when
 * absent; `idempotencyKey` makes resubmission safe.
 */
export type NewJudgment = DistributiveOmit<Judgment, "id" | "createdAt"> & {
  id?: string;
  createdAt?: string;
  /** Set for an annotator's own submission (the API sets it; admins and imports go without). */
  once?: OnceRule;
};

/**
 * Holds an annotator's submission to "once", in the database (migration 0005): each judgment
 * takes its tasks (task-keys.ts) for the annotator, and a task already taken is
 * `already_judged`, whichever process stored it and however close together. Their
 * idempotency keys are theirs alone (another annotator's same key is another judgment).
 */
export interface OnceRule {
  annotatorId: string;
  /**
   * An arena: one vote per prompt, and only on the pair last served to the annotator for it
   * (`servePairTask`); storing the vote uses that pair up (`not_served` otherwise).
   */
  arena: boolean;
}

export interface StoredJudgment {
  judgment: Judgment;
  /** False when a judgment with the same idempotency key was already stored (it is returned). */
  created: boolean;
}

/** What one import stores in one transaction (`addEntries`). */
export interface Entries {
  prompts: readonly Prompt[];
  systems: readonly System[];
  candidates: readonly Candidate[];
  judgments: readonly NewJudgment[];
}

export interface JudgmentsStore {
  /**
   * Stores a batch of judgments in one transaction, checking that prompts and candidates exist
   * and belong together. A judgment whose idempotency key is already stored is not stored again:
   * the stored one comes back with `created: false` (a different body under the same key is an
   * `idempotency_conflict`). All or nothing: a StoreError names the first bad item.
   * "The same body" is everything but `id`, `createdAt` and the key; an `id` given with the
   * resubmission must also match the stored one.
   * @throws StoreError `not_found` (project), `unknown_reference` (prompt, a, b, order.i.k,
   * scores.i.candidate, candidate), `invalid`, `duplicate_id` (id), `idempotency_conflict`.
   */
  addJudgments(projectId: string, judgments: readonly NewJudgment[]): Promise<StoredJudgment[]>;
  /**
   * Stores judgments that carry their ids, once (how a judge job writes into a project: a
   * resumed job may write the same judgments again). A judgment already stored under its id
   * with the same content — everything but `createdAt` — is skipped; different content under
   * that id is refused. One transaction, all or nothing, checked as `addJudgments`; no OnceRule.
   * @throws StoreError `not_found` (project), `invalid` (a missing id, `once`, …),
   * `unknown_reference`, `duplicate_id` (id, naming the index), `idempotency_conflict`.
   */
  addJudgmentsOnce(
    projectId: string,
    judgments: readonly NewJudgment[],
  ): Promise<{ added: number; skipped: number }>;
  /**
   * Prompts, systems, candidates and judgments in one transaction (an import): all stored, or
   * — on a StoreError, whose `part` names the list its `index` counts in — none.
   */
  addEntries(
    projectId: string,
    entries: Entries,
  ): Promise<{ prompts: number; systems: number; candidates: number; judgments: StoredJudgment[] }>;
  /**
   * Judgments in the order they were stored; `after` is a judgment id (those stored after it),
   * `limit` a positive integer.
   * @throws StoreError `not_found` on "after" for an unknown id, `invalid` on "limit".
   */
  listJudgments(
    projectId: string,
    options?: { annotatorId?: string; after?: string; limit?: number },
  ): Promise<Judgment[]>;
  getJudgment(projectId: string, id: string): Promise<Judgment | undefined>;
  /** The stored judgments among `ids`, by id, in a few queries (absent ids are left out). */
  getJudgments(projectId: string, ids: readonly string[]): Promise<Map<string, Judgment>>;
  /** Removes one judgment (an annotator's undo). */
  deleteJudgment(projectId: string, id: string): Promise<boolean>;
  /** Grows with every stored judgment of the project: a leaderboard cache key. */
  judgmentVersion(projectId: string): Promise<string>;
}
