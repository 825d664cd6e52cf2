/**
 * The store's "once" (OnceRule, migration 0005), on both dialects: an annotator's second
 * judgment of a task is refused by the database, an arena vote must be on the pair served,
 * idempotency keys are per annotator, and a database from before 0005 is filled in — its
 * annotators' earlier judgments take their tasks, their keys move into their scope.
 */
import { expect, it } from "vitest";
import type { Candidate } from "../../src/core/types.js";
import type { NewJudgment, OnceRule } from "../../src/store/store.js";
import {
  cid,
  describeStore,
  human,
  pid,
  refusal,
  remigrateFrom,
  seedArena,
  storeError,
  vote,
  withFreshStore,
} from "./fixture.js";

const once = (annotatorId: string, arena: boolean): OnceRule => ({ annotatorId, arena });

/** `annotator`'s arena vote on the pair `[a, b]` of prompt `promptId`, held to "once". */
const arenaVote = (
  promptId: string,
  [a, b]: readonly [Candidate, Candidate],
  outcome: "a" | "b" | "tie",
  annotator: string,
): NewJudgment => ({
  kind: "pairwise",
  promptId: pid(promptId),
  a: a.id,
  b: b.id,
  outcome,
  source: human(annotator),
  once: once(annotator, true),
});
const ranking = (promptId: string, order: string[], annotator: string): NewJudgment => ({
  kind: "ranking",
  promptId: pid(promptId),
  order: order.map((c) => [cid(c)]),
  source: human(annotator),
});

describeStore("once per annotator and task", (fx) => {
  it("refuses a queue's second judgment of a task, in the same batch or later, and frees it on delete", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 2, systems: ["s0", "s1", "s2"] });
    const rule = once("ann", false);
    const first = { ...vote("p0", "s0", "s1", "a", human("ann")), once: rule };
    const [stored] = await fx.store.addJudgments(projectId, [first]);
    // The same pair the other way round, with another outcome: the same task.
    const swapped = { ...vote("p0", "s1", "s0", "b", human("ann")), once: rule };
    expect(await storeError(fx.store.addJudgments(projectId, [swapped]))).toEqual(
      refusal("already_judged", "b", 0),
    );
    // Another annotator's is theirs; another pair is another task.
    await fx.store.addJudgments(projectId, [
      { ...vote("p0", "s1", "s0", "b", human("bob")), once: once("bob", false) },
      { ...vote("p0", "s0", "s2", "a", human("ann")), once: rule },
    ]);
    // A batch with one task twice is refused whole.
    const twice = { ...ranking("p1", ["p1-s0", "p1-s1"], "ann"), once: rule };
    expect(await storeError(fx.store.addJudgments(projectId, [twice, twice]))).toEqual(
      refusal("already_judged", "prompt", 1),
    );
    expect(await fx.store.listJudgments(projectId)).toHaveLength(3);
    // Deleting the judgment frees its task.
    expect(await fx.store.deleteJudgment(projectId, stored!.judgment.id)).toBe(true);
    await fx.store.addJudgments(projectId, [swapped]);
    // Without a rule (an admin, an import) repeats are stored as given.
    await fx.store.addJudgments(projectId, [
      vote("p0", "s0", "s1", "a", human("ann")),
      vote("p0", "s0", "s1", "a", human("ann")),
    ]);
    expect(await fx.store.listJudgments(projectId)).toHaveLength(5);
  });

  it("takes an arena vote only on the pair served, once per prompt", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: ["s0", "s1", "s2"] });
    const rule = once("ann", true);
    const unserved = { ...vote("p0", "s0", "s1", "a", human("ann")), once: rule };
    expect(await storeError(fx.store.addJudgments(projectId, [unserved]))).toMatchObject({
      code: "not_served",
    });
    const task = await fx.store.servePairTask(projectId, "ann");
    expect(task).toBeDefined();
    // Served again until voted on.
    expect((await fx.store.servePairTask(projectId, "ann"))?.candidates).toEqual(task!.candidates);
    const [a, b] = task!.candidates;
    const served = arenaVote("p0", [b, a], "tie", "ann");
    expect(
      await storeError(
        fx.store.addJudgments(projectId, [
          { ...served, kind: "ranking", order: [[a.id], [b.id]] } as NewJudgment,
        ]),
      ),
    ).toMatchObject({ code: "invalid", field: "kind" });
    await fx.store.addJudgments(projectId, [served]);
    expect(await storeError(fx.store.addJudgments(projectId, [served]))).toMatchObject({
      code: "already_judged",
      field: "prompt",
    });
    // Nothing more to serve: the only prompt is voted on.
    expect(await fx.store.servePairTask(projectId, "ann")).toBeUndefined();
  });

  it("serves two requests at once the same pair (the first stored stays served)", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: ["s0", "s1", "s2", "s3"] });
    for (let round = 0; round < 5; round++) {
      const annotator = `tabs-${round}`;
      const [x, y] = await Promise.all([
        fx.store.servePairTask(projectId, annotator),
        fx.store.servePairTask(projectId, annotator),
      ]);
      const ids = (t: typeof x) => t!.candidates.map((c) => c.id).sort();
      expect(ids(x)).toEqual(ids(y));
      const [stored] = await fx.store.addJudgments(projectId, [
        arenaVote("p0", x!.candidates, "a", annotator),
      ]);
      expect(stored!.created).toBe(true);
    }
  });

  it("keeps idempotency keys per annotator", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: ["s0", "s1"] });
    const keyed = (annotator: string) => ({
      ...vote("p0", "s0", "s1", "a", human(annotator)),
      idempotencyKey: "k",
      once: once(annotator, false),
    });
    const [ann] = await fx.store.addJudgments(projectId, [keyed("ann")]);
    const [bob] = await fx.store.addJudgments(projectId, [keyed("bob")]);
    const [replay] = await fx.store.addJudgments(projectId, [keyed("ann")]);
    expect(bob!.created).toBe(true);
    expect(bob!.judgment.id).not.toBe(ann!.judgment.id);
    expect(replay).toEqual({ judgment: ann!.judgment, created: false });
  });

  it("fills in the tasks and key scopes of judgments stored before migration 0005", async () => {
    await withFreshStore(fx.dialect, async (store, url) => {
      const ann = await store.createAnnotator({
        name: "ann",
        role: "annotator",
        tokenHash: "a".repeat(64),
      });
      const boss = await store.createAnnotator({
        name: "boss",
        role: "admin",
        tokenHash: "b".repeat(64),
      });
      await store.createProject({ id: "arena", name: "arena" });
      await store.createProject({ id: "queue", name: "queue", settings: { mode: "queue" } });
      for (const p of ["arena", "queue"]) {
        await seedArena(store, p, { prompts: 2, systems: ["s0", "s1", "s2"] });
      }
      // Stuffed before the fix: two votes of ann on one arena prompt, one queue pair twice.
      await store.addJudgments("arena", [
        { ...vote("p0", "s0", "s1", "a", human(ann.id)), idempotencyKey: "k1" },
        vote("p0", "s1", "s2", "b", human(ann.id)),
        vote("p0", "s0", "s2", "a", human(boss.id)),
        // A thumb in an arena (arenas took them then): its own task, not the prompt's vote.
        {
          kind: "binary",
          promptId: pid("p1"),
          candidateId: cid("p1-s0"),
          approved: true,
          source: human(ann.id),
        },
      ]);
      await store.addJudgments("queue", [
        vote("p0", "s0", "s1", "a", human(ann.id)),
        vote("p0", "s1", "s0", "a", human(ann.id)),
        ranking("p0", ["p0-s0", "p0-s1"], ann.id),
      ]);
      await remigrateFrom(store, url, "0004_judgment_candidates", async (raw) => {
        const tasks = await raw
          .selectFrom("judged_tasks")
          .select(["project_id", "annotator_id", "task"])
          .orderBy("project_id")
          .orderBy("task")
          .execute();
        expect(tasks).toEqual([
          { project_id: "arena", annotator_id: ann.id, task: '["binary","p1-s0"]' },
          { project_id: "arena", annotator_id: ann.id, task: '["prompt","p0"]' },
          { project_id: "queue", annotator_id: ann.id, task: '["pair","p0","p0-s0","p0-s1"]' },
          { project_id: "queue", annotator_id: ann.id, task: '["ranking","p0"]' },
        ]);
        const scopes = await raw
          .selectFrom("judgments")
          .select(["idempotency_key", "idempotency_scope"])
          .where("idempotency_key", "is not", null)
          .execute();
        expect(scopes).toEqual([{ idempotency_key: "k1", idempotency_scope: ann.id }]);
      });
      // The filled-in tasks hold: ann's next vote on the arena prompt is refused.
      const again = { ...vote("p0", "s0", "s2", "a", human(ann.id)), once: once(ann.id, true) };
      expect(await storeError(store.addJudgments("arena", [again]))).toMatchObject({
        code: "already_judged",
      });
      // The thumbed prompt is served, and its vote taken.
      const served = await store.servePairTask("arena", ann.id);
      expect(served?.prompt.id).toBe("p1");
      const onP1 = arenaVote("p1", served!.candidates, "b", ann.id);
      expect((await store.addJudgments("arena", [onP1]))[0]!.created).toBe(true);
    });
  });
});
