/**
 * The live mark (store/live-rows.ts) on both dialects: replay tasks (pair, ranking, rating,
 * binary) never offer a live candidate, sampling never picks a live prompt, and a row with
 * only half the mark (a `live-` id, or `metadata.live`) is an ordinary row. Sampling leaves out
 * prompts taken in `judged_tasks` in SQL, so it finds one while any is left.
 */
import { expect, it } from "vitest";
import type { Candidate, Prompt } from "../../src/core/types.js";
import { isLiveRow } from "../../src/store/live-rows.js";
import { candidate, cid, describeStore, human, pid, prompt } from "./fixture.js";

const liveMark = { live: { turn: 1 } };

/** Candidates of every kind of row for prompt `p`, by systems s0 and s1. */
function rowsFor(p: string): Candidate[] {
  return [
    // Live: both halves of the mark.
    { ...candidate(`live-${p}-0`, p, "s0"), metadata: liveMark },
    { ...candidate(`live-${p}-1`, p, "s1"), metadata: liveMark },
  ];
}

describeStore("live rows", (fx) => {
  it("are never offered by a replay task; half-marked rows are", async () => {
    const projectId = await fx.project();
    const prompts: Prompt[] = [
      // An annotator's own prompt: only live answers.
      prompt("live-own", { metadata: { live: { annotator: "x" } } }),
      // A project prompt that also answered live conversations.
      prompt("shared"),
      // Half the mark: an imported id that happens to start with live-, and a live key.
      prompt("live-imported"),
    ];
    await fx.store.addPrompts(projectId, prompts);
    await fx.store.addCandidates(projectId, [
      ...rowsFor("live-own"),
      ...rowsFor("shared"),
      candidate("shared-0", "shared", "s0"),
      { ...candidate("shared-1", "shared", "s1"), metadata: { live: { note: "imported" } } },
      candidate("live-imported-0", "live-imported", "s0"),
      candidate("live-imported-1", "live-imported", "s1"),
    ]);
    const offered = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const pair = await fx.store.nextPairTask(projectId, "y");
      const ranking = await fx.store.nextRankingTask(projectId, "y", 2);
      const rating = await fx.store.nextSingleTask(projectId, "y", "rating");
      const binary = await fx.store.nextSingleTask(projectId, "y", "binary");
      for (const task of [pair, ranking, rating, binary]) {
        expect(task).toBeDefined();
        expect(task!.prompt.id).not.toBe("live-own");
        for (const c of task!.candidates) {
          expect(c.id).not.toMatch(/^live-(own|shared)-/);
          offered.add(c.id);
        }
      }
      // The pair is never a live answer against an ordinary one.
      expect(pair!.candidates.map((c) => c.id).sort()).toSatisfy(
        (ids: string[]) =>
          JSON.stringify(ids) === JSON.stringify(["shared-0", "shared-1"]) ||
          JSON.stringify(ids) === JSON.stringify(["live-imported-0", "live-imported-1"]),
      );
    }
    expect([...offered].sort()).toEqual([
      "live-imported-0",
      "live-imported-1",
      "shared-0",
      "shared-1",
    ]);
  });

  it("are never sampled; a taken prompt is never the pick, and the last one left is found", async () => {
    const projectId = await fx.project();
    const open = ["live-imported", "p0", "p1"];
    const taken = ["t0", "t1", "t2", "t3", "t4", "t5"];
    await fx.store.addPrompts(projectId, [
      prompt("live-own", { metadata: { live: { annotator: "x" } } }),
      prompt("marked", { metadata: { live: { annotator: "x" } } }),
      ...[...open, ...taken].map((id) => prompt(id)),
    ]);
    await fx.store.addCandidates(
      projectId,
      taken.flatMap((id) => [candidate(`${id}-0`, id, "s0"), candidate(`${id}-1`, id, "s1")]),
    );
    // Arena tasks of y's taken without a pairwise judgment row of y's: the votes were stored
    // under the arena rule for y but name another annotator as their source.
    for (const id of taken) {
      await fx.store.serveLivePair(projectId, "y", id, { a: `${id}-0`, b: `${id}-1` });
    }
    await fx.store.addJudgments(
      projectId,
      taken.map((id) => ({
        kind: "pairwise" as const,
        promptId: pid(id),
        a: cid(`${id}-0`),
        b: cid(`${id}-1`),
        outcome: "a" as const,
        source: human("other"),
        once: { annotatorId: "y", arena: true },
      })),
    );
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const sampled = await fx.store.sampleUnvotedPrompt(projectId, "y");
      expect(sampled).toBeDefined();
      seen.add(sampled!.id);
    }
    // `marked` has only half the mark (its id does not start with live-): it is sampled.
    expect([...seen].sort()).toEqual([...open, "marked"].sort());
    // Another annotator has taken nothing.
    const other = new Set<string>();
    for (let i = 0; i < 200; i++)
      other.add((await fx.store.sampleUnvotedPrompt(projectId, "z"))!.id);
    expect(other.has("live-own")).toBe(false);
    expect(other.size).toBe(open.length + taken.length + 1);
  });
});

it("isLiveRow needs both halves of the mark", () => {
  expect(isLiveRow({ id: "live-1", metadata: { live: { turn: 1 } } })).toBe(true);
  expect(isLiveRow({ id: "live-1" })).toBe(false);
  expect(isLiveRow({ id: "live-1", metadata: { live: true } })).toBe(false);
  expect(isLiveRow({ id: "c-1", metadata: { live: { turn: 1 } } })).toBe(false);
});
