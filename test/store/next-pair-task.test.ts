import fc from "fast-check";
import { expect, it } from "vitest";
import type { PairTask, Store } from "../../src/store/store.js";
import { candidate, describeStore, human, prompt, seedArena } from "./fixture.js";

const pairOf = (task: PairTask) =>
  task.candidates
    .map((c) => c.systemId)
    .sort()
    .join("-");

/** Judges the task as `annotatorId` would: a pairwise vote on the two candidates shown. */
async function judge(store: Store, projectId: string, task: PairTask, annotatorId: string) {
  const [a, b] = task.candidates;
  await store.addJudgments(projectId, [
    {
      kind: "pairwise",
      promptId: task.prompt.id,
      a: a.id,
      b: b.id,
      outcome: "a",
      source: human(annotatorId),
    },
  ]);
}

async function pairCounts(store: Store, projectId: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const c of await store.battleCounts(projectId)) {
    const key = [c.systemA, c.systemB].sort().join("-");
    counts.set(key, (counts.get(key) ?? 0) + c.count);
  }
  return counts;
}

describeStore("nextPairTask", (fx) => {
  it("is undefined when no prompt has candidates of two systems", async () => {
    const projectId = await fx.project();
    expect(await fx.store.nextPairTask(projectId, "ann")).toBeUndefined();
    await fx.store.addPrompts(projectId, [prompt("p0"), prompt("p1")]);
    await fx.store.addCandidates(projectId, [
      candidate("p0-x", "p0", "s0"),
      candidate("p0-y", "p0", "s0"), // the same system twice: not a pair
      candidate("p1-x", "p1", "s1"),
    ]);
    expect(await fx.store.nextPairTask(projectId, "ann")).toBeUndefined();
  });

  it("gives a prompt with both candidates of the pair, in both orders over many calls", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: ["s0", "s1"] });
    const firsts = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const task = await fx.store.nextPairTask(projectId, "ann");
      expect(task?.kind).toBe("pair");
      expect(task?.prompt).toEqual(prompt("p0"));
      expect(task?.candidates.map((c) => c.id).sort()).toEqual(["p0-s0", "p0-s1"]);
      firsts.add(task!.candidates[0].id);
    }
    expect(firsts.size).toBe(2); // fails with probability 2^-39 if the order is random
  });

  it("never returns a pair the annotator has judged, in either order, and then runs out", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 3, systems: ["s0", "s1", "s2"] });
    const seen = new Set<string>();
    for (let i = 0; i < 9; i++) {
      const task = await fx.store.nextPairTask(projectId, "ann");
      expect(task).toBeDefined();
      const key = `${task!.prompt.id}:${task!.candidates
        .map((c) => c.id)
        .sort()
        .join(",")}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      await judge(fx.store, projectId, task!, "ann");
    }
    // 3 prompts × 3 system pairs, all judged by "ann"; another annotator still has work.
    expect(await fx.store.nextPairTask(projectId, "ann")).toBeUndefined();
    expect(await fx.store.nextPairTask(projectId, "other")).toBeDefined();
  });

  it("keeps the system pairs within one judgment of each other", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.nat(), { minLength: 10, maxLength: 30 }),
        async (annotators, turns) => {
          const projectId = await fx.project();
          await seedArena(fx.store, projectId, { prompts: 12, systems: ["s0", "s1", "s2"] });
          for (const turn of turns) {
            const annotatorId = `ann-${turn % annotators}`;
            const task = await fx.store.nextPairTask(projectId, annotatorId);
            expect(task).toBeDefined();
            await judge(fx.store, projectId, task!, annotatorId);
            const counts = [...(await pairCounts(fx.store, projectId)).values()];
            while (counts.length < 3) counts.push(0);
            expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 6 },
    );
  });

  it("serves the least-judged pair first, counting every pairwise judgment", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 4, systems: ["s0", "s1", "s2"] });
    // s0-s1 and s0-s2 already have votes (from anyone); s1-s2 has none.
    await fx.store.addJudgments(projectId, [
      {
        kind: "pairwise",
        promptId: prompt("p0").id,
        a: candidate("p0-s0", "p0", "s0").id,
        b: candidate("p0-s1", "p0", "s1").id,
        outcome: "a",
        source: human("x"),
      },
      {
        kind: "pairwise",
        promptId: prompt("p1").id,
        a: candidate("p1-s2", "p1", "s2").id,
        b: candidate("p1-s0", "p1", "s0").id,
        outcome: "b",
        source: { kind: "ai", model: "m" },
      },
    ]);
    for (let i = 0; i < 10; i++) {
      const task = await fx.store.nextPairTask(projectId, "ann");
      expect(pairOf(task!)).toBe("s1-s2");
    }
  });
});
