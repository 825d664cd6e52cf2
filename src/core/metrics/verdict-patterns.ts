// The discrete pattern of one judged comparison — gold class, verdict in each order, longer
// side — and the sufficient statistics each pattern adds to. Every judge statistic of
// evaluateVerdicts is a function of these sums, and the sums are linear in the pattern counts:
// that is what lets the bootstrap resample counts of 225 patterns instead of comparisons.
import { verdictOf } from "../dataset/comparison.js";

/** Class indices shared by gold labels and verdicts. */
export const CLASS_A = 0;
export const CLASS_B = 1;
export const CLASS_TIE = 2;
/** Verdict codes beyond the three classes. */
export const UNPARSED = 3;
export const NOT_JUDGED = 4;
/** Longer-side codes: a longer (0), b longer (1), unknown or within the threshold (2). */
export const NO_LONGER = 2;

export const PATTERN_COUNT = 3 * 5 * 5 * 3;

export const patternCode = (gold: number, inOrder: number, swapped: number, longer: number) =>
  ((gold * 5 + inOrder) * 5 + swapped) * 3 + longer;

export const classOf = (preference: number): number => {
  const v = verdictOf(preference);
  return v === "a" ? CLASS_A : v === "b" ? CLASS_B : CLASS_TIE;
};

/** Indices of the sums (per stratum) that the statistics read. */
export const S = {
  judged1: 0,
  correct1: 1,
  judged2: 2,
  correct2: 3,
  both: 4,
  bothCorrect: 5,
  bothParsed: 6,
  consistent: 7,
  firstBoth: 8,
  secondBoth: 9,
  decisive: 10,
  firstShownWins: 11,
  unparsed1: 12,
  unparsed2: 13,
  /** 3×3 confusion, gold rows × verdict columns, over parsed judgements (both orders). */
  confusion: 14,
  /** Unparsed judgements by gold class. */
  unparsedByGold: 23,
  judgeLengthDecisive: 26,
  judgeLongerWins: 27,
  goldLengthDecisive: 28,
  goldLongerWins: 29,
  n: 30,
} as const;
export const SUM_COUNT = 31;

/** CONTRIBUTIONS[code · SUM_COUNT + k]: what one comparison of pattern `code` adds to sum k. */
export const CONTRIBUTIONS = buildContributions();

function buildContributions(): Float64Array {
  const table = new Float64Array(PATTERN_COUNT * SUM_COUNT);
  for (let g = 0; g < 3; g++) {
    for (let v1 = 0; v1 < 5; v1++) {
      for (let v2 = 0; v2 < 5; v2++) {
        for (let l = 0; l < 3; l++) {
          const row = patternCode(g, v1, v2, l) * SUM_COUNT;
          const add = (k: number, x = 1) => {
            table[row + k]! += x;
          };
          add(S.n);
          if (g !== CLASS_TIE && l !== NO_LONGER) {
            add(S.goldLengthDecisive);
            if (g === l) add(S.goldLongerWins);
          }
          for (const [v, judged, correct, unparsed] of [
            [v1, S.judged1, S.correct1, S.unparsed1],
            [v2, S.judged2, S.correct2, S.unparsed2],
          ] as const) {
            if (v === NOT_JUDGED) continue;
            add(judged);
            if (v === UNPARSED) {
              add(unparsed);
              add(S.unparsedByGold + g);
              continue;
            }
            if (v === g) add(correct);
            add(S.confusion + g * 3 + v);
            if (v !== CLASS_TIE) {
              add(S.decisive);
              // Shown first: a in order, b when swapped.
              if (v === (judged === S.judged1 ? CLASS_A : CLASS_B)) add(S.firstShownWins);
              if (l !== NO_LONGER) {
                add(S.judgeLengthDecisive);
                if (v === l) add(S.judgeLongerWins);
              }
            }
          }
          if (v1 !== NOT_JUDGED && v2 !== NOT_JUDGED) {
            add(S.both);
            if (v1 === g && v2 === g) add(S.bothCorrect);
            if (v1 <= CLASS_TIE && v2 <= CLASS_TIE) {
              add(S.bothParsed);
              if (v1 === v2) add(S.consistent);
              if (v1 === CLASS_A && v2 === CLASS_B) add(S.firstBoth);
              if (v1 === CLASS_B && v2 === CLASS_A) add(S.secondBoth);
            }
          }
        }
      }
    }
  }
  return table;
}

/** Adds `count` comparisons of pattern `code` into `sums` (length SUM_COUNT). */
export function addPattern(sums: Float64Array, code: number, count: number): void {
  const row = code * SUM_COUNT;
  for (let k = 0; k < SUM_COUNT; k++) sums[k]! += count * CONTRIBUTIONS[row + k]!;
}
