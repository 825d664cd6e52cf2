/**
 * Tasks and judgments. An annotator gets a task without its systems and judges it. In an arena
 * an annotator gets blind pairs only and casts one vote per prompt, on the pair served; only
 * the answer to the stored vote reveals who was who, and the vote is final. In a queue nothing
 * is revealed, each task is judged once per annotator, and annotators may undo what they did.
 * Both rules are kept by the store, in the database (`OnceRule`), not by reading history here.
 * Submission is idempotent by `idempotency_key` (per annotator): a replay answers 200 with the
 * stored judgment, a different body under the same key is a 409.
 */

import * as api from "../../api/index.js";
import {
  type Project,
  type Role,
  type Store,
  type StoredJudgment,
  StoreError,
} from "../../store/store.js";
import { ApiError, invalid } from "../errors.js";
import { annotatorOf, parseJudgmentBody } from "../judgment-input.js";
import { checkCriteria, currentSettings, readSettings } from "../project-settings.js";
import { judgmentJson, taskJson } from "../records.js";
import { route } from "../route.js";

const tag = "judgments";

/**
 * Stored judgments as the answer; with `reveal`, pairwise ones with the systems of their
 * candidates (an arena's).
 */
async function answerOf(
  store: Store,
  projectId: string,
  stored: readonly StoredJudgment[],
  reveal: boolean,
) {
  const ids = reveal
    ? stored.flatMap(({ judgment: j }) => (j.kind === "pairwise" ? [j.a, j.b] : []))
    : [];
  const systems = ids.length > 0 ? await store.systemsOf(projectId, ids) : new Map();
  return stored.map(({ judgment, created }) => {
    const a = judgment.kind === "pairwise" ? systems.get(judgment.a) : undefined;
    const b = judgment.kind === "pairwise" ? systems.get(judgment.b) : undefined;
    return {
      judgment: judgmentJson(judgment),
      created,
      ...(a !== undefined && b !== undefined ? { reveal: { a, b } } : {}),
    };
  });
}

/**
 * The settings that decide an annotator's rules, read fresh (one primary-key read): the
 * project as authorised may be up to 5 s old on another process, and a stale mode would take a
 * vote without its served pair just after a queue became an arena, or reveal systems just
 * after an arena became a queue. Admins are held to no rule: their cached copy is enough.
 */
async function settingsFor(store: Store, project: Project, role: Role) {
  return role === "admin" ? readSettings(project.settings) : currentSettings(store, project.id);
}

export const judgmentRoutes = [
  // Route declarations share route()'s shape (as in results.ts, content.ts); each keeps its own
  // docs, access and handler in view.
  route({
    method: "GET",
    path: "/api/projects/{id}/tasks/next",
    tag,
    summary:
      "The caller's next task: a pair to judge, a list to rank, or a response to rate or thumb",
    description:
      "`kind=pair` (default): a prompt and two of its candidates — first a pair `prefkit route` sent to humans that no human has judged yet (highest score first), else from the least-judged pair of systems — never a pair the caller has judged. In an arena, annotators get pairs only (any other kind is a 400 on `kind`), and the pair served and not yet voted on comes back until it is voted on or its prompt skipped: a vote must be on the pair served. `kind=ranking&size=4`: `size` candidates (default: the project's `settings.ranking_size`) of one of the least-ranked prompts the caller has not ranked. `kind=rating` / `kind=binary`: one candidate the caller has not rated / thumbed, among the least rated / thumbed; the task's kind is `rating` / `binary` and `candidates` holds that one. `skip=p1&skip=p2` (up to 100 prompt ids) offers nothing of those prompts: the queue's Skip. In an arena an annotator gets at most one pair per prompt: after a vote the systems of its responses are known. Candidates come without their systems, and to annotators as handles (vote with them). 204 when nothing is left.",
    access: ["admin", "annotator"],
    project: true,
    query: api.taskQuery,
    responses: {
      200: { description: "A task", schema: api.taskOutput },
      204: { description: "Nothing left to judge" },
    },
    async handler({ store, project, principal, query, services }) {
      const annotator = principal!.annotator;
      const settings = await settingsFor(store, project, annotator.role);
      const size = query.size ?? settings.ranking_size;
      const blind = settings.mode === "arena" && annotator.role !== "admin";
      if (blind && query.kind !== "pair") {
        // Any other task would show handles of candidates beyond the pair served, and a vote
        // could then be cast on a pair nobody served.
        throw invalid("kind", 'an arena serves annotators blind pairs only: use kind "pair"');
      }
      const options = { skipPrompts: query.skip ?? [] };
      const task = blind
        ? await store.servePairTask(project.id, annotator.id, options)
        : query.kind === "pair"
          ? await store.nextPairTask(project.id, annotator.id, options)
          : query.kind === "ranking"
            ? await store.nextRankingTask(project.id, annotator.id, size, options)
            : await store.nextSingleTask(project.id, annotator.id, query.kind, options);
      if (!task) return { status: 204 };
      const body = taskJson(task);
      // Annotators see handles, never ids that could name (or be recomputed into) a system.
      if (annotator.role !== "admin") {
        for (const c of body.task.candidates) {
          (c as { id: string }).id = await services.handles.handle(project.id, annotator.id, c.id);
        }
      }
      return { status: 200, body };
    },
  }),
  route({
    method: "GET",
    path: "/api/projects/{id}/tasks/progress",
    tag,
    summary: "The caller's progress on a kind of task",
    description:
      "`done`: the caller's judgments of this kind in the project. `total`: the tasks of this kind there are for anyone — candidate pairs of two different systems over all prompts (`pair`), prompts with two or more candidates (`ranking`), candidates (`rating`, `binary`).",
    access: ["admin", "annotator"],
    project: true,
    query: api.taskProgressQuery,
    responses: { 200: { description: "Done and total", schema: api.taskProgressOutput } },
    async handler({ store, project, principal, query }) {
      const progress = await store.taskProgress(project.id, principal!.annotator.id, query.kind);
      return { status: 200, body: progress };
    },
  }),
  route({
    method: "POST",
    path: "/api/projects/{id}/judgments",
    tag,
    summary: "Submit judgments",
    description:
      "One canonical judgment record (`type`, `id` and `source` may be left out) or `{ judgments: [...] }` (one transaction, all or nothing). Annotators may not send `source`: it is set to them. An annotator judges each task once (409 `already_judged`; the whole batch is refused): in an arena a prompt — only a pairwise vote, on the pair `tasks/next` served them (409 `not_served` otherwise) —, in a queue a pair of candidates, a prompt's ranking, a candidate's rating or thumb. Idempotency keys are the submitter's own. Answers 201 when something was stored, 200 when every judgment replays a stored idempotency key. In an arena (`settings.mode`), pairwise judgments come back with `reveal`, the systems of a and b; in a queue, never, and an annotator's answer names the candidates by the handles they sent. A rating scores only the project's `settings.criteria`, each within its min and max (400 naming `scores.<k>.criterion` or `scores.<k>.score`).",
    access: ["admin", "annotator"],
    project: true,
    body: { schema: api.judgmentSubmission, parse: parseJudgmentBody },
    responses: {
      201: { description: "Stored", schema: api.judgmentsResult },
      200: {
        description: "Already stored under these idempotency keys",
        schema: api.judgmentsResult,
      },
    },
    async handler({ store, project, body, services, principal }) {
      const annotator = principal!.annotator;
      const settings = await settingsFor(store, project, annotator.role);
      checkCriteria(body.judgments, settings, body.batch);
      const arena = settings.mode === "arena";
      if (annotator.role !== "admin") {
        if (arena) {
          const other = body.judgments.findIndex((j) => j.kind !== "pairwise");
          if (other >= 0) {
            throw invalid(
              "kind",
              "an arena takes only the blind pairwise vote on the pair it served",
              body.batch ? other : undefined,
            );
          }
        }
        const once = { annotatorId: annotator.id, arena };
        body.judgments = await Promise.all(
          body.judgments.map(async (j, k) => ({
            ...(await services.handles.resolve(
              project.id,
              annotator.id,
              j,
              body.batch ? k : undefined,
            )),
            once,
          })),
        );
      }
      const stored = await services.commits.submit(project.id, body.judgments).catch((error) => {
        // One judgment is not a batch: its error names no item.
        if (body.batch || !(error instanceof StoreError)) throw error;
        throw new StoreError(error.code, error.field, error.reason);
      });
      // Annotators see their candidates as the handles they sent — except an arena vote, whose
      // answer reveals its systems anyway. A rating's answer in real ids would otherwise tie a
      // handle to a candidate id, and so, later, to a system.
      const shown =
        annotator.role === "admin"
          ? stored
          : await Promise.all(
              stored.map(async (s) =>
                arena && s.judgment.kind === "pairwise"
                  ? s
                  : {
                      ...s,
                      judgment: await services.handles.disguise(
                        project.id,
                        annotator.id,
                        s.judgment,
                      ),
                    },
              ),
            );
      const results = await answerOf(store, project.id, shown, arena);
      const status = stored.some((s) => s.created) ? 201 : 200;
      return { status, body: body.batch ? { judgments: results } : results[0]! };
    },
  }),
  route({
    method: "GET",
    path: "/api/projects/{id}/judgments",
    tag,
    summary: "List judgments",
    description:
      "A page of judgments in stored order; `next` is the `after` of the following page (null at the end).",
    access: ["admin", "viewer"],
    project: true,
    query: api.judgmentsQuery,
    responses: {
      200: {
        description: "The judgments",
        schema: api.judgmentsPage,
      },
    },
    async handler({ store, project, query }) {
      const judgments = await store.listJudgments(project.id, {
        limit: query.limit,
        ...(query.after === undefined ? {} : { after: query.after }),
        ...(query.annotator === undefined ? {} : { annotatorId: query.annotator }),
      });
      const last = judgments.at(-1);
      const next = judgments.length === query.limit && last ? last.id : null;
      return { status: 200, body: { judgments: judgments.map(judgmentJson), next } };
    },
  }),
  route({
    method: "DELETE",
    path: "/api/projects/{id}/judgments/{judgmentId}",
    tag,
    summary: "Undo a judgment",
    description:
      "Annotators may remove their own judgments only, and in a queue only: arena votes are final (403). Admins may remove any.",
    access: ["admin", "annotator"],
    project: true,
    responses: { 204: { description: "Removed" } },
    async handler({ store, project, params, principal }) {
      const id = params.judgmentId!;
      const annotator = principal!.annotator;
      const notFound = new ApiError("not_found", `judgmentId: unknown judgment "${id}"`, {
        field: "judgmentId",
      });
      const judgment = await store.getJudgment(project.id, id);
      // Someone else's judgment looks, to an annotator, like no judgment at all.
      if (!judgment || (annotator.role !== "admin" && annotatorOf(judgment) !== annotator.id)) {
        throw notFound;
      }
      if (
        annotator.role !== "admin" &&
        (await currentSettings(store, project.id)).mode === "arena"
      ) {
        // The vote's answer revealed the systems: undoing it would let the annotator vote
        // again knowing who is who — and anything else an annotator stored in an arena (before
        // it became one) stays too, or deleting and resending would count it twice. A queue
        // reveals nothing, so its judgments may be undone.
        throw new ApiError("forbidden", "arena votes are final once the systems are revealed", {
          field: "judgmentId",
        });
      }
      if (!(await store.deleteJudgment(project.id, id))) throw notFound;
      return { status: 204 };
    },
  }),
];
