/**
 * Which two live systems answer an annotator's prompt: the project's pair policy, as the replay
 * arena has it (store/next-pair-task.ts) — the pair of systems with the fewest votes so far,
 * ties broken at random, and each system's side a coin flip, so that neither the pair nor the
 * position tells the annotator anything. A side that fails is answered by a system not yet in
 * the conversation, at random. Pure: the counts and the random source are given.
 */

/** An integer in [0, n): crypto.randomInt in the server, a seeded one in tests. */
export type RandomInt = (n: number) => number;

/** The key of an unordered pair of systems. */
export const systemPairKey = (x: string, y: string): string =>
  JSON.stringify(x < y ? [x, y] : [y, x]);

/**
 * The pair of `systems` (distinct ids, at least two) with the fewest `votes` (by
 * `systemPairKey`; absent = none), ties at random, in random order: [side a, side b].
 *
 * @example chooseLivePair(["x", "y", "z"], new Map([[systemPairKey("x", "y"), 3]]), randomInt)
 *   // one of [x, z], [z, x], [y, z], [z, y]
 * @throws RangeError with fewer than two systems.
 * Complexity: O(k²) for k systems.
 */
export function chooseLivePair(
  systems: readonly string[],
  votes: ReadonlyMap<string, number>,
  random: RandomInt,
): [string, string] {
  if (systems.length < 2) throw new RangeError("a live pair needs at least two systems");
  let fewest = Number.POSITIVE_INFINITY;
  let least: [string, string][] = [];
  for (let i = 0; i < systems.length; i++) {
    for (let j = i + 1; j < systems.length; j++) {
      const pair: [string, string] = [systems[i]!, systems[j]!];
      const n = votes.get(systemPairKey(...pair)) ?? 0;
      if (n < fewest) [fewest, least] = [n, [pair]];
      else if (n === fewest) least.push(pair);
    }
  }
  const [x, y] = least[random(least.length)]!;
  return random(2) === 0 ? [x, y] : [y, x];
}

/** A system of `systems` not in `taken`, at random; undefined when every one is taken. */
export function replacementFor(
  systems: readonly string[],
  taken: ReadonlySet<string>,
  random: RandomInt,
): string | undefined {
  const free = systems.filter((s) => !taken.has(s));
  return free.length === 0 ? undefined : free[random(free.length)];
}
