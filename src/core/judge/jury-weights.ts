/**
 * Weights of a weighted jury from each judge's measured accuracy against humans.
 * w_j = ln(a_j / (1 − a_j)) with add-one smoothing a_j = (correct_j + 1)/(total_j + 2): the
 * log-odds weights that make a weighted majority vote optimal for independent judges of binary
 * items (Nitzan & Paroush 1982, Int. Econ. Rev. 23(2)); smoothing keeps a perfect or a
 * never-measured judge finite (a judge without human labels gets weight 0).
 */
import { sideOf } from "./verdict.js";

export interface JudgeAccuracy {
  /** Items where the judge and the human named the same side (x, tie or y). */
  readonly correct: number;
  /** Items with both a judge verdict and a human label. */
  readonly total: number;
}

/**
 * A judge's agreement with human labels: same side of one half, over items where both exist.
 * `verdicts[i]` and `human[i]` are preferences for x in [0, 1]; NaN where missing.
 * @example judgeAccuracy([1, 0, 0.5, Number.NaN], [1, 1, 0.5, 1]) // { correct: 2, total: 3 }
 * @throws RangeError when the lengths differ or a value is outside [0, 1].
 */
export function judgeAccuracy(
  verdicts: readonly number[],
  human: readonly number[],
): JudgeAccuracy {
  if (verdicts.length !== human.length) {
    throw new RangeError(`${verdicts.length} verdicts but ${human.length} human labels`);
  }
  let correct = 0;
  let total = 0;
  verdicts.forEach((v, i) => {
    const h = human[i]!;
    if (Number.isNaN(v) || Number.isNaN(h)) return;
    total++;
    if (sideOf(v) === sideOf(h)) correct++;
  });
  return { correct, total };
}

/**
 * Log-odds weights from each judge's agreement with humans: ln(a/(1 − a)), a = (correct + 1)/(total + 2).
 * @example juryWeights([{ correct: 8, total: 8 }])[0] // ln 9 ≈ 2.197
 * @throws RangeError unless 0 ≤ correct ≤ total (integers).
 */
export function juryWeights(accuracy: readonly JudgeAccuracy[]): number[] {
  return accuracy.map(({ correct, total }, j) => {
    if (
      !(Number.isInteger(correct) && Number.isInteger(total) && correct >= 0 && correct <= total)
    ) {
      throw new RangeError(
        `judge ${j}: need integers 0 <= correct <= total, got ${correct}/${total}`,
      );
    }
    const a = (correct + 1) / (total + 2);
    return Math.log(a / (1 - a));
  });
}
