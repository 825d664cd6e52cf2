/**
 * Battle logs compressed to unique (system A, system B, outcome) rows with counts — the form
 * FastChat fits and bootstraps on. A few thousand rows stand for millions of battles.
 */

export const OUTCOME_A = 0;
export const OUTCOME_B = 1;
export const OUTCOME_TIE = 2;
export const OUTCOME_TIE_BOTH_BAD = 3;
export type OutcomeCode = 0 | 1 | 2 | 3;

export interface OutcomeCounts {
  /** System names; rows refer to systems by index into this array. */
  readonly systems: readonly string[];
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly outcome: Uint8Array;
  /** How many battles share the row (a weight; whole numbers for battle logs). */
  readonly count: Float64Array;
}

/** Accumulates battles by (a, b, outcome); O(1) per battle, memory O(unique rows). */
export class OutcomeCounter {
  private readonly index = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly rows = new Map<number, number>();
  // Ids are packed into one number key: a * 2^22 + b, times 4, plus the outcome.
  private static readonly MAX_SYSTEMS = 1 << 22;

  systemId(name: string): number {
    let id = this.index.get(name);
    if (id === undefined) {
      id = this.names.length;
      if (id >= OutcomeCounter.MAX_SYSTEMS) throw new RangeError("too many distinct systems");
      this.names.push(name);
      this.index.set(name, id);
    }
    return id;
  }

  addIds(a: number, b: number, outcome: OutcomeCode, weight = 1): void {
    const key = (a * OutcomeCounter.MAX_SYSTEMS + b) * 4 + outcome;
    this.rows.set(key, (this.rows.get(key) ?? 0) + weight);
  }

  add(systemA: string, systemB: string, outcome: OutcomeCode, weight = 1): void {
    this.addIds(this.systemId(systemA), this.systemId(systemB), outcome, weight);
  }

  /** Rows sorted by (a, b, outcome) so the result does not depend on insertion order. */
  toCounts(): OutcomeCounts {
    return sortedCounts(this.names, this.rows);
  }
}

function sortedCounts(names: readonly string[], rows: Map<number, number>): OutcomeCounts {
  const keys = [...rows.keys()].sort((x, y) => x - y);
  const n = keys.length;
  const out = {
    systems: names,
    a: new Int32Array(n),
    b: new Int32Array(n),
    outcome: new Uint8Array(n),
    count: new Float64Array(n),
  };
  const m = 1 << 22;
  for (let r = 0; r < n; r++) {
    const key = keys[r]!;
    const pair = Math.floor(key / 4);
    out.a[r] = Math.floor(pair / m);
    out.b[r] = pair % m;
    out.outcome[r] = key % 4;
    out.count[r] = rows.get(key)!;
  }
  return out;
}

/**
 * Renames systems to their sorted order and merges rows, so that two logs holding the same
 * battles give identical counts whatever order the systems first appeared in.
 */
export function canonicalCounts(counts: OutcomeCounts): OutcomeCounts {
  const order = counts.systems.map((name, id) => ({ name, id }));
  order.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const newId = new Int32Array(counts.systems.length);
  order.forEach((entry, rank) => {
    newId[entry.id] = rank;
  });
  const rows = new Map<number, number>();
  const m = 1 << 22;
  for (let r = 0; r < counts.count.length; r++) {
    const key = (newId[counts.a[r]!]! * m + newId[counts.b[r]!]!) * 4 + counts.outcome[r]!;
    rows.set(key, (rows.get(key) ?? 0) + counts.count[r]!);
  }
  return sortedCounts(
    order.map((e) => e.name),
    rows,
  );
}

/** Total weight of all rows. */
export function totalCount(counts: OutcomeCounts): number {
  let s = 0;
  for (let r = 0; r < counts.count.length; r++) s += counts.count[r]!;
  return s;
}
