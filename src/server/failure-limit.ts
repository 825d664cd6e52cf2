/**
 * Failed sign-ins counted per client address, in fixed windows: past `max` failures in a
 * window, the address's next failures are refused (429) until the window ends. Only failures
 * count, so a client with a bad token limits itself and nobody else at its address (a NAT,
 * an office, a reverse proxy): requests with a good token are limited per token instead
 * (plugins/authentication.ts), and the UI's files and `/api/health` not at all.
 *
 * The counts live in an LRU of `capacity` addresses: memory stays bounded however many
 * addresses a flood comes from (one pushed out starts afresh, which errs towards letting in).
 */
import { LruCache } from "./lru-cache.js";

export interface Limit {
  max: number;
  /** The window, ms. */
  timeWindow: number;
}

export class FailureLimit {
  readonly #windows: LruCache<{ count: number; endsAt: number }>;

  constructor(
    readonly limit: Limit,
    capacity = 100_000,
    private readonly now: () => number = Date.now,
  ) {
    this.#windows = new LruCache(capacity);
  }

  /**
   * Counts a failure from `address`.
   * @returns undefined while within the limit, else the seconds until its window ends.
   */
  fail(address: string): number | undefined {
    const now = this.now();
    let window = this.#windows.get(address);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + this.limit.timeWindow };
      this.#windows.set(address, window);
    }
    window.count++;
    return window.count > this.limit.max ? Math.ceil((window.endsAt - now) / 1000) : undefined;
  }
}
