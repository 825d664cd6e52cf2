// Judge statistics from a stratum's sums (./verdict-patterns.ts). Definitions: methods.md §B1
// (accuracy), §B10 (position consistency, first/second-position rates, PB), §B11 (longer-wins
// rate); macro precision/recall/F1 over the classes present in gold or verdicts, with 0 for a
// 0/0 ratio (scikit-learn's `precision_recall_fscore_support`, labels = union, zero_division=0).
// NaN marks a statistic that is undefined (empty denominator); callers turn it into null.
import { S } from "./verdict-patterns.js";

export const STAT = {
  accuracy: 0,
  accuracyInOrder: 1,
  accuracySwapped: 2,
  accuracyMeanOfOrders: 3,
  bothCorrect: 4,
  consistency: 5,
  firstPositionRate: 6,
  secondPositionRate: 7,
  positionBias: 8,
  firstShownWinRate: 9,
  unparsedRate: 10,
  macroPrecision: 11,
  macroRecall: 12,
  macroF1: 13,
  /** precision of a, b, tie; then recall (17..19); then F1 (20..22). */
  precision: 14,
  recall: 17,
  f1: 20,
  judgeLongerWins: 23,
  goldLongerWins: 24,
} as const;
export const STAT_COUNT = 25;

const ratio = (num: number, den: number): number => (den > 0 ? num / den : Number.NaN);
const zeroRatio = (num: number, den: number): number => (den > 0 ? num / den : 0);

/**
 * Writes every statistic into `out` (length STAT_COUNT) and, when `denominators` is given,
 * the count each one is computed over.
 */
export function verdictStatistics(
  s: Float64Array,
  out: Float64Array,
  denominators?: Float64Array,
): void {
  const judged = s[S.judged1]! + s[S.judged2]!;
  const inconsistent = s[S.bothParsed]! - s[S.consistent]!;
  const acc1 = ratio(s[S.correct1]!, s[S.judged1]!);
  const acc2 = ratio(s[S.correct2]!, s[S.judged2]!);
  out[STAT.accuracy] = ratio(s[S.correct1]! + s[S.correct2]!, judged);
  out[STAT.accuracyInOrder] = acc1;
  out[STAT.accuracySwapped] = acc2;
  out[STAT.accuracyMeanOfOrders] = (acc1 + acc2) / 2; // NaN unless both orders were judged
  out[STAT.bothCorrect] = ratio(s[S.bothCorrect]!, s[S.both]!);
  out[STAT.consistency] = ratio(s[S.consistent]!, s[S.bothParsed]!);
  out[STAT.firstPositionRate] = ratio(s[S.firstBoth]!, inconsistent);
  out[STAT.secondPositionRate] = ratio(s[S.secondBoth]!, inconsistent);
  out[STAT.positionBias] = ratio(s[S.firstBoth]! - s[S.secondBoth]!, s[S.bothParsed]!);
  out[STAT.firstShownWinRate] = ratio(s[S.firstShownWins]!, s[S.decisive]!);
  out[STAT.unparsedRate] = ratio(s[S.unparsed1]! + s[S.unparsed2]!, judged);
  out[STAT.judgeLongerWins] = ratio(s[S.judgeLongerWins]!, s[S.judgeLengthDecisive]!);
  out[STAT.goldLongerWins] = ratio(s[S.goldLongerWins]!, s[S.goldLengthDecisive]!);

  let present = 0;
  let sumP = 0;
  let sumR = 0;
  let sumF = 0;
  for (let c = 0; c < 3; c++) {
    let predicted = 0;
    let actual = s[S.unparsedByGold + c]!; // an unparsed judgement misses its gold class
    for (let k = 0; k < 3; k++) {
      predicted += s[S.confusion + k * 3 + c]!;
      actual += s[S.confusion + c * 3 + k]!;
    }
    const hit = s[S.confusion + c * 4]!;
    if (predicted + actual === 0) {
      out[STAT.precision + c] = Number.NaN;
      out[STAT.recall + c] = Number.NaN;
      out[STAT.f1 + c] = Number.NaN;
    } else {
      const p = zeroRatio(hit, predicted);
      const r = zeroRatio(hit, actual);
      const f = zeroRatio(2 * p * r, p + r);
      out[STAT.precision + c] = p;
      out[STAT.recall + c] = r;
      out[STAT.f1 + c] = f;
      present++;
      sumP += p;
      sumR += r;
      sumF += f;
    }
    if (denominators) {
      denominators[STAT.precision + c] = predicted;
      denominators[STAT.recall + c] = actual;
      denominators[STAT.f1 + c] = judged;
    }
  }
  out[STAT.macroPrecision] = ratio(sumP, present);
  out[STAT.macroRecall] = ratio(sumR, present);
  out[STAT.macroF1] = ratio(sumF, present);

  if (denominators) {
    denominators[STAT.accuracy] = judged;
    denominators[STAT.accuracyInOrder] = s[S.judged1]!;
    denominators[STAT.accuracySwapped] = s[S.judged2]!;
    denominators[STAT.accuracyMeanOfOrders] = judged;
    denominators[STAT.bothCorrect] = s[S.both]!;
    denominators[STAT.consistency] = s[S.bothParsed]!;
    denominators[STAT.firstPositionRate] = inconsistent;
    denominators[STAT.secondPositionRate] = inconsistent;
    denominators[STAT.positionBias] = s[S.bothParsed]!;
    denominators[STAT.firstShownWinRate] = s[S.decisive]!;
    denominators[STAT.unparsedRate] = judged;
    denominators[STAT.macroPrecision] = judged;
    denominators[STAT.macroRecall] = judged;
    denominators[STAT.macroF1] = judged;
    denominators[STAT.judgeLongerWins] = s[S.judgeLengthDecisive]!;
    denominators[STAT.goldLongerWins] = s[S.goldLengthDecisive]!;
  }
}
