/**
 * Battles derived from graded judgments (rankings and ratings), so they count in a leaderboard
 * next to pairwise votes. Every two candidates of one judgment whose systems differ make one
 * battle of weight 1: the better tier — or the higher mean score over the judgment's criteria —
 * wins, the same tier (or score) ties. A ranking of k candidates of k systems thus counts as
 * k(k−1)/2 battles, the usual full breaking of a ranking into pairs (as in Plackett-Luce
 * "rank breaking": Azari Soufiani et al. 2013, NeurIPS).
 *
 * Candidates are named by id; `systems` maps them to their system. A candidate whose system is
 * unknown, or whose score is not finite, is left out of the judgment's battles.
 *
 * Complexity: O(c²) per judgment of c candidates.
 */
import type { CandidateId, Judgment } from "../types.js";
import { OUTCOME_A, OUTCOME_B, OUTCOME_TIE, type OutcomeCounter } from "./outcome-counts.js";

/** The candidates a graded judgment scores (none for pairwise and binary judgments). */
export function gradedCandidates(judgment: Judgment): CandidateId[] {
  if (judgment.kind === "ranking") return judgment.order.flat();
  if (judgment.kind === "rating") return judgment.scores.map((s) => s.candidateId);
  return [];
}

/** Each candidate's score in one graded judgment: tiers counted from the bottom, or mean score. */
export function gradedScores(judgment: Judgment): Map<CandidateId, number> {
  const scores = new Map<CandidateId, number>();
  if (judgment.kind === "ranking") {
    judgment.order.forEach((tier, i) => {
      for (const id of tier) scores.set(id, judgment.order.length - i);
    });
  } else if (judgment.kind === "rating") {
    const sums = new Map<CandidateId, { sum: number; n: number }>();
    for (const s of judgment.scores) {
      const t = sums.get(s.candidateId) ?? { sum: 0, n: 0 };
      t.sum += s.score;
      t.n += 1;
      sums.set(s.candidateId, t);
    }
    for (const [id, t] of sums) scores.set(id, t.sum / t.n);
  }
  return scores;
}

/**
 * Adds one graded judgment's battles to `counter`.
 * @example
 * // a ranking [[x], [y, z]] of systems X, Y, Z: X beats Y, X beats Z, Y ties Z
 * addGradedBattles(ranking, new Map([["x", "X"], ["y", "Y"], ["z", "Z"]]), counter);
 */
export function addGradedBattles(
  judgment: Judgment,
  systems: ReadonlyMap<string, string>,
  counter: OutcomeCounter,
): void {
  const scored = [...gradedScores(judgment)].flatMap(([id, score]) => {
    const system = systems.get(id);
    return system === undefined || !Number.isFinite(score) ? [] : [{ system, score }];
  });
  for (let i = 0; i < scored.length; i++) {
    for (let k = i + 1; k < scored.length; k++) {
      const x = scored[i]!;
      const y = scored[k]!;
      if (x.system === y.system) continue;
      const outcome = x.score > y.score ? OUTCOME_A : x.score < y.score ? OUTCOME_B : OUTCOME_TIE;
      counter.add(x.system, y.system, outcome);
    }
  }
}
