/**
 * How much a pair needs a human, from its AI judges' games (pure).
 *
 * Each game gives a preference for x in [0, 1] (a game that showed y first is unswapped). With
 * p the mean over every judge's every game:
 *
 * - the AI label is the side of p (x above one half, y below, none at exactly one half);
 * - `estimate` = min(p, 1 − p) is taken as the chance that the AI label is wrong. It is an
 *   estimate, not a calibrated probability: it reads the judges' pooled votes as the share of
 *   judges that would back each side — a pool split 50/50 is a coin toss (0.5), a unanimous one
 *   (every game 1 or every game 0) is taken as right (0). Small margins, judges that disagree
 *   and judges that contradict themselves across the two orders all pull p towards one half;
 * - `inconsistent`: the judges whose games name different sides (x, y or a tie) — a judge that
 *   prefers whichever answer it is shown first, typically;
 * - `spread`: the largest minus the smallest of the judges' mean preferences (0 with one judge).
 *
 * Pairs are routed by `estimate`, highest first; equal estimates by `inconsistent`, then
 * `spread` (both higher first), then by prompt and candidates, so the order is total and the
 * same on every run. Estimates and spreads within 1e-12 are equal (0.3 and 1 − 0.7 are one
 * estimate, though not one double). The expected number of AI labels corrected by sending a set of pairs to
 * humans is the sum of their estimates.
 */

export interface PairScore {
  /** Mean preference for x over every game of every judge. */
  p: number;
  /** min(p, 1 − p): the estimated chance that the AI label (the side of p) is wrong. */
  estimate: number;
  aiLabel: "x" | "y" | "none";
  /** Judges whose games name different sides. */
  inconsistent: number;
  /** Max − min of the judges' mean preferences for x. */
  spread: number;
  judges: number;
  games: number;
}

const sideOf = (preference: number) => (preference > 0.5 ? 1 : preference < 0.5 ? -1 : 0);

/**
 * Scores one pair from each judge's games (preferences for x).
 * @example scorePair(new Map([["j1", [1, 0]], ["j2", [1, 1]]]))
 *   // { p: 0.75, estimate: 0.25, aiLabel: "x", inconsistent: 1, spread: 0.5, judges: 2, games: 4 }
 * @throws RangeError when no judge has a game, or on a preference outside [0, 1].
 * O(games).
 */
export function scorePair(judges: ReadonlyMap<string, readonly number[]>): PairScore {
  let sum = 0;
  let games = 0;
  let inconsistent = 0;
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  let withGames = 0;
  for (const [judge, preferences] of judges) {
    if (preferences.length === 0) continue;
    withGames++;
    let own = 0;
    const sides = new Set<number>();
    for (const preference of preferences) {
      if (!(preference >= 0 && preference <= 1)) {
        throw new RangeError(`judge ${judge}: a preference must be in [0, 1], got ${preference}`);
      }
      own += preference;
      sides.add(sideOf(preference));
    }
    sum += own;
    games += preferences.length;
    if (sides.size > 1) inconsistent++;
    const mean = own / preferences.length;
    lowest = Math.min(lowest, mean);
    highest = Math.max(highest, mean);
  }
  if (games === 0) throw new RangeError("a pair needs at least one game to be scored");
  const p = sum / games;
  const side = sideOf(p);
  return {
    p,
    estimate: Math.min(p, 1 - p),
    aiLabel: side > 0 ? "x" : side < 0 ? "y" : "none",
    inconsistent,
    spread: highest - lowest,
    judges: withGames,
    games,
  };
}

/** Rounding apart, the same value. */
const EPSILON = 1e-12;
const descending = (a: number, b: number) => (Math.abs(a - b) <= EPSILON ? 0 : b - a);

/** The routing order of two scored pairs (negative: `s` first); `key` breaks full ties. */
export function compareForRouting(
  s: PairScore & { key: string },
  t: PairScore & { key: string },
): number {
  return (
    descending(s.estimate, t.estimate) ||
    t.inconsistent - s.inconsistent ||
    descending(s.spread, t.spread) ||
    (s.key < t.key ? -1 : s.key > t.key ? 1 : 0)
  );
}
