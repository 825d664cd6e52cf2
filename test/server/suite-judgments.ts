/**
 * Idempotent submission; bad input (a 4xx naming the field, nothing written); list and undo.
 * Part of the API suite (api-suite.ts).
 */
import { describe, expect, it } from "vitest";
import { parseCanonicalEntry } from "../../src/formats/dataset/prefkit-canonical.js";
import type { Api } from "./api-suite.js";
import { json } from "./helpers.js";
import { type Scratch, scratchProject } from "./suite-settings.js";

export function judgmentTests(api: Api): void {
  const { call, vote, judgmentCount, fixture: fx } = api;
  /** A valid pairwise vote, for the cases that change one thing of it. */
  const aVote = { kind: "pairwise", prompt: "p0", a: "c0-0", b: "c0-1", outcome: "a" };

  describe("text no database can hold", () => {
    it("refuses a NUL character in a body, a path id or a query with a 400 naming it", async () => {
      const before = await judgmentCount();
      const r = await vote("annotator", {
        ...aVote,
        rationale: "bad\u0000",
      });
      expect(r.statusCode).toBe(400);
      expect(json(r).error.field).toBe("rationale");
      const path = await call("admin", "GET", "/api/projects/p1%00x");
      expect(path.statusCode).toBe(400);
      expect(json(path).error.field).toBe("id");
      const query = await call("admin", "GET", "/api/projects/p1/judgments?after=a%00b");
      expect(json(query).error.field).toBe("after");
      expect(await judgmentCount()).toBe(before);
    });
  });

  describe("idempotent submission", () => {
    // A rating in a queue: an arena takes only the pairwise vote on the pair it served.
    let q: Scratch;
    let body: object;
    let stored = "";

    it("stores a resubmission once: 201, then 200 with the same judgment", async () => {
      q = await scratchProject(
        api,
        "idempotent",
        { i0: ["x", "y"] },
        { mode: "queue", task: "rating", criteria: [{ id: "overall", min: 1, max: 5 }] },
      );
      const { task } = json(
        await q.asAnnotator("GET", `/api/projects/${q.id}/tasks/next?kind=rating`),
      );
      body = {
        kind: "rating",
        prompt: task.prompt.id,
        scores: [{ candidate: task.candidates[0].id, criterion: "overall", score: 4 }],
        idempotency_key: "vote-1",
      };
      const post = (b: object) => q.asAnnotator("POST", `/api/projects/${q.id}/judgments`, b);
      const first = await post(body);
      const second = await post(body);
      expect(first.statusCode).toBe(201);
      expect(second.statusCode).toBe(200);
      expect(json(second).created).toBe(false);
      expect(json(second).judgment.id).toBe(json(first).judgment.id);
      expect(json(second).judgment).toEqual(json(first).judgment);
      expect(await judgmentCount(q.id)).toBe(1);
      stored = json(first).judgment.id;
    });

    it("refuses another body under a stored key (409) and stores nothing", async () => {
      const r = await q.asAnnotator("POST", `/api/projects/${q.id}/judgments`, {
        ...body,
        scores: [{ ...(body as { scores: object[] }).scores[0], score: 1 }],
      });
      expect(r.statusCode).toBe(409);
      expect(json(r).error).toMatchObject({
        code: "idempotency_conflict",
        field: "idempotency_key",
      });
      expect(await judgmentCount(q.id)).toBe(1);
      const undo = await q.asAnnotator("DELETE", `/api/projects/${q.id}/judgments/${stored}`);
      expect(undo.statusCode).toBe(204);
    });

    it("takes a batch in one transaction: all stored, or none", async () => {
      const before = await judgmentCount();
      const batch = {
        judgments: [
          {
            kind: "binary",
            prompt: "p2",
            candidate: "c2-0",
            approved: true,
            idempotency_key: "b-1",
          },
          {
            kind: "ranking",
            prompt: "p2",
            order: [["c2-1"], ["c2-0", "c2-2"]],
            idempotency_key: "b-2",
          },
          {
            kind: "rating",
            prompt: "p2",
            scores: [{ candidate: "c2-1", criterion: "overall", score: 4 }],
            idempotency_key: "b-3",
          },
        ],
      };
      const bad = structuredClone(batch);
      bad.judgments[2]!.scores![0]!.candidate = "no-such-candidate";
      const refused = await vote("admin", bad);
      expect(refused.statusCode).toBe(404);
      expect(json(refused).error).toMatchObject({
        code: "unknown_reference",
        index: 2,
        field: "scores.0.candidate",
      });
      expect(await judgmentCount()).toBe(before);
      const r = await vote("admin", batch);
      expect(r.statusCode).toBe(201);
      expect(json(r).judgments.map((j: { created: boolean }) => j.created)).toEqual([
        true,
        true,
        true,
      ]);
      const replay = await vote("admin", batch);
      expect(replay.statusCode).toBe(200);
      expect(await judgmentCount()).toBe(before + 3);
    });
  });

  describe("bad input: a 4xx naming the field, and nothing written", () => {
    const cases: {
      name: string;
      send: () => Promise<import("fastify").LightMyRequestResponse>;
      status: number;
      code: string;
      field?: string;
      index?: number;
    }[] = [
      {
        name: "malformed JSON",
        send: () =>
          call("annotator", "POST", "/api/projects/p1/judgments", '{"kind": "pairwise",', {
            "content-type": "application/json",
          }),
        status: 400,
        code: "invalid_json",
      },
      {
        name: "an empty JSON body",
        send: () =>
          call("annotator", "POST", "/api/projects/p1/judgments", "", {
            "content-type": "application/json",
          }),
        status: 400,
        code: "invalid_json",
      },
      {
        name: "a wrong content type",
        send: () =>
          call("annotator", "POST", "/api/projects/p1/judgments", "kind=pairwise", {
            "content-type": "application/x-www-form-urlencoded",
          }),
        status: 415,
        code: "unsupported_media_type",
      },
      {
        name: "text/plain on a JSON route",
        send: () =>
          call("annotator", "POST", "/api/projects/p1/judgments", "{}", {
            "content-type": "text/plain",
          }),
        status: 415,
        code: "unsupported_media_type",
      },
      {
        name: "an oversized body",
        send: () =>
          vote("annotator", {
            ...aVote,
            rationale: "x".repeat(1024 * 1024 + 1),
          }),
        status: 413,
        code: "body_too_large",
      },
      {
        name: "an unknown project",
        send: () => call("admin", "POST", "/api/projects/nope/judgments", aVote),
        status: 404,
        code: "not_found",
        field: "id",
      },
      {
        name: "an unknown candidate",
        send: () => vote("annotator", { ...aVote, b: "c9-9" }),
        status: 404,
        code: "unknown_reference",
        field: "b",
      },
      {
        name: "an unknown prompt",
        send: () => vote("annotator", { ...aVote, prompt: "p9" }),
        status: 404,
        code: "unknown_reference",
        field: "prompt",
      },
      {
        name: "a candidate of another prompt",
        send: () => vote("annotator", { ...aVote, b: "c1-1" }),
        status: 404,
        code: "unknown_reference",
        field: "b",
      },
      {
        name: "a missing field",
        send: () => vote("annotator", { kind: "pairwise", prompt: "p0", a: "c0-0", b: "c0-1" }),
        status: 400,
        code: "invalid",
        field: "outcome",
      },
      {
        name: "a missing kind",
        send: () => vote("annotator", { prompt: "p0", a: "c0-0", b: "c0-1", outcome: "a" }),
        status: 400,
        code: "invalid",
        field: "kind",
      },
      {
        name: "an unknown field",
        send: () =>
          vote("annotator", {
            ...aVote,
            outcom: "b",
          }),
        status: 400,
        code: "invalid",
        field: "outcom",
      },
      {
        name: "a bad value in a batch",
        send: () =>
          vote("annotator", {
            judgments: [
              { kind: "binary", prompt: "p0", candidate: "c0-0", approved: true },
              { kind: "pairwise", prompt: "p0", a: "c0-0", b: "c0-1", outcome: "c" },
            ],
          }),
        status: 400,
        code: "invalid",
        field: "outcome",
        index: 1,
      },
      {
        name: "a candidate ranked twice",
        send: () =>
          vote("annotator", { kind: "ranking", prompt: "p0", order: [["c0-0"], ["c0-0"]] }),
        status: 400,
        code: "invalid",
        field: "order.1.0",
      },
      {
        name: "a duplicate judgment id",
        send: async () => {
          const first = await vote("admin", {
            id: "dup-1",
            kind: "binary",
            prompt: "p0",
            candidate: "c0-0",
            approved: true,
          });
          expect(first.statusCode).toBe(201);
          return vote("admin", {
            id: "dup-1",
            kind: "binary",
            prompt: "p0",
            candidate: "c0-1",
            approved: false,
          });
        },
        status: 409,
        code: "duplicate_id",
        field: "id",
      },
      {
        name: "an array body",
        send: () => vote("annotator", [{ kind: "binary" }]),
        status: 400,
        code: "invalid",
        field: "(body)",
      },
      {
        name: "a prototype-poisoning body",
        send: () =>
          call(
            "annotator",
            "POST",
            "/api/projects/p1/judgments",
            '{"kind":"binary","__proto__":{"admin":true}}',
            { "content-type": "application/json" },
          ),
        status: 400,
        code: "invalid_json",
      },
      {
        name: "a bad query value",
        send: () => call("admin", "GET", "/api/projects/p1/leaderboard?bootstrap=-1"),
        status: 400,
        code: "invalid",
        field: "bootstrap",
      },
      {
        name: "an unknown query parameter",
        send: () => call("admin", "GET", "/api/projects/p1/leaderboard?bootstap=10"),
        status: 400,
        code: "invalid",
        field: "bootstap",
      },
      {
        name: "an unknown route",
        send: () => call("admin", "GET", "/api/nothing-here"),
        status: 404,
        code: "not_found",
      },
    ];
    it.each(cases)("$name → $status $code", async ({ send, status, code, field, index }) => {
      const before = await judgmentCount();
      const r = await send();
      expect(r.statusCode).toBe(status);
      expect(r.headers["content-type"]).toMatch(/^application\/json/);
      const { error } = json(r);
      expect(error.code).toBe(code);
      expect(error.message).toEqual(expect.any(String));
      if (field !== undefined) expect(error.field).toBe(field);
      if (index !== undefined) expect(error.index).toBe(index);
      // The duplicate-id case stores its first judgment on purpose.
      expect(await judgmentCount()).toBe(before + (code === "duplicate_id" ? 1 : 0));
    });
  });

  describe("judgments: list and undo", () => {
    it("lists judgments in pages to admins and viewers", async () => {
      const all = await judgmentCount();
      const page = json(await call("viewer", "GET", "/api/projects/p1/judgments?limit=5"));
      expect(page.judgments).toHaveLength(5);
      expect(page.next).toBe(page.judgments[4].id);
      for (const record of page.judgments) expect(parseCanonicalEntry(record).ok).toBe(true);
      const rest = json(
        await call("viewer", "GET", `/api/projects/p1/judgments?limit=10000&after=${page.next}`),
      );
      expect(rest.judgments).toHaveLength(all - 5);
      expect(rest.next).toBeNull();
      const mine = json(
        await call("admin", "GET", `/api/projects/p1/judgments?annotator=${fx().ids.annotator}`),
      );
      expect(
        mine.judgments.every(
          (j: { source: { annotator?: string } }) => j.source.annotator === fx().ids.annotator,
        ),
      ).toBe(true);
    });

    it("refuses an id or a time chosen by an annotator, storing nothing", async () => {
      const before = await judgmentCount();
      for (const field of ["id", "created_at"]) {
        const chosen = await vote("annotator", {
          kind: "binary",
          prompt: "p2",
          candidate: "c2-1",
          approved: true,
          [field]: field === "id" ? "mine" : "2020-01-01T00:00:00Z",
        });
        expect(chosen.statusCode).toBe(400);
        expect(json(chosen).error.field).toBe(field);
      }
      expect(await judgmentCount()).toBe(before);
    });

    it("refuses metadata from annotators and admins alike, and lists a stored one", async () => {
      const q = await scratchProject(api, "metadata", { m0: ["x", "y"] }, { mode: "queue" });
      const url = `/api/projects/${q.id}/judgments`;
      const { task } = json(await q.asAnnotator("GET", `/api/projects/${q.id}/tasks/next`));
      const [a, b] = task.candidates.map((c: { id: string }) => c.id);
      const asJudge = { judge: { job: "j", judge: "gpt-judge", games: [] } };
      const pair = { kind: "pairwise", prompt: "m0", outcome: "a", metadata: asJudge };
      const fromAnnotator = await q.asAnnotator("POST", url, { ...pair, a, b });
      const fromAdmin = await q.asAdmin("POST", url, { ...pair, a: "m0-0", b: "m0-1" });
      for (const r of [fromAnnotator, fromAdmin]) {
        expect(r.statusCode).toBe(400);
        expect(json(r).error.field).toBe("metadata");
      }
      expect(await judgmentCount(q.id)).toBe(0);
      // An import or a judge job stores it (through the store); the list shows it to admins.
      await fx().store.addJudgmentsOnce(q.id, [
        {
          id: "judged",
          kind: "pairwise",
          promptId: "m0" as never,
          a: "m0-0" as never,
          b: "m0-1" as never,
          outcome: "b",
          source: { kind: "ai", model: "gpt-judge" },
          metadata: asJudge,
        },
      ]);
      const listed = json(await q.asAdmin("GET", url));
      expect(listed.judgments.map((j: { metadata?: unknown }) => j.metadata)).toEqual([asJudge]);
    });

    it("lets annotators undo their own judgments only", async () => {
      // In a queue: an arena's votes are final.
      const q = await scratchProject(api, "undo-own", { u0: ["x", "y", "z"] }, { mode: "queue" });
      const url = `/api/projects/${q.id}/judgments`;
      const { task } = json(
        await q.asAnnotator("GET", `/api/projects/${q.id}/tasks/next?kind=binary`),
      );
      const own = json(
        await q.asAnnotator("POST", url, {
          kind: "binary",
          prompt: task.prompt.id,
          candidate: task.candidates[0].id,
          approved: false,
        }),
      ).judgment.id;
      const other = json(
        await q.asAdmin("POST", url, {
          kind: "binary",
          prompt: "u0",
          candidate: "u0-2",
          approved: true,
        }),
      ).judgment.id;
      const refused = await q.asAnnotator("DELETE", `${url}/${other}`);
      expect(refused.statusCode).toBe(404);
      expect(await fx().store.getJudgment(q.id, other)).toBeDefined();
      const done = await q.asAnnotator("DELETE", `${url}/${own}`);
      expect(done.statusCode).toBe(204);
      expect(await fx().store.getJudgment(q.id, own)).toBeUndefined();
      expect((await q.asAdmin("DELETE", `${url}/${other}`)).statusCode).toBe(204);
      expect((await q.asAdmin("DELETE", `${url}/${other}`)).statusCode).toBe(404);
    });

    it("counts each annotator's judgments for the admin", async () => {
      const { progress } = json(await call("admin", "GET", "/api/projects/p1/progress"));
      const mine = progress.find((p: { annotator: string }) => p.annotator === fx().ids.annotator);
      expect(mine).toMatchObject({ name: "ann", judgments: expect.any(Number) });
      expect(mine.judgments).toBeGreaterThan(0);
    });
  });
}
