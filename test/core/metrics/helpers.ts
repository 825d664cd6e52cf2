import type { VerdictTable } from "../../../src/core/metrics/types.js";

/** Builds a VerdictTable from plain arrays (null → NaN). */
export function verdictTable(rows: {
  gold: number[];
  inOrder: (number | null)[];
  swapped: (number | null)[];
  unparsed?: number[];
  subset?: number[];
  subsetNames?: string[];
  lengthA?: (number | null)[];
  lengthB?: (number | null)[];
  probability?: (number | null)[];
}): VerdictTable {
  const n = rows.gold.length;
  const f = (a: (number | null)[]) => Float64Array.from(a, (x) => (x === null ? Number.NaN : x));
  return {
    n,
    gold: Float64Array.from(rows.gold),
    subset: Int32Array.from(rows.subset ?? Array(n).fill(-1)),
    subsetNames: rows.subsetNames ?? [],
    shownInOrder: f(rows.inOrder),
    shownSwapped: f(rows.swapped),
    unparsed: Uint8Array.from(rows.unparsed ?? Array(n).fill(0)),
    ...(rows.lengthA ? { lengthA: f(rows.lengthA), lengthB: f(rows.lengthB!) } : {}),
    ...(rows.probability ? { probability: f(rows.probability) } : {}),
  };
}
