import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addGradedBattles,
  gradedCandidates,
  gradedScores,
} from "../../../src/core/rating/graded-battles.js";
import {
  OUTCOME_A,
  OUTCOME_B,
  OUTCOME_TIE,
  OutcomeCounter,
  totalCount,
} from "../../../src/core/rating/outcome-counts.js";
import type {
  CandidateId,
  Judgment,
  JudgmentId,
  PromptId,
  RankingJudgment,
  RatingJudgment,
} from "../../../src/core/types.js";

const base = {
  id: "j1" as JudgmentId,
  promptId: "p1" as PromptId,
  source: { kind: "ai", model: "judge" } as const,
};
const ranking = (order: string[][]): RankingJudgment => ({
  ...base,
  kind: "ranking",
  order: order.map((tier) => tier.map((id) => id as CandidateId)),
});
const rating = (scores: [id: string, criterion: string, score: number][]): RatingJudgment => ({
  ...base,
  kind: "rating",
  scores: scores.map(([id, criterion, score]) => ({
    candidateId: id as CandidateId,
    criterion,
    score,
  })),
});
/** Candidate "x" belongs to system "X", and so on. */
const systemsOf = (ids: Iterable<string>) => new Map([...ids].map((id) => [id, id.toUpperCase()]));

/** The battles as sorted "A>B" / "A=B" strings, with counts. */
function battlesOf(judgment: Judgment, systems = systemsOf(gradedCandidates(judgment))) {
  const counter = new OutcomeCounter();
  addGradedBattles(judgment, systems, counter);
  const counts = counter.toCounts();
  const out: string[] = [];
  for (let r = 0; r < counts.count.length; r++) {
    const a = counts.systems[counts.a[r]!]!;
    const b = counts.systems[counts.b[r]!]!;
    const o = counts.outcome[r]!;
    const text = o === OUTCOME_A ? `${a}>${b}` : o === OUTCOME_B ? `${b}>${a}` : `${a}=${b}`;
    out.push(`${text} ×${counts.count[r]}`);
  }
  return out.sort();
}

describe("graded battles (rankings and ratings broken into pairs)", () => {
  it("a ranking [[x], [y, z]] gives x beats y, x beats z, y ties z", () => {
    expect(battlesOf(ranking([["x"], ["y", "z"]]))).toEqual(["X>Y ×1", "X>Z ×1", "Y=Z ×1"]);
  });

  it("a rating compares mean scores over the criteria: x (4, 2) ties y (3, 3), both beat z", () => {
    const judgment = rating([
      ["x", "helpful", 4],
      ["x", "honest", 2],
      ["y", "helpful", 3],
      ["y", "honest", 3],
      ["z", "helpful", 1],
    ]);
    expect(gradedScores(judgment)).toEqual(
      new Map([
        ["x", 3],
        ["y", 3],
        ["z", 1],
      ]),
    );
    expect(battlesOf(judgment)).toEqual(["X=Y ×1", "X>Z ×1", "Y>Z ×1"]);
  });

  it("leaves out candidates of the same system, of no known system, or without a finite score", () => {
    const systems = new Map([
      ["x1", "X"],
      ["x2", "X"],
      ["y", "Y"],
      ["n", "N"],
    ]);
    // x1 and x2 are one system: no battle between them; "u" has no system.
    expect(battlesOf(ranking([["x1"], ["u"], ["y"], ["x2"]]), systems)).toEqual([
      "X>Y ×1",
      "Y>X ×1",
    ]);
    const nan = rating([
      ["x1", "c", 5],
      ["n", "c", Number.NaN],
      ["y", "c", 1],
    ]);
    expect(battlesOf(nan, systems)).toEqual(["X>Y ×1"]);
  });

  it("pairwise and binary judgments score no candidates and add no battles", () => {
    const pairwise: Judgment = {
      ...base,
      kind: "pairwise",
      a: "x" as CandidateId,
      b: "y" as CandidateId,
      outcome: "a",
    };
    const binary: Judgment = {
      ...base,
      kind: "binary",
      candidateId: "x" as CandidateId,
      approved: true,
    };
    for (const j of [pairwise, binary]) {
      expect(gradedCandidates(j)).toEqual([]);
      expect(battlesOf(j, systemsOf(["x", "y"]))).toEqual([]);
    }
  });

  it("a ranking of k candidates of k systems gives k(k−1)/2 battles, each won by the better tier", () => {
    // Tiers: a partition of k distinct candidates into ordered, non-empty groups.
    const tiers = fc
      .uniqueArray(fc.stringMatching(/^[a-z]{1,4}$/), { minLength: 1, maxLength: 9 })
      .chain((ids) =>
        fc
          .array(fc.nat({ max: ids.length - 1 }), { minLength: ids.length, maxLength: ids.length })
          .map((tierOf) => {
            const order = new Map<number, string[]>();
            for (const [i, id] of ids.entries()) {
              order.set(tierOf[i]!, [...(order.get(tierOf[i]!) ?? []), id]);
            }
            return [...order.keys()].sort((x, y) => x - y).map((t) => order.get(t)!);
          }),
      );
    fc.assert(
      fc.property(tiers, (order) => {
        const judgment = ranking(order);
        const k = order.flat().length;
        const counter = new OutcomeCounter();
        addGradedBattles(judgment, systemsOf(order.flat()), counter);
        const counts = counter.toCounts();
        expect(totalCount(counts)).toBe((k * (k - 1)) / 2);
        const tierOf = new Map(order.flatMap((tier, t) => tier.map((id) => [id.toUpperCase(), t])));
        for (let r = 0; r < counts.count.length; r++) {
          const ta = tierOf.get(counts.systems[counts.a[r]!]!)!;
          const tb = tierOf.get(counts.systems[counts.b[r]!]!)!;
          const expected = ta < tb ? OUTCOME_A : ta > tb ? OUTCOME_B : OUTCOME_TIE;
          expect(counts.outcome[r]).toBe(expected);
        }
      }),
    );
  });
});
