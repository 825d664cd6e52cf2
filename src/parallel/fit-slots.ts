/**
 * Where a fit pool (fit-pool.ts) runs a chunk of bootstrap rounds: a worker thread it keeps,
 * or — where the compiled worker is missing, as when tests run the TypeScript sources — the
 * calling thread, with the same samples.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type BootstrapSamples, bootstrapSamples } from "../core/rating/bootstrap.js";
import type { LeaderboardProblem } from "../core/rating/leaderboard-types.js";

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

/** A slot on a worker thread when the compiled worker exists, else on the calling thread. */
export const defaultSlot = (): FitSlot =>
  existsSync(fileURLToPath(WORKER_URL)) ? new WorkerSlot() : new InThreadSlot();

type Reply = { progress?: number; samples?: BootstrapSamples; error?: string };
type Pending = { resolve: (s: BootstrapSamples) => void; reject: (e: unknown) => void };

export class WorkerSlot implements FitSlot {
  #worker: Worker | undefined;
  /** The fit whose problem the worker holds. */
  #fit: number | undefined;
  #pending: Pending | undefined;

  run(chunk: Chunk): Promise<BootstrapSamples> {
    const worker = this.#worker ?? this.#spawn();
    const { fit, from, to } = chunk;
    const message =
      this.#fit === fit ? { fit, from, to } : { fit, problem: chunk.problem, from, to };
    this.#fit = fit;
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      worker.postMessage(message);
    });
  }

  cancel(): void {
    this.#settle((p) => p.reject(new FitCancelled()));
    this.#reset();
  }

  async close(): Promise<void> {
    this.cancel();
  }

  #spawn(): Worker {
    const worker = new Worker(WORKER_URL);
    // Idle threads never keep the process alive.
    worker.unref();
    const current = () => worker === this.#worker;
    worker.on("message", (m: Reply) => {
      if (!current() || m.progress !== undefined) return;
      if (m.error !== undefined) this.#settle((p) => p.reject(new Error(m.error)));
      else this.#settle((p) => p.resolve(m.samples!));
    });
    worker.on("error", (error) => {
      if (!current()) return;
      this.#reset();
      this.#settle((p) => p.reject(error));
    });
    worker.on("exit", (code) => {
      if (!current()) return;
      this.#reset();
      this.#settle((p) => p.reject(new Error(`the fit's worker thread exited (${code})`)));
    });
    this.#worker = worker;
    return worker;
  }

  #settle(how: (pending: Pending) => void): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (pending) how(pending);
  }

  #reset(): void {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#fit = undefined;
    void worker?.terminate();
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
