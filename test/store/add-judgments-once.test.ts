import { expect, it } from "vitest";
import type { NewJudgment } from "../../src/store/store.js";
import { ai, cid, describeStore, pid, refusal, seedArena, storeError, vote } from "./fixture.js";

const SYSTEMS = ["s0", "s1", "s2"];

/** A judge job's judgments: ids of its own, the judge under `metadata.judge`. */
function judged(n: number): NewJudgment[] {
  return Array.from({ length: n }, (_, i) => ({
    ...vote(`p${i % 3}`, "s0", i % 2 === 0 ? "s1" : "s2", i % 4 === 0 ? "a" : "b", ai("judge-x")),
    id: `job-1:${i}`,
    metadata: { judge: { job: "job-1", judge: "judge-x", preference: (i % 5) / 4 } },
  }));
}

describeStore("addJudgmentsOnce", (fx) => {
  it("stores new judgments and skips those already stored with the same content", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 3, systems: SYSTEMS });
    const batch = judged(5);
    expect(await fx.store.addJudgmentsOnce(projectId, batch.slice(0, 2))).toEqual({
      added: 2,
      skipped: 0,
    });
    const version = await fx.store.judgmentVersion(projectId);
    // A resumed job writes everything again, at another time: only the new three are added.
    const later = batch.map((j) => ({ ...j, createdAt: "2030-01-01T00:00:00.000Z" }));
    expect(await fx.store.addJudgmentsOnce(projectId, later)).toEqual({ added: 3, skipped: 2 });
    expect(await fx.store.judgmentVersion(projectId)).not.toBe(version);
    const listed = await fx.store.listJudgments(projectId);
    expect(listed.map((j) => j.id)).toEqual(batch.map((j) => j.id));
    expect(listed.map((j) => j.metadata)).toEqual(batch.map((j) => j.metadata));
    // The first two keep the time they were first stored.
    expect(listed[0]!.createdAt).not.toBe("2030-01-01T00:00:00.000Z");
    expect(listed[4]!.createdAt).toBe("2030-01-01T00:00:00.000Z");

    const unchanged = await fx.store.judgmentVersion(projectId);
    expect(await fx.store.addJudgmentsOnce(projectId, batch)).toEqual({ added: 0, skipped: 5 });
    expect(await fx.store.judgmentVersion(projectId)).toBe(unchanged);
  });

  it("skips a repeat within the batch, and counts it as skipped", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 3, systems: SYSTEMS });
    const [j] = judged(1);
    expect(await fx.store.addJudgmentsOnce(projectId, [j!, { ...j! }])).toEqual({
      added: 1,
      skipped: 1,
    });
    expect(await fx.store.listJudgments(projectId)).toHaveLength(1);
  });

  it("refuses other content under a stored id, naming the item, and stores nothing", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 3, systems: SYSTEMS });
    const batch = judged(3);
    await fx.store.addJudgmentsOnce(projectId, [batch[1]!]);
    const changes: Partial<NewJudgment>[] = [
      { outcome: "tie" } as Partial<NewJudgment>,
      { metadata: { judge: { job: "job-2" } } },
      { source: ai("judge-y") },
      { rationale: "because" },
    ];
    for (const change of changes) {
      const changed = { ...batch[1]!, ...change } as NewJudgment;
      expect(
        await storeError(fx.store.addJudgmentsOnce(projectId, [batch[0]!, changed, batch[2]!])),
      ).toEqual(refusal("duplicate_id", "id", 1));
    }
    // Within one batch too: the second of two different judgments under one id.
    const twin = { ...batch[0]!, outcome: "tie" } as NewJudgment;
    expect(await storeError(fx.store.addJudgmentsOnce(projectId, [batch[0]!, twin]))).toEqual(
      refusal("duplicate_id", "id", 1),
    );
    expect((await fx.store.listJudgments(projectId)).map((j) => j.id)).toEqual([batch[1]!.id]);
  });

  it("checks every judgment as addJudgments does, naming the first bad one", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 3, systems: SYSTEMS });
    const [good, other] = judged(2) as [NewJudgment & { kind: "pairwise" }, NewJudgment];
    const { id: _id, ...noId } = good;
    const cases: [NewJudgment, ReturnType<typeof refusal>][] = [
      [noId as NewJudgment, refusal("invalid", "id", 1)],
      [{ ...good, id: "" }, refusal("invalid", "id", 1)],
      [{ ...good, id: "z", a: cid("nope") }, refusal("unknown_reference", "a", 1)],
      [{ ...good, id: "z", promptId: pid("nope") }, refusal("unknown_reference", "prompt", 1)],
      [{ ...good, id: "z", b: good.a }, refusal("invalid", "b", 1)],
      [{ ...good, id: "z", metadata: { x: Number.NaN } }, refusal("invalid", "metadata.x", 1)],
      [
        { ...good, id: "z", once: { annotatorId: "ann", arena: false } },
        refusal("invalid", "once", 1),
      ],
    ];
    for (const [bad, expected] of cases) {
      expect(await storeError(fx.store.addJudgmentsOnce(projectId, [other, bad]))).toEqual(
        expected,
      );
    }
    expect(await fx.store.listJudgments(projectId)).toEqual([]);
    expect(
      await storeError(fx.store.addJudgmentsOnce("no-such-project", [good])).catch((e) => e),
    ).toEqual(refusal("not_found", "project"));
  });

  it("keeps idempotency keys to one judgment each", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 3, systems: SYSTEMS });
    const [a, b] = judged(2);
    await fx.store.addJudgments(projectId, [{ ...a!, idempotencyKey: "k" }]);
    expect(await fx.store.addJudgmentsOnce(projectId, [{ ...a!, idempotencyKey: "k" }])).toEqual({
      added: 0,
      skipped: 1,
    });
    expect(
      await storeError(fx.store.addJudgmentsOnce(projectId, [{ ...b!, idempotencyKey: "k" }])),
    ).toEqual(refusal("idempotency_conflict", "idempotency_key", 0));
    const [, , c, d] = judged(4);
    expect(
      await storeError(
        fx.store.addJudgmentsOnce(projectId, [
          { ...c!, idempotencyKey: "k2" },
          { ...d!, idempotencyKey: "k2" },
        ]),
      ),
    ).toEqual(refusal("idempotency_conflict", "idempotency_key", 1));
  });

  it("stores a rating's candidates as addJudgments does (the rating queue counts them)", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: ["s0", "s1"] });
    const rating: NewJudgment = {
      kind: "rating",
      promptId: pid("p0"),
      scores: [{ candidateId: cid("p0-s0"), criterion: "overall", score: 7 }],
      source: ai("judge-x"),
      id: "r1",
    };
    await fx.store.addJudgmentsOnce(projectId, [rating]);
    // The least-rated candidate is now always the other one (ties would be drawn at random).
    for (let i = 0; i < 8; i++) {
      const task = await fx.store.nextSingleTask(projectId, "ann", "rating");
      expect(task?.candidates.map((c) => c.id)).toEqual(["p0-s1"]);
    }
  });

  it("adds each judgment once when two processes write the same batch at once", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 3, systems: SYSTEMS });
    // PostgreSQL: two pools, as two worker processes would have. SQLite: one store (a second
    // connection in the same process cannot wait for the first; see processes.test.ts).
    const other = fx.dialect === "postgres" ? await fx.another() : fx.store;
    const batch = judged(40);
    const results = await Promise.all([
      fx.store.addJudgmentsOnce(projectId, batch),
      other.addJudgmentsOnce(projectId, batch),
      other.addJudgmentsOnce(projectId, batch.slice(10, 30)),
    ]);
    expect(results.reduce((n, r) => n + r.added, 0)).toBe(40);
    expect(results.map((r) => r.added + r.skipped)).toEqual([40, 40, 20]);
    expect(await fx.store.listJudgments(projectId)).toHaveLength(40);
  });
});
