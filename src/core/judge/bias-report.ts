/**
 * Bias report of a pairwise judge over its games (one game = one pair as shown in one order).
 * Every rate is a proportion with a Wilson interval (stats/wilson-interval.ts); verdict ties are
 * left out of win rates and counted, so an unbiased judge sits at 0.5 whatever its tie rate.
 *
 * - firstPosition: games won by the first-shown answer / decisive games.
 * - swapInconsistency: items judged in both orders whose sides for x disagree after unswapping /
 *   items judged in both orders (ties are a side: win vs tie is inconsistent). With several
 *   games per order the first of each order is used.
 * - longerWins: decisive games won by the longer answer / decisive games of unequal lengths.
 * - selfPreference: decisive games between the judge's family and another, won by the judge's
 *   family / such games (needs judgeFamily and both systems' families).
 * - humans (games with a human label): the same rates with the human's side in place of the
 *   judge's — the base rates the judge's rates are to be read against (first-shown truly better,
 *   longer truly better, the judge's family truly better) — and agreement: games where judge and
 *   human name the same side (win, tie or loss) / games with both. A label belongs to the pair,
 *   so each labelled item counts once. First-shown truly better depends on the order shown, so it
 *   is counted over the orders the judge saw (its games with a verdict): an item adds the share
 *   of its games whose first-shown answer the human preferred — with both orders shown that is ½
 *   by construction, with one (random) order it is 0 or 1 as that order fell. Longer and own
 *   family do not depend on the order: an item adds its first labelled game. Swap inconsistency
 *   has no human counterpart (one label a pair).
 * Failed games (firstPreference NaN) are counted and left out of everything.
 * The judge's intervals treat games as independent trials; the two orders of one pair share
 * their answers, so when verdicts depend mostly on the item the intervals are somewhat too
 * narrow: biasBootstrap (bias-bootstrap.ts) gives intervals that resample whole items.
 */
import { type Proportion, wilsonInterval } from "../stats/wilson-interval.js";
import { type Side, sideOf } from "./verdict.js";

export interface JudgedGame {
  /** Identifies the pair (prompt, x, y) so that its two orders can be matched. */
  readonly item: string;
  /** The judge's preference for the first-shown answer in [0, 1]; NaN for a failed verdict. */
  readonly firstPreference: number;
  /** "xy": x was shown first; "yx": y was. */
  readonly order: "xy" | "yx";
  /** Lengths of x and y (characters or tokens, the same unit for all games). */
  readonly lengths: readonly [number, number];
  /** Families of x's and y's systems, when declared. */
  readonly families?: readonly [string, string];
  /** The judge's family, when declared. */
  readonly judgeFamily?: string;
  /** A human's preference for x in [0, 1], when one exists. */
  readonly human?: number;
}

export interface HumanBaseline {
  /** Games with a human label (agreement is over these). */
  readonly games: number;
  /** Items with a human label: the base rates below count each once. */
  readonly items: number;
  /**
   * Per item, the share of the orders the judge saw whose first-shown answer the human preferred
   * (successes may be fractional: ½ for an item shown both ways), over items with a side.
   */
  readonly firstPosition: Proportion;
  readonly longerWins: Proportion;
  readonly selfPreference: Proportion;
  /** Judge and human name the same side for x. */
  readonly agreement: Proportion;
}

export interface BiasReport {
  readonly games: number;
  readonly failed: number;
  /** Games the judge called a tie (left out of the win rates). */
  readonly ties: number;
  readonly firstPosition: Proportion;
  readonly swapInconsistency: Proportion;
  readonly longerWins: Proportion;
  readonly selfPreference: Proportion;
  /** Null when no game has a human label. */
  readonly humans: HumanBaseline | null;
}

class Tally {
  successes = 0;
  trials = 0;
  add(success: boolean): void {
    this.trials++;
    if (success) this.successes++;
  }
  result(confidence: number): Proportion {
    return wilsonInterval(this.successes, this.trials, confidence);
  }
}

/** Win-rate tallies of one rater (judge or human) given x's side in each game. */
function tallyRates(games: readonly JudgedGame[], xSide: readonly (Side | null)[]) {
  const first = new Tally();
  const longer = new Tally();
  const self = new Tally();
  games.forEach((g, i) => {
    const side = xSide[i];
    if (side === null || side === undefined || side === 0) return;
    first.add((side === 1) === (g.order === "xy"));
    const [lx, ly] = g.lengths;
    if (lx !== ly) longer.add((side === 1) === lx > ly);
    if (g.families && g.judgeFamily !== undefined) {
      const ownX = g.families[0] === g.judgeFamily;
      const ownY = g.families[1] === g.judgeFamily;
      if (ownX !== ownY) self.add((side === 1) === ownX);
    }
  });
  return { first, longer, self };
}

/**
 * The bias report of `games`.
 * @example biasReport(games, 0.95).firstPosition.rate // 0.5 for a judge without position bias
 * @throws RangeError on a preference or human label outside [0, 1] (NaN preferences are
 * failures), negative lengths, or a confidence outside (0, 1). Complexity: O(games).
 */
export function biasReport(games: readonly JudgedGame[], confidence = 0.95): BiasReport {
  const judgeSide: (Side | null)[] = [];
  const humanSide: (Side | null)[] = [];
  let failed = 0;
  let ties = 0;
  const byItem = new Map<string, { xy?: Side; yx?: Side }>();
  games.forEach((g, i) => {
    if (!(g.lengths[0] >= 0 && g.lengths[1] >= 0)) {
      throw new RangeError(`games[${i}].lengths must be >= 0`);
    }
    humanSide.push(g.human === undefined ? null : sideOf(g.human));
    if (Number.isNaN(g.firstPreference)) {
      failed++;
      judgeSide.push(null);
      return;
    }
    const first = sideOf(g.firstPreference);
    const x = (g.order === "xy" ? first : -first) as Side;
    if (x === 0) ties++;
    judgeSide.push(x);
    const seen = byItem.get(g.item) ?? {};
    if (seen[g.order] === undefined) seen[g.order] = x;
    byItem.set(g.item, seen);
  });
  const swap = new Tally();
  for (const seen of byItem.values()) {
    if (seen.xy !== undefined && seen.yx !== undefined) swap.add(seen.xy !== seen.yx);
  }
  const judge = tallyRates(games, judgeSide);
  // A human label belongs to the pair, not the game: its base rates count each item once (its
  // first labelled game), or the two orders of a pair would count one label twice.
  const firstLabelled = new Set<string>();
  const humanOnce = humanSide.map((s, i) => {
    const item = games[i]!.item;
    if (s === null || firstLabelled.has(item)) return null;
    firstLabelled.add(item);
    return s;
  });
  const labelled = humanSide.filter((s) => s !== null).length;
  let humans: HumanBaseline | null = null;
  if (labelled > 0) {
    const h = tallyRates(games, humanOnce);
    const agreement = new Tally();
    games.forEach((_, i) => {
      const a = judgeSide[i];
      const b = humanSide[i];
      if (a !== null && a !== undefined && b !== null && b !== undefined) agreement.add(a === b);
    });
    humans = {
      games: labelled,
      items: firstLabelled.size,
      firstPosition: humanFirstShown(games, humanSide, judgeSide, confidence),
      longerWins: h.longer.result(confidence),
      selfPreference: h.self.result(confidence),
      agreement: agreement.result(confidence),
    };
  }
  return {
    games: games.length,
    failed,
    ties,
    firstPosition: judge.first.result(confidence),
    swapInconsistency: swap.result(confidence),
    longerWins: judge.longer.result(confidence),
    selfPreference: judge.self.result(confidence),
    humans,
  };
}

/**
 * The humans' first-shown base rate over the orders the judge saw: per item with a decisive
 * label, the share of its judged games (verdict not failed) whose first-shown answer is the
 * human's side; summed over items, out of the items.
 */
function humanFirstShown(
  games: readonly JudgedGame[],
  humanSide: readonly (Side | null)[],
  judgeSide: readonly (Side | null)[],
  confidence: number,
): Proportion {
  const byItem = new Map<string, { first: number; shown: number }>();
  games.forEach((g, i) => {
    const side = humanSide[i];
    if (side === null || side === undefined || side === 0 || judgeSide[i] === null) return;
    const seen = byItem.get(g.item) ?? { first: 0, shown: 0 };
    seen.shown++;
    if ((side === 1) === (g.order === "xy")) seen.first++;
    byItem.set(g.item, seen);
  });
  let successes = 0;
  for (const { first, shown } of byItem.values()) successes += first / shown;
  return wilsonInterval(successes, byItem.size, confidence);
}
