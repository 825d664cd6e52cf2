import { OUTCOME_A, OUTCOME_B, type OutcomeCounts } from "./outcome-counts.js";

/**
 * Sufficient statistics of every model without position effects: per unordered pair i < j,
 * the weight of wins of i, wins of j and ties. Both tie kinds ("tie", "tie (bothbad)") are
 * ties here.
 */
export interface PairTable {
  readonly systemCount: number;
  readonly i: Int32Array;
  readonly j: Int32Array;
  readonly winsI: Float64Array;
  readonly winsJ: Float64Array;
  readonly ties: Float64Array;
}

/**
 * Collapses outcome rows into a pair table. `weights`, when given, replaces `counts.count`
 * row by row (a bootstrap resample). Rows with a = b are ignored (readers reject them).
 */
export function pairTableFromCounts(counts: OutcomeCounts, weights?: Float64Array): PairTable {
  const n = counts.systems.length;
  const slot = new Map<number, number>();
  const is: number[] = [];
  const js: number[] = [];
  for (let r = 0; r < counts.a.length; r++) {
    const a = counts.a[r]!;
    const b = counts.b[r]!;
    if (a === b) continue;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const key = lo * n + hi;
    if (!slot.has(key)) {
      slot.set(key, is.length);
      is.push(lo);
      js.push(hi);
    }
  }
  const p = is.length;
  const table = {
    systemCount: n,
    i: Int32Array.from(is),
    j: Int32Array.from(js),
    winsI: new Float64Array(p),
    winsJ: new Float64Array(p),
    ties: new Float64Array(p),
  };
  for (let r = 0; r < counts.a.length; r++) {
    const a = counts.a[r]!;
    const b = counts.b[r]!;
    if (a === b) continue;
    const w = weights ? weights[r]! : counts.count[r]!;
    if (w === 0) continue;
    const s = slot.get(Math.min(a, b) * n + Math.max(a, b))!;
    const o = counts.outcome[r]!;
    if (o === OUTCOME_A || o === OUTCOME_B) {
      const winnerIsLow = (o === OUTCOME_A) === a < b;
      if (winnerIsLow) table.winsI[s]! += w;
      else table.winsJ[s]! += w;
    } else {
      table.ties[s]! += w;
    }
  }
  return table;
}
