/**
 * Tasks and judgments. An annotator gets a task without its systems and judges it. In an arena
 * only the answer to the stored vote reveals who was who, and the vote is final; in a queue
 * nothing is revealed and annotators may undo what they did. Submission is idempotent by
 * `idempotency_key`: a replay answers 200 with the stored judgment, a different body under the
 * same key is a 409.
 */
import { z } from "zod";
import {
  type NewJudgment,
  type Store,
  type StoredJudgment,
  StoreError,
} from "../../store/store.js";
import { ApiError } from "../errors.js";
import { annotatorOf, parseJudgmentBody } from "../judgment-input.js";
import { checkCriteria, currentSettings, readSettings } from "../project-settings.js";
import { judgmentJson, taskJson } from "../records.js";
import { route } from "../route.js";
import {
  judgmentOutput,
  judgmentSubmission,
  judgmentsQuery,
  judgmentsResult,
  taskOutput,
  taskProgressOutput,
  taskProgressQuery,
  taskQuery,
} from "../schemas.js";

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

const pairOf = (a: string, b: string) => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);

/**
 * One vote per annotator and pair of candidates: after a vote the systems are known, so a
 * second one (either order) would be neither blind nor new, and many would stuff the ballot.
 * In an arena, one vote per prompt: the revealed systems of its responses are known, so any
 * other pair of that prompt would not be blind either. Resubmitting the stored vote under its
 * idempotency key is a replay, not a second vote.
 */
async function refuseRepeatedVotes(
  store: Store,
  projectId: string,
  annotatorId: string,
  judgments: readonly NewJudgment[],
  oncePerPrompt: boolean,
): Promise<void> {
  const votes = judgments.filter((j) => j.kind === "pairwise");
  if (votes.length === 0) return;
  const keyOf = (j: { promptId: string; a: string; b: string }) =>
    oncePerPrompt ? j.promptId : `${j.promptId}\u0000${pairOf(j.a, j.b)}`;
  const earlier = new Map<string, string | undefined>();
  for (const j of await store.listJudgments(projectId, { annotatorId, limit: 1_000_000 })) {
    if (j.kind === "pairwise") earlier.set(keyOf(j), j.idempotencyKey);
  }
  for (const [index, j] of judgments.entries()) {
    if (j.kind !== "pairwise") continue;
    const key = keyOf(j);
    if (
      earlier.has(key) &&
      (j.idempotencyKey === undefined || earlier.get(key) !== j.idempotencyKey)
    ) {
      const what = oncePerPrompt ? "this prompt (in an arena, one vote per prompt)" : "this pair";
      throw new ApiError("already_judged", `you have voted on ${what} already`, {
        field: oncePerPrompt ? "prompt" : "b",
        ...(judgments.length > 1 ? { index } : {}),
      });
    }
    earlier.set(key, j.idempotencyKey);
  }
}

export const judgmentRoutes = [
  route({
    method: "GET",
    path: "/api/projects/{id}/tasks/next",
    tag,
    summary:
      "The caller's next task: a pair to judge, a list to rank, or a response to rate or thumb",
    description:
      "`kind=pair` (default): a prompt and two of its candidates, from the least-judged pair of systems, never a pair the caller has judged. `kind=ranking&size=4`: `size` candidates (default: the project's `settings.ranking_size`) of one of the least-ranked prompts the caller has not ranked. `kind=rating` / `kind=binary`: one candidate the caller has not rated / thumbed, among the least rated / thumbed; the task's kind is `rating` / `binary` and `candidates` holds that one. `skip=p1&skip=p2` (up to 100 prompt ids) offers nothing of those prompts: the queue's Skip. In an arena an annotator gets at most one pair per prompt: after a vote the systems of its responses are known. Candidates come without their systems, and to annotators as handles (vote with them). 204 when nothing is left.",
    access: ["admin", "annotator"],
    project: true,
    query: taskQuery,
    responses: {
      200: { description: "A task", schema: taskOutput },
      204: { description: "Nothing left to judge" },
    },
    async handler({ store, project, principal, query, services }) {
      const annotator = principal!.annotator;
      const settings = readSettings(project.settings);
      const size = query.size ?? settings.ranking_size;
      const blind = settings.mode === "arena" && annotator.role !== "admin";
      const options = { skipPrompts: query.skip ?? [], oncePerPrompt: blind };
      const task =
        query.kind === "pair"
          ? await store.nextPairTask(project.id, annotator.id, options)
          : query.kind === "ranking"
            ? await store.nextRankingTask(project.id, annotator.id, size, options)
            : await store.nextSingleTask(project.id, annotator.id, query.kind, options);
      if (!task) return { status: 204 };
      const body = taskJson(task);
      // Annotators see handles, never ids that could name (or be recomputed into) a system.
      if (annotator.role !== "admin") {
        for (const c of body.task.candidates) {
          (c as { id: string }).id = await services.handles.handle(project.id, c.id);
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
    query: taskProgressQuery,
    responses: { 200: { description: "Done and total", schema: taskProgressOutput } },
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
      "One canonical judgment record (`type`, `id` and `source` may be left out) or `{ judgments: [...] }` (one transaction, all or nothing). Annotators may not send `source`: it is set to them. Answers 201 when something was stored, 200 when every judgment replays a stored idempotency key. In an arena (`settings.mode`), pairwise judgments come back with `reveal`, the systems of a and b; in a queue, never, and an annotator's answer names the candidates by the handles they sent. A rating scores only the project's `settings.criteria`, each within its min and max (400 naming `scores.<k>.criterion` or `scores.<k>.score`).",
    access: ["admin", "annotator"],
    project: true,
    body: { schema: judgmentSubmission, parse: parseJudgmentBody },
    responses: {
      201: { description: "Stored", schema: judgmentsResult },
      200: { description: "Already stored under these idempotency keys", schema: judgmentsResult },
    },
    async handler({ store, project, body, services, principal }) {
      // The project as authorised (cached up to 5 s; a PATCH on this process drops it at
      // once): a vote costs no extra read, and a stale mode or criteria list is harmless here —
      // an arena cannot become a queue once voted in, and undo reads the settings fresh.
      const settings = readSettings(project.settings);
      checkCriteria(body.judgments, settings, body.batch);
      if (principal!.annotator.role !== "admin") {
        body.judgments = await Promise.all(
          body.judgments.map((j, k) =>
            services.handles.resolve(project.id, j, body.batch ? k : undefined),
          ),
        );
        await refuseRepeatedVotes(
          store,
          project.id,
          principal!.annotator.id,
          body.judgments,
          settings.mode === "arena",
        );
      }
      const stored = await services.commits.submit(project.id, body.judgments).catch((error) => {
        // One judgment is not a batch: its error names no item.
        if (body.batch || !(error instanceof StoreError)) throw error;
        throw new StoreError(error.code, error.field, error.reason);
      });
      const arena = settings.mode === "arena";
      // Annotators see their candidates as the handles they sent — except an arena vote, whose
      // answer reveals its systems anyway. A rating's answer in real ids would otherwise tie a
      // handle to a candidate id, and so, later, to a system.
      const shown =
        principal!.annotator.role === "admin"
          ? stored
          : await Promise.all(
              stored.map(async (s) =>
                arena && s.judgment.kind === "pairwise"
                  ? s
                  : { ...s, judgment: await services.handles.disguise(project.id, s.judgment) },
              ),
            );
      const results = await answerOf(store, project.id, shown, arena);
      const status = stored.some((s) => s.created) ? 201 : 200;
      return { status, body: body.batch ? { judgments: results } : results[0] };
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
    query: judgmentsQuery,
    responses: {
      200: {
        description: "The judgments",
        schema: z.object({ judgments: z.array(judgmentOutput), next: z.string().nullable() }),
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
      "Annotators may remove their own judgments only — in an arena not their pairwise votes, which are final (403) — admins any.",
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
        judgment.kind === "pairwise" &&
        (await currentSettings(store, project.id)).mode === "arena"
      ) {
        // The vote's answer revealed the systems: undoing it would let the annotator vote
        // again knowing who is who. A queue reveals nothing, so its votes may be undone.
        throw new ApiError("forbidden", "arena votes are final once the systems are revealed", {
          field: "judgmentId",
        });
      }
      if (!(await store.deleteJudgment(project.id, id))) throw notFound;
      return { status: 204 };
    },
  }),
];
