/**
 * Weights of a weighted jury from each judge's measured accuracy against humans.
 * w_j = max(0, ln(a_j / (1 − a_j))) with add-one smoothing a_j = (correct_j + 1)/(total_j + 2):
 * the log-odds weights that make a weighted majority vote optimal for independent judges of
 * binary items (Nitzan & Paroush 1982, Int. Econ. Rev. 23(2)); smoothing keeps a perfect or a
 * never-measured judge finite (a judge without human labels gets weight 0).
 *
 * Accuracy is measured on decisive votes only — items where both the judge and the human named a
 * side (x or y). The weighted vote counts a judge's tie as 0 whatever its weight, so the weight
 * must say how often the judge's decisive votes are right; counting its ties as errors would
 * punish a cautious judge that is always right when it commits (and a human tie says nothing
 * about which side a judge should have named).
 *
 * Weights are clamped at 0: a judge no better than chance (a ≤ ½) is left out of the vote rather
 * than read reversed. Nitzan–Paroush would give it a negative weight, but only for a judge whose
 * inverted votes are reliably right; a small calibration set below ½ far more often means a
 * noisy judge, and reversing it would let noise outvote judges that agree and are right.
 */
import { sideOf } from "./verdict.js";

export interface JudgeAccuracy {
  /** Decisive items where the judge named the human's side. */
  readonly correct: number;
  /** Items where both the judge and the human named a side (ties and missing values left out). */
  readonly total: number;
}

/**
 * A judge's agreement with human labels on decisive votes: items where both the judge's and the
 * human's preference fall on a side (not ½, not NaN), and how many of them name the same side.
 * `verdicts[i]` and `human[i]` are preferences for x in [0, 1]; NaN where missing.
 * @example judgeAccuracy([1, 0, 0.5, Number.NaN, 1], [1, 1, 1, 1, 0.5]) // { correct: 1, total: 2 }
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
    const judged = sideOf(v);
    const truth = sideOf(h);
    if (judged === 0 || truth === 0) return;
    total++;
    if (judged === truth) correct++;
  });
  return { correct, total };
}

/**
 * Log-odds weights from each judge's agreement with humans, clamped at 0:
 * max(0, ln(a/(1 − a))), a = (correct + 1)/(total + 2).
 * @example juryWeights([{ correct: 8, total: 8 }, { correct: 2, total: 8 }]) // [ln 9 ≈ 2.197, 0]
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
    // Math.max(0, −0) is +0: a chance-level judge's weight prints as 0, not −0.
    return Math.max(0, Math.log(a / (1 - a)));
  });
}
