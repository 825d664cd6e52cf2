import { describe, expect, it } from "vitest";
import { compareCodePoints, orderedPair } from "../../src/store/routed-pairs.js";
import type { NewRoutedPair, PairTask, Store } from "../../src/store/store.js";
import {
  ai,
  candidate,
  cid,
  describeStore,
  human,
  pid,
  prompt,
  refusal,
  seedArena,
  storeError,
} from "./fixture.js";

const SYSTEMS = ["s0", "s1", "s2"];

/** A routed pair of prompt p's candidates of systems x and y. */
const routed = (p: string, x: string, y: string, score: number, audit = false): NewRoutedPair => ({
  promptId: p,
  a: `${p}-${x}`,
  b: `${p}-${y}`,
  score,
  reason: { estimate: score, inconsistent: 0, spread: 0.5 },
  audit,
});

/** The pair a task shows, as "<prompt> <candidate> <candidate>" in sorted order. */
const shown = (task: PairTask | undefined) =>
  task === undefined
    ? "none"
    : `${task.prompt.id} ${task.candidates
        .map((c) => c.id)
        .sort()
        .join(" ")}`;

/** A human's queue vote on the pair a task shows (as the API stores it: once per task). */
async function voteOn(store: Store, projectId: string, task: PairTask, annotatorId: string) {
  const [a, b] = task.candidates;
  await store.addJudgments(projectId, [
    {
      kind: "pairwise",
      promptId: task.prompt.id,
      a: a.id,
      b: b.id,
      outcome: "b",
      source: human(annotatorId),
      once: { annotatorId, arena: false },
    },
  ]);
}

describe("compareCodePoints", () => {
  it("orders by code point where UTF-16 code units disagree", () => {
    // U+FFFF is one unit 0xFFFF; U+10000 is the surrogate pair 0xD800 0xDC00.
    expect("\u{10000}" < "\uffff").toBe(true);
    expect(compareCodePoints("\u{10000}", "\uffff")).toBeGreaterThan(0);
    expect(compareCodePoints("B", "a")).toBeLessThan(0);
    expect(compareCodePoints("ab", "abc")).toBeLessThan(0);
    expect(compareCodePoints("abc", "abc")).toBe(0);
    expect(orderedPair("y", "x")).toEqual(["x", "y"]);
  });
});

describeStore("routed pairs", (fx) => {
  it("stores each pair once, a before b, and keeps the first routing of a pair", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 2, systems: SYSTEMS });
    const added = await fx.store.addRoutedPairs(projectId, "route-1", [
      routed("p0", "s1", "s0", 0.4),
      routed("p1", "s0", "s2", 0.1, true),
      routed("p0", "s0", "s1", 0.3), // the first pair again, named the other way round
    ]);
    expect(added).toBe(2);
    // A later route: the known pair stays as route-1 stored it, the new one is added.
    expect(
      await fx.store.addRoutedPairs(projectId, "route-2", [
        routed("p0", "s0", "s1", 0.45),
        routed("p0", "s1", "s2", 0.2),
      ]),
    ).toBe(1);
    const listed = await fx.store.listRoutedPairs(projectId);
    expect(
      listed.map((r) => [r.routeId, r.promptId, r.a, r.b, r.score, r.audit, r.humanJudgments]),
    ).toEqual([
      ["route-1", "p0", "p0-s0", "p0-s1", 0.4, false, 0],
      ["route-1", "p1", "p1-s0", "p1-s2", 0.1, true, 0],
      ["route-2", "p0", "p0-s1", "p0-s2", 0.2, false, 0],
    ]);
    expect(listed[0]!.reason).toEqual({ estimate: 0.4, inconsistent: 0, spread: 0.5 });
    expect(Date.parse(listed[0]!.createdAt)).not.toBeNaN();
  });

  it("keeps candidates in code-point order whatever the database's collation", async () => {
    const projectId = await fx.project();
    await fx.store.addPrompts(projectId, [prompt("p")]);
    const ids = ["x\uffff", "x\u{10000}", "B", "a"];
    await fx.store.addCandidates(
      projectId,
      ids.map((id, i) => candidate(id, "p", `s${i}`)),
    );
    const pair = (a: string, b: string): NewRoutedPair => ({
      promptId: "p",
      a,
      b,
      score: 1,
      reason: {},
      audit: false,
    });
    const added = await fx.store.addRoutedPairs(projectId, "r", [
      pair("x\u{10000}", "x\uffff"),
      pair("x\uffff", "x\u{10000}"),
      pair("a", "B"),
      pair("B", "a"),
    ]);
    expect(added).toBe(2);
    const listed = await fx.store.listRoutedPairs(projectId);
    expect(listed.map((r) => [r.a, r.b]).sort()).toEqual(
      [
        ["B", "a"],
        ["x\uffff", "x\u{10000}"],
      ].sort(),
    );
  });

  it("refuses a bad pair, naming the item and field, and stores nothing", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 2, systems: SYSTEMS });
    const good = routed("p0", "s0", "s1", 0.4);
    const cases: [NewRoutedPair, ReturnType<typeof refusal>][] = [
      [{ ...good, a: "nope" }, refusal("unknown_reference", "a", 1)],
      [{ ...good, b: "p1-s2" }, refusal("unknown_reference", "b", 1)],
      [{ ...good, promptId: "p1" }, refusal("unknown_reference", "a", 1)],
      [{ ...good, b: good.a }, refusal("invalid", "b", 1)],
      [{ ...good, score: Number.NaN }, refusal("invalid", "score", 1)],
      [{ ...good, reason: [] as never }, refusal("invalid", "reason", 1)],
      [{ ...good, reason: { p: Number.NaN } }, refusal("invalid", "reason.p", 1)],
      [{ ...good, audit: "yes" as never }, refusal("invalid", "audit", 1)],
    ];
    for (const [bad, expected] of cases) {
      const second = routed("p1", "s0", "s1", 0.2);
      expect(await storeError(fx.store.addRoutedPairs(projectId, "r", [second, bad]))).toEqual(
        expected,
      );
    }
    expect(await storeError(fx.store.addRoutedPairs(projectId, "", [good]))).toEqual(
      refusal("invalid", "route"),
    );
    expect(await storeError(fx.store.addRoutedPairs("no-such", "r", [good]))).toEqual(
      refusal("not_found", "project"),
    );
    expect(await fx.store.listRoutedPairs(projectId)).toEqual([]);
  });

  it("counts the human judgments of each routed pair, in either order, not the AI's", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: SYSTEMS });
    await fx.store.addRoutedPairs(projectId, "r", [
      routed("p0", "s0", "s1", 0.4),
      routed("p0", "s1", "s2", 0.3),
    ]);
    const pair = (a: string, b: string, source: ReturnType<typeof human> | typeof judge) => ({
      kind: "pairwise" as const,
      promptId: pid("p0"),
      a: cid(a),
      b: cid(b),
      outcome: "a" as const,
      source,
    });
    const judge = ai("judge");
    await fx.store.addJudgments(projectId, [
      pair("p0-s0", "p0-s1", human("h1")),
      pair("p0-s1", "p0-s0", human("h2")),
      pair("p0-s0", "p0-s1", judge),
      pair("p0-s1", "p0-s2", judge),
      pair("p0-s0", "p0-s2", human("h1")),
    ]);
    const listed = await fx.store.listRoutedPairs(projectId);
    expect(listed.map((r) => `${r.a} ${r.b} ${r.humanJudgments}`)).toEqual([
      "p0-s0 p0-s1 2",
      "p0-s1 p0-s2 0",
    ]);
  });

  it("comes first in the queue, highest score first, until a human has judged it", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 4, systems: SYSTEMS });
    await fx.store.addRoutedPairs(projectId, "r", [
      routed("p2", "s0", "s2", 0.3),
      routed("p1", "s1", "s2", 0.45),
      routed("p3", "s0", "s1", 0.1, true),
    ]);
    // Nobody has judged anything: the highest-scored pair, reserved for the first to ask; the
    // next annotator gets the next pair.
    expect(shown(await fx.store.nextPairTask(projectId, "ann-1"))).toBe("p1 p1-s1 p1-s2");
    expect(shown(await fx.store.nextPairTask(projectId, "ann-2"))).toBe("p2 p2-s0 p2-s2");
    // An AI judgment of it changes nothing.
    await fx.store.addJudgments(projectId, [
      {
        kind: "pairwise",
        promptId: pid("p1"),
        a: cid("p1-s2"),
        b: cid("p1-s1"),
        outcome: "a",
        source: ai("judge"),
      },
    ]);
    const first = await fx.store.nextPairTask(projectId, "ann-1");
    expect(shown(first)).toBe("p1 p1-s1 p1-s2");
    // ann-1 votes on it: ann-2 keeps the pair it holds; ann-1 gets the next one nobody holds.
    await voteOn(fx.store, projectId, first!, "ann-1");
    expect(shown(await fx.store.nextPairTask(projectId, "ann-2"))).toBe("p2 p2-s0 p2-s2");
    expect(shown(await fx.store.nextPairTask(projectId, "ann-1"))).toBe("p3 p3-s0 p3-s1");
    // ann-2 skipping p2 has no routed pair open to it (p3 is ann-1's): the usual balancing.
    expect(await fx.store.nextPairTask(projectId, "ann-2", { skipPrompts: ["p2"] })).toBeDefined();
    // Each asks again and gets the pair it holds.
    const second = await fx.store.nextPairTask(projectId, "ann-2");
    expect(shown(second)).toBe("p2 p2-s0 p2-s2");
    await voteOn(fx.store, projectId, second!, "ann-2");
    const third = await fx.store.nextPairTask(projectId, "ann-1");
    expect(shown(third)).toBe("p3 p3-s0 p3-s1");
    await voteOn(fx.store, projectId, third!, "ann-1");
    // Every routed pair has a human vote: the usual balancing takes over (any open pair).
    const after = await fx.store.nextPairTask(projectId, "ann-3");
    expect(after).toBeDefined();
    expect((await fx.store.listRoutedPairs(projectId)).map((r) => r.humanJudgments)).toEqual([
      1, 1, 1,
    ]);
  });

  it("reserves a routed pair for the annotator served it: three annotators, three pairs", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 4, systems: SYSTEMS });
    await fx.store.addRoutedPairs(projectId, "r", [
      routed("p0", "s0", "s1", 0.9),
      routed("p1", "s0", "s1", 0.8),
      routed("p2", "s0", "s1", 0.7),
      routed("p3", "s0", "s1", 0.6),
    ]);
    // Asking at once (on PostgreSQL, three connections racing for the top pair).
    const annotators = ["ann-1", "ann-2", "ann-3"];
    const tasks = await Promise.all(annotators.map((a) => fx.store.nextPairTask(projectId, a)));
    expect(tasks.map(shown).sort()).toEqual(["p0 p0-s0 p0-s1", "p1 p1-s0 p1-s1", "p2 p2-s0 p2-s1"]);
    // Asking again (a reload), each gets the pair it holds back; a fourth gets the last one.
    const again = await Promise.all(annotators.map((a) => fx.store.nextPairTask(projectId, a)));
    expect(again.map(shown)).toEqual(tasks.map(shown));
    expect(shown(await fx.store.nextPairTask(projectId, "ann-4"))).toBe("p3 p3-s0 p3-s1");
  });

  it("offers a reserved pair again once its reservation lapses", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: SYSTEMS });
    await fx.store.addRoutedPairs(projectId, "r", [routed("p0", "s0", "s1", 0.9)]);
    // AI judgments of s0 v s1 (not a human's: the pair stays routed) make the usual balancing
    // serve s0 v s2 or s1 v s2, so a task showing p0-s0 and p0-s1 is the routed pair.
    const byAi = {
      kind: "pairwise" as const,
      promptId: pid("p0"),
      a: cid("p0-s0"),
      b: cid("p0-s1"),
      outcome: "a" as const,
      source: ai("judge"),
    };
    await fx.store.addJudgments(projectId, [byAi, byAi]);
    const lease = { reservationMs: 300 };
    const routedPair = "p0 p0-s0 p0-s1";
    expect(shown(await fx.store.nextPairTask(projectId, "ann-1", lease))).toBe(routedPair);
    // Held by ann-1: ann-2 is served another pair.
    const meanwhile = await fx.store.nextPairTask(projectId, "ann-2", lease);
    expect(meanwhile).toBeDefined();
    expect(shown(meanwhile)).not.toBe(routedPair);
    await new Promise((resolve) => setTimeout(resolve, 400));
    // ann-1 never voted and its reservation lapsed: ann-2 gets the pair now, and holds it.
    expect(shown(await fx.store.nextPairTask(projectId, "ann-2", lease))).toBe(routedPair);
    expect(shown(await fx.store.nextPairTask(projectId, "ann-1", lease))).not.toBe(routedPair);
    await expect(fx.store.nextPairTask(projectId, "ann-3", { reservationMs: 0 })).rejects.toThrow(
      RangeError,
    );
  });

  it("shows a routed pair's sides at random", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 2, systems: SYSTEMS });
    await fx.store.addRoutedPairs(projectId, "r", [routed("p1", "s0", "s2", 0.2)]);
    const firsts = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const task = await fx.store.nextPairTask(projectId, "ann");
      expect(shown(task)).toBe("p1 p1-s0 p1-s2");
      firsts.add(task!.candidates[0].id);
    }
    expect(firsts.size).toBe(2); // fails with probability 2^-39 if the sides are random
  });

  it("never serves a routed pair of live candidates", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: SYSTEMS });
    const live = { live: { turn: 1 } };
    await fx.store.addPrompts(projectId, [
      prompt("live-own", { metadata: { live: { annotator: "x" } } }),
    ]);
    await fx.store.addCandidates(projectId, [
      { ...candidate("live-own-0", "live-own", "s0"), metadata: live },
      { ...candidate("live-own-1", "live-own", "s1"), metadata: live },
    ]);
    await fx.store.addRoutedPairs(projectId, "r", [
      {
        promptId: "live-own",
        a: "live-own-0",
        b: "live-own-1",
        score: 1,
        reason: {},
        audit: false,
      },
      routed("p0", "s1", "s2", 0.1),
    ]);
    // The live pair scores higher; the other is served, and again on every later ask.
    for (let i = 0; i < 5; i++) {
      expect(shown(await fx.store.nextPairTask(projectId, "ann-0"))).toBe("p0 p0-s1 p0-s2");
    }
  });

  it("is served first in an arena too, once per prompt for each annotator", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 3, systems: SYSTEMS });
    await fx.store.addRoutedPairs(projectId, "r", [
      routed("p0", "s0", "s1", 0.5),
      routed("p0", "s1", "s2", 0.4),
      routed("p2", "s0", "s2", 0.3),
    ]);
    const served = await fx.store.servePairTask(projectId, "ann-1");
    expect(shown(served)).toBe("p0 p0-s0 p0-s1");
    const [a, b] = served!.candidates;
    await fx.store.addJudgments(projectId, [
      {
        kind: "pairwise",
        promptId: pid("p0"),
        a: a.id,
        b: b.id,
        outcome: "tie",
        source: human("ann-1"),
        once: { annotatorId: "ann-1", arena: true },
      },
    ]);
    // ann-1 voted on p0: its other routed pair is for someone else; ann-2 gets it.
    expect(shown(await fx.store.servePairTask(projectId, "ann-1"))).toBe("p2 p2-s0 p2-s2");
    expect(shown(await fx.store.servePairTask(projectId, "ann-2"))).toBe("p0 p0-s1 p0-s2");
  });
});
