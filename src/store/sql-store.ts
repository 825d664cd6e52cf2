/**
 * The Store on Kysely: one implementation for SQLite and PostgreSQL. Each aggregate of the port
 * (port/*.ts) is an object of one-line methods over the modules of its concern; the store is
 * their union over one connection and dialect.
 */
import type { Kysely } from "kysely";
import { addEntries } from "./add-entries.js";
import { addJudgments } from "./add-judgments.js";
import { addJudgmentsOnce } from "./add-judgments-once.js";
import * as annotators from "./annotators.js";
import * as catalog from "./catalog.js";
import { exportEntries } from "./export-entries.js";
import * as claims from "./job-claims.js";
import * as jobs from "./jobs.js";
import * as judgments from "./judgments.js";
import * as live from "./live-pairs.js";
import { migrateToLatest } from "./migrate.js";
import { nextPairTask } from "./next-pair-task.js";
import { nextRankingTask } from "./next-ranking-task.js";
import { nextSingleTask } from "./next-single-task.js";
import type { AnnotatorsStore } from "./port/annotators.js";
import type { BattlesStore } from "./port/battles.js";
import type { CatalogStore } from "./port/catalog.js";
import type { DatabaseStore, Dialect } from "./port/database.js";
import type { ExportStore } from "./port/export.js";
import type { JobsStore } from "./port/jobs.js";
import type { JudgmentsStore } from "./port/judgments.js";
import type { ProjectsStore } from "./port/projects.js";
import type { RoutingStore } from "./port/routing.js";
import type { TasksStore } from "./port/tasks.js";
import * as projects from "./projects.js";
import * as routed from "./routed-pairs.js";
import type { Database } from "./schema.js";
import { secret } from "./secrets.js";
import { servePairTask, votedOn } from "./serve-pair-task.js";
import type { Store } from "./store.js";
import { taskProgress } from "./task-progress.js";
import type { StoreContext } from "./transaction.js";
import { probeWrite } from "./write-probe.js";

/**
 * A store on an open Kysely connection; call `migrate()` before first use.
 * @param options.schema PostgreSQL only: the schema the tables live in (`?schema=` of the URL).
 */
export function sqlStore(
  db: Kysely<Database>,
  dialect: Dialect,
  options: { schema?: string } = {},
): Store {
  const ctx: StoreContext = { db, dialect };
  return {
    ...databaseOf(ctx, options.schema),
    ...projectsOf(ctx),
    ...catalogOf(ctx),
    ...judgmentsOf(ctx),
    ...battlesOf(ctx),
    ...tasksOf(ctx),
    ...annotatorsOf(ctx),
    ...exportOf(ctx),
    ...jobsOf(ctx),
    ...routingOf(ctx),
  };
}

const databaseOf = (ctx: StoreContext, schema: string | undefined): DatabaseStore => ({
  dialect: ctx.dialect,
  migrate: () => migrateToLatest(ctx, schema),
  close: () => ctx.db.destroy(),
  secret: (name) => secret(ctx, name),
  checkWritable: () => probeWrite(ctx),
});

const projectsOf = (ctx: StoreContext): ProjectsStore => ({
  createProject: (input) => projects.createProject(ctx, input),
  getProject: (id) => projects.getProject(ctx, id),
  listProjects: () => projects.listProjects(ctx),
  updateProject: (id, change) => projects.updateProject(ctx, id, change),
});

const catalogOf = (ctx: StoreContext): CatalogStore => ({
  addPrompts: (projectId, items) => catalog.addPrompts(ctx, projectId, items),
  addSystems: (projectId, items) => catalog.addSystems(ctx, projectId, items),
  addCandidates: (projectId, items) => catalog.addCandidates(ctx, projectId, items),
  getPrompt: (projectId, id) => catalog.getPrompt(ctx, projectId, id),
  promptCategories: (projectId) => catalog.promptCategories(ctx, projectId),
  getCandidate: (projectId, id) => catalog.getCandidate(ctx, projectId, id),
  listCandidates: (projectId, promptId) => catalog.listCandidates(ctx, projectId, promptId),
  systemsOf: (projectId, candidateIds) => catalog.systemsOf(ctx, projectId, candidateIds),
});

const judgmentsOf = (ctx: StoreContext): JudgmentsStore => ({
  addJudgments: (projectId, items) => addJudgments(ctx, projectId, items),
  addJudgmentsOnce: (projectId, items) => addJudgmentsOnce(ctx, projectId, items),
  addEntries: (projectId, entries) => addEntries(ctx, projectId, entries),
  listJudgments: (projectId, options) => judgments.listJudgments(ctx, projectId, options),
  getJudgment: (projectId, id) => judgments.getJudgment(ctx, projectId, id),
  getJudgments: (projectId, ids) => judgments.getJudgments(ctx, projectId, ids),
  deleteJudgment: (projectId, id) => judgments.deleteJudgment(ctx, projectId, id),
  judgmentVersion: (projectId) => judgments.judgmentVersion(ctx, projectId),
});

const battlesOf = (ctx: StoreContext): BattlesStore => ({
  battleCounts: (projectId, filter) => judgments.battleCounts(ctx, projectId, filter),
  listGradedJudgments: (projectId, filter) => judgments.listGradedJudgments(ctx, projectId, filter),
  projectJudges: (projectId) => judgments.projectJudges(ctx, projectId),
});

const tasksOf = (ctx: StoreContext): TasksStore => ({
  servePairTask: (projectId, annotatorId, options) =>
    servePairTask(ctx, projectId, annotatorId, options),
  nextPairTask: (projectId, annotatorId, options) =>
    nextPairTask(ctx, projectId, annotatorId, options),
  nextRankingTask: (projectId, annotatorId, size, options) =>
    nextRankingTask(ctx, projectId, annotatorId, size, options),
  nextSingleTask: (projectId, annotatorId, kind, options) =>
    nextSingleTask(ctx, projectId, annotatorId, kind, options),
  taskProgress: (projectId, annotatorId, kind) => taskProgress(ctx, projectId, annotatorId, kind),
  serveLivePair: (projectId, annotatorId, promptId, pair) =>
    live.serveLivePair(ctx, projectId, annotatorId, promptId, pair),
  servedPair: (projectId, annotatorId, promptId) =>
    live.servedPair(ctx, projectId, annotatorId, promptId),
  withdrawServedPair: (projectId, annotatorId, promptId, pair) =>
    live.withdrawServedPair(ctx, projectId, annotatorId, promptId, pair),
  votedOn: (projectId, annotatorId, promptId) => votedOn(ctx, projectId, annotatorId, promptId),
  sampleUnvotedPrompt: (projectId, annotatorId) =>
    live.sampleUnvotedPrompt(ctx, projectId, annotatorId),
});

const annotatorsOf = (ctx: StoreContext): AnnotatorsStore => ({
  createAnnotator: (input) => annotators.createAnnotator(ctx, input),
  findAnnotatorByTokenHash: (tokenHash) => annotators.findAnnotatorByTokenHash(ctx, tokenHash),
  getAnnotator: (id) => annotators.getAnnotator(ctx, id),
  updateAnnotator: (id, changes) => annotators.updateAnnotator(ctx, id, changes),
  replaceAnnotatorToken: (id, tokenHash) => annotators.replaceAnnotatorToken(ctx, id, tokenHash),
  revokeAnnotatorToken: (id) => annotators.revokeAnnotatorToken(ctx, id),
  listAnnotators: (projectId) => annotators.listAnnotators(ctx, projectId),
  progress: (projectId) => annotators.progress(ctx, projectId),
});

const exportOf = (ctx: StoreContext): ExportStore => ({
  exportEntries: (projectId) => exportEntries(ctx, projectId),
});

const jobsOf = (ctx: StoreContext): JobsStore => ({
  createJob: (job) => jobs.createJob(ctx, job),
  addJobItems: (jobId, items) => jobs.addJobItems(ctx, jobId, items),
  getJob: (id) => jobs.getJob(ctx, id),
  listJobs: (options) => jobs.listJobs(ctx, options),
  claimItems: (claim) => claims.claimItems(ctx, claim),
  renewLeases: (owner, jobId, keys, leaseMs) =>
    claims.renewLeases(ctx, owner, jobId, keys, leaseMs),
  finishItems: (owner, jobId, outcomes) => claims.finishItems(ctx, owner, jobId, outcomes),
  releaseItems: (owner, jobId) => claims.releaseItems(ctx, owner, jobId),
  leaseOwners: (jobId) => claims.leaseOwners(ctx, jobId),
  setJobStatus: (id, status, message) => jobs.setJobStatus(ctx, id, status, message),
  cancelJob: (id) => jobs.cancelJob(ctx, id),
  retryFailed: (id) => jobs.retryFailed(ctx, id),
  listItems: (jobId, options) => jobs.listItems(ctx, jobId, options),
  cacheGet: (keys) => jobs.cacheGet(ctx, keys),
});

const routingOf = (ctx: StoreContext): RoutingStore => ({
  addRoutedPairs: (projectId, routeId, pairs) =>
    routed.addRoutedPairs(ctx, projectId, routeId, pairs),
  listRoutedPairs: (projectId) => routed.listRoutedPairs(ctx, projectId),
});
