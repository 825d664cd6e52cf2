/**
 * One system's limits, shared by every request to it: at most `concurrency` in flight, and
 * requests and tokens per minute as token buckets that refill continuously. A bucket holds one
 * second's worth (at least one request, or one request's tokens), so traffic stays smooth: in
 * any window of W seconds at most rate·(W + 1) pass — a minute's limit is never exceeded by more
 * than a second's share. A request larger than the token bucket waits for a full bucket and
 * leaves it in debt.
 *
 * A 429 pauses the whole system (`pause`): its other requests would meet the same limit, so
 * they wait out the back-off together instead of each discovering it. The clock and the sleep
 * are injectable, so tests check rates without waiting.
 */
import type { LlmSystem } from "./types.js";

export interface LimiterOptions {
  concurrency: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  /** Milliseconds; default performance.now. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

class Bucket {
  private level: number;
  private last: number;
  readonly capacity: number;
  /** Per millisecond. */
  private readonly rate: number;

  constructor(perMinute: number, now: number) {
    this.rate = perMinute / 60_000;
    this.capacity = Math.max(1, perMinute / 60);
    this.level = this.capacity;
    this.last = now;
  }

  private refill(now: number) {
    this.level = Math.min(this.capacity, this.level + (now - this.last) * this.rate);
    this.last = now;
  }

  /** Milliseconds until `amount` (at most a full bucket) is there; 0 when it is. */
  waitFor(amount: number, now: number): number {
    this.refill(now);
    const needed = Math.min(amount, this.capacity);
    return this.level >= needed ? 0 : Math.ceil((needed - this.level) / this.rate);
  }

  take(amount: number, now: number) {
    this.refill(now);
    this.level -= amount;
  }
}

/**
 * @example
 * const limiter = SystemLimiter.for(system);
 * const result = await limiter.run(estimatedTokens, () => client.complete(request));
 */
export class SystemLimiter {
  private readonly concurrency: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly requests?: Bucket;
  private readonly tokens?: Bucket;
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private pausedUntil = 0;

  constructor(options: LimiterOptions) {
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1)
      throw new RangeError("concurrency must be a positive integer");
    this.concurrency = options.concurrency;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const start = this.now();
    if (options.requestsPerMinute !== undefined)
      this.requests = new Bucket(options.requestsPerMinute, start);
    if (options.tokensPerMinute !== undefined)
      this.tokens = new Bucket(options.tokensPerMinute, start);
  }

  /** A limiter with a system's own limits. */
  static for(system: LlmSystem, options: Pick<LimiterOptions, "now" | "sleep"> = {}) {
    return new SystemLimiter({
      concurrency: system.concurrency,
      ...(system.requestsPerMinute === undefined
        ? {}
        : { requestsPerMinute: system.requestsPerMinute }),
      ...(system.tokensPerMinute === undefined ? {} : { tokensPerMinute: system.tokensPerMinute }),
      ...options,
    });
  }

  /** Requests in flight now. */
  get active(): number {
    return this.running;
  }

  /** Holds every request of the system for `ms` from now (a 429's back-off, shared). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /** Tokens used beyond the estimate (negative: fewer), so the bucket tracks real use. */
  charge(tokens: number): void {
    this.tokens?.take(tokens, this.now());
  }

  /** Runs `fn` once a slot, a request and `estimatedTokens` are available. */
  async run<T>(estimatedTokens: number, fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      await this.admit(estimatedTokens);
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    // The releasing request hands its slot over: `running` stays the same.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release() {
    const next = this.waiting.shift();
    if (next) next();
    else this.running -= 1;
  }

  private async admit(tokens: number) {
    for (;;) {
      const now = this.now();
      const wait = Math.max(
        this.pausedUntil - now,
        this.requests?.waitFor(1, now) ?? 0,
        this.tokens?.waitFor(tokens, now) ?? 0,
      );
      if (wait <= 0) {
        this.requests?.take(1, now);
        this.tokens?.take(tokens, now);
        return;
      }
      await this.sleep(wait);
    }
  }
}
