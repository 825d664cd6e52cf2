/**
 * Prompts and candidates; tasks, votes and the arena rule.
 * Part of the API suite (api-suite.ts).
 */
import { describe, expect, it } from "vitest";
import type { Api } from "./api-suite.js";
import { candidates, json, prompts, SYSTEMS } from "./helpers.js";
import { scratchProject } from "./suite-settings.js";

export function contentTests(api: Api): void {
  const { call, vote, judgmentCount, fixture: fx } = api;

  describe("prompts and candidates", () => {
    it("adds prompts in bulk, skips identical ones, and refuses a changed one (409)", async () => {
      const r = await call("admin", "POST", "/api/projects/p2/prompts", prompts(2));
      expect(r.statusCode).toBe(201);
      expect(json(r)).toEqual({ added: 2 });
      const same = await call("admin", "POST", "/api/projects/p2/prompts", prompts(2));
      expect(same.statusCode).toBe(200);
      expect(json(same)).toEqual({ added: 0 });
      const changed = prompts(2);
      changed[1]!.messages = [{ role: "user", content: "changed" }];
      const conflict = await call("admin", "POST", "/api/projects/p2/prompts", changed);
      expect(conflict.statusCode).toBe(409);
      expect(json(conflict).error).toMatchObject({ code: "duplicate_id", index: 1 });
    });

    it("names the item and field of an invalid record", async () => {
      const list = prompts(3) as Record<string, unknown>[];
      list[2] = { ...list[2], messages: [{ role: "robot", content: "x" }] };
      const r = await call("admin", "POST", "/api/projects/p2/prompts", list);
      expect(r.statusCode).toBe(400);
      expect(json(r).error).toMatchObject({
        code: "invalid",
        index: 2,
        field: "messages.0.role",
      });
      const typo = await call("admin", "POST", "/api/projects/p2/prompts", [
        { ...prompts(1)[0], categroy: "x" },
      ]);
      expect(json(typo).error).toMatchObject({ index: 0, field: "categroy" });
      const object = await call("admin", "POST", "/api/projects/p2/prompts", prompts(1)[0]);
      expect(json(object).error.code).toBe("invalid");
    });

    it("refuses a candidate of an unknown prompt (404, nothing stored)", async () => {
      const list = candidates(1).map((c) => ({ ...c, id: `x-${c.id}` }));
      list[1] = { ...list[1]!, prompt: "no-such-prompt" };
      const r = await call("admin", "POST", "/api/projects/p1/candidates", list);
      expect(r.statusCode).toBe(404);
      expect(json(r).error).toMatchObject({
        code: "unknown_reference",
        field: "prompt",
        index: 1,
      });
      expect(await fx().store.getCandidate("p1", "x-c0-0")).toBeUndefined();
    });

    it("shows a prompt to its annotators, a candidate only to admins and viewers", async () => {
      const prompt = await call("annotator", "GET", "/api/projects/p1/prompts/p0");
      expect(json(prompt).prompt).toMatchObject({ id: "p0", messages: [{ role: "user" }] });
      const candidate = await call("viewer", "GET", "/api/projects/p1/candidates/c0-0");
      expect(json(candidate).candidate).toMatchObject({ id: "c0-0", system: SYSTEMS[0] });
      expect((await call("annotator", "GET", "/api/projects/p1/candidates/c0-0")).statusCode).toBe(
        403,
      );
      const missing = await call("admin", "GET", "/api/projects/p1/prompts/nope");
      expect(json(missing).error).toMatchObject({ code: "not_found", field: "promptId" });
    });
  });

  describe("tasks, votes and the arena rule", () => {
    it("reveals no system to an annotator before the vote, and both right after it", async () => {
      const seen: string[] = [];
      const task = await call("annotator", "GET", "/api/projects/p1/tasks/next");
      expect(task.statusCode).toBe(200);
      seen.push(task.body);
      const { prompt, candidates: pair } = json(task).task;
      expect(pair).toHaveLength(2);
      expect(Object.keys(pair[0]).sort()).toEqual(["id", "messages"]);
      seen.push((await call("annotator", "GET", `/api/projects/p1/prompts/${prompt.id}`)).body);
      seen.push((await call("annotator", "GET", "/api/projects/p1")).body);
      seen.push((await call("annotator", "GET", "/api/projects")).body);
      seen.push((await call("annotator", "GET", "/api/me")).body);
      for (const body of seen) for (const system of SYSTEMS) expect(body).not.toContain(system);

      const r = await vote("annotator", {
        kind: "pairwise",
        prompt: prompt.id,
        a: pair[0].id,
        b: pair[1].id,
        outcome: "a",
      });
      expect(r.statusCode).toBe(201);
      const { reveal, judgment } = json(r);
      // The task showed handles, not candidate ids (which may name or encode the system).
      expect(pair.every((c: { id: string }) => c.id.startsWith("h_"))).toBe(true);
      expect([judgment.a, judgment.b]).not.toContain(pair[0].id);
      const systems = await fx().store.systemsOf("p1", [judgment.a, judgment.b]);
      expect(reveal).toEqual({ a: systems.get(judgment.a), b: systems.get(judgment.b) });
      expect(judgment.source).toEqual({
        kind: "human",
        annotator: fx().ids.annotator,
        attributes: { language: "de" },
      });
    });

    it("lets annotators vote only with handles of the prompt's candidates, never raw ids", async () => {
      const before = (await fx().store.listJudgments("p1", { limit: 10_000 })).length;
      const post = (body: object) => call("annotator", "POST", "/api/projects/p1/judgments", body);
      // Raw candidate ids (as an admin loads them) are not handles: refused, nothing stored.
      const raw = await post({
        kind: "pairwise",
        prompt: "p0",
        a: "c0-0",
        b: "c0-1",
        outcome: "a",
      });
      expect(raw.statusCode).toBe(404);
      expect(json(raw).error).toMatchObject({ code: "unknown_reference", field: "a" });
      expect(raw.body).not.toMatch(/zeta-/);
      // A handle shown for one prompt does not name a candidate of another.
      const task = json(await call("annotator", "GET", "/api/projects/p1/tasks/next")).task;
      const other = task.prompt.id === "p0" ? "p1" : "p0";
      const crossed = await post({
        kind: "pairwise",
        prompt: other,
        a: task.candidates[0].id,
        b: task.candidates[1].id,
        outcome: "a",
      });
      expect(crossed.statusCode).toBe(404);
      expect((await fx().store.listJudgments("p1", { limit: 10_000 })).length).toBe(before);
    });

    it("never repeats a pair the annotator judged, and answers 204 when none is left", async () => {
      const pairs = new Set<string>();
      for (let i = 0; i < 40; i++) {
        const t = await call("admin", "GET", "/api/projects/p1/tasks/next");
        if (t.statusCode === 204) break;
        const { prompt, candidates: pair } = json(t).task;
        const key = [pair[0].id, pair[1].id].sort().join("|");
        expect(pairs.has(key)).toBe(false);
        pairs.add(key);
        const r = await vote("admin", {
          kind: "pairwise",
          prompt: prompt.id,
          a: pair[0].id,
          b: pair[1].id,
          outcome: i % 3 === 0 ? "tie" : "b",
        });
        expect(r.statusCode).toBe(201);
      }
      expect(pairs.size).toBe(12); // 4 prompts × 3 system pairs
      const done = await call("admin", "GET", "/api/projects/p1/tasks/next");
      expect(done.statusCode).toBe(204);
      expect(done.body).toBe("");
    });

    it("gives lists to rank without systems, never a prompt ranked already, then 204", async () => {
      // An arena serves annotators blind pairs only: a list would show handles of candidates
      // beyond the pair served, and let them vote on pairs nobody served.
      const arena = await call("annotator", "GET", "/api/projects/p1/tasks/next?kind=ranking");
      expect(arena.statusCode).toBe(400);
      expect(json(arena).error.field).toBe("kind");
      const layout = Object.fromEntries(["r0", "r1", "r2", "r3"].map((p) => [p, SYSTEMS]));
      const q = await scratchProject(api, "rank-queue", layout, { mode: "queue", task: "ranking" });
      const ranked = new Set<string>();
      for (let i = 0; i < 10; i++) {
        const t = await q.asAnnotator(
          "GET",
          `/api/projects/${q.id}/tasks/next?kind=ranking&size=3`,
        );
        if (t.statusCode === 204) break;
        expect(t.statusCode).toBe(200);
        for (const system of SYSTEMS) expect(t.body).not.toContain(system);
        const { kind, prompt, candidates } = json(t).task;
        expect(kind).toBe("ranking");
        expect(candidates).toHaveLength(3);
        expect(ranked.has(prompt.id)).toBe(false);
        ranked.add(prompt.id);
        const r = await q.asAnnotator("POST", `/api/projects/${q.id}/judgments`, {
          kind: "ranking",
          prompt: prompt.id,
          order: candidates.map((c: { id: string }) => [c.id]),
        });
        expect(r.statusCode).toBe(201);
      }
      expect(ranked.size).toBe(4); // every prompt has 3 candidates
      const size = await q.asAnnotator(
        "GET",
        `/api/projects/${q.id}/tasks/next?kind=ranking&size=1`,
      );
      expect(size.statusCode).toBe(400);
      expect(json(size).error.field).toBe("size");
    });

    it("sets an annotator's source and refuses one they send", async () => {
      const before = await judgmentCount();
      const r = await vote("annotator", {
        kind: "pairwise",
        prompt: "p1",
        a: "c1-0",
        b: "c1-1",
        outcome: "a",
        source: { kind: "human", annotator: "someone-else" },
      });
      expect(r.statusCode).toBe(400);
      expect(json(r).error).toMatchObject({ code: "invalid", field: "source" });
      expect(await judgmentCount()).toBe(before);
    });

    it("lets an admin submit an AI judge's verdict", async () => {
      const r = await vote("admin", {
        kind: "pairwise",
        prompt: "p3",
        a: "c3-0",
        b: "c3-2",
        outcome: "b",
        source: { kind: "ai", model: "judge-1", swapped: true },
      });
      expect(r.statusCode).toBe(201);
      expect(json(r).judgment.source).toEqual({ kind: "ai", model: "judge-1", swapped: true });
    });
  });
}
