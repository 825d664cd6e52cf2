/** A least-recently-used cache of a fixed number of entries, on a Map's insertion order. */
export class LruCache<V> {
  readonly #entries = new Map<string, V>();

  /** @throws RangeError unless `capacity` is a positive integer. */
  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError("capacity must be a positive integer");
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value === undefined) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Removes every entry whose value matches; O(size). */
  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, value] of this.#entries) if (matches(value)) this.#entries.delete(key);
  }
}

/**
 * Values that may be a little stale: each is kept for `ttlMs` after it was loaded. Used for
 * what every request looks up and nothing changes often (a token's annotator, a project), so
 * a request costs no database round trip for them.
 */
export class ExpiringCache<V> {
  readonly #entries: LruCache<{ value: V; expires: number }>;
  /** Grows with every `deleteWhere`: a load begun before it may hold what was just dropped. */
  #generation = 0;

  constructor(
    capacity: number,
    readonly ttlMs: number,
  ) {
    this.#entries = new LruCache(capacity);
  }

  /**
   * The cached value, or `load()`'s (cached only when defined, and only when no `deleteWhere`
   * came while it loaded).
   */
  async get(key: string, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const hit = this.#entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value;
    const generation = this.#generation;
    const value = await load();
    if (value === undefined) this.#entries.delete(key);
    else if (generation === this.#generation) {
      this.#entries.set(key, { value, expires: Date.now() + this.ttlMs });
    }
    return value;
  }

  /** Drops every value that matches, at once: they are loaded afresh when next asked for. */
  deleteWhere(matches: (value: V) => boolean): void {
    this.#generation++;
    this.#entries.deleteWhere((entry) => matches(entry.value));
  }
}
