import { expect, it } from "vitest";
import type { NewJudgment } from "../../src/store/store.js";
import { candidate, cid, describeStore, human, pid, prompt, vote } from "./fixture.js";

describeStore("taskProgress", (fx) => {
  /**
   * p0: systems x, y, z → 3 pairs; p1: x twice and y → 2 pairs (x-x is no pair);
   * p2: x alone → none; p3: no candidates. Pairs 5, prompts to rank 2 (p0, p1), candidates 7.
   */
  async function project(): Promise<string> {
    const projectId = await fx.project();
    await fx.store.addPrompts(
      projectId,
      ["p0", "p1", "p2", "p3"].map((id) => prompt(id)),
    );
    await fx.store.addCandidates(projectId, [
      candidate("p0-x", "p0", "x"),
      candidate("p0-y", "p0", "y"),
      candidate("p0-z", "p0", "z"),
      candidate("p1-x", "p1", "x"),
      candidate("p1-x2", "p1", "x"),
      candidate("p1-y", "p1", "y"),
      candidate("p2-x", "p2", "x"),
    ]);
    return projectId;
  }

  it("counts the tasks there are, worked by hand, and nothing done on a fresh project", async () => {
    const projectId = await project();
    const progress = async (kind: "pair" | "ranking" | "rating" | "binary") =>
      fx.store.taskProgress(projectId, "ann", kind);
    expect(await progress("pair")).toEqual({ done: 0, total: 5 });
    expect(await progress("ranking")).toEqual({ done: 0, total: 2 });
    expect(await progress("rating")).toEqual({ done: 0, total: 7 });
    expect(await progress("binary")).toEqual({ done: 0, total: 7 });
    const empty = await fx.project();
    expect(await fx.store.taskProgress(empty, "ann", "pair")).toEqual({ done: 0, total: 0 });
  });

  it("counts the caller's judgments of the kind asked, and no one else's", async () => {
    const projectId = await project();
    const mine = human("ann");
    const judgments: NewJudgment[] = [
      vote("p0", "x", "y", "a", mine),
      vote("p0", "x", "z", "tie", mine),
      vote("p0", "y", "z", "b", human("bob")),
      { kind: "ranking", promptId: pid("p1"), order: [[cid("p1-x")], [cid("p1-y")]], source: mine },
      {
        kind: "rating",
        promptId: pid("p2"),
        scores: [{ candidateId: cid("p2-x"), criterion: "overall", score: 4 }],
        source: mine,
      },
      {
        kind: "binary",
        promptId: pid("p2"),
        candidateId: cid("p2-x"),
        approved: true,
        source: mine,
      },
      {
        kind: "binary",
        promptId: pid("p0"),
        candidateId: cid("p0-x"),
        approved: false,
        source: mine,
      },
    ];
    await fx.store.addJudgments(projectId, judgments);
    expect(await fx.store.taskProgress(projectId, "ann", "pair")).toEqual({ done: 2, total: 5 });
    expect(await fx.store.taskProgress(projectId, "ann", "ranking")).toEqual({ done: 1, total: 2 });
    expect(await fx.store.taskProgress(projectId, "ann", "rating")).toEqual({ done: 1, total: 7 });
    expect(await fx.store.taskProgress(projectId, "ann", "binary")).toEqual({ done: 2, total: 7 });
    expect(await fx.store.taskProgress(projectId, "bob", "pair")).toEqual({ done: 1, total: 5 });
  });
});
