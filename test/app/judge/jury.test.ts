/**
 * juryJudgments: juries of judges worked by hand — majority with one dissent, mean, weighted by
 * planted accuracies against human labels (which overturns the majority), the refusals, and the
 * pointwise and listwise averages.
 */
import { describe, expect, it } from "vitest";
import { type CombinedGroup, combineGroup } from "../../../src/app/judge/combine.js";
import {
  castVote,
  type JuryBallot,
  JuryError,
  juryJudgments,
} from "../../../src/app/judge/jury.js";
import type { JudgeSpec } from "../../../src/app/judge/types.js";
import type { PairwiseJudgment, RankingJudgment, RatingJudgment } from "../../../src/core/types.js";
import { LISTWISE, MT_BENCH_SINGLE } from "../../../src/llm/judge/builtin.js";
import {
  answer,
  doneGame,
  judgeMeta,
  judgeSpec,
  judgeSystem,
  listPayload,
  pairPayload,
  pairVerdict,
  pointPayload,
} from "./fixture.js";

const JUDGES = ["j1", "j2", "j3"];
const spec = (over: Partial<JudgeSpec> = {}) =>
  judgeSpec({
    judges: JUDGES.map((j) => judgeSystem(j)),
    orders: "one",
    jury: "majority",
    ...over,
  });

/** Judge `judge`'s one-order game on pair `n` (x first), preferring x (1), y (0) or neither (0.5). */
function pairGroup(
  s: JudgeSpec,
  judge: string,
  n: number,
  preference: number,
  human?: number,
): CombinedGroup {
  const x = answer(`x${n}`, "sys-a", `answer x${n}`);
  const y = answer(`y${n}`, "sys-b", `answer y${n}`);
  const payload = pairPayload(judge, `p${n}`, x, y, 1, human === undefined ? {} : { human });
  return combineGroup({ jobId: "job-1", spec: s }, [doneGame(payload, pairVerdict(preference))]);
}

function ballotsOf(groups: CombinedGroup[]): JuryBallot[] {
  const ballots = new Map<string, JuryBallot>();
  for (const g of groups) castVote(ballots, g);
  return [...ballots.values()];
}

describe("juryJudgments, pairwise", () => {
  it("majority: a jury of three with one dissent names the two's side and keeps every say", () => {
    const s = spec();
    const ballots = ballotsOf([
      pairGroup(s, "j1", 0, 1),
      pairGroup(s, "j2", 0, 1),
      pairGroup(s, "j3", 0, 0),
    ]);
    const out = juryJudgments({ jobId: "job-1", spec: s }, ballots);
    const j = out.judgments.get("p0|x0|y0") as PairwiseJudgment;
    expect(j).toMatchObject({
      kind: "pairwise",
      promptId: "p0",
      a: "x0",
      b: "y0",
      outcome: "a",
      source: { kind: "ai", model: "jury:majority", template: "arena-hard@1" },
    });
    expect(j).not.toHaveProperty("strength");
    expect(j.metadata?.judge).toEqual({
      job: "job-1",
      judge: "jury",
      template: "arena-hard",
      templateVersion: 1,
      mode: "pairwise",
      group: "p0|x0|y0",
      preference: 1,
      games: [],
      jury: {
        method: "majority",
        judges: [
          { judge: "j1", preference: 1 },
          { judge: "j2", preference: 1 },
          { judge: "j3", preference: 0 },
        ],
      },
    });
    expect(out).toMatchObject({ method: "majority", undecided: 0, ties: 0 });
  });

  it("majority: a tie for the top is a tie; a judge without a verdict is left out", () => {
    const s = spec();
    const ballots = ballotsOf([pairGroup(s, "j1", 0, 1), pairGroup(s, "j2", 0, 0)]);
    const out = juryJudgments({ jobId: "job-1", spec: s }, ballots);
    const j = out.judgments.get("p0|x0|y0") as PairwiseJudgment;
    expect(j.outcome).toBe("tie");
    expect(judgeMeta(j).jury?.judges[2]).toEqual({
      judge: "j3",
    });
    expect(out.ties).toBe(1);
  });

  it("mean: the mean preference for x, its side the outcome and |2p − 1| the strength", () => {
    const s = spec({ jury: "mean" });
    const ballots = ballotsOf([
      pairGroup(s, "j1", 0, 1),
      pairGroup(s, "j2", 0, 1),
      pairGroup(s, "j3", 0, 0),
    ]);
    const j = juryJudgments({ jobId: "job-1", spec: s }, ballots).judgments.get(
      "p0|x0|y0",
    ) as PairwiseJudgment;
    expect(j.outcome).toBe("a");
    expect(j.strength).toBeCloseTo(1 / 3, 12);
    expect(j.source).toMatchObject({ model: "jury:mean" });
  });

  it("weighted: log-odds weights from planted accuracies overturn the majority", () => {
    const s = spec({ jury: "weighted" });
    const groups: CombinedGroup[] = [];
    // Ten labelled pairs, the human prefers x on each. j1 right on 9, j2 on 3, j3 on 6.
    for (let n = 0; n < 10; n++) {
      groups.push(pairGroup(s, "j1", n, n < 9 ? 1 : 0, 1));
      groups.push(pairGroup(s, "j2", n, n < 3 ? 1 : 0, 1));
      groups.push(pairGroup(s, "j3", n, n < 6 ? 1 : 0, 1));
    }
    // An unlabelled pair: j1 says y, j2 and j3 say x.
    groups.push(pairGroup(s, "j1", 10, 0), pairGroup(s, "j2", 10, 1), pairGroup(s, "j3", 10, 1));
    const out = juryJudgments({ jobId: "job-1", spec: s }, ballotsOf(groups));
    // a = (correct + 1)/(total + 2): 10/12, 4/12, 7/12 → w = ln 5, max(0, ln 0.5) = 0, ln 1.4.
    expect(out.weights!.j1).toBeCloseTo(Math.log(5), 12);
    expect(out.weights!.j2).toBe(0);
    expect(out.weights!.j3).toBeCloseTo(Math.log(1.4), 12);
    expect(out.accuracy).toEqual({
      j1: { correct: 9, total: 10 },
      j2: { correct: 3, total: 10 },
      j3: { correct: 6, total: 10 },
    });
    // s = −ln 5 + 0 + ln 1.4 = ln 0.28 < 0: y wins although two of three said x.
    const j = out.judgments.get("p10|x10|y10") as PairwiseJudgment;
    expect(j.outcome).toBe("b");
    expect(judgeMeta(j).jury?.weights).toEqual(out.weights);
    expect(j.source).toMatchObject({ model: "jury:weighted" });
  });

  it("weighted: a cautious judge's ties are not errors, so two right judges are not cancelled", () => {
    const s = spec({ judges: [judgeSystem("j1"), judgeSystem("j2")], jury: "weighted" });
    const groups: CombinedGroup[] = [];
    // Ten labelled pairs, the human prefers x on each. j1 says x on 4 and a tie on 6; j2 is right
    // on 6 and wrong on 4.
    for (let n = 0; n < 10; n++) {
      groups.push(pairGroup(s, "j1", n, n < 4 ? 1 : 0.5, 1));
      groups.push(pairGroup(s, "j2", n, n < 6 ? 1 : 0, 1));
    }
    // An unlabelled pair both judges call x.
    groups.push(pairGroup(s, "j1", 10, 1), pairGroup(s, "j2", 10, 1));
    const out = juryJudgments({ jobId: "job-1", spec: s }, ballotsOf(groups));
    expect(out.accuracy).toEqual({ j1: { correct: 4, total: 4 }, j2: { correct: 6, total: 10 } });
    // j1: a = 5/6 → ln 5; j2: a = 7/12 → ln 1.4.
    expect(out.weights!.j1).toBeCloseTo(Math.log(5), 12);
    expect(out.weights!.j2).toBeCloseTo(Math.log(1.4), 12);
    expect((out.judgments.get("p10|x10|y10") as PairwiseJudgment).outcome).toBe("a");
  });

  it("weighted without any human label refuses with a typed error", () => {
    const s = spec({ jury: "weighted" });
    const ballots = ballotsOf([pairGroup(s, "j1", 0, 1), pairGroup(s, "j2", 0, 1)]);
    const error = (() => {
      try {
        juryJudgments({ jobId: "job-1", spec: s }, ballots);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(JuryError);
    expect((error as JuryError).code).toBe("no_human_labels");
  });

  it("the jury's ids are deterministic and differ from every judge's", () => {
    const s = spec();
    const groups = [pairGroup(s, "j1", 0, 1), pairGroup(s, "j2", 0, 1), pairGroup(s, "j3", 0, 0)];
    const id = juryJudgments({ jobId: "job-1", spec: s }, ballotsOf(groups)).judgments.get(
      "p0|x0|y0",
    )!.id;
    expect(
      juryJudgments({ jobId: "job-2", spec: s }, ballotsOf(groups)).judgments.get("p0|x0|y0")!.id,
    ).toBe(id);
    expect(groups.flatMap((g) => g.judgments.map((j) => j.id))).not.toContain(id);
  });
});

describe("juryJudgments, pointwise and listwise", () => {
  it("pointwise: the mean score, whatever the method, named jury:mean", () => {
    const s = spec({ template: MT_BENCH_SINGLE });
    const a = answer("c1", "sys-a", "text");
    const groups = (["j1", "j2", "j3"] as const).map((judge, i) =>
      combineGroup({ jobId: "job-1", spec: s }, [
        doneGame(pointPayload(judge, "p1", a), {
          mode: "pointwise",
          score: [6, 8, 9][i]!,
          label: "",
        }),
      ]),
    );
    const out = juryJudgments({ jobId: "job-1", spec: s }, ballotsOf(groups));
    const j = out.judgments.get("p1|c1") as RatingJudgment;
    expect(j.scores).toEqual([{ candidateId: "c1", criterion: "mt-bench-single", score: 23 / 3 }]);
    expect(j.source).toMatchObject({ model: "jury:mean" });
    expect(out.method).toBe("mean");
    expect(() =>
      juryJudgments({ jobId: "job-1", spec: { ...s, jury: "weighted" } }, ballotsOf(groups)),
    ).toThrow(expect.objectContaining({ code: "weighted_needs_pairwise" }));
  });

  it("listwise: the mean of the judges' mean ranks, equal means tied", () => {
    const s = spec({ template: LISTWISE });
    const three = [
      answer("c0", "s0", "zero"),
      answer("c1", "s1", "one"),
      answer("c2", "s2", "two"),
    ];
    const ranked = (judge: string, order: number[]) =>
      combineGroup({ jobId: "job-1", spec: s }, [
        doneGame(listPayload(judge, "p1", three, [0, 1, 2], 0), {
          mode: "listwise",
          order,
          label: "",
        }),
      ]);
    // Ranks c0: 0, 1, 2 → 1; c1: 1, 0, 0 → 1/3; c2: 2, 2, 1 → 5/3.
    const out = juryJudgments(
      { jobId: "job-1", spec: s },
      ballotsOf([ranked("j1", [0, 1, 2]), ranked("j2", [1, 0, 2]), ranked("j3", [1, 2, 0])]),
    );
    const j = out.judgments.get("p1|c0|c1|c2") as RankingJudgment;
    expect(j.order).toEqual([["c1"], ["c0"], ["c2"]]);
    const tied = juryJudgments(
      { jobId: "job-1", spec: s },
      ballotsOf([ranked("j1", [0, 1, 2]), ranked("j2", [1, 0, 2])]),
    ).judgments.get("p1|c0|c1|c2") as RankingJudgment;
    expect(tied.order).toEqual([["c0", "c1"], ["c2"]]);
    expect(judgeMeta(tied).jury?.judges).toEqual([
      { judge: "j1", order: ["c0", "c1", "c2"] },
      { judge: "j2", order: ["c1", "c0", "c2"] },
      { judge: "j3" },
    ]);
  });
});
