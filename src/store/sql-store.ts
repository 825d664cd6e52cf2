/**
 * The Store on Kysely: one implementation for SQLite and PostgreSQL. Each method lives in the
 * module of its concern; this class only holds the connection and the dialect.
 */
import type { Kysely } from "kysely";
import type { CanonicalEntry } from "../core/dataset/canonical.js";
import type { Candidate, Judgment, Prompt, System } from "../core/types.js";
import { addJudgments } from "./add-judgments.js";
import {
  type AnnotatorChanges,
  createAnnotator,
  findAnnotatorByTokenHash,
  getAnnotator,
  listAnnotators,
  type NewAnnotator,
  progress,
  replaceAnnotatorToken,
  revokeAnnotatorToken,
  updateAnnotator,
} from "./annotators.js";
import {
  addCandidates,
  addPrompts,
  addSystems,
  getCandidate,
  getPrompt,
  listCandidates,
  promptCategories,
  systemsOf,
} from "./catalog.js";
import { exportEntries } from "./export-entries.js";
import {
  battleCounts,
  deleteJudgment,
  getJudgment,
  judgmentVersion,
  listGradedJudgments,
  listJudgments,
} from "./judgments.js";
import { migrateToLatest } from "./migrate.js";
import { nextPairTask } from "./next-pair-task.js";
import { nextRankingTask } from "./next-ranking-task.js";
import { nextSingleTask } from "./next-single-task.js";
import { createProject, getProject, listProjects, updateProject } from "./projects.js";
import type { Database } from "./schema.js";
import { secret } from "./secrets.js";
import { servePairTask } from "./serve-pair-task.js";
import type {
  AnnotatorRecord,
  BattleCount,
  BattleFilter,
  Dialect,
  NewJudgment,
  PairTask,
  Project,
  RankingTask,
  SingleTask,
  Store,
  StoredJudgment,
  TaskKind,
  TaskOptions,
} from "./store.js";
import { StoreError } from "./store.js";
import { taskProgress } from "./task-progress.js";
import { type StoreContext, writeTransaction } from "./transaction.js";
import { probeWrite } from "./write-probe.js";

export class SqlStore implements Store {
  readonly #ctx: StoreContext;
  readonly #schema: string | undefined;

  constructor(db: Kysely<Database>, dialect: Dialect, options: { schema?: string } = {}) {
    this.#ctx = { db, dialect };
    this.#schema = options.schema;
  }

  get dialect(): Dialect {
    return this.#ctx.dialect;
  }

  migrate(): Promise<void> {
    return migrateToLatest(this.#ctx, this.#schema);
  }

  close(): Promise<void> {
    return this.#ctx.db.destroy();
  }

  createProject(input: {
    id?: string;
    name: string;
    settings?: Record<string, unknown>;
  }): Promise<Project> {
    return createProject(this.#ctx, input);
  }

  getProject(id: string): Promise<Project | undefined> {
    return getProject(this.#ctx, id);
  }

  listProjects(): Promise<Project[]> {
    return listProjects(this.#ctx);
  }

  updateProject(
    id: string,
    change: (current: Project) => { name?: string; settings?: Record<string, unknown> },
  ): Promise<Project> {
    return updateProject(this.#ctx, id, change);
  }

  addPrompts(projectId: string, prompts: readonly Prompt[]): Promise<{ added: number }> {
    return addPrompts(this.#ctx, projectId, prompts);
  }

  addSystems(projectId: string, systems: readonly System[]): Promise<{ added: number }> {
    return addSystems(this.#ctx, projectId, systems);
  }

  addCandidates(projectId: string, candidates: readonly Candidate[]): Promise<{ added: number }> {
    return addCandidates(this.#ctx, projectId, candidates);
  }

  promptCategories(projectId: string): Promise<{ category: string; prompts: number }[]> {
    return promptCategories(this.#ctx, projectId);
  }

  getPrompt(projectId: string, id: string): Promise<Prompt | undefined> {
    return getPrompt(this.#ctx, projectId, id);
  }

  getCandidate(projectId: string, id: string): Promise<Candidate | undefined> {
    return getCandidate(this.#ctx, projectId, id);
  }

  listCandidates(projectId: string, promptId: string): Promise<Candidate[]> {
    return listCandidates(this.#ctx, projectId, promptId);
  }

  addJudgments(projectId: string, judgments: readonly NewJudgment[]): Promise<StoredJudgment[]> {
    return addJudgments(this.#ctx, projectId, judgments);
  }

  listJudgments(
    projectId: string,
    options?: { annotatorId?: string; after?: string; limit?: number },
  ): Promise<Judgment[]> {
    return listJudgments(this.#ctx, projectId, options);
  }

  getJudgment(projectId: string, id: string): Promise<Judgment | undefined> {
    return getJudgment(this.#ctx, projectId, id);
  }

  deleteJudgment(projectId: string, id: string): Promise<boolean> {
    return deleteJudgment(this.#ctx, projectId, id);
  }

  judgmentVersion(projectId: string): Promise<string> {
    return judgmentVersion(this.#ctx, projectId);
  }

  battleCounts(projectId: string, filter?: BattleFilter): Promise<BattleCount[]> {
    return battleCounts(this.#ctx, projectId, filter);
  }

  listGradedJudgments(projectId: string, filter?: BattleFilter): AsyncIterable<Judgment> {
    return listGradedJudgments(this.#ctx, projectId, filter);
  }

  servePairTask(
    projectId: string,
    annotatorId: string,
    options?: TaskOptions,
  ): Promise<PairTask | undefined> {
    return servePairTask(this.#ctx, projectId, annotatorId, options);
  }

  nextPairTask(
    projectId: string,
    annotatorId: string,
    options?: TaskOptions,
  ): Promise<PairTask | undefined> {
    return nextPairTask(this.#ctx, projectId, annotatorId, options);
  }

  addEntries(
    projectId: string,
    entries: {
      prompts: readonly Prompt[];
      systems: readonly System[];
      candidates: readonly Candidate[];
      judgments: readonly NewJudgment[];
    },
  ) {
    return writeTransaction(this.#ctx, async (tx: Kysely<Database>) => {
      const inner = { ...this.#ctx, db: tx, inTransaction: true };
      const step = async <T>(part: NonNullable<StoreError["part"]>, write: () => Promise<T>) => {
        try {
          return await write();
        } catch (error) {
          if (!(error instanceof StoreError)) throw error;
          throw new StoreError(error.code, error.field, error.reason, error.index, part);
        }
      };
      const prompts = entries.prompts.length
        ? (await step("prompts", () => addPrompts(inner, projectId, entries.prompts))).added
        : 0;
      const systems = entries.systems.length
        ? (await step("systems", () => addSystems(inner, projectId, entries.systems))).added
        : 0;
      const candidates = entries.candidates.length
        ? (await step("candidates", () => addCandidates(inner, projectId, entries.candidates)))
            .added
        : 0;
      const judgments = entries.judgments.length
        ? await step("judgments", () => addJudgments(inner, projectId, entries.judgments))
        : [];
      return { prompts, systems, candidates, judgments };
    });
  }

  secret(name: string): Promise<string> {
    return secret(this.#ctx, name);
  }

  checkWritable(): Promise<void> {
    return probeWrite(this.#ctx);
  }

  nextRankingTask(
    projectId: string,
    annotatorId: string,
    size: number,
    options?: TaskOptions,
  ): Promise<RankingTask | undefined> {
    return nextRankingTask(this.#ctx, projectId, annotatorId, size, options);
  }

  nextSingleTask(
    projectId: string,
    annotatorId: string,
    kind: SingleTask["kind"],
    options?: TaskOptions,
  ): Promise<SingleTask | undefined> {
    return nextSingleTask(this.#ctx, projectId, annotatorId, kind, options);
  }

  taskProgress(
    projectId: string,
    annotatorId: string,
    kind: TaskKind,
  ): Promise<{ done: number; total: number }> {
    return taskProgress(this.#ctx, projectId, annotatorId, kind);
  }

  systemsOf(projectId: string, candidateIds: readonly string[]): Promise<Map<string, string>> {
    return systemsOf(this.#ctx, projectId, candidateIds);
  }

  createAnnotator(input: NewAnnotator): Promise<AnnotatorRecord> {
    return createAnnotator(this.#ctx, input);
  }

  findAnnotatorByTokenHash(
    tokenHash: string,
  ): Promise<(AnnotatorRecord & { tokenHash: string }) | undefined> {
    return findAnnotatorByTokenHash(this.#ctx, tokenHash);
  }

  getAnnotator(id: string): Promise<AnnotatorRecord | undefined> {
    return getAnnotator(this.#ctx, id);
  }

  updateAnnotator(id: string, changes: AnnotatorChanges): Promise<AnnotatorRecord> {
    return updateAnnotator(this.#ctx, id, changes);
  }

  replaceAnnotatorToken(id: string, tokenHash: string): Promise<AnnotatorRecord> {
    return replaceAnnotatorToken(this.#ctx, id, tokenHash);
  }

  revokeAnnotatorToken(id: string): Promise<void> {
    return revokeAnnotatorToken(this.#ctx, id);
  }

  listAnnotators(projectId?: string): Promise<AnnotatorRecord[]> {
    return listAnnotators(this.#ctx, projectId);
  }

  progress(projectId: string): Promise<{ annotatorId: string; judgments: number }[]> {
    return progress(this.#ctx, projectId);
  }

  exportEntries(projectId: string): AsyncIterable<CanonicalEntry> {
    return exportEntries(this.#ctx, projectId);
  }
}
