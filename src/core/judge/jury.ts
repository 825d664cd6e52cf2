/**
 * Juries: several judges on the same items, aggregated three documented ways, each judge's
 * verdicts kept in the result. Verdicts are given judge by judge: `verdicts[j][i]` is judge j's
 * preference for x on item i in [0, 1] (pairwise, after combining orders) or judge j's score
 * (pointwise); NaN where the judge has no verdict (failed or not asked).
 *
 * - juryMajority: each judge votes for its side (x, tie, y); the most votes wins. A tie for the
 *   top is settled by `tieRule`: "tie" makes the item a tie (0.5), "unresolved" leaves it
 *   without an outcome (null) and counts it.
 * - juryMean: the mean of the judges' scores on the item (pointwise rubrics).
 * - juryWeighted: weighted majority with weights from jury-weights.ts, w_j = max(0, ln(a_j / (1 − a_j))),
 *   a_j judge j's accuracy on decisive votes against humans with add-one smoothing, a_j =
 *   (correct_j + 1)/(total_j + 2), so no weight is infinite, clamped at 0. Score s_i = Σ_j
 *   w_j·v_ji, v = +1 for x, −1 for y, 0 for a tie; x wins when s > 0, y when s < 0, a tie at
 *   s = 0 (within 1e-12). For independent judges of binary items these are the optimal weights
 *   (Nitzan & Paroush 1982, Int. Econ. Rev. 23(2)); a judge at or below chance gets weight 0
 *   (left out, not read reversed: see jury-weights.ts). With every weight 0 every item is a tie.
 */
import { type Side, sideOf } from "./verdict.js";

export interface JuryItem {
  /** The aggregate: preference for x (majority, weighted) or mean score; null when undecided. */
  readonly outcome: number | null;
  /** Every judge's verdict on the item, in judge order; NaN where it gave none. */
  readonly verdicts: readonly number[];
  /** Judges with a verdict on the item. */
  readonly voters: number;
}

export interface JuryResult {
  readonly method: "majority" | "mean" | "weighted";
  readonly items: readonly JuryItem[];
  /** Items without any verdict, or whose vote was an unresolved tie (null outcome). */
  readonly undecided: number;
  /** Items whose top was tied (majority) or whose weighted score was 0. */
  readonly ties: number;
  /** The weights used (weighted only). */
  readonly weights?: readonly number[];
}

function itemCount(verdicts: readonly (readonly number[])[]): number {
  if (verdicts.length === 0) throw new RangeError("a jury needs at least one judge");
  const n = verdicts[0]!.length;
  verdicts.forEach((v, j) => {
    if (v.length !== n) throw new RangeError(`judge ${j} has ${v.length} verdicts, expected ${n}`);
  });
  return n;
}

function column(verdicts: readonly (readonly number[])[], i: number): number[] {
  return verdicts.map((v) => v[i]!);
}

/**
 * Majority vote of the judges' sides.
 * @example juryMajority([[1, 0], [1, 0.5], [0, 0.5]]).items.map((r) => r.outcome) // [1, 0.5]
 * @throws RangeError on an empty jury, ragged verdicts or a preference outside [0, 1].
 */
export function juryMajority(
  verdicts: readonly (readonly number[])[],
  tieRule: "tie" | "unresolved" = "tie",
): JuryResult {
  const n = itemCount(verdicts);
  const items: JuryItem[] = [];
  let undecided = 0;
  let ties = 0;
  for (let i = 0; i < n; i++) {
    const votes = column(verdicts, i);
    const counts = [0, 0, 0]; // y, tie, x
    let voters = 0;
    for (const v of votes) {
      if (Number.isNaN(v)) continue;
      counts[sideOf(v) + 1]! += 1;
      voters++;
    }
    const top = Math.max(...counts);
    const leaders = counts.flatMap((c, k) => (c === top ? [k - 1] : []));
    let outcome: number | null;
    if (voters === 0) outcome = null;
    else if (leaders.length === 1) outcome = (leaders[0]! + 1) / 2;
    else {
      ties++;
      outcome = tieRule === "tie" ? 0.5 : null;
    }
    if (outcome === null) undecided++;
    items.push({ outcome, verdicts: votes, voters });
  }
  return { method: "majority", items, undecided, ties };
}

/**
 * Mean of the judges' scores on each item (NaN verdicts left out).
 * @example juryMean([[8, 2], [6, Number.NaN]]).items[0].outcome // 7
 * @throws RangeError on an empty jury, ragged verdicts or an infinite score.
 */
export function juryMean(scores: readonly (readonly number[])[]): JuryResult {
  const n = itemCount(scores);
  const items: JuryItem[] = [];
  let undecided = 0;
  for (let i = 0; i < n; i++) {
    const votes = column(scores, i);
    let sum = 0;
    let voters = 0;
    for (const v of votes) {
      if (Number.isNaN(v)) continue;
      if (!Number.isFinite(v)) throw new RangeError(`scores must be finite, got ${v}`);
      sum += v;
      voters++;
    }
    if (voters === 0) undecided++;
    items.push({ outcome: voters === 0 ? null : sum / voters, verdicts: votes, voters });
  }
  return { method: "mean", items, undecided, ties: 0 };
}

/**
 * Weighted majority vote with the given weights (one per judge, e.g. from `juryWeights`).
 * @throws RangeError on an empty jury, ragged verdicts, a weight count that does not match the
 * judges, a non-finite weight or a preference outside [0, 1].
 */
export function juryWeighted(
  verdicts: readonly (readonly number[])[],
  weights: readonly number[],
): JuryResult {
  const n = itemCount(verdicts);
  if (weights.length !== verdicts.length || !weights.every(Number.isFinite)) {
    throw new RangeError(`need one finite weight per judge (${verdicts.length})`);
  }
  const items: JuryItem[] = [];
  let undecided = 0;
  let ties = 0;
  for (let i = 0; i < n; i++) {
    const votes = column(verdicts, i);
    let score = 0;
    let voters = 0;
    votes.forEach((v, j) => {
      if (Number.isNaN(v)) return;
      score += weights[j]! * (sideOf(v) as Side);
      voters++;
    });
    let outcome: number | null = null;
    if (voters > 0) {
      if (Math.abs(score) <= 1e-12) {
        ties++;
        outcome = 0.5;
      } else outcome = score > 0 ? 1 : 0;
    } else undecided++;
    items.push({ outcome, verdicts: votes, voters });
  }
  return { method: "weighted", items, undecided, ties, weights: [...weights] };
}
