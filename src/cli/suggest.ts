/**
 * "Did you mean …?" for a name the data does not have (an `--anchor` system, a `--by` field):
 * the closest names by edit distance (Levenshtein, ignoring case), or the names there are.
 */

/** Edit distance between two strings, compared in lower case: O(|a|·|b|) time, O(|b|) memory. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[y.length]!;
}

/**
 * The names close to `word` — within max(2, ⌊length/2⌋) edits, or starting with it — that are
 * closest, at most `max` of them; empty when none is close.
 *
 * @example closest("gpt-4", ["gpt-4o", "gpt-4o-mini", "llama"]) // ["gpt-4o"]
 */
export function closest(word: string, names: readonly string[], max = 3): string[] {
  const limit = Math.max(2, Math.floor(word.length / 2));
  const lower = word.toLowerCase();
  const close = names
    .map((name) => ({ name, distance: editDistance(word, name) }))
    .filter((c) => c.distance <= limit || c.name.toLowerCase().startsWith(lower));
  const best = Math.min(...close.map((c) => c.distance));
  return close
    .filter((c) => c.distance === best)
    .map((c) => c.name)
    .slice(0, max);
}

/** "(did you mean a or b?)" for the close names, else "" . */
export function didYouMean(word: string, names: readonly string[]): string {
  const near = closest(word, names);
  return near.length === 0 ? "" : ` (did you mean ${near.join(" or ")}?)`;
}

/** Up to `max` names joined by ", ", with "… and N more" past them. */
export function listNames(names: readonly string[], max = 20): string {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown}, … and ${names.length - max} more` : shown;
}
