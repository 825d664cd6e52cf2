/**
 * Collects validated battles per group: counts always (constant memory per group), plus the
 * battles in order when online Elo or style control needs them. Its state is plain data so
 * that worker threads can send it to the main thread and the main thread can merge it.
 */
import type { OutcomeCode } from "../../core/rating/outcome-counts.js";

export interface GroupState {
  /** Names by id; rows and the sequence refer to systems by index into this list. */
  systems: string[];
  /** Unique rows: a, b, outcome, count — flattened in fours. */
  rows: number[];
  sequence?: {
    a: Int32Array;
    b: Int32Array;
    outcome: Uint8Array;
    tstamp: Float64Array;
    styleA: Float64Array;
    styleB: Float64Array;
  };
}

export interface AccumulatorState {
  groups: [string, GroupState][];
  /** Records excluded by `where` filters. */
  filtered: number;
  /** Records without the `by` field (grouping only). */
  ungrouped: number;
  /**
   * How many valid records have each `by` and `where` field (dotted path), filtered out or not:
   * a field no record has is a mistyped option, not a filter that matched nothing.
   */
  present: Record<string, number>;
}

const ALL = "";

class GrowableSequence {
  length = 0;
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  outcome = new Uint8Array(1024);
  tstamp = new Float64Array(1024);
  styleA = new Float64Array(4096);
  styleB = new Float64Array(4096);

  push(a: number, b: number, o: OutcomeCode, t: number, style?: ArrayLike<number>): void {
    if (this.length === this.a.length) this.grow();
    const k = this.length++;
    this.a[k] = a;
    this.b[k] = b;
    this.outcome[k] = o;
    this.tstamp[k] = t;
    if (style) {
      for (let f = 0; f < 4; f++) {
        this.styleA[k * 4 + f] = style[f]!;
        this.styleB[k * 4 + f] = style[4 + f]!;
      }
    }
  }

  private grow(): void {
    const size = this.a.length * 2;
    const grown = <T extends Int32Array | Uint8Array | Float64Array>(old: T, n: number): T => {
      const next = new (old.constructor as new (n: number) => T)(n);
      next.set(old);
      return next;
    };
    this.a = grown(this.a, size);
    this.b = grown(this.b, size);
    this.outcome = grown(this.outcome, size);
    this.tstamp = grown(this.tstamp, size);
    this.styleA = grown(this.styleA, size * 4);
    this.styleB = grown(this.styleB, size * 4);
  }
}

const KEY_BASE = 1 << 22;
/** Up to this many systems, counts live in a dense array: no hashing on the hot path. */
const DENSE_SYSTEMS = 256;

/**
 * Counts per (a, b, outcome): a dense array while ids are small (it grows with the number
 * of systems seen, up to DENSE_SYSTEMS), a Map beyond.
 */
class RowCounts {
  private side = 8;
  private dense = new Float64Array(8 * 8 * 4);
  readonly sparse = new Map<number, number>();

  add(a: number, b: number, outcome: number): void {
    if (a >= this.side || b >= this.side) {
      if (a >= DENSE_SYSTEMS || b >= DENSE_SYSTEMS) {
        const row = (a * KEY_BASE + b) * 4 + outcome;
        this.sparse.set(row, (this.sparse.get(row) ?? 0) + 1);
        return;
      }
      this.grow(Math.max(a, b) + 1);
    }
    this.dense[(a * this.side + b) * 4 + outcome]! += 1;
  }

  private grow(needed: number): void {
    let side = this.side;
    while (side < needed) side *= 2;
    side = Math.min(side, DENSE_SYSTEMS);
    const next = new Float64Array(side * side * 4);
    for (let a = 0; a < this.side; a++) {
      next.set(this.dense.subarray(a * this.side * 4, (a + 1) * this.side * 4), a * side * 4);
    }
    this.dense = next;
    this.side = side;
  }

  /** Rows flattened in fours: a, b, outcome, count. */
  flatten(): number[] {
    const rows: number[] = [];
    for (let k = 0; k < this.dense.length; k++) {
      const count = this.dense[k]!;
      if (count === 0) continue;
      const pair = k >> 2;
      rows.push(Math.floor(pair / this.side), pair % this.side, k & 3, count);
    }
    for (const [row, count] of this.sparse) {
      const pair = Math.floor(row / 4);
      rows.push(Math.floor(pair / KEY_BASE), pair % KEY_BASE, row % 4, count);
    }
    return rows;
  }
}

export class BattleAccumulator {
  private readonly groups = new Map<string, { rows: RowCounts; sequence?: GrowableSequence }>();
  filtered = 0;
  ungrouped = 0;
  readonly present: Record<string, number> = {};

  constructor(
    /** System names by id, shared with whoever assigns the ids. */
    private readonly names: readonly string[],
    private readonly grouped: boolean,
    private readonly keepSequence: boolean,
  ) {}

  /** Adds one battle between systems a and b (ids into `names`). */
  add(
    a: number,
    b: number,
    outcome: OutcomeCode,
    group: string | undefined,
    tstamp: number,
    style?: ArrayLike<number>,
  ): void {
    const key = this.grouped ? group : ALL;
    if (key === undefined) {
      this.ungrouped++;
      return;
    }
    let g = this.groups.get(key);
    if (!g) {
      g = {
        rows: new RowCounts(),
        ...(this.keepSequence ? { sequence: new GrowableSequence() } : {}),
      };
      this.groups.set(key, g);
    }
    g.rows.add(a, b, outcome);
    g.sequence?.push(a, b, outcome, tstamp, style);
  }

  state(): AccumulatorState {
    const groups: [string, GroupState][] = [];
    for (const [key, g] of this.groups) {
      const rows = g.rows.flatten();
      const s = g.sequence;
      groups.push([
        key,
        {
          systems: [...this.names],
          rows,
          ...(s
            ? {
                sequence: {
                  a: s.a.slice(0, s.length),
                  b: s.b.slice(0, s.length),
                  outcome: s.outcome.slice(0, s.length),
                  tstamp: s.tstamp.slice(0, s.length),
                  styleA: s.styleA.slice(0, s.length * 4),
                  styleB: s.styleB.slice(0, s.length * 4),
                },
              }
            : {}),
        },
      ]);
    }
    return {
      groups,
      filtered: this.filtered,
      ungrouped: this.ungrouped,
      present: { ...this.present },
    };
  }
}
