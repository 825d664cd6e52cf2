import { expect, it } from "vitest";
import type { Judgment } from "../../src/core/types.js";
import type { NewJudgment, Store } from "../../src/store/store.js";
import {
  ai,
  cid,
  describeStore,
  human,
  pid,
  remigrateFrom,
  seedArena,
  withFreshStore,
} from "./fixture.js";

const rating = (promptId: string, candidates: string[], source: Judgment["source"]) =>
  ({
    kind: "rating",
    promptId: pid(promptId),
    scores: candidates.map((c) => ({ candidateId: cid(c), criterion: "overall", score: 3 })),
    source,
  }) as NewJudgment;

const thumb = (promptId: string, candidate: string, source: Judgment["source"]) =>
  ({
    kind: "binary",
    promptId: pid(promptId),
    candidateId: cid(candidate),
    approved: true,
    source,
  }) as NewJudgment;

/** Takes tasks of `kind` as `annotatorId`, judging each, until none is left: the ids in order. */
async function drain(
  store: Store,
  projectId: string,
  annotatorId: string,
  kind: "rating" | "binary",
): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 100; i++) {
    const task = await store.nextSingleTask(projectId, annotatorId, kind);
    if (!task) return seen;
    const [c] = task.candidates;
    expect(task.kind).toBe(kind);
    expect(task.prompt.id).toBe(c.promptId);
    seen.push(c.id);
    const make = kind === "rating" ? rating(c.promptId, [c.id], human(annotatorId)) : undefined;
    await store.addJudgments(projectId, [make ?? thumb(c.promptId, c.id, human(annotatorId))]);
  }
  throw new Error("never ran out of tasks");
}

describeStore("nextSingleTask", (fx) => {
  it("gives each candidate once per annotator and kind, with its prompt, then runs out", async () => {
    const projectId = await fx.project();
    expect(await fx.store.nextSingleTask(projectId, "ann", "rating")).toBeUndefined();
    await seedArena(fx.store, projectId, { prompts: 3, systems: ["s0", "s1"] });
    const all = ["p0-s0", "p0-s1", "p1-s0", "p1-s1", "p2-s0", "p2-s1"];
    const rated = await drain(fx.store, projectId, "ann", "rating");
    expect([...rated].sort()).toEqual(all);
    // Rating is not thumbing, and one annotator's work is not another's.
    expect([...(await drain(fx.store, projectId, "ann", "binary"))].sort()).toEqual(all);
    expect(await fx.store.nextSingleTask(projectId, "bob", "rating")).toBeDefined();
  });

  it("serves the least-judged candidates first, counting every annotator and judge", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 2, systems: ["s0", "s1"] });
    // p0-s0 and p0-s1: one rating each (one judgment scoring both); p1-s0: a judge's rating.
    await fx.store.addJudgments(projectId, [
      rating("p0", ["p0-s0", "p0-s1"], human("bob")),
      rating("p1", ["p1-s0"], ai("judge")),
      thumb("p1", "p1-s1", human("bob")),
    ]);
    for (let i = 0; i < 10; i++) {
      const task = await fx.store.nextSingleTask(projectId, "ann", "rating");
      expect(task?.candidates[0].id).toBe("p1-s1");
    }
    // Thumbs count apart from ratings: p1-s1 has one, the others none.
    const thumbs = new Set<string>();
    for (let i = 0; i < 40; i++) {
      thumbs.add((await fx.store.nextSingleTask(projectId, "ann", "binary"))!.candidates[0].id);
    }
    expect([...thumbs].sort()).toEqual(["p0-s0", "p0-s1", "p1-s0"]);
  });

  it("offers a candidate again once the annotator's judgment of it is undone", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: ["s0"] });
    const [stored] = await fx.store.addJudgments(projectId, [thumb("p0", "p0-s0", human("ann"))]);
    expect(await fx.store.nextSingleTask(projectId, "ann", "binary")).toBeUndefined();
    expect(await fx.store.deleteJudgment(projectId, stored!.judgment.id)).toBe(true);
    const again = await fx.store.nextSingleTask(projectId, "ann", "binary");
    expect(again?.candidates[0].id).toBe("p0-s0");
  });

  it("knows the judgments stored before its table existed (migration 0004 fills it in)", async () => {
    await withFreshStore(fx.dialect, async (store, url) => {
      const projectId = "old";
      await store.createProject({ id: projectId, name: "old" });
      await seedArena(store, projectId, { prompts: 2, systems: ["s0", "s1"] });
      await store.addJudgments(projectId, [
        rating("p0", ["p0-s0", "p0-s1"], human("ann")),
        thumb("p1", "p1-s0", human("ann")),
        thumb("p1", "p1-s0", human("bob")),
      ]);
      // Remigration checks per migration (once-per-task.test.ts for 0005), each on its own table.
      // Back to the schema before 0004, with the judgments kept, and forward again.
      await remigrateFrom(store, url, "0003_judgment_version", async (raw) => {
        const rows = await raw
          .selectFrom("judgment_candidates")
          .select(["kind", "candidate_id", "annotator_id"])
          .orderBy("kind")
          .orderBy("candidate_id")
          .orderBy("annotator_id")
          .execute();
        expect(rows).toEqual([
          { kind: "binary", candidate_id: "p1-s0", annotator_id: "ann" },
          { kind: "binary", candidate_id: "p1-s0", annotator_id: "bob" },
          { kind: "rating", candidate_id: "p0-s0", annotator_id: "ann" },
          { kind: "rating", candidate_id: "p0-s1", annotator_id: "ann" },
        ]);
      });
      const left = await drain(store, projectId, "ann", "rating");
      expect(left.sort()).toEqual(["p1-s0", "p1-s1"]);
    });
  });
});
