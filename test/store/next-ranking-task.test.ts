import { expect, it } from "vitest";
import type { RankingTask, Store } from "../../src/store/store.js";
import { candidate, describeStore, human, prompt, seedArena } from "./fixture.js";

/** Ranks the task's candidates in the order shown, as `annotatorId`. */
async function rank(store: Store, projectId: string, task: RankingTask, annotatorId: string) {
  await store.addJudgments(projectId, [
    {
      kind: "ranking",
      promptId: task.prompt.id,
      order: task.candidates.map((c) => [c.id]),
      source: human(annotatorId),
    },
  ]);
}

describeStore("nextRankingTask", (fx) => {
  it("gives `size` distinct candidates of one prompt, and only prompts that have that many", async () => {
    const projectId = await fx.project();
    await fx.store.addPrompts(projectId, [prompt("small"), prompt("big")]);
    await fx.store.addCandidates(projectId, [
      candidate("s1", "small", "x"),
      candidate("s2", "small", "y"),
      ...["a", "b", "c", "d", "e"].map((s) => candidate(`b-${s}`, "big", s)),
    ]);
    for (let i = 0; i < 10; i++) {
      const task = await fx.store.nextRankingTask(projectId, "ann", 3);
      expect(task?.prompt.id).toBe("big");
      const ids = task!.candidates.map((c) => c.id);
      expect(new Set(ids).size).toBe(3);
      expect(ids.every((id) => id.startsWith("b-"))).toBe(true);
    }
    expect(await fx.store.nextRankingTask(projectId, "ann", 6)).toBeUndefined();
  });

  it("never gives a prompt the annotator ranked, and spreads rankings over prompts", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 6, systems: ["s0", "s1", "s2"] });
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const task = await fx.store.nextRankingTask(projectId, "ann", 3);
      expect(task).toBeDefined();
      expect(seen).not.toContain(task!.prompt.id);
      seen.push(task!.prompt.id);
      await rank(fx.store, projectId, task!, "ann");
    }
    expect(await fx.store.nextRankingTask(projectId, "ann", 3)).toBeUndefined();
    // Another annotator starts with a prompt nobody ranked twice: all have one ranking each,
    // so any; after ranking one, the next is never that one.
    const other = await fx.store.nextRankingTask(projectId, "bob", 3);
    await rank(fx.store, projectId, other!, "bob");
    const next = await fx.store.nextRankingTask(projectId, "bob", 3);
    expect(next?.prompt.id).not.toBe(other!.prompt.id);
    // A third annotator is sent to a prompt with one ranking, not the one with two.
    for (let i = 0; i < 5; i++) {
      const third = await fx.store.nextRankingTask(projectId, `carol-${i}`, 3);
      expect(third?.prompt.id).not.toBe(other!.prompt.id);
    }
  });
});
