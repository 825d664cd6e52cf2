import { expect, it } from "vitest";
import { routeProject } from "../../../src/app/route/route-project.js";
import { routeReport } from "../../../src/app/route/route-report.js";
import type { NewJudgment, Store } from "../../../src/store/store.js";
import {
  candidate,
  cid,
  describeStore,
  human,
  pid,
  prompt,
  seedArena,
} from "../../store/fixture.js";
import { judgeJudgment } from "./judge-judgments.js";

const JUDGES = ["judge-a", "judge-b", "judge-c"];

/**
 * 12 prompts, candidates `p<i>-s0` and `p<i>-s1` (x = s0). Every judge prefers x strongly in both
 * orders on every prompt, except: on p2, p5 and p8 judge-b prefers whichever answer it is shown
 * first (inconsistent); on p4 and p9 judge-b and judge-c prefer y in both orders (they disagree
 * with judge-a). Planted estimates, by hand (games of x-preference):
 * - agreed pairs: six games of 1 → p = 1, estimate 0;
 * - p2, p5, p8: 1, 1, 1, 0, 1, 1 → p = 5/6, estimate 1/6 (one inconsistent judge);
 * - p4, p9: 1, 1, 0, 0, 0, 0 → p = 1/3, estimate 1/3 (AI label y, spread 1).
 */
function planted(): NewJudgment[] {
  const out: NewJudgment[] = [];
  for (let i = 0; i < 12; i++) {
    const p = `p${i}`;
    for (const judge of JUDGES) {
      let [first1, first2] = [1, 0]; // x preferred shown first (1), and shown second (0)
      if (judge === "judge-b" && [2, 5, 8].includes(i)) [first1, first2] = [1, 1];
      if (judge !== "judge-a" && [4, 9].includes(i)) [first1, first2] = [0, 1];
      out.push(judgeJudgment(p, `${p}-s0`, `${p}-s1`, judge, first1, first2));
    }
  }
  return out;
}

/** A human vote on prompt p's pair: "x" or "y" wins. */
const humanVote = (p: string, winner: "x" | "y", annotator = "h1"): NewJudgment => ({
  kind: "pairwise",
  promptId: pid(p),
  a: cid(`${p}-s1`),
  b: cid(`${p}-s0`),
  outcome: winner === "x" ? "b" : "a",
  source: human(annotator),
});

async function seeded(store: Store, projectId: string) {
  await seedArena(store, projectId, { prompts: 12, systems: ["s0", "s1"] });
  await store.addJudgmentsOnce(projectId, planted());
}

describeStore("routeProject", (fx) => {
  it("routes the pairs where judges disagree, then those with an inconsistent judge", async () => {
    const projectId = await fx.project();
    await seeded(fx.store, projectId);
    const result = await routeProject(fx.store, projectId, {
      budget: 5,
      audit: 2,
      seed: 11,
      routeId: "r1",
    });
    expect(result.routed.map((r) => r.promptId)).toEqual(["p4", "p9", "p2", "p5", "p8"]);
    expect(result.routed[0]).toMatchObject({
      x: "p4-s0",
      y: "p4-s1",
      aiLabel: "y",
      judges: 3,
      games: 6,
      inconsistent: 0,
      spread: 1,
    });
    expect(result.routed[0]!.estimate).toBeCloseTo(1 / 3, 12);
    expect(result.routed[2]!.estimate).toBeCloseTo(1 / 6, 12);
    expect(result.routed[2]!.inconsistent).toBe(1);
    // By hand: routed 2/3 + 3/6 = 7/6; random 5 × (2/3 + 1/2) / 12 = 35/72.
    expect(result.expected.routed).toBeCloseTo(7 / 6, 12);
    expect(result.expected.random).toBeCloseTo(35 / 72, 12);
    expect(result.audit).toHaveLength(2);
    for (const a of result.audit) expect(a.estimate).toBe(0);
    expect(result.pairs).toEqual({
      judged: 12,
      humanJudged: 0,
      alreadyRouted: 0,
      live: 0,
      considered: 12,
    });
    expect(result.read).toMatchObject({ judgments: 36, judgeJudgments: 36, games: 72 });
    expect(result.stored).toBe(7);

    const stored = await fx.store.listRoutedPairs(projectId);
    expect(stored.filter((r) => !r.audit).map((r) => r.promptId)).toEqual([
      "p4",
      "p9",
      "p2",
      "p5",
      "p8",
    ]);
    expect(stored.find((r) => r.promptId === "p4")!.reason).toMatchObject({
      x: "p4-s0",
      aiLabel: "y",
      rank: 1,
    });
    const audits = stored.filter((r) => r.audit);
    expect(audits.map((r) => r.reason.audit)).toEqual([true, true]);
    // An audit pair is queued under a routed pair's score, and keeps its own estimate.
    for (const a of audits) {
      expect([1 / 3, 1 / 6].map((v) => Math.abs(v - a.score) < 1e-12)).toContain(true);
      expect(a.reason.estimate).toBe(0);
    }
    // The queue serves them first, the highest score first.
    const top = stored.filter((r) => Math.abs(r.score - 1 / 3) < 1e-12).map((r) => r.promptId);
    const task = await fx.store.nextPairTask(projectId, "someone");
    expect(top).toContain(task?.prompt.id);
  });

  it("leaves out pairs a human judged and pairs routed before, and a dry run stores nothing", async () => {
    const projectId = await fx.project();
    await seeded(fx.store, projectId);
    await fx.store.addJudgments(projectId, [humanVote("p4", "y")]);
    await routeProject(fx.store, projectId, { budget: 1, audit: 0, seed: 1, routeId: "first" });
    const dry = await routeProject(fx.store, projectId, {
      budget: 2,
      audit: 1,
      seed: 1,
      dryRun: true,
    });
    expect(dry.pairs).toEqual({
      judged: 12,
      humanJudged: 1,
      alreadyRouted: 1,
      live: 0,
      considered: 10,
    });
    expect(dry.routed.map((r) => r.promptId)).toEqual(["p2", "p5"]);
    expect(dry.stored).toBe(0);
    expect(dry.dryRun).toBe(true);
    expect((await fx.store.listRoutedPairs(projectId)).map((r) => r.promptId)).toEqual(["p9"]);
  });

  it("reads a game once however often it is written, and counts what it leaves out", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 2, systems: ["s0", "s1"] });
    const one = judgeJudgment("p0", "p0-s0", "p0-s1", "judge-a", 1, 1);
    const record = (one.metadata as { judge: Record<string, unknown> }).judge;
    const { metadata: _metadata, ...bare } = one;
    await fx.store.addJudgmentsOnce(projectId, [
      one,
      // Rule "both" or arena-hard copies: the same games under another judgment.
      { ...one, id: "copy" },
      // A jury's judgment: its judges' games are read instead.
      { ...one, id: "jury", metadata: { judge: { ...record, judge: "jury", games: [] } } },
      // An imported AI judgment: no judge job's record.
      { ...one, id: "imported", metadata: { question_id: 1 } },
      { ...bare, id: "bare" },
      // Metadata that is not a judge job's.
      { ...one, id: "odd", metadata: { judge: { ...record, games: "none" } } },
      {
        ...one,
        id: "failed",
        metadata: {
          judge: { ...record, judge: "judge-b", games: [{ game: 1, shown: ["p0-s0", "p0-s1"] }] },
        },
      },
      {
        kind: "binary",
        promptId: pid("p1"),
        candidateId: cid("p1-s0"),
        approved: true,
        source: { kind: "ai", model: "judge-a" },
        id: "thumb",
      },
    ]);
    const result = await routeProject(fx.store, projectId, { budget: 1, audit: 0, seed: 1 });
    expect(result.read).toEqual({
      judgments: 8,
      judgeJudgments: 3,
      games: 2,
      humanPairwise: 0,
      leftOut: {
        aiWithoutJudgeRecord: 2,
        jury: 1,
        notPairwise: 1,
        unreadable: 1,
        gamesWithoutPreference: 1,
      },
      problems: ["judgment odd: metadata.judge.games: expected a list"],
    });
    // One judge preferring whatever is shown first: a coin toss.
    expect(result.routed).toEqual([
      expect.objectContaining({ promptId: "p0", estimate: 0.5, inconsistent: 1, games: 2 }),
    ]);
  });

  it("refuses an unknown project", async () => {
    await expect(
      routeProject(fx.store, "nope", { budget: 1, audit: 0, seed: 1 }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

describeStore("routeReport", (fx) => {
  it("compares human disagreement with the AI label on routed and audit pairs", async () => {
    const projectId = await fx.project();
    await seeded(fx.store, projectId);
    const route = await routeProject(fx.store, projectId, {
      budget: 4,
      audit: 4,
      seed: 5,
      routeId: "r1",
    });
    // Routed: p4 (AI says y), p9 (AI y), p2 (AI x), p5 (AI x).
    expect(route.routed.map((r) => r.promptId)).toEqual(["p4", "p9", "p2", "p5"]);
    const auditPrompts = route.audit.map((r) => r.promptId);
    await fx.store.addJudgments(projectId, [
      humanVote("p4", "x"), // disagrees with the AI label
      humanVote("p9", "x"), // disagrees
      humanVote("p2", "x"), // agrees
      humanVote("p5", "x", "h1"), // humans split: no label
      humanVote("p5", "y", "h2"),
      // Audit pairs: the AI said x on all; humans agree on three, disagree on one.
      humanVote(auditPrompts[0]!, "x"),
      humanVote(auditPrompts[1]!, "x"),
      humanVote(auditPrompts[2]!, "x"),
      humanVote(auditPrompts[3]!, "y"),
    ]);
    const report = await routeReport(fx.store, projectId);
    expect(report.routes).toEqual(["r1"]);
    expect(report.routed).toMatchObject({
      pairs: 4,
      humanJudged: 4,
      labelled: 3,
      humanTies: 1,
      disagreements: 2,
    });
    expect(report.routed.rate.rate).toBeCloseTo(2 / 3, 12);
    // Wilson 95% for 2 of 3, by hand: centre (2/3 + 1.9208/3)/(1 + 3.8415/3) = 0.5730,
    // half-width 1.96/2.2805 · √(2/27 + 3.8415/36) = 0.3651 → [0.2077, 0.9385].
    expect(report.routed.rate.lower).toBeCloseTo(0.2077, 3);
    expect(report.routed.rate.upper).toBeCloseTo(0.9385, 3);
    // The route expected (1/3 + 1/3 + 1/6) / 3 = 5/18 of the labelled routed pairs to flip.
    expect(report.routed.expected).toBeCloseTo(5 / 18, 12);
    expect(report.audit).toMatchObject({ pairs: 4, labelled: 4, disagreements: 1 });
    // Random selection draws from all 12 pairs considered, the 4 routed among them: the
    // stratified baseline is (4 · 2/3 + 8 · 1/4)/12 = 7/18, not the audit's 1/4.
    expect(report.baseline).toMatchObject({ considered: 12, routesLeftOut: 0 });
    expect(report.baseline.rate).toBeCloseTo(7 / 18, 12);
    // Variance by hand, add-two p̃ = 3/5 and 2/6: (1/3)²·0.24/3 + (2/3)²·(2/9)/4 = 0.0335802.
    const half = 1.959964 * Math.sqrt((1 / 9) * (0.24 / 3) + (4 / 9) * (2 / 9 / 4));
    expect(report.baseline.lower).toBeCloseTo(7 / 18 - half, 5);
    expect(report.baseline.upper).toBeCloseTo(7 / 18 + half, 5);
    expect(report.gain.difference).toBeCloseTo(2 / 3 - 7 / 18, 12);
    expect(report.gain.ratio).toBeCloseTo(12 / 7, 12);
    expect(report.unreadable).toBe(0);

    await expect(routeReport(fx.store, projectId, { routeId: "r2" })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("reports nothing to compare before any human vote", async () => {
    const projectId = await fx.project();
    await seeded(fx.store, projectId);
    await routeProject(fx.store, projectId, { budget: 2, audit: 1, seed: 5 });
    const report = await routeReport(fx.store, projectId);
    expect(report.routed).toMatchObject({ pairs: 2, labelled: 0, expected: null });
    expect(report.routed.rate.rate).toBeNull();
    expect(report.gain).toEqual({ difference: null, ratio: null });
    expect(report.baseline).toMatchObject({ rate: null, considered: 12, routesLeftOut: 0 });
  });

  it("leaves a route that does not say how many pairs it considered out of the baseline", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 2, systems: ["s0", "s1"] });
    const reason = { x: "p0-s0", y: "p0-s1", p: 0.9, estimate: 0.1 };
    await fx.store.addRoutedPairs(projectId, "old", [
      { promptId: "p0", a: "p0-s0", b: "p0-s1", score: 0.1, reason, audit: false },
    ]);
    await fx.store.addJudgments(projectId, [humanVote("p0", "y")]);
    const report = await routeReport(fx.store, projectId);
    expect(report.routed).toMatchObject({ labelled: 1, disagreements: 1 });
    expect(report.baseline).toEqual({
      rate: null,
      lower: null,
      upper: null,
      considered: 0,
      routesLeftOut: 1,
    });
    expect(report.gain).toEqual({ difference: null, ratio: null });
  });
});

describeStore("routeProject and the live arena", (fx) => {
  it("never routes a live-arena pair (the queue never serves one), counted; a half-marked one it does", async () => {
    const projectId = await fx.project();
    await seeded(fx.store, projectId);
    const live = { live: { turn: 1 } };
    await fx.store.addPrompts(projectId, [
      prompt("live-own", { metadata: { live: { annotator: "x" } } }),
      prompt("live-imported"),
    ]);
    await fx.store.addCandidates(projectId, [
      { ...candidate("live-own-0", "live-own", "s0"), metadata: live },
      { ...candidate("live-own-1", "live-own", "s1"), metadata: live },
      // Half the mark: an imported id that starts with live-.
      candidate("live-imported-0", "live-imported", "s0"),
      candidate("live-imported-1", "live-imported", "s1"),
    ]);
    // Both pairs as contested as p4 and p9: every judge inconsistent would put them first.
    await fx.store.addJudgmentsOnce(projectId, [
      ...JUDGES.map((j) => judgeJudgment("live-own", "live-own-0", "live-own-1", j, 0, 1)),
      ...JUDGES.map((j) =>
        judgeJudgment("live-imported", "live-imported-0", "live-imported-1", j, 0, 1),
      ),
    ]);
    const result = await routeProject(fx.store, projectId, { budget: 14, audit: 0, seed: 1 });
    expect(result.pairs).toEqual({
      judged: 14,
      humanJudged: 0,
      alreadyRouted: 0,
      live: 1,
      considered: 13,
    });
    const routed = result.routed.map((r) => r.promptId);
    expect(routed).toContain("live-imported");
    expect(routed).not.toContain("live-own");
  });
});
