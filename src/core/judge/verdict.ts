/**
 * One parsed judge verdict on a pair as shown: the preference for the answer shown first, in
 * [0, 1] (1 = first better, 0.5 = tie, 0 = second better), with an optional strong flag
 * (arena-hard's ">>"), or a failure — a verdict that could not be parsed after its retries. A
 * failure is never read as a tie.
 */
export type GameVerdict =
  | { readonly ok: true; readonly preference: number; readonly strong?: boolean }
  | { readonly ok: false; readonly reason: string };

/** Categorical outcome of a preference: 1 first/x wins, 0 tie, −1 second/y wins. */
export type Side = 1 | 0 | -1;

/**
 * The side a preference in [0, 1] falls on: above one half → 1, exactly one half → 0, below → −1.
 * @throws RangeError on a value outside [0, 1] (NaN included).
 */
export function sideOf(preference: number): Side {
  if (!(preference >= 0 && preference <= 1)) {
    throw new RangeError(`a preference must be in [0, 1], got ${preference}`);
  }
  return preference > 0.5 ? 1 : preference < 0.5 ? -1 : 0;
}

/** Checks a verdict's fields: preference in [0, 1], and a strong verdict is not a tie. */
export function checkVerdict(verdict: GameVerdict, name: string): void {
  if (!verdict.ok) return;
  if (!(verdict.preference >= 0 && verdict.preference <= 1)) {
    throw new RangeError(`${name}.preference must be in [0, 1], got ${verdict.preference}`);
  }
  if (verdict.strong && verdict.preference === 0.5) {
    throw new RangeError(`${name} is a strong tie: no such verdict exists (A>>B or B>>A only)`);
  }
}
