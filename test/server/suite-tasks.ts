/**
 * Rating and thumbs tasks (one candidate, as a handle for annotators), the ranking size a
 * project sets, and the caller's progress. Each test works in a project of its own. Part of
 * the API suite (api-suite.ts).
 */
import { describe, expect, it } from "vitest";
import type { Api } from "./api-suite.js";
import { json } from "./helpers.js";
import { type Scratch, scratchProject } from "./suite-settings.js";

/**
 * t0: systems x, y, z → 3 pairs; t1: x twice and y → 2 pairs (two candidates of x are no
 * pair); t2: x alone → none; t3: no candidates. So 5 pairs, 2 prompts to rank (t0, t1), and
 * 7 candidates to rate or thumb.
 */
const LAYOUT = { t0: ["x", "y", "z"], t1: ["x", "x", "y"], t2: ["x"], t3: [] };
const CANDIDATES = ["t0-0", "t0-1", "t0-2", "t1-0", "t1-1", "t1-2", "t2-0"];

export function taskTests(api: Api): void {
  const { call } = api;

  /** Takes `kind` tasks as the annotator, judging each, until a 204: the candidates shown. */
  async function drain(s: Scratch, kind: "rating" | "binary") {
    const shown: { prompt: string; id: string; text: string }[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await s.asAnnotator("GET", `/api/projects/${s.id}/tasks/next?kind=${kind}`);
      if (r.statusCode === 204) return shown;
      expect(r.statusCode).toBe(200);
      const { task } = json(r);
      expect(task.kind).toBe(kind);
      expect(task.candidates).toHaveLength(1);
      const [c] = task.candidates;
      expect(Object.keys(c).sort()).toEqual(["id", "messages"]);
      shown.push({ prompt: task.prompt.id, id: c.id, text: c.messages[0].content });
      const judgment =
        kind === "rating"
          ? {
              kind,
              prompt: task.prompt.id,
              scores: [{ candidate: c.id, criterion: "overall", score: 4 }],
            }
          : { kind, prompt: task.prompt.id, candidate: c.id, approved: i % 2 === 0 };
      const voted = await s.asAnnotator("POST", `/api/projects/${s.id}/judgments`, judgment);
      expect(voted.statusCode).toBe(201);
    }
    throw new Error("never answered 204");
  }

  describe("rating and thumbs tasks", () => {
    let project: Promise<Scratch>;

    it("gives every candidate once to rate, as a handle, then 204", async () => {
      project = scratchProject(api, "tasks-1", LAYOUT, { mode: "queue", task: "rating" });
      const s = await project;
      const shown = await drain(s, "rating");
      expect(shown).toHaveLength(CANDIDATES.length);
      expect(shown.every((c) => c.id.startsWith("h_"))).toBe(true);
      expect(shown.map((c) => c.id).some((id) => CANDIDATES.includes(id))).toBe(false);
      // Each candidate once: the answers "Answer k to tK." are distinct.
      expect(new Set(shown.map((c) => c.text)).size).toBe(CANDIDATES.length);
      expect(shown.every((c) => c.text.endsWith(`to ${c.prompt}.`))).toBe(true);
      for (const body of shown.map((c) => JSON.stringify(c))) expect(body).not.toMatch(/"[xyz]"/);
    });

    it("gives thumbs tasks apart from ratings, and candidate ids to admins", async () => {
      const s = await project;
      expect(await drain(s, "binary")).toHaveLength(CANDIDATES.length);
      const r = await s.asAdmin("GET", `/api/projects/${s.id}/tasks/next?kind=binary`);
      expect(CANDIDATES).toContain(json(r).task.candidates[0].id);
    });

    it("asks for the project's ranking size unless given one", async () => {
      const small = await scratchProject(api, "tasks-2", LAYOUT, {
        mode: "queue",
        ranking_size: 3,
      });
      const r = await small.asAnnotator("GET", `/api/projects/${small.id}/tasks/next?kind=ranking`);
      expect(json(r).task.candidates).toHaveLength(3);
      const big = await small.asAnnotator(
        "GET",
        `/api/projects/${small.id}/tasks/next?kind=ranking&size=4`,
      );
      expect(big.statusCode).toBe(204);
      const bad = await small.asAnnotator("GET", `/api/projects/${small.id}/tasks/next?kind=essay`);
      expect(bad.statusCode).toBe(400);
      expect(json(bad).error.field).toBe("kind");
    });
  });

  describe("the caller's progress", () => {
    it("counts the tasks there are and the caller's judgments of each kind, worked by hand", async () => {
      const s = await scratchProject(api, "tasks-3", LAYOUT, { mode: "queue", ranking_size: 2 });
      const progress = async (kind: string, as = s.asAnnotator) =>
        json(await as("GET", `/api/projects/${s.id}/tasks/progress?kind=${kind}`));
      expect(await progress("pair")).toEqual({ done: 0, total: 5 });
      expect(await progress("ranking")).toEqual({ done: 0, total: 2 });
      expect(await progress("rating")).toEqual({ done: 0, total: 7 });
      expect(await progress("binary")).toEqual({ done: 0, total: 7 });

      // Two pair votes, one ranking, one rating, three thumbs — through the tasks, as the UI.
      const url = (kind: string) => `/api/projects/${s.id}/tasks/next?kind=${kind}`;
      const post = (body: object) => s.asAnnotator("POST", `/api/projects/${s.id}/judgments`, body);
      for (let i = 0; i < 2; i++) {
        const { task } = json(await s.asAnnotator("GET", url("pair")));
        const [a, b] = task.candidates;
        await post({ kind: "pairwise", prompt: task.prompt.id, a: a.id, b: b.id, outcome: "tie" });
      }
      const ranking = json(await s.asAnnotator("GET", url("ranking"))).task;
      await post({
        kind: "ranking",
        prompt: ranking.prompt.id,
        order: ranking.candidates.map((c: { id: string }) => [c.id]),
      });
      const rating = json(await s.asAnnotator("GET", url("rating"))).task;
      await post({
        kind: "rating",
        prompt: rating.prompt.id,
        scores: [{ candidate: rating.candidates[0].id, criterion: "overall", score: 2 }],
      });
      for (let i = 0; i < 3; i++) {
        const { task } = json(await s.asAnnotator("GET", url("binary")));
        await post({
          kind: "binary",
          prompt: task.prompt.id,
          candidate: task.candidates[0].id,
          approved: true,
        });
      }
      // The admin's own judgment is the admin's, not the annotator's.
      await s.asAdmin("POST", `/api/projects/${s.id}/judgments`, {
        kind: "binary",
        prompt: "t0",
        candidate: "t0-0",
        approved: false,
      });

      expect(await progress("pair")).toEqual({ done: 2, total: 5 });
      expect(await progress("ranking")).toEqual({ done: 1, total: 2 });
      expect(await progress("rating")).toEqual({ done: 1, total: 7 });
      expect(await progress("binary")).toEqual({ done: 3, total: 7 });
      expect(await progress("binary", s.asAdmin)).toEqual({ done: 1, total: 7 });
      // `kind` defaults to pair; anything else is a 400 naming it.
      expect(json(await s.asAnnotator("GET", `/api/projects/${s.id}/tasks/progress`))).toEqual({
        done: 2,
        total: 5,
      });
      const bad = await s.asAnnotator("GET", `/api/projects/${s.id}/tasks/progress?kind=all`);
      expect(bad.statusCode).toBe(400);
      expect(json(bad).error.field).toBe("kind");
    });

    it("is the annotators' and admins', not the viewers'", async () => {
      const r = await call("viewer", "GET", "/api/projects/p1/tasks/progress");
      expect(r.statusCode).toBe(403);
      const mine = json(
        await call("annotator", "GET", "/api/projects/p1/tasks/progress?kind=pair"),
      );
      // p1: 4 prompts × 3 systems → 3 pairs each.
      expect(mine.total).toBe(12);
      expect(mine.done).toBeGreaterThan(0);
    });
  });

  describe("skipping", () => {
    it("offers no task of a skipped prompt, of any kind, and refuses too long a list", async () => {
      const s = await scratchProject(api, "tasks-skip", LAYOUT, { mode: "queue", task: "pair" });
      for (const kind of ["pair", "ranking&size=2", "rating", "binary"]) {
        for (let round = 0; round < 5; round++) {
          const r = await s.asAnnotator(
            "GET",
            `/api/projects/${s.id}/tasks/next?kind=${kind}&skip=t0&skip=t2`,
          );
          expect(r.statusCode).toBe(200);
          expect(json(r).task.prompt.id).toBe("t1");
        }
      }
      const all = await s.asAnnotator("GET", `/api/projects/${s.id}/tasks/next?skip=t0&skip=t1`);
      expect(all.statusCode).toBe(204);
      const many = Array.from({ length: 101 }, (_, i) => `skip=p${i}`).join("&");
      const tooMany = await s.asAnnotator("GET", `/api/projects/${s.id}/tasks/next?${many}`);
      expect(tooMany.statusCode).toBe(400);
      expect(json(tooMany).error.field).toBe("skip");
    });
  });
}
