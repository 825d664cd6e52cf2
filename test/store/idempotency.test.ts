/** Idempotent submission: a key stores one judgment, however often and however concurrently. */
import { expect, it } from "vitest";
import type { NewJudgment } from "../../src/store/store.js";
import { describeStore, human, refusal, seedArena, storeError, vote } from "./fixture.js";

const SYSTEMS = ["s0", "s1", "s2"];

describeStore("idempotency keys", (fx) => {
  it("stores a resubmission once: the same body returns the stored judgment", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: SYSTEMS });
    const first = { ...vote("p0", "s0", "s1", "tie", human("ann")), idempotencyKey: "k1" };
    const [stored] = await fx.store.addJudgments(projectId, [first]);
    expect(stored?.created).toBe(true);

    // The client retries (no id of its own, a later time): the stored judgment comes back.
    const retry = { ...first, createdAt: "2030-01-01T00:00:00.000Z" };
    const [again] = await fx.store.addJudgments(projectId, [retry]);
    expect(again).toEqual({ judgment: stored!.judgment, created: false });

    // Within one batch, a repeated key is the same judgment as its first occurrence.
    const second = { ...vote("p0", "s1", "s2", "a", human("ann")), idempotencyKey: "k2" };
    const batch = await fx.store.addJudgments(projectId, [second, first, second]);
    expect(batch.map((s) => s.created)).toEqual([true, false, false]);
    expect(batch[2]!.judgment).toEqual(batch[0]!.judgment);
    expect(batch[1]!.judgment).toEqual(stored!.judgment);
    expect(await fx.store.listJudgments(projectId)).toHaveLength(2);
  });

  it("refuses a different body under a stored key, and an id that does not match", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: SYSTEMS });
    const first = { ...vote("p0", "s0", "s1", "a"), idempotencyKey: "k", id: "j-k" };
    await fx.store.addJudgments(projectId, [first]);
    const other = vote("p0", "s0", "s2", "b");
    const conflicts: NewJudgment[][] = [
      [other, { ...first, outcome: "b" }],
      [other, { ...first, id: "another-id" }],
      [other, { ...first, rationale: "now with a reason" }],
    ];
    for (const batch of conflicts) {
      expect(await storeError(fx.store.addJudgments(projectId, batch))).toEqual(
        refusal("idempotency_conflict", "idempotency_key", 1),
      );
    }
    const inBatch = [
      { ...other, idempotencyKey: "fresh" },
      { ...other, idempotencyKey: "fresh", outcome: "a" as const },
    ];
    // Refusals spelled out per case (as in judgments.test.ts): each its own field and index.
    expect(await storeError(fx.store.addJudgments(projectId, inBatch))).toEqual(
      refusal("idempotency_conflict", "idempotency_key", 1),
    );
    expect((await fx.store.listJudgments(projectId)).map((j) => j.id)).toEqual(["j-k"]);
  });

  it("gives every concurrent submitter of one key the same single stored judgment", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: SYSTEMS });
    // PostgreSQL: two pools, as two server processes would have. SQLite: one store (a second
    // connection in the same process cannot wait for the first; see processes.test.ts).
    const stores = fx.dialect === "postgres" ? [fx.store, await fx.another()] : [fx.store];
    for (let round = 0; round < 5; round++) {
      const judgment = { ...vote("p0", "s0", "s1", "a"), idempotencyKey: `race-${round}` };
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          stores[i % stores.length]!.addJudgments(projectId, [judgment]),
        ),
      );
      const outcomes = results.map(([r]) => r!);
      expect(outcomes.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(outcomes.map((r) => r.judgment.id)).size).toBe(1);
    }
    expect(await fx.store.listJudgments(projectId)).toHaveLength(5);
  });
});
