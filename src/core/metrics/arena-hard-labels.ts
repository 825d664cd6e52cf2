// arena-hard-auto's verdict labels → battle scores from the model's perspective (methods.md
// §D5 step 3; lmarena/arena-hard-auto show_result.py `load_judgments`, `label_to_score`).

/** Score for the response in position A and how many copies a strong verdict makes. */
const LABELS: Readonly<Record<string, readonly [number, boolean]>> = {
  "A>B": [1, false],
  "A>>B": [1, true],
  "A=B": [0.5, false],
  "A<<B": [0, true],
  "A<B": [0, false],
  "B>A": [0, false],
  "B>>A": [0, true],
  "B=A": [0.5, false],
  "B<<A": [1, true],
  "B<A": [1, false],
};

/**
 * The battle scores of one question: `game1` judged A = baseline, B = model; `game2` judged
 * A = model, B = baseline. Game 2's scores come first, then 1 − game 1's, as upstream; a strong
 * verdict gives `weight` copies (3 upstream). Null when either game has no verdict or an
 * unknown label (upstream drops the question).
 * @example arenaHardBattleScores("B>>A", "A>B") // [1, 1, 1, 1]
 */
export function arenaHardBattleScores(
  game1: string | null,
  game2: string | null,
  weight = 3,
): number[] | null {
  if (!Number.isSafeInteger(weight) || weight < 1)
    throw new RangeError("weight must be an integer >= 1");
  const first = game1 === null ? undefined : LABELS[game1];
  const second = game2 === null ? undefined : LABELS[game2];
  if (!first || !second) return null;
  const copies = ([score, strong]: readonly [number, boolean], flip: boolean) =>
    Array<number>(strong ? weight : 1).fill(flip ? 1 - score : score);
  return [...copies(second, false), ...copies(first, true)];
}
