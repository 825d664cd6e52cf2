/**
 * One pool of threads for every leaderboard fit a server makes: a fixed number of threads,
 * at most `queue` fits waiting beyond one per thread (past that, `PoolBusy`), and cancellation
 * — a fit whose requests are gone is dropped from the queue, or its threads are stopped. It
 * replaced a worker per request, with no cap and no cancellation: 16 concurrent
 * `bootstrap=10000` requests kept every core busy for 40 s after their clients had gone.
 *
 * A fit's rounds are cut into chunks of `chunkRounds`; a free thread takes the next chunk of the
 * oldest fit that has one left, so a lone fit uses every thread and fits finish in the order
 * they came. Each round draws from its own seeded stream (bootstrap.ts), so the samples do not
 * depend on the chunks or the threads.
 */
import type { BootstrapSamples } from "../core/rating/bootstrap.js";
import type { LeaderboardProblem } from "../core/rating/leaderboard-types.js";
import { type Chunk, FitCancelled, type FitSlot, InThreadSlot, WorkerSlot } from "./fit-slots.js";

export { FitCancelled } from "./fit-slots.js";

export interface FitPoolOptions {
  /** Threads (slots) fitting at once. */
  threads: number;
  /** Fits that may wait beyond one per thread. */
  queue: number;
  /** Rounds per chunk (default 250): what one thread does before taking the next chunk. */
  chunkRounds?: number;
  /**
   * False fits on the calling thread: for callers that run from the TypeScript sources (tests),
   * where there is no compiled worker script to start. Default true: a worker thread per slot.
   */
  workers?: boolean;
  /** Makes a slot (default: as `workers` says; tests pass their own). */
  slot?: () => FitSlot;
}

/** The pool is full: try again after `retryAfter` seconds. */
export class PoolBusy extends Error {
  constructor(
    readonly capacity: number,
    readonly retryAfter: number,
  ) {
    super(`the server is busy: ${capacity} leaderboard fits under way or waiting`);
    this.name = "PoolBusy";
  }
}

interface Fit {
  readonly id: number;
  readonly problem: LeaderboardProblem;
  readonly rounds: number;
  readonly admitted: number;
  /** The first round not yet handed to a thread. */
  next: number;
  finished: number;
  readonly parts: { from: number; samples: BootstrapSamples }[];
  readonly running: Set<FitSlot>;
  settled: boolean;
  /** Takes the fit's abort listener off the request's signal (many fits share one). */
  detach(): void;
  resolve(samples: BootstrapSamples): void;
  reject(error: unknown): void;
}

export class FitPool {
  readonly threads: number;
  readonly queue: number;
  readonly chunkRounds: number;
  readonly #makeSlot: () => FitSlot;
  readonly #idle: FitSlot[] = [];
  #slots = 0;
  /** Admitted fits not yet settled, oldest first. */
  readonly #fits: Fit[] = [];
  #nextId = 1;
  /** How long a fit has taken lately, ms (an exponential moving average). */
  #typicalMs = 1000;
  #closed = false;

  /** @throws RangeError unless threads ≥ 1, queue ≥ 0 and chunkRounds ≥ 1 are integers. */
  constructor(options: FitPoolOptions) {
    const { threads, queue, chunkRounds = 250 } = options;
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError("threads must be ≥ 1");
    if (!Number.isInteger(queue) || queue < 0) throw new RangeError("queue must be ≥ 0");
    if (!Number.isInteger(chunkRounds) || chunkRounds < 1) {
      throw new RangeError("chunkRounds must be ≥ 1");
    }
    this.threads = threads;
    this.queue = queue;
    this.chunkRounds = chunkRounds;
    this.#makeSlot =
      options.slot ??
      (options.workers === false ? () => new InThreadSlot() : () => new WorkerSlot());
  }

  /** Fits admitted and not yet done, and chunks being fitted now. */
  get load(): { fits: number; runningChunks: number } {
    return { fits: this.#fits.length, runningChunks: this.#slots - this.#idle.length };
  }

  /**
   * The problem's bootstrap rounds, as `bootstrapSamples(problem, 0, rounds)` gives them.
   * @throws PoolBusy when `threads + queue` fits are already admitted.
   * @throws FitCancelled when `signal` aborts first, or the pool is closed.
   */
  async bootstrap(problem: LeaderboardProblem, signal?: AbortSignal): Promise<BootstrapSamples> {
    const rounds = problem.options.bootstrapRounds;
    if (rounds === 0) return { ratings: new Float64Array(0), priorFallbackRounds: 0 };
    if (this.#closed) throw new FitCancelled("the fit pool is closed");
    if (signal?.aborted) throw new FitCancelled();
    const capacity = this.threads + this.queue;
    if (this.#fits.length >= capacity) {
      throw new PoolBusy(capacity, Math.min(60, Math.max(1, Math.ceil(this.#typicalMs / 1000))));
    }
    return new Promise<BootstrapSamples>((resolve, reject) => {
      const fit: Fit = {
        id: this.#nextId++,
        problem,
        rounds,
        admitted: Date.now(),
        next: 0,
        finished: 0,
        parts: [],
        running: new Set(),
        settled: false,
        detach: () => signal?.removeEventListener("abort", onAbort),
        resolve,
        reject,
      };
      const onAbort = () => this.#fail(fit, new FitCancelled());
      this.#fits.push(fit);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#dispatch();
    });
  }

  /** Cancels every fit and stops the threads. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const fit of [...this.#fits]) this.#fail(fit, new FitCancelled("the fit pool is closed"));
    await Promise.all(this.#idle.map((slot) => slot.close()));
  }

  #dispatch(): void {
    for (;;) {
      const fit = this.#fits.find((f) => f.next < f.rounds);
      if (!fit) return;
      const slot = this.#takeSlot();
      if (!slot) return;
      const from = fit.next;
      const to = Math.min(from + this.chunkRounds, fit.rounds);
      fit.next = to;
      fit.running.add(slot);
      const chunk: Chunk = { fit: fit.id, problem: fit.problem, from, to };
      slot.run(chunk).then(
        (samples) => {
          this.#release(slot, fit);
          if (fit.settled) return;
          fit.parts.push({ from, samples });
          fit.finished += to - from;
          if (fit.finished === fit.rounds) this.#finish(fit);
        },
        (error: unknown) => {
          this.#release(slot, fit);
          this.#fail(fit, error);
        },
      );
    }
  }

  #takeSlot(): FitSlot | undefined {
    const idle = this.#idle.pop();
    if (idle || this.#slots >= this.threads) return idle;
    this.#slots++;
    return this.#makeSlot();
  }

  #release(slot: FitSlot, fit: Fit): void {
    fit.running.delete(slot);
    if (this.#closed) void slot.close();
    else this.#idle.push(slot);
    queueMicrotask(() => this.#dispatch());
  }

  #finish(fit: Fit): void {
    this.#settle(fit);
    this.#typicalMs = 0.7 * this.#typicalMs + 0.3 * (Date.now() - fit.admitted);
    const n = fit.problem.systems.length;
    const ratings = new Float64Array(fit.rounds * n);
    let priorFallbackRounds = 0;
    for (const { from, samples } of fit.parts) {
      ratings.set(samples.ratings, from * n);
      priorFallbackRounds += samples.priorFallbackRounds;
    }
    fit.parts.length = 0;
    fit.resolve({ ratings, priorFallbackRounds });
  }

  /** Settles a fit with `error`, stopping its chunks under way. */
  #fail(fit: Fit, error: unknown): void {
    if (fit.settled) return;
    this.#settle(fit);
    for (const slot of fit.running) slot.cancel();
    fit.reject(error);
  }

  #settle(fit: Fit): void {
    fit.settled = true;
    fit.detach();
    const at = this.#fits.indexOf(fit);
    if (at >= 0) this.#fits.splice(at, 1);
  }
}
