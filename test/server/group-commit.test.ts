import { describe, expect, it } from "vitest";
import type { Judgment } from "../../src/core/types.js";
import { GroupCommit } from "../../src/server/group-commit.js";
import { type NewJudgment, type Store, StoreError } from "../../src/store/store.js";

/** A store that records each addJudgments batch and refuses judgments whose outcome is "bad". */
function recordingStore(options: { down?: boolean; poison?: string } = {}) {
  const batches: string[][] = [];
  const store = {
    async addJudgments(_project: string, judgments: readonly NewJudgment[]) {
      batches.push(judgments.map((j) => j.idempotencyKey ?? "?"));
      // Committing takes a while: requests made meanwhile must wait for the next batch.
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (options.down) throw new Error("connection lost");
      // A value the database refuses without saying which item holds it.
      if (judgments.some((j) => j.idempotencyKey === options.poison))
        throw new Error("invalid byte sequence");
      const bad = judgments.findIndex((j) => j.kind === "pairwise" && j.outcome === "both_bad");
      if (bad >= 0) throw new StoreError("unknown_reference", "a", "unknown candidate", bad);
      return judgments.map((j) => ({
        judgment: { ...j, id: j.idempotencyKey } as Judgment,
        created: true,
      }));
    },
  };
  return { store: store as unknown as Store, batches };
}

const vote = (key: string, outcome: "a" | "both_bad" = "a"): NewJudgment =>
  ({
    kind: "pairwise",
    promptId: "p",
    a: "c1",
    b: "c2",
    outcome,
    source: { kind: "ai", model: "m" },
    idempotencyKey: key,
  }) as NewJudgment;

describe("GroupCommit", () => {
  it("commits the first request alone and those arriving meanwhile together", async () => {
    const { store, batches } = recordingStore();
    const commits = new GroupCommit(store);
    const first = commits.submit("p", [vote("k0")]);
    await new Promise((resolve) => setTimeout(resolve, 1));
    const rest = Array.from({ length: 5 }, (_, k) => commits.submit("p", [vote(`k${k + 1}`)]));
    const answers = await Promise.all([first, ...rest]);
    expect(batches).toEqual([["k0"], ["k1", "k2", "k3", "k4", "k5"]]);
    // Each request gets back exactly its own judgments.
    expect(answers.map((a) => a.map((s) => s.judgment.id))).toEqual([
      ["k0"],
      ["k1"],
      ["k2"],
      ["k3"],
      ["k4"],
      ["k5"],
    ]);
  });

  it("refuses only the request at fault, numbered within it, and commits the others", async () => {
    const { store, batches } = recordingStore();
    const commits = new GroupCommit(store);
    void commits.submit("p", [vote("warm-up")]);
    await new Promise((resolve) => setTimeout(resolve, 1));
    const good = commits.submit("p", [vote("g1")]);
    const bad = commits.submit("p", [vote("b1"), vote("b2", "both_bad")]).catch((e: unknown) => e);
    const good2 = commits.submit("p", [vote("g2")]);
    expect((await good).map((s) => s.judgment.id)).toEqual(["g1"]);
    expect((await good2).map((s) => s.judgment.id)).toEqual(["g2"]);
    const error = (await bad) as StoreError;
    expect([error.code, error.index]).toEqual(["unknown_reference", 1]);
    expect(batches.slice(1)).toEqual([
      ["g1", "b1", "b2", "g2"],
      ["g1", "g2"],
    ]);
  });

  it("tells every waiting request when the database itself fails", async () => {
    const { store } = recordingStore({ down: true });
    const commits = new GroupCommit(store);
    const answers = await Promise.allSettled([
      commits.submit("p", [vote("a")]),
      commits.submit("p", [vote("b")]),
    ]);
    expect(answers.map((a) => a.status)).toEqual(["rejected", "rejected"]);
  });

  it("sends each request alone after an error that names no item, so only its own fails", async () => {
    const { store, batches } = recordingStore({ poison: "bad" });
    const commits = new GroupCommit(store);
    void commits.submit("p", [vote("warm-up")]);
    await new Promise((resolve) => setTimeout(resolve, 1));
    const answers = await Promise.allSettled([
      commits.submit("p", [vote("x")]),
      commits.submit("p", [vote("bad")]),
      commits.submit("p", [vote("y")]),
    ]);
    expect(answers.map((a) => a.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(batches.slice(1)).toEqual([["x", "bad", "y"], ["x"], ["bad"], ["y"]]);
  });

  it("keeps projects apart", async () => {
    const { store, batches } = recordingStore();
    const commits = new GroupCommit(store);
    await Promise.all([commits.submit("p", [vote("x")]), commits.submit("q", [vote("y")])]);
    expect(batches.sort()).toEqual([["x"], ["y"]]);
  });
});
