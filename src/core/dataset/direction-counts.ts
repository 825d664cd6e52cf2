/**
 * Counts per 64-bit digest of two directions (a group's "forward" and "backward" items), in
 * typed arrays: what finding contradictory preferences costs is 16 bytes per distinct group
 * plus slack, never the items themselves. Open addressing over (hi, lo) pairs, as DigestSet.
 */

/** A digest as `Digest64` gives it. */
export interface DigestLike {
  readonly hi: number;
  readonly lo: number;
}

/** The two counts of one group: items of direction 0 and of direction 1. */
export type DirectionPair = readonly [number, number];

/**
 * @example
 * const counts = new DirectionCounts();
 * counts.add(groupDigest, 1);
 * counts.get(groupDigest); // [0, 1]
 * Complexity: O(1) expected per add and get; memory 16 bytes per slot, at most half full.
 */
export class DirectionCounts {
  private keys = new Int32Array(2 * 1024);
  private counts = new Uint32Array(2 * 1024);
  private used = new Uint8Array(1024);
  private groups = 0;

  /** Distinct groups seen. */
  get size(): number {
    return this.groups;
  }

  /** Counts one item of `direction` in the group. */
  add(digest: DigestLike, direction: 0 | 1): void {
    if (2 * (this.groups + 1) > this.used.length) this.grow();
    const i = this.slot(digest.hi | 0, digest.lo | 0, true);
    this.counts[2 * i + direction]! += 1;
  }

  /** The group's counts; [0, 0] for a group never seen. */
  get(digest: DigestLike): DirectionPair {
    const i = this.slot(digest.hi | 0, digest.lo | 0, false);
    return i < 0 ? [0, 0] : [this.counts[2 * i]!, this.counts[2 * i + 1]!];
  }

  /** Calls `visit` with every group's counts, in no particular order. */
  forEach(visit: (counts: DirectionPair) => void): void {
    for (let i = 0; i < this.used.length; i++)
      if (this.used[i]) visit([this.counts[2 * i]!, this.counts[2 * i + 1]!]);
  }

  /** The slot holding the digest; with `create`, a new one when absent (else -1). */
  private slot(hi: number, lo: number, create: boolean): number {
    const mask = this.used.length - 1;
    let i = (hi ^ lo) & mask;
    for (; this.used[i]; i = (i + 1) & mask) {
      if (this.keys[2 * i] === hi && this.keys[2 * i + 1] === lo) return i;
    }
    if (!create) return -1;
    this.used[i] = 1;
    this.keys[2 * i] = hi;
    this.keys[2 * i + 1] = lo;
    this.groups++;
    return i;
  }

  private grow(): void {
    const { keys, counts, used } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.counts = new Uint32Array(counts.length * 2);
    this.used = new Uint8Array(used.length * 2);
    this.groups = 0;
    for (let k = 0; k < used.length; k++) {
      if (!used[k]) continue;
      const i = this.slot(keys[2 * k]!, keys[2 * k + 1]!, true);
      this.counts[2 * i] = counts[2 * k]!;
      this.counts[2 * i + 1] = counts[2 * k + 1]!;
    }
  }
}
