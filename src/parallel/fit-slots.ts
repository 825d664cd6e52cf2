/**
 * Where a fit pool (fit-pool.ts) runs a chunk of bootstrap rounds: a worker thread it keeps,
 * or — where its owner says there are no workers, as when tests run the TypeScript sources —
 * the calling thread, with the same samples.
 *
 * The fit pool is not a `WorkerPool` (worker-pool.ts): its threads are shared by many fits
 * queued from requests, a fit is cancelled when its clients go (its threads terminated
 * mid-chunk), and a thread keeps the problem of the fit it last ran. Its slots sit on the same
 * primitive, `WorkerThread`, and speak the same protocol (worker-protocol.ts).
 */
import { type BootstrapSamples, bootstrapSamples } from "../core/rating/bootstrap.js";
import type { LeaderboardProblem } from "../core/rating/leaderboard-types.js";
import type { BootstrapTask } from "./bootstrap-task.js";
import { WorkerThread } from "./worker-thread.js";

export interface Chunk {
  /** The pool's id of the fit: a slot sends a fit's problem to its thread once. */
  fit: number;
  problem: LeaderboardProblem;
  from: number;
  to: number;
}

export interface FitSlot {
  /** Runs rounds [from, to); rejects with FitCancelled when `cancel` comes first. */
  run(chunk: Chunk): Promise<BootstrapSamples>;
  /** Stops the chunk under way at once (a worker is terminated, a fresh one made when needed). */
  cancel(): void;
  close(): Promise<void>;
}

export class FitCancelled extends Error {
  constructor(message = "the fit was cancelled") {
    super(message);
    this.name = "FitCancelled";
  }
}

const WORKER_URL = new URL("./bootstrap-worker.js", import.meta.url);

/**
 * A worker thread the slot keeps (worker-thread.ts), holding the problem of the fit it last ran
 * so that later chunks of that fit carry only their rounds. Cancelling terminates the thread;
 * the next chunk starts a fresh one.
 */
export class WorkerSlot implements FitSlot {
  readonly #thread = new WorkerThread<BootstrapTask, BootstrapSamples>(WORKER_URL);
  /** The fit whose problem the thread holds. */
  #fit: number | undefined;

  async run(chunk: Chunk): Promise<BootstrapSamples> {
    const { fit, from, to } = chunk;
    const task = this.#fit === fit ? { fit, from, to } : { fit, problem: chunk.problem, from, to };
    this.#fit = fit;
    try {
      return await this.#thread.run(task);
    } catch (error) {
      // A thread that failed may be gone, and the problem with it.
      this.#fit = undefined;
      throw error;
    }
  }

  cancel(): void {
    this.#fit = undefined;
    void this.#thread.terminate(new FitCancelled());
  }

  async close(): Promise<void> {
    this.cancel();
  }
}

/**
 * The calling thread: a chunk runs to its end once started (the pool drops the samples of a
 * cancelled fit), so chunks are what bounds how long the event loop is held.
 */
export class InThreadSlot implements FitSlot {
  async run(chunk: Chunk): Promise<BootstrapSamples> {
    // Let waiting I/O run between chunks.
    await new Promise((resolve) => setImmediate(resolve));
    return bootstrapSamples(chunk.problem, chunk.from, chunk.to);
  }

  cancel(): void {}

  async close(): Promise<void> {}
}
