/**
 * Project settings (checked, defaults filled in, changed with PATCH), the arena and queue
 * modes, and ratings held to the project's criteria. Each test works in projects of its own,
 * so the counts of the other parts stay as they were. Part of the API suite (api-suite.ts).
 */
import type { LightMyRequestResponse } from "fastify";
import { describe, expect, it } from "vitest";
import { CandidateHandles } from "../../src/server/candidate-handles.js";
import type { Api } from "./api-suite.js";
import { bearer, json } from "./helpers.js";

const DEFAULT_SETTINGS = {
  mode: "arena",
  task: "pair",
  strength: false,
  ranking_size: 4,
  criteria: [{ id: "overall", min: 1, max: 5 }],
};

/** One project's own world: its id, an annotator assigned to it, and calls as either. */
export interface Scratch {
  id: string;
  annotator: string;
  asAnnotator: (method: string, url: string, payload?: unknown) => Promise<LightMyRequestResponse>;
  asAdmin: (method: string, url: string, payload?: unknown) => Promise<LightMyRequestResponse>;
}

/**
 * A project `id` with the given settings and, per prompt, candidates by the systems listed
 * (candidate `<prompt>-<k>`), and a new annotator assigned to it.
 */
export async function scratchProject(
  api: Api,
  id: string,
  layout: Record<string, readonly string[]>,
  settings?: object,
): Promise<Scratch> {
  const { app, tokens } = api.fixture();
  const as =
    (token: string) =>
    (method: string, url: string, payload?: unknown): Promise<LightMyRequestResponse> =>
      app.inject({
        method: method as "GET",
        url,
        headers: bearer(token),
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
  const asAdmin = as(tokens.admin);
  const must = async (r: Promise<LightMyRequestResponse>) => {
    const done = await r;
    if (done.statusCode >= 300) throw new Error(`${done.statusCode} ${done.body}`);
    return json(done);
  };
  await must(asAdmin("POST", "/api/projects", { id, name: id, ...(settings ? { settings } : {}) }));
  const prompts = Object.keys(layout).map((p) => ({
    id: p,
    messages: [{ role: "user", content: `Question ${p}?` }],
  }));
  await must(asAdmin("POST", `/api/projects/${id}/prompts`, prompts));
  const candidates = Object.entries(layout).flatMap(([p, systems]) =>
    systems.map((system, k) => ({
      id: `${p}-${k}`,
      prompt: p,
      system,
      messages: [{ role: "assistant", content: `Answer ${k} to ${p}.` }],
    })),
  );
  if (candidates.length > 0)
    await must(asAdmin("POST", `/api/projects/${id}/candidates`, candidates));
  const invited = await must(
    asAdmin("POST", "/api/annotators", { name: `ann-${id}`, role: "annotator", projects: [id] }),
  );
  return { id, annotator: invited.annotator.id, asAnnotator: as(invited.token), asAdmin };
}

/** The annotator's next pair, voted on (`a` wins): the vote's answer. */
async function voteOnNextPair(s: Scratch): Promise<LightMyRequestResponse> {
  const task = json(await s.asAnnotator("GET", `/api/projects/${s.id}/tasks/next`)).task;
  const [a, b] = task.candidates;
  return s.asAnnotator("POST", `/api/projects/${s.id}/judgments`, {
    kind: "pairwise",
    prompt: task.prompt.id,
    a: a.id,
    b: b.id,
    outcome: "a",
  });
}

export function settingsTests(api: Api): void {
  const { call } = api;
  const pairs = { s0: ["x", "y"], s1: ["x", "y"] };

  describe("project settings", () => {
    it("fills in every default on create, and answers them on get and list", async () => {
      const r = await call("admin", "POST", "/api/projects", { id: "set-1", name: "Defaults" });
      expect(r.statusCode).toBe(201);
      expect(json(r).project.settings).toEqual(DEFAULT_SETTINGS);
      const got = json(await call("admin", "GET", "/api/projects/set-1")).project;
      expect(got.settings).toEqual(DEFAULT_SETTINGS);
      const listed = json(await call("admin", "GET", "/api/projects")).projects;
      expect(listed.find((p: { id: string }) => p.id === "set-1").settings).toEqual(
        DEFAULT_SETTINGS,
      );
    });

    it("keeps what is given and fills in the rest", async () => {
      const settings = {
        mode: "queue",
        task: "rating",
        strength: true,
        criteria: [
          { id: "accuracy", label: "Is it correct?", min: 1, max: 7 },
          { id: "style", min: 0, max: 1 },
        ],
        instructions: "Rate each answer.",
      };
      const r = await call("admin", "POST", "/api/projects", {
        id: "set-2",
        name: "Given",
        settings,
      });
      expect(json(r).project.settings).toEqual({ ...settings, ranking_size: 4 });
    });

    const refused: { settings: object; field: string }[] = [
      { settings: { modes: ["pair"] }, field: "settings.modes" },
      { settings: { mode: "quue" }, field: "settings.mode" },
      { settings: { task: "essay" }, field: "settings.task" },
      { settings: { mode: "arena", task: "rating" }, field: "settings.task" },
      { settings: { strength: "yes" }, field: "settings.strength" },
      { settings: { ranking_size: 1 }, field: "settings.ranking_size" },
      { settings: { ranking_size: 21 }, field: "settings.ranking_size" },
      { settings: { ranking_size: 2.5 }, field: "settings.ranking_size" },
      { settings: { criteria: [] }, field: "settings.criteria" },
      { settings: { criteria: [{ id: "a", min: 5, max: 1 }] }, field: "settings.criteria.0.max" },
      { settings: { criteria: [{ id: "a b", min: 1, max: 5 }] }, field: "settings.criteria.0.id" },
      { settings: { criteria: [{ id: "a", max: 5 }] }, field: "settings.criteria.0.min" },
      {
        settings: { criteria: [{ id: "a", min: 1, max: 5, weight: 2 }] },
        field: "settings.criteria.0.weight",
      },
      {
        settings: {
          criteria: [
            { id: "a", min: 1, max: 5 },
            { id: "a", min: 0, max: 1 },
          ],
        },
        field: "settings.criteria.1.id",
      },
      { settings: { instructions: "x".repeat(10_001) }, field: "settings.instructions" },
    ];
    it.each(refused)(
      "refuses $field: 400 naming it, no project made",
      async ({ settings, field }) => {
        const r = await call("admin", "POST", "/api/projects", {
          id: "set-bad",
          name: "x",
          settings,
        });
        expect(r.statusCode).toBe(400);
        expect(json(r).error).toMatchObject({ code: "invalid", field });
        expect((await call("admin", "GET", "/api/projects/set-bad")).statusCode).toBe(404);
      },
    );

    it("changes the name and the settings sent with PATCH, and keeps the others", async () => {
      await call("admin", "POST", "/api/projects", {
        id: "set-3",
        name: "Three",
        settings: { instructions: "Be fair.", ranking_size: 3 },
      });
      const renamed = await call("admin", "PATCH", "/api/projects/set-3", { name: "Drei" });
      expect(renamed.statusCode).toBe(200);
      expect(json(renamed).project).toMatchObject({
        id: "set-3",
        name: "Drei",
        settings: { ...DEFAULT_SETTINGS, ranking_size: 3, instructions: "Be fair." },
      });
      const criteria = [{ id: "clarity", min: 0, max: 10 }];
      const changed = await call("admin", "PATCH", "/api/projects/set-3", {
        settings: { mode: "queue", task: "rating", criteria },
      });
      const expected = {
        mode: "queue",
        task: "rating",
        strength: false,
        ranking_size: 3,
        criteria,
        instructions: "Be fair.",
      };
      expect(json(changed).project.settings).toEqual(expected);
      // At once, however the server caches projects for authorisation.
      const read = json(await call("admin", "GET", "/api/projects/set-3")).project;
      expect(read).toMatchObject({ name: "Drei", settings: expected });
      const cleared = await call("admin", "PATCH", "/api/projects/set-3", {
        settings: { instructions: null },
      });
      const { instructions: _, ...rest } = expected;
      expect(json(cleared).project.settings).toEqual(rest);
    });

    const badPatches: { body: unknown; field: string }[] = [
      { body: {}, field: "(body)" },
      { body: { name: "" }, field: "name" },
      { body: { id: "other" }, field: "id" },
      { body: { settings: { mode: "exam" } }, field: "settings.mode" },
      { body: { settings: { colour: "red" } }, field: "settings.colour" },
      // Valid alone, invalid over the stored queue of ratings.
      { body: { settings: { mode: "arena" } }, field: "settings.task" },
      {
        body: { settings: { criteria: [{ id: "c", min: 2, max: 2 }] } },
        field: "settings.criteria.0.max",
      },
    ];
    it.each(badPatches)(
      "refuses a PATCH on $field with a 400, changing nothing",
      async ({ body, field }) => {
        const before = json(await call("admin", "GET", "/api/projects/set-2")).project;
        const r = await call("admin", "PATCH", "/api/projects/set-2", body);
        expect(r.statusCode).toBe(400);
        expect(json(r).error).toMatchObject({ code: "invalid", field });
        expect(json(await call("admin", "GET", "/api/projects/set-2")).project).toEqual(before);
      },
    );

    it("lets only admins change a project, and answers 404 for an unknown one", async () => {
      const r = await call("annotator", "PATCH", "/api/projects/p1", { name: "Mine" });
      expect(r.statusCode).toBe(403);
      const missing = await call("admin", "PATCH", "/api/projects/nope", { name: "x" });
      expect(missing.statusCode).toBe(404);
      expect(json(missing).error.field).toBe("id");
      expect(json(await call("admin", "GET", "/api/projects/p1")).project.name).toBe("Project one");
    });
  });

  describe("arena and queue", () => {
    it("reveals an arena vote's systems and keeps it final", async () => {
      const s = await scratchProject(api, "arena-1", pairs);
      const voted = await voteOnNextPair(s);
      expect(voted.statusCode).toBe(201);
      expect(Object.values(json(voted).reveal).sort()).toEqual(["x", "y"]);
      const undo = await s.asAnnotator(
        "DELETE",
        `/api/projects/${s.id}/judgments/${json(voted).judgment.id}`,
      );
      expect(undo.statusCode).toBe(403);
      expect(json(undo).error).toMatchObject({ code: "forbidden", field: "judgmentId" });
    });

    it("keeps an arena vote blind and single: one pair per prompt, no second vote, no undo", async () => {
      const s = await scratchProject(api, "arena-once", { b0: ["x", "y", "z"] });
      const handles = new CandidateHandles(api.fixture().store);
      const task = json(await s.asAnnotator("GET", `/api/projects/${s.id}/tasks/next`)).task;
      const [a, b] = task.candidates.map((c: { id: string }) => c.id);
      const body = {
        kind: "pairwise",
        prompt: "b0",
        a,
        b,
        outcome: "a",
        idempotency_key: "once-1",
      };
      const first = await s.asAnnotator("POST", `/api/projects/${s.id}/judgments`, body);
      expect(first.statusCode).toBe(201);
      expect(Object.values(json(first).reveal)).toHaveLength(2);
      // The two systems are known now: no other pair of this prompt is offered…
      expect((await s.asAnnotator("GET", `/api/projects/${s.id}/tasks/next`)).statusCode).toBe(204);
      // …nor accepted, the same pair the other way round included.
      const third = (
        await Promise.all(
          ["b0-0", "b0-1", "b0-2"].map((id) => handles.handle(s.id, s.annotator, id)),
        )
      ).find((h) => h !== a && h !== b)!;
      for (const [x, y] of [
        [b, a],
        [a, third],
        [third, b],
      ]) {
        // Each vote spelled out: which pair and outcome is the point of each check.
        const again = await s.asAnnotator("POST", `/api/projects/${s.id}/judgments`, {
          kind: "pairwise",
          prompt: "b0",
          a: x,
          b: y,
          outcome: "tie",
        });
        expect(again.statusCode).toBe(409);
        expect(json(again).error).toMatchObject({ code: "already_judged", field: "prompt" });
      }
      // A replay of the stored vote is still a replay; the vote cannot be undone.
      const replay = await s.asAnnotator("POST", `/api/projects/${s.id}/judgments`, body);
      expect(replay.statusCode).toBe(200);
      const undo = await s.asAnnotator(
        "DELETE",
        `/api/projects/${s.id}/judgments/${json(first).judgment.id}`,
      );
      expect(undo.statusCode).toBe(403);
      const stored = await api.fixture().store.listJudgments(s.id, { annotatorId: s.annotator });
      expect(stored).toHaveLength(1);
      // A queue of the same layout offers every pair of the prompt, one after another.
      const q = await scratchProject(api, "queue-once", { b0: ["x", "y", "z"] }, { mode: "queue" });
      for (let k = 0; k < 3; k++) expect((await voteOnNextPair(q)).statusCode).toBe(201);
      expect((await q.asAnnotator("GET", `/api/projects/${q.id}/tasks/next`)).statusCode).toBe(204);
      // There, one vote per pair: the same pair again (either order) is refused.
      const [q0, q1] = await Promise.all(
        ["b0-0", "b0-1"].map((id) => handles.handle(q.id, q.annotator, id)),
      );
      const repeat = await q.asAnnotator("POST", `/api/projects/${q.id}/judgments`, {
        kind: "pairwise",
        prompt: "b0",
        a: q1,
        b: q0,
        outcome: "a",
      });
      expect(repeat.statusCode).toBe(409);
      expect(json(repeat).error).toMatchObject({ code: "already_judged", field: "b" });
    });

    it("reveals nothing in a queue, and lets annotators undo a vote and vote again", async () => {
      const s = await scratchProject(api, "queue-1", pairs, { mode: "queue" });
      const voted = await voteOnNextPair(s);
      expect(voted.statusCode).toBe(201);
      expect(json(voted)).not.toHaveProperty("reveal");
      expect(voted.body).not.toMatch(/"x"|"y"/);
      const judgment = json(voted).judgment;
      // The answer names the candidates by the handles the task showed, not by their ids.
      expect([judgment.a, judgment.b].every((c: string) => c.startsWith("h_"))).toBe(true);
      // One vote per pair still holds until it is undone.
      const again = await s.asAnnotator("POST", `/api/projects/${s.id}/judgments`, {
        kind: "pairwise",
        prompt: judgment.prompt,
        a: judgment.b,
        b: judgment.a,
        outcome: "b",
      });
      expect(again.statusCode).toBe(409);
      expect(json(again).error.code).toBe("already_judged");
      const undo = await s.asAnnotator("DELETE", `/api/projects/${s.id}/judgments/${judgment.id}`);
      expect(undo.statusCode).toBe(204);
      const recast = await s.asAnnotator("POST", `/api/projects/${s.id}/judgments`, {
        kind: "pairwise",
        prompt: judgment.prompt,
        a: judgment.a,
        b: judgment.b,
        outcome: "b",
        strength: 0.5,
      });
      expect(recast.statusCode).toBe(201);
      expect(json(recast).judgment).toMatchObject({ outcome: "b", strength: 0.5 });
      expect(json(recast)).not.toHaveProperty("reveal");
    });

    it("follows a change of mode at once: a queue turned arena reveals, and its votes are final", async () => {
      const s = await scratchProject(api, "queue-2", pairs, { mode: "queue" });
      const before = await voteOnNextPair(s);
      expect(json(before)).not.toHaveProperty("reveal");
      const r = await s.asAdmin("PATCH", `/api/projects/${s.id}`, { settings: { mode: "arena" } });
      expect(json(r).project.settings.mode).toBe("arena");
      const after = await voteOnNextPair(s);
      expect(json(after).reveal).toBeDefined();
      for (const vote of [before, after]) {
        const undo = await s.asAnnotator(
          "DELETE",
          `/api/projects/${s.id}/judgments/${json(vote).judgment.id}`,
        );
        expect(undo.statusCode).toBe(403);
      }
    });

    it("keeps an arena with votes from becoming a queue (409), but not one without", async () => {
      const before = json(await call("admin", "GET", "/api/projects/arena-1")).project;
      const r = await call("admin", "PATCH", "/api/projects/arena-1", {
        name: "Renamed",
        settings: { mode: "queue" },
      });
      expect(r.statusCode).toBe(409);
      expect(json(r).error).toMatchObject({ code: "mode_locked", field: "settings.mode" });
      expect(json(await call("admin", "GET", "/api/projects/arena-1")).project).toEqual(before);
      const fresh = await scratchProject(api, "arena-2", pairs);
      const ok = await fresh.asAdmin("PATCH", "/api/projects/arena-2", {
        settings: { mode: "queue" },
      });
      expect(json(ok).project.settings.mode).toBe("queue");
    });
  });

  describe("ratings and the project's criteria", () => {
    const criteria = [
      { id: "accuracy", min: 1, max: 7 },
      { id: "style", min: 0, max: 1 },
    ];
    const rate = (s: Scratch, scores: object[], more: object = {}) =>
      s.asAdmin("POST", `/api/projects/${s.id}/judgments`, {
        kind: "rating",
        prompt: "s0",
        scores: scores.map((x) => ({ candidate: "s0-0", ...x })),
        ...more,
      });

    let crit1: Promise<Scratch>;

    it("stores scores of the project's criteria within their scales", async () => {
      crit1 = scratchProject(api, "crit-1", pairs, { mode: "queue", task: "rating", criteria });
      const s = await crit1;
      const r = await rate(s, [
        { criterion: "accuracy", score: 7 },
        { criterion: "style", score: 0 },
      ]);
      expect(r.statusCode).toBe(201);
    });

    const cases = [
      { scores: [{ criterion: "overall", score: 3 }], field: "scores.0.criterion" },
      {
        scores: [
          { criterion: "accuracy", score: 3 },
          { criterion: "style", score: 1.5 },
        ],
        field: "scores.1.score",
      },
      { scores: [{ criterion: "accuracy", score: 0 }], field: "scores.0.score" },
    ];
    it.each(cases)("refuses $field with a 400, storing nothing", async ({ scores, field }) => {
      const s = await crit1;
      const before = (await api.fixture().store.listJudgments("crit-1")).length;
      const r = await rate(s, scores);
      expect(r.statusCode).toBe(400);
      expect(json(r).error).toMatchObject({ code: "invalid", field });
      expect(json(r).error.message).toMatch(/accuracy|from/);
      expect((await api.fixture().store.listJudgments("crit-1")).length).toBe(before);
    });

    it("names the item of a batch, and holds annotators to the criteria too", async () => {
      const s = await scratchProject(api, "crit-2", pairs, {
        mode: "queue",
        task: "rating",
        criteria,
      });
      const batch = await s.asAdmin("POST", `/api/projects/${s.id}/judgments`, {
        judgments: [
          { kind: "binary", prompt: "s0", candidate: "s0-0", approved: true },
          {
            kind: "rating",
            prompt: "s0",
            scores: [{ candidate: "s0-0", criterion: "style", score: 2 }],
          },
        ],
      });
      expect(batch.statusCode).toBe(400);
      expect(json(batch).error).toMatchObject({ field: "scores.0.score", index: 1 });
      const task = json(await s.asAnnotator("GET", `/api/projects/${s.id}/tasks/next?kind=rating`));
      const [c] = task.task.candidates;
      const own = await s.asAnnotator("POST", `/api/projects/${s.id}/judgments`, {
        kind: "rating",
        prompt: task.task.prompt.id,
        scores: [{ candidate: c.id, criterion: "clarity", score: 1 }],
      });
      expect(own.statusCode).toBe(400);
      expect(json(own).error.field).toBe("scores.0.criterion");
      expect(await api.fixture().store.listJudgments(s.id)).toEqual([]);
    });
  });
}
