/**
 * Arena integrity and "once": each finding of the red-team pass (issue 10), reproduced, now
 * refused — one blind vote per annotator and prompt in an arena, on the pair served; one
 * judgment per annotator and task in a queue; a batch checked as a whole; handles and
 * idempotency keys per annotator; and 30 identical votes at once stored once.
 * Part of the API suite (api-suite.ts), so it runs on SQLite and PostgreSQL.
 */
import { describe, expect, it } from "vitest";
import { CandidateHandles } from "../../src/server/candidate-handles.js";
import type { Api } from "./api-suite.js";
import { bearer, json } from "./helpers.js";
import { type Scratch, scratchProject } from "./suite-settings.js";

const THREE = { q0: ["alpha", "beta", "gamma"], q1: ["alpha", "beta", "gamma"] };

/** The served pair's handles and prompt, from the annotator's `tasks/next`. */
async function served(s: Scratch, query = "") {
  const r = await s.asAnnotator("GET", `/api/projects/${s.id}/tasks/next${query}`);
  expect(r.statusCode).toBe(200);
  const { task } = json(r);
  return { prompt: task.prompt.id as string, a: task.candidates[0].id, b: task.candidates[1].id };
}

/** Another annotator of the scratch project, with calls as them. */
async function secondAnnotator(api: Api, s: Scratch, name: string): Promise<Scratch> {
  const invited = json(
    await s.asAdmin("POST", "/api/annotators", { name, role: "annotator", projects: [s.id] }),
  );
  const asAnnotator = (method: string, url: string, payload?: unknown) =>
    api.fixture().app.inject({
      method: method as "GET",
      url,
      headers: bearer(invited.token),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  return { ...s, annotator: invited.annotator.id, asAnnotator };
}

const post = (s: Scratch, body: object) =>
  s.asAnnotator("POST", `/api/projects/${s.id}/judgments`, body);

/** Battles in the project's leaderboard (0 when there is none). */
async function battles(s: Scratch): Promise<number> {
  const r = await s.asAdmin("GET", `/api/projects/${s.id}/leaderboard?bootstrap=0`);
  expect(r.statusCode).toBe(200);
  return (json(r).leaderboards[0]?.battles ?? 0) as number;
}

export function integrityTests(api: Api): void {
  describe("arena integrity: one blind vote per prompt, on the pair served", () => {
    it("refuses rankings, ratings and thumbs on a voted prompt: the leaderboard stays as voted", async () => {
      const s = await scratchProject(api, "stuff-1", THREE, {
        mode: "arena",
        criteria: [{ id: "overall", min: 1, max: 5 }],
      });
      const pair = await served(s);
      const vote = await post(s, { kind: "pairwise", ...pair, outcome: "b" });
      expect(vote.statusCode).toBe(201);
      const before = await battles(s);
      expect(before).toBe(1);
      const third = `${pair.prompt}-2`;
      const attempts = [
        { kind: "ranking", prompt: pair.prompt, order: [[pair.b], [pair.a]] },
        { kind: "ranking", prompt: pair.prompt, order: [[pair.a], [pair.b], [third]] },
        { kind: "ranking", prompt: pair.prompt, order: [[pair.b], [pair.a]] },
        {
          kind: "rating",
          prompt: pair.prompt,
          scores: [{ candidate: pair.b, criterion: "overall", score: 5 }],
        },
        { kind: "binary", prompt: pair.prompt, candidate: pair.b, approved: true },
      ];
      for (const body of attempts) {
        const r = await post(s, body);
        expect(r.statusCode).toBe(400);
        expect(json(r).error).toMatchObject({ code: "invalid", field: "kind" });
      }
      expect(await battles(s)).toEqual(before);
      const stored = await api.fixture().store.listJudgments(s.id);
      expect(stored).toHaveLength(1);
    });

    it("serves annotators pairs only: a list, a rating or a thumb would show other handles", async () => {
      const s = await scratchProject(api, "stuff-2", THREE);
      for (const kind of ["ranking", "rating", "binary"]) {
        const r = await s.asAnnotator(
          "GET",
          `/api/projects/${s.id}/tasks/next?kind=${kind}&size=3`,
        );
        expect(r.statusCode).toBe(400);
        expect(json(r).error.field).toBe("kind");
      }
      // The project's admin still gets any kind (admins are not blind).
      const admin = await s.asAdmin("GET", `/api/projects/${s.id}/tasks/next?kind=ranking&size=3`);
      expect(admin.statusCode).toBe(200);
    });

    it("takes a vote only on the pair it served, and serves that pair until it is voted on", async () => {
      const s = await scratchProject(api, "stuff-3", { ...THREE, q2: ["alpha", "beta", "gamma"] });
      const handles = async (prompt: string) => {
        // The annotator's handles of a prompt's candidates, as a ranking task shows them (in
        // a queue, same project layout): here computed the way the server does.
        const h = new CandidateHandles(api.fixture().store);
        return Promise.all([0, 1, 2].map((k) => h.handle(s.id, s.annotator, `${prompt}-${k}`)));
      };
      // Nothing served yet: a vote assembled from handles is refused.
      const [h0, h1] = await handles("q0");
      const unserved = await post(s, {
        kind: "pairwise",
        prompt: "q0",
        a: h0,
        b: h1,
        outcome: "a",
      });
      expect(unserved.statusCode).toBe(409);
      expect(json(unserved).error.code).toBe("not_served");
      // Reloading gives the same pair back (no shopping for another pair of responses).
      const pair = await served(s);
      const again = await served(s);
      expect(again).toEqual(pair);
      // Another pair of the served prompt (one response swapped for the third) is refused.
      const all = await handles(pair.prompt);
      const other = all.find((h) => h !== pair.a && h !== pair.b)!;
      const swapped = await post(s, {
        kind: "pairwise",
        prompt: pair.prompt,
        a: pair.a,
        b: other,
        outcome: "a",
      });
      expect(swapped.statusCode).toBe(409);
      expect(json(swapped).error).toMatchObject({ code: "not_served", field: "b" });
      // The served pair, in either order, is taken once.
      const ok = await post(s, {
        kind: "pairwise",
        prompt: pair.prompt,
        a: pair.b,
        b: pair.a,
        outcome: "a",
      });
      expect(ok.statusCode).toBe(201);
      const repeat = await post(s, { kind: "pairwise", ...pair, outcome: "a" });
      expect(repeat.statusCode).toBe(409);
      expect(json(repeat).error).toMatchObject({ code: "already_judged", field: "prompt" });
      // A skipped prompt makes way for another.
      const next = await served(s);
      expect(next.prompt).not.toBe(pair.prompt);
      const skipped = await served(s, `?skip=${next.prompt}`);
      expect(skipped.prompt).not.toBe(next.prompt);
      expect((await api.fixture().store.listJudgments(s.id)).length).toBe(1);
    });

    it("keeps everything an annotator stored final once the project is an arena", async () => {
      const s = await scratchProject(api, "stuff-4", THREE, { mode: "queue", task: "ranking" });
      const t = json(
        await s.asAnnotator("GET", `/api/projects/${s.id}/tasks/next?kind=ranking&size=3`),
      );
      const order = t.task.candidates.map((c: { id: string }) => [c.id]);
      const ranking = { kind: "ranking", prompt: t.task.prompt.id, order };
      const stored = await post(s, ranking);
      expect(stored.statusCode).toBe(201);
      const patch = await s.asAdmin("PATCH", `/api/projects/${s.id}`, {
        settings: { mode: "arena", task: "pair" },
      });
      expect(patch.statusCode).toBe(200);
      // The same undo refusal per integrity rule: each test checks its rule end to end.
      // Deleting and sending it again would count it twice: neither is allowed.
      const undo = await s.asAnnotator(
        "DELETE",
        `/api/projects/${s.id}/judgments/${json(stored).judgment.id}`,
      );
      expect(undo.statusCode).toBe(403);
      expect((await post(s, ranking)).statusCode).toBe(400);
      expect(await api.fixture().store.listJudgments(s.id)).toHaveLength(1);
    });
  });

  describe("a queue: one judgment per annotator and task, a batch checked whole", () => {
    it("refuses a batch of 1,000 copies of one ranking, and stores none of it", async () => {
      for (const mode of ["queue", "arena"] as const) {
        const s = await scratchProject(api, `batch-${mode}`, THREE, {
          mode,
          task: mode === "queue" ? "ranking" : "pair",
        });
        const t = json(
          await s.asAdmin("GET", `/api/projects/${s.id}/tasks/next?kind=ranking&size=3`),
        ).task;
        const handles = new CandidateHandles(api.fixture().store);
        const order = await Promise.all(
          t.candidates.map(async (c: { id: string }) => [
            await handles.handle(s.id, s.annotator, c.id),
          ]),
        );
        const ranking = { kind: "ranking", prompt: t.prompt.id, order };
        const r = await post(s, { judgments: Array.from({ length: 1000 }, () => ranking) });
        if (mode === "queue") {
          expect(r.statusCode).toBe(409);
          expect(json(r).error).toMatchObject({ code: "already_judged", index: 1 });
        } else {
          expect(r.statusCode).toBe(400);
          expect(json(r).error).toMatchObject({ field: "kind", index: 0 });
        }
        expect(await api.fixture().store.listJudgments(s.id)).toHaveLength(0);
        expect(await battles(s)).toBe(0);
      }
    });

    it("refuses a second judgment of a pair, a ranking, a rating or a thumb until the first is undone", async () => {
      const s = await scratchProject(api, "queue-once-all", THREE, {
        mode: "queue",
        criteria: [{ id: "overall", min: 1, max: 5 }],
      });
      const task = async (kind: string) =>
        json(await s.asAnnotator("GET", `/api/projects/${s.id}/tasks/next?kind=${kind}&size=3`))
          .task;
      const pairTask = await task("pair");
      const rankTask = await task("ranking");
      const rateTask = await task("rating");
      const thumbTask = await task("binary");
      const cases: [object, object, string][] = [
        [
          {
            kind: "pairwise",
            prompt: pairTask.prompt.id,
            a: pairTask.candidates[0].id,
            b: pairTask.candidates[1].id,
            outcome: "a",
          },
          {
            kind: "pairwise",
            prompt: pairTask.prompt.id,
            a: pairTask.candidates[1].id,
            b: pairTask.candidates[0].id,
            outcome: "tie",
          },
          "b",
        ],
        [
          {
            kind: "ranking",
            prompt: rankTask.prompt.id,
            order: rankTask.candidates.map((c: { id: string }) => [c.id]),
          },
          {
            kind: "ranking",
            prompt: rankTask.prompt.id,
            order: [rankTask.candidates.map((c: { id: string }) => c.id)],
          },
          "prompt",
        ],
        [
          {
            kind: "rating",
            prompt: rateTask.prompt.id,
            scores: [{ candidate: rateTask.candidates[0].id, criterion: "overall", score: 5 }],
          },
          {
            kind: "rating",
            prompt: rateTask.prompt.id,
            scores: [{ candidate: rateTask.candidates[0].id, criterion: "overall", score: 1 }],
          },
          "scores.0.candidate",
        ],
        [
          {
            kind: "binary",
            prompt: thumbTask.prompt.id,
            candidate: thumbTask.candidates[0].id,
            approved: true,
          },
          {
            kind: "binary",
            prompt: thumbTask.prompt.id,
            candidate: thumbTask.candidates[0].id,
            approved: false,
          },
          "candidate",
        ],
      ];
      for (const [first, second, field] of cases) {
        const stored = await post(s, first);
        expect(stored.statusCode).toBe(201);
        const refused = await post(s, second);
        expect(refused.statusCode).toBe(409);
        expect(json(refused).error).toMatchObject({ code: "already_judged", field });
        // Undoing the first frees the task: the second may replace it.
        const undo = await s.asAnnotator(
          "DELETE",
          `/api/projects/${s.id}/judgments/${json(stored).judgment.id}`,
        );
        expect(undo.statusCode).toBe(204);
        expect((await post(s, second)).statusCode).toBe(201);
      }
      expect(await api.fixture().store.listJudgments(s.id)).toHaveLength(4);
    });

    it("lets admins store repeated judgments (imports keep repeated votes)", async () => {
      const s = await scratchProject(api, "admin-repeats", THREE, { mode: "queue" });
      const vote = { kind: "pairwise", prompt: "q0", a: "q0-0", b: "q0-1", outcome: "a" };
      const r = await s.asAdmin("POST", `/api/projects/${s.id}/judgments`, {
        judgments: [vote, vote, vote],
      });
      expect(r.statusCode).toBe(201);
      expect(await api.fixture().store.listJudgments(s.id)).toHaveLength(3);
    });
  });

  describe("once under concurrency", () => {
    it("stores one of 30 identical votes sent at once; the others are 409", async () => {
      const s = await scratchProject(api, "thirty", THREE);
      const pair = await served(s);
      const vote = { kind: "pairwise", ...pair, outcome: "a" };
      const answers = await Promise.all(Array.from({ length: 30 }, () => post(s, vote)));
      const statuses = answers.map((r) => r.statusCode).sort();
      expect(statuses.filter((x) => x === 201)).toHaveLength(1);
      expect(statuses.filter((x) => x === 409)).toHaveLength(29);
      expect(await api.fixture().store.listJudgments(s.id)).toHaveLength(1);
    });

    it("stores one of 30 identical queue votes, and one of a key sent 30 times", async () => {
      const s = await scratchProject(api, "thirty-q", THREE, { mode: "queue" });
      const vote = { kind: "pairwise", ...(await served(s)), outcome: "b" };
      const plain = await Promise.all(Array.from({ length: 30 }, () => post(s, vote)));
      expect(plain.filter((r) => r.statusCode === 201)).toHaveLength(1);
      expect(await api.fixture().store.listJudgments(s.id)).toHaveLength(1);
      const keyed = {
        kind: "pairwise",
        ...(await served(s)),
        outcome: "a",
        idempotency_key: "same-key",
      };
      const replays = await Promise.all(Array.from({ length: 30 }, () => post(s, keyed)));
      const ids = new Set(replays.map((r) => json(r).judgment.id));
      expect(replays.every((r) => r.statusCode === 201 || r.statusCode === 200)).toBe(true);
      expect(ids.size).toBe(1);
      expect(await api.fixture().store.listJudgments(s.id)).toHaveLength(2);
    });
  });

  describe("anonymity beyond one annotator", () => {
    it("gives every annotator their own handles: one's handle is no handle for another", async () => {
      const s = await scratchProject(api, "two-invites", { z0: ["alpha", "beta"] });
      const second = await secondAnnotator(api, s, "second");
      const mine = await served(s);
      const theirs = await served(second);
      const theirHandles = [theirs.a, theirs.b];
      expect(theirHandles).not.toContain(mine.a);
      expect(theirHandles).not.toContain(mine.b);
      // The first annotator votes and learns the systems; their handles say nothing to the
      // second, whose vote with them is refused.
      const revealed = json(await post(s, { kind: "pairwise", ...mine, outcome: "a" })).reveal;
      expect(Object.values(revealed).sort()).toEqual(["alpha", "beta"]);
      const borrowed = await post(second, { kind: "pairwise", ...mine, outcome: "a" });
      expect(borrowed.statusCode).toBe(404);
      expect(json(borrowed).error.code).toBe("unknown_reference");
    });

    it("keeps idempotency keys per annotator: the same key is another annotator's own", async () => {
      const s = await scratchProject(api, "keys-own", THREE, { mode: "queue" });
      const second = await secondAnnotator(api, s, "second-keys");
      const keyed = async (who: Scratch) =>
        post(who, {
          kind: "pairwise",
          ...(await served(who)),
          outcome: "a",
          idempotency_key: "k-1",
        });
      const first = await keyed(s);
      expect(first.statusCode).toBe(201);
      const other = await keyed(second);
      expect(other.statusCode).toBe(201);
      expect(json(other).judgment.id).not.toBe(json(first).judgment.id);
      expect(await api.fixture().store.listJudgments(s.id)).toHaveLength(2);
    });
  });
}
