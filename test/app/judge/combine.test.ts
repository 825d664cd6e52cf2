/**
 * combineGroup: a judge's games of one question → judgments, worked by hand for every rule, a
 * failed game, strong copies, one order, graded preferences, pointwise and listwise.
 */
import { describe, expect, it } from "vitest";
import { combineGroup } from "../../../src/app/judge/combine.js";
import type { JudgeSpec } from "../../../src/app/judge/types.js";
import type { PairwiseJudgment } from "../../../src/core/types.js";
import { FIELD_LIMITS } from "../../../src/formats/dataset/field-limits.js";
import { ARENA_HARD, LISTWISE, MT_BENCH_SINGLE } from "../../../src/llm/judge/builtin.js";
import {
  answer,
  doneGame,
  failedGame,
  judgeMeta,
  judgeSpec,
  listPayload,
  pairPayload,
  pairVerdict,
  pointPayload,
} from "./fixture.js";

const x = answer("c1", "sys-a", "short", "gpt");
const y = answer("c2", "sys-b", "a longer answer", "llama");
const g1 = (v = pairVerdict(1, true)) =>
  doneGame(pairPayload("judge-1", "p1", x, y, 1), v, { at: "2026-01-01T00:00:01.000Z" });
// Game 2 shows y first: "A>B" here means y wins.
const g2 = (v = pairVerdict(1)) =>
  doneGame(pairPayload("judge-1", "p1", x, y, 2), v, { at: "2026-01-01T00:00:02.000Z" });
const ctx = (over: Partial<JudgeSpec> = {}) => ({ jobId: "job-1", spec: judgeSpec(over) });
const pairs = (js: readonly unknown[]) => js as PairwiseJudgment[];

describe("combineGroup, pairwise in both orders", () => {
  it("arena-hard: each game one judgment, a strong verdict as strongWeight copies, game 2 first", () => {
    const c = combineGroup(ctx(), [g1(), g2()]);
    const js = pairs(c.judgments);
    // Game 2 (y shown first, y wins: x's preference 0) once; game 1 (x strongly) three times.
    expect(js.map((j) => [j.outcome, j.source.kind === "ai" && j.source.swapped])).toEqual([
      ["b", true],
      ["a", false],
      ["a", false],
      ["a", false],
    ]);
    expect(js.map((j) => judgeMeta(j).copy)).toEqual([
      undefined,
      { index: 1, of: 3 },
      { index: 2, of: 3 },
      { index: 3, of: 3 },
    ]);
    expect(new Set(js.map((j) => j.id)).size).toBe(4);
    expect(js.every((j) => j.a === "c1" && j.b === "c2" && j.promptId === "p1")).toBe(true);
    expect(js[1]!.metadata?.judge).toMatchObject({
      job: "job-1",
      judge: "judge-1",
      template: "arena-hard",
      templateVersion: 1,
      mode: "pairwise",
      group: "p1|c1|c2",
      rule: "arena-hard",
      preference: 1,
      consistent: false,
      games: [
        { game: 1, shown: ["c1", "c2"], label: "A>>B", firstPreference: 1, raw: "judge says A>>B" },
      ],
    });
    expect(js[0]!.source).toEqual({
      kind: "ai",
      model: "judge-1",
      template: "arena-hard@1",
      rawOutput: "judge says A>B",
      swapped: true,
    });
    // The jury's say: (0·1 + 1·3) / 4.
    expect(c.vote).toEqual({ preference: 0.75 });
    expect(c).toMatchObject({ failedGames: 0, dropped: false, at: "2026-01-01T00:00:02.000Z" });
    expect(js.every((j) => j.createdAt === "2026-01-01T00:00:02.000Z")).toBe(true);
  });

  it("mt-bench: one judgment of both games; orders that disagree make a tie", () => {
    const c = combineGroup(ctx({ combine: "mt-bench" }), [g1(), g2()]);
    const [j] = pairs(c.judgments);
    expect(c.judgments).toHaveLength(1);
    expect(j!.outcome).toBe("tie");
    expect(j!.source).not.toHaveProperty("swapped");
    expect(j!.source.kind === "ai" && j!.source.rawOutput).toBe(
      "--- game 1 (shown c1, c2) ---\njudge says A>>B\n\n--- game 2 (shown c2, c1) ---\njudge says A>B",
    );
    expect(j!.metadata?.judge).toMatchObject({
      rule: "mt-bench",
      preference: 0.5,
      consistent: false,
    });
    expect(judgeMeta(j!).games).toHaveLength(2);
  });

  it("mt-bench: orders that agree give that side (y first and losing is x winning)", () => {
    const c = combineGroup(ctx({ combine: "mt-bench" }), [g1(pairVerdict(1)), g2(pairVerdict(0))]);
    expect(pairs(c.judgments).map((j) => j.outcome)).toEqual(["a"]);
    expect(c.judgments[0]!.metadata?.judge).toMatchObject({ consistent: true, preference: 1 });
  });

  it("both: each game its own judgment, weight one, strength ignored", () => {
    const c = combineGroup(ctx({ combine: "both" }), [g1(), g2()]);
    expect(
      pairs(c.judgments).map((j) => [
        j.outcome,
        j.metadata?.judge && (j.metadata.judge as { copy?: unknown }).copy,
      ]),
    ).toEqual([
      ["a", undefined],
      ["b", undefined],
    ]);
    expect(c.vote).toEqual({ preference: 0.5 });
  });

  it("a failed game is never a tie: arena-hard and mt-bench drop the pair, both keeps the other game", () => {
    for (const combine of ["arena-hard", "mt-bench"] as const) {
      const c = combineGroup(ctx({ combine }), [
        g1(),
        failedGame(pairPayload("judge-1", "p1", x, y, 2)),
      ]);
      expect(c).toMatchObject({ judgments: [], failedGames: 1, dropped: true, vote: {} });
    }
    const c = combineGroup(ctx({ combine: "both" }), [
      g1(),
      failedGame(pairPayload("judge-1", "p1", x, y, 2)),
    ]);
    expect(pairs(c.judgments).map((j) => j.outcome)).toEqual(["a"]);
    expect(c.judgments[0]!.metadata?.judge).toMatchObject({ consistent: null });
    expect(c).toMatchObject({ failedGames: 1, dropped: false, vote: { preference: 1 } });
  });

  it("a game that never ran counts as failed", () => {
    const c = combineGroup(ctx({ combine: "both" }), [g2()]);
    expect(c).toMatchObject({ failedGames: 1, dropped: false });
    expect(pairs(c.judgments).map((j) => j.outcome)).toEqual(["b"]);
  });

  it("refuses two games showing the pair in the same order", () => {
    expect(() => combineGroup(ctx(), [g1(), g1()])).toThrow(/show one pair in the same order/);
  });

  it("ids are the same for the same games and differ by game, copy, rule and fresh nonce", () => {
    const ids = (over: Partial<JudgeSpec> = {}) =>
      combineGroup(ctx(over), [g1(), g2()]).judgments.map((j) => j.id);
    expect(ids()).toEqual(ids());
    expect(
      combineGroup({ jobId: "another-job", spec: judgeSpec() }, [g1(), g2()]).judgments.map(
        (j) => j.id,
      ),
    ).toEqual(ids());
    expect(ids({ combine: "both" })[0]).not.toBe(ids()[0]);
    expect(ids({ freshNonce: "n1" }).some((id) => ids().includes(id))).toBe(false);
    expect(ids()[0]).toMatch(/^jdg-[0-9a-f]{24}$/);
  });

  it("ids differ when the judge's model, parameters or system prompt, or the template's content, differ — not its base URL", () => {
    const ids = (over: Partial<JudgeSpec> = {}) =>
      combineGroup(ctx(over), [g1(), g2()]).judgments.map((j) => j.id);
    const judge = judgeSpec().judges[0]!;
    const withJudge = (o: Partial<typeof judge>) => ids({ judges: [{ ...judge, ...o }] });
    const base = ids();
    const others = [
      withJudge({ model: "another-model" }),
      withJudge({ params: { temperature: 0.7 } }),
      withJudge({ systemPrompt: "Be strict." }),
      ids({ template: { ...ARENA_HARD, system: `${ARENA_HARD.system} Be brief.` } }),
    ];
    for (const other of others) expect(other.some((id) => base.includes(id))).toBe(false);
    expect(withJudge({ baseUrl: "http://elsewhere.example/v1" })).toEqual(base);
  });
});

describe("combineGroup, pairwise in one order", () => {
  it("one judgment from the one game; a graded preference keeps its strength |2p − 1|", () => {
    // y shown first, preferred at 0.25 → x preferred at 0.75: "a", strength 0.5.
    const c = combineGroup(ctx({ orders: "one" }), [g2(pairVerdict(0.25))]);
    const [j] = pairs(c.judgments);
    expect(j).toMatchObject({ outcome: "a", strength: 0.5, source: { swapped: true } });
    expect(j!.metadata?.judge).not.toHaveProperty("rule");
    expect(j!.metadata?.judge).not.toHaveProperty("consistent");
    expect(c.vote).toEqual({ preference: 0.75 });
  });

  it("a failed game drops the pair", () => {
    const c = combineGroup(ctx({ orders: "one" }), [
      failedGame(pairPayload("judge-1", "p1", x, y, 1)),
    ]);
    expect(c).toMatchObject({ judgments: [], failedGames: 1, dropped: true });
  });

  it("truncates the raw output to the field limit and keeps the whole text in metadata", () => {
    const raw = "x".repeat(FIELD_LIMITS.judgeOutput + 10);
    const c = combineGroup(ctx({ orders: "one" }), [
      doneGame(pairPayload("judge-1", "p1", x, y, 1), pairVerdict(1), { raw }),
    ]);
    const j = c.judgments[0]!;
    expect(j.source.kind === "ai" && j.source.rawOutput?.length).toBe(FIELD_LIMITS.judgeOutput);
    expect(judgeMeta(j).games[0]!.raw).toBe(raw);
  });
});

describe("combineGroup, pointwise and listwise", () => {
  it("pointwise: a rating under the template's id", () => {
    const p = pointPayload("judge-1", "p1", x);
    const c = combineGroup(ctx({ template: MT_BENCH_SINGLE }), [
      doneGame(p, { mode: "pointwise", score: 7, label: "7" }),
    ]);
    expect(c.judgments).toEqual([
      expect.objectContaining({
        kind: "rating",
        scores: [{ candidateId: "c1", criterion: "mt-bench-single", score: 7 }],
        source: {
          kind: "ai",
          model: "judge-1",
          template: "mt-bench-single@1",
          rawOutput: "judge says 7",
        },
      }),
    ]);
    expect(c.vote).toEqual({ score: 7 });
  });

  const three = [answer("c0", "s0", "zero"), answer("c1", "s1", "one"), answer("c2", "s2", "two")];
  const perm = (shown: number[], game: number, order: number[]) =>
    doneGame(listPayload("judge-1", "p1", three, shown, game), {
      mode: "listwise",
      order,
      label: order.join(","),
    });

  it("listwise: permutations taken back to the answers and ordered by mean rank", () => {
    // Rankings of candidates: [0,1,2]; shown [1,2,0] ranked positions [0,2,1] = [1,0,2]; shown
    // [2,0,1] ranked positions [1,2,0] = [0,1,2]. Mean ranks c0 1/3, c1 2/3, c2 2.
    const c = combineGroup(ctx({ template: LISTWISE, permutations: 3 }), [
      perm([0, 1, 2], 0, [0, 1, 2]),
      perm([1, 2, 0], 1, [0, 2, 1]),
      perm([2, 0, 1], 2, [1, 2, 0]),
    ]);
    expect(c.judgments[0]).toMatchObject({ kind: "ranking", order: [["c0"], ["c1"], ["c2"]] });
    expect(c.vote.ranks).toEqual([1 / 3, 2 / 3, 2]);
    expect(judgeMeta(c.judgments[0]).games).toHaveLength(3);
  });

  it("listwise: equal mean ranks are tied; a failed permutation is left out and counted", () => {
    const c = combineGroup(ctx({ template: LISTWISE, permutations: 3 }), [
      perm([0, 1, 2], 0, [0, 1, 2]),
      perm([1, 2, 0], 1, [0, 2, 1]),
      failedGame(listPayload("judge-1", "p1", three, [2, 0, 1], 2)),
    ]);
    expect(c.judgments[0]).toMatchObject({ order: [["c0", "c1"], ["c2"]] });
    expect(c).toMatchObject({ failedGames: 1, dropped: false });
  });
});
