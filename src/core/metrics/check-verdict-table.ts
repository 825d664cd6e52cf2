import type { VerdictTable } from "./types.js";

const inUnit = (x: number) => x >= 0 && x <= 1;

/**
 * Checks a verdict table's shape and values: every array of length n, gold in [0, 1],
 * verdicts and probabilities in [0, 1] or NaN, subset indices in [-1, subsetNames.length),
 * unparsed flags in 0..3 and only on NaN orders, lengths both present or both absent and
 * finite and >= 0 or NaN.
 * @throws RangeError naming the first bad array and index.
 */
export function checkVerdictTable(table: VerdictTable): void {
  const { n } = table;
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`n must be an integer >= 0, got ${n}`);
  const arrays: [string, ArrayLike<number> | undefined][] = [
    ["gold", table.gold],
    ["subset", table.subset],
    ["shownInOrder", table.shownInOrder],
    ["shownSwapped", table.shownSwapped],
    ["unparsed", table.unparsed],
    ["lengthA", table.lengthA],
    ["lengthB", table.lengthB],
    ["probability", table.probability],
  ];
  for (const [name, array] of arrays) {
    if (array !== undefined && array.length !== n) {
      throw new RangeError(`${name} has length ${array.length}, expected n = ${n}`);
    }
  }
  if ((table.lengthA === undefined) !== (table.lengthB === undefined)) {
    throw new RangeError("lengthA and lengthB must be given together");
  }
  const subsets = table.subsetNames.length;
  const bad = (name: string, i: number, value: number, rule: string) =>
    new RangeError(`${name}[${i}] ${rule}, got ${value}`);
  for (let i = 0; i < n; i++) {
    const g = table.gold[i]!;
    if (!inUnit(g)) throw bad("gold", i, g, "must be in [0, 1]");
    const s = table.subset[i]!;
    if (s < -1 || s >= subsets)
      throw bad("subset", i, s, `must be -1 or an index below ${subsets}`);
    const flags = table.unparsed[i]!;
    if (flags > 3)
      throw bad("unparsed", i, flags, "must be a bit set of 1 (in order) and 2 (swapped)");
    const v1 = table.shownInOrder[i]!;
    const v2 = table.shownSwapped[i]!;
    if (!(Number.isNaN(v1) || inUnit(v1)))
      throw bad("shownInOrder", i, v1, "must be in [0, 1] or NaN");
    if (!(Number.isNaN(v2) || inUnit(v2)))
      throw bad("shownSwapped", i, v2, "must be in [0, 1] or NaN");
    if (flags & 1 && !Number.isNaN(v1))
      throw bad("shownInOrder", i, v1, "is flagged unparsed but holds a verdict");
    if (flags & 2 && !Number.isNaN(v2))
      throw bad("shownSwapped", i, v2, "is flagged unparsed but holds a verdict");
    const p = table.probability?.[i];
    if (p !== undefined && !(Number.isNaN(p) || inUnit(p))) {
      throw bad("probability", i, p, "must be in [0, 1] or NaN");
    }
    for (const [name, lengths] of [
      ["lengthA", table.lengthA],
      ["lengthB", table.lengthB],
    ] as const) {
      const l = lengths?.[i];
      if (l !== undefined && !(Number.isNaN(l) || (l >= 0 && l < Number.POSITIVE_INFINITY))) {
        throw bad(name, i, l, "must be finite and >= 0, or NaN");
      }
    }
  }
}
