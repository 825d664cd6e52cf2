/**
 * Tasks and judgments. An annotator gets a pair without its systems, votes, and only the
 * answer to the stored vote reveals who was who. Submission is idempotent by
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
import { judgmentJson, taskJson } from "../records.js";
import { route } from "../route.js";
import {
  judgmentOutput,
  judgmentSubmission,
  judgmentsQuery,
  judgmentsResult,
  taskOutput,
  taskQuery,
} from "../schemas.js";

const tag = "judgments";

/** Stored judgments as the answer: pairwise ones with the systems of their candidates. */
async function withReveal(store: Store, projectId: string, stored: readonly StoredJudgment[]) {
  const ids = stored.flatMap(({ judgment: j }) => (j.kind === "pairwise" ? [j.a, j.b] : []));
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
 * Resubmitting the stored vote under its idempotency key is a replay, not a second vote.
 */
async function refuseRepeatedVotes(
  store: Store,
  projectId: string,
  annotatorId: string,
  judgments: readonly NewJudgment[],
): Promise<void> {
  const votes = judgments.filter((j) => j.kind === "pairwise");
  if (votes.length === 0) return;
  const earlier = new Map<string, string | undefined>();
  for (const j of await store.listJudgments(projectId, { annotatorId, limit: 1_000_000 })) {
    if (j.kind === "pairwise")
      earlier.set(`${j.promptId}\u0000${pairOf(j.a, j.b)}`, j.idempotencyKey);
  }
  for (const [index, j] of judgments.entries()) {
    if (j.kind !== "pairwise") continue;
    const key = `${j.promptId}\u0000${pairOf(j.a, j.b)}`;
    if (
      earlier.has(key) &&
      (j.idempotencyKey === undefined || earlier.get(key) !== j.idempotencyKey)
    ) {
      throw new ApiError("already_judged", "you have voted on this pair already", {
        field: "b",
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
    summary: "The caller's next task: a pair to judge or a list to rank",
    description:
      "`kind=pair` (default): a prompt and two of its candidates, from the least-judged pair of systems, never a pair the caller has judged. `kind=ranking&size=4`: `size` candidates of one of the least-ranked prompts the caller has not ranked. Candidates come without their systems. 204 when nothing is left.",
    access: ["admin", "annotator"],
    project: true,
    query: taskQuery,
    responses: {
      200: { description: "A task", schema: taskOutput },
      204: { description: "Nothing left to judge" },
    },
    async handler({ store, project, principal, query, services }) {
      const annotator = principal!.annotator;
      const task =
        query.kind === "ranking"
          ? await store.nextRankingTask(project.id, annotator.id, query.size)
          : await store.nextPairTask(project.id, annotator.id);
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
    method: "POST",
    path: "/api/projects/{id}/judgments",
    tag,
    summary: "Submit judgments",
    description:
      "One canonical judgment record (`type`, `id` and `source` may be left out) or `{ judgments: [...] }` (one transaction, all or nothing). Annotators may not send `source`: it is set to them. Answers 201 when something was stored, 200 when every judgment replays a stored idempotency key. Pairwise judgments come back with `reveal`, the systems of a and b.",
    access: ["admin", "annotator"],
    project: true,
    body: { schema: judgmentSubmission, parse: parseJudgmentBody },
    responses: {
      201: { description: "Stored", schema: judgmentsResult },
      200: { description: "Already stored under these idempotency keys", schema: judgmentsResult },
    },
    async handler({ store, project, body, services, principal }) {
      if (principal!.annotator.role !== "admin") {
        body.judgments = await Promise.all(
          body.judgments.map((j, k) =>
            services.handles.resolve(project.id, j, body.batch ? k : undefined),
          ),
        );
        await refuseRepeatedVotes(store, project.id, principal!.annotator.id, body.judgments);
      }
      const stored = await services.commits.submit(project.id, body.judgments).catch((error) => {
        // One judgment is not a batch: its error names no item.
        if (body.batch || !(error instanceof StoreError)) throw error;
        throw new StoreError(error.code, error.field, error.reason);
      });
      const results = await withReveal(store, project.id, stored);
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
    description: "Annotators may remove their own judgments only; admins any.",
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
      if (annotator.role !== "admin" && judgment.kind === "pairwise") {
        // The vote's answer revealed the systems: undoing it would let the annotator vote
        // again knowing who is who.
        throw new ApiError("forbidden", "arena votes are final once the systems are revealed", {
          field: "judgmentId",
        });
      }
      if (!(await store.deleteJudgment(project.id, id))) throw notFound;
      return { status: 204 };
    },
  }),
];
