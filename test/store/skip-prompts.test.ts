/**
 * Skipped prompts: a queue's Skip asks for the next task without those prompts. Every kind of
 * task leaves them out, runs out when only they remain, and offers them again once no longer
 * skipped.
 */
import { expect, it } from "vitest";
import { describeStore, human, seedArena, vote } from "./fixture.js";

describeStore("skipping prompts in the next task", (fx) => {
  it("leaves skipped prompts out of pair, ranking, rating and thumb tasks", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 3, systems: ["s0", "s1"] });
    const skipPrompts = ["p0", "p2"];
    for (let round = 0; round < 10; round++) {
      const pair = await fx.store.nextPairTask(projectId, "ann", { skipPrompts });
      expect(pair?.prompt.id).toBe("p1");
      const ranking = await fx.store.nextRankingTask(projectId, "ann", 2, { skipPrompts });
      expect(ranking?.prompt.id).toBe("p1");
      for (const kind of ["rating", "binary"] as const) {
        const single = await fx.store.nextSingleTask(projectId, "ann", kind, { skipPrompts });
        expect(single?.prompt.id).toBe("p1");
      }
    }
    const all = { skipPrompts: ["p0", "p1", "p2"] };
    expect(await fx.store.nextPairTask(projectId, "ann", all)).toBeUndefined();
    expect(await fx.store.nextRankingTask(projectId, "ann", 2, all)).toBeUndefined();
    expect(await fx.store.nextSingleTask(projectId, "ann", "rating", all)).toBeUndefined();
    // Without the skip list every prompt is offered again.
    const seen = new Set<string>();
    for (let round = 0; round < 60 && seen.size < 3; round++) {
      seen.add((await fx.store.nextPairTask(projectId, "ann"))!.prompt.id);
    }
    expect([...seen].sort()).toEqual(["p0", "p1", "p2"]);
  });

  it("offers no pair of a prompt the annotator voted on, when asked (an arena)", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 2, systems: ["s0", "s1", "s2"] });
    await fx.store.addJudgments(projectId, [vote("p0", "s0", "s1", "a", human("ann"))]);
    const once = { oncePerPrompt: true };
    for (let round = 0; round < 10; round++) {
      expect((await fx.store.nextPairTask(projectId, "ann", once))?.prompt.id).toBe("p1");
    }
    // Others, and the same annotator without the rule, still get p0's two open pairs.
    const seen = new Set<string>();
    for (let round = 0; round < 60 && seen.size < 2; round++) {
      seen.add((await fx.store.nextPairTask(projectId, "ann"))!.prompt.id);
    }
    expect([...seen].sort()).toEqual(["p0", "p1"]);
    expect(await fx.store.nextPairTask(projectId, "bob", once)).toBeDefined();
    await fx.store.addJudgments(projectId, [vote("p1", "s1", "s2", "b", human("ann"))]);
    expect(await fx.store.nextPairTask(projectId, "ann", once)).toBeUndefined();
  });
});
