/**
 * Combining the two orders of a pairwise judgment. Game 1 shows A = x, B = y; game 2 shows the
 * swap, A = y, B = x. Each game's preference for its first-shown answer is turned into a
 * preference for x (game 1: p₁; game 2: 1 − p₂), and one of three documented rules combines them:
 *
 * - "arena-hard" (methods.md §D5; lmarena/arena-hard-auto show_result.py): each game is one
 *   battle with x's score, a strong verdict counting `strongWeight` times (3 upstream); game 2's
 *   battle comes first, as upstream. Gives 2 to 2·strongWeight weighted outcomes. Upstream maps
 *   the five labels to 0, 0.5, 1; a graded preference is kept as given.
 * - "mt-bench" (Zheng et al. 2023, arXiv 2306.05685; FastChat gen_judgment.py `play_a_match_pair`):
 *   the two sides agree → that side (1, 0.5 or 0 for x); they disagree → a tie (0.5).
 * - "both": the two games kept as two separate judgments with x's preference, weight 1 each.
 *
 * Consistency: the two games name the same side for x (win, tie or loss; strength ignored).
 *
 * A failed game (unparseable after retries) is never read as a tie:
 * - "arena-hard" drops the pair (no outcome), as upstream drops a question with a null game;
 * - "mt-bench" gives no outcome either — FastChat would call it "inconsistent", i.e. a tie,
 *   which would turn a parser failure into a silent tie;
 * - "both" keeps the other game's judgment alone: each game is its own judgment.
 * Consistency is then null (unknown), and `failedGames` says which games failed.
 */
import { checkVerdict, type GameVerdict, type Side, sideOf } from "./verdict.js";

export type CombineRule = "arena-hard" | "mt-bench" | "both";

export interface PairOutcome {
  /** Preference for x in [0, 1]. */
  readonly preference: number;
  /** How many battles this outcome counts as (strong arena-hard verdicts: strongWeight). */
  readonly weight: number;
  /** The game it comes from, or "both" for a rule that merges them. */
  readonly game: 1 | 2 | "both";
}

export interface CombinedPair {
  readonly rule: CombineRule;
  /** Both games parsed and name the same side; null when a game failed. */
  readonly consistent: boolean | null;
  /** x's side in game 1 and game 2 (after unswapping); null for a failed game. */
  readonly sides: readonly [Side | null, Side | null];
  /** Empty when the rule drops the pair. */
  readonly outcomes: readonly PairOutcome[];
  /** Games that failed: 1, 2, or both. */
  readonly failedGames: readonly (1 | 2)[];
}

export interface CombineOptions {
  /** Copies of a strong verdict under "arena-hard"; an integer ≥ 1, 3 by default. */
  readonly strongWeight?: number;
}

/**
 * Combines game 1 (A = x) and game 2 (A = y) of one pair under `rule`.
 * @example combineOrders({ ok: true, preference: 1, strong: true },
 *   { ok: true, preference: 1 }, "arena-hard").outcomes
 *   // [{ preference: 0, weight: 1, game: 2 }, { preference: 1, weight: 3, game: 1 }]
 * @throws RangeError on a preference outside [0, 1], a strong tie, or a bad strongWeight.
 */
export function combineOrders(
  game1: GameVerdict,
  game2: GameVerdict,
  rule: CombineRule,
  options: CombineOptions = {},
): CombinedPair {
  const strongWeight = options.strongWeight ?? 3;
  if (!(Number.isSafeInteger(strongWeight) && strongWeight >= 1)) {
    throw new RangeError(`strongWeight must be an integer >= 1, got ${strongWeight}`);
  }
  if (rule !== "arena-hard" && rule !== "mt-bench" && rule !== "both") {
    throw new RangeError(`rule must be "arena-hard", "mt-bench" or "both", got ${String(rule)}`);
  }
  checkVerdict(game1, "game1");
  checkVerdict(game2, "game2");
  const x1 = game1.ok ? game1.preference : null;
  const x2 = game2.ok ? 1 - game2.preference : null;
  const sides: [Side | null, Side | null] = [
    x1 === null ? null : sideOf(x1),
    x2 === null ? null : sideOf(x2),
  ];
  const failedGames: (1 | 2)[] = [];
  if (!game1.ok) failedGames.push(1);
  if (!game2.ok) failedGames.push(2);
  const consistent = failedGames.length > 0 ? null : sides[0] === sides[1];
  const outcomes: PairOutcome[] = [];
  const weightOf = (v: GameVerdict) =>
    rule === "arena-hard" && v.ok && v.strong ? strongWeight : 1;
  if (rule === "mt-bench") {
    if (consistent !== null) {
      const side = consistent ? sides[0]! : 0;
      outcomes.push({ preference: (side + 1) / 2, weight: 1, game: "both" });
    }
  } else if (rule === "arena-hard") {
    if (consistent !== null) {
      outcomes.push({ preference: x2!, weight: weightOf(game2), game: 2 });
      outcomes.push({ preference: x1!, weight: weightOf(game1), game: 1 });
    }
  } else {
    if (x1 !== null) outcomes.push({ preference: x1, weight: 1, game: 1 });
    if (x2 !== null) outcomes.push({ preference: x2, weight: 1, game: 2 });
  }
  return { rule, consistent, sides, outcomes, failedGames };
}
