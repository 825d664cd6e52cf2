/**
 * "Did you mean …?" for an unknown key in a systems file: the closest known key by edit
 * distance. (cli/suggest.ts does the same for the command line; llm may not import from cli.)
 */

/** Levenshtein distance, case-insensitive: O(|a|·|b|) time, O(|b|) memory. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++)
      current.push(
        Math.min(
          previous[j]! + 1,
          current[j - 1]! + 1,
          previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1),
        ),
      );
    previous = current;
  }
  return previous[y.length]!;
}

/**
 * The known name closest to `word` within max(2, ⌊length/3⌋) edits, or one that contains it
 * with `_` / `-` differences ignored; undefined when none is close.
 *
 * @example closestName("temprature", ["temperature", "top_p"]) // "temperature"
 */
export function closestName(word: string, names: readonly string[]): string | undefined {
  const plain = (s: string) => s.toLowerCase().replace(/[-_]/g, "");
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of names) {
    const d = plain(name) === plain(word) ? 0 : distance(word, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
