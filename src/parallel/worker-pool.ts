/**
 * A fixed number of worker threads running one script, for the work prefkit splits into
 * independent tasks: the JSON Lines ranges of `prefkit leaderboard` and the bootstrap rounds of
 * one fit. Tasks wait for a free thread in the order they came. Whether to use threads at all is
 * the caller's explicit choice (`TaskThreads.workers`), never guessed from the files on disk.
 */
import { WorkerThread } from "./worker-thread.js";

export class WorkerPool<T, R> {
  readonly #idle: WorkerThread<T, R>[];
  readonly #all: WorkerThread<T, R>[];
  readonly #waiting: ((thread: WorkerThread<T, R>) => void)[] = [];

  /** @throws {RangeError} unless `size` is a positive integer (a caller's bug). */
  constructor(script: URL, size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError("size must be ≥ 1");
    this.#all = Array.from({ length: size }, () => new WorkerThread<T, R>(script));
    this.#idle = [...this.#all];
  }

  /** Runs `task` on the next free thread. */
  async run(task: T, onProgress?: (done: number) => void): Promise<R> {
    const thread =
      this.#idle.pop() ?? (await new Promise<WorkerThread<T, R>>((r) => this.#waiting.push(r)));
    try {
      return await thread.run(task, onProgress);
    } finally {
      const next = this.#waiting.shift();
      if (next) next(thread);
      else this.#idle.push(thread);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#all.map((thread) => thread.terminate()));
  }
}

/** Where a batch of tasks runs: worker threads, or the calling thread. */
export interface TaskThreads {
  /** Threads at most (1 runs every task on the calling thread). */
  threads: number;
  /**
   * False runs every task on the calling thread whatever `threads` says: for callers that run
   * from the TypeScript sources (tests), where there is no compiled worker script to start.
   */
  workers?: boolean;
}

export interface Batch<T, R> {
  /** Called as each task is done, in the order they finish. */
  onDone?: (task: T, result: R) => void;
  /** Units of work done, as tasks report them. */
  onProgress?: (done: number) => void;
  /** True ends the batch after this task: later tasks are not started, results end with it. */
  stopAfter?: (result: R) => boolean;
}

/**
 * Runs batches of tasks on up to `threads` worker threads of `script` (kept from one batch to
 * the next until `close`), or on this thread with `run` — the same function the script serves
 * (`serveTasks`), so the results do not depend on where the tasks ran.
 */
export class TaskRunner<T, R> {
  #pool: WorkerPool<T, R> | undefined;

  constructor(
    private readonly script: URL,
    private readonly where: TaskThreads,
    private readonly run: (task: T, progress: (done: number) => void) => R,
  ) {}

  /** The results in the order of `tasks` (up to the task that stopped the batch). */
  async runAll(tasks: readonly T[], batch: Batch<T, R> = {}): Promise<R[]> {
    const { onDone = () => {}, onProgress = () => {}, stopAfter = () => false } = batch;
    const threads = Math.min(this.where.threads, tasks.length);
    const results: R[] = [];
    if (threads <= 1 || this.where.workers === false) {
      for (const task of tasks) {
        const result = this.run(task, onProgress);
        results.push(result);
        onDone(task, result);
        if (stopAfter(result)) break;
      }
      return results;
    }
    this.#pool ??= new WorkerPool<T, R>(this.script, this.where.threads);
    const pool = this.#pool;
    let next = 0;
    let stopAt = tasks.length;
    await Promise.all(
      Array.from({ length: threads }, async () => {
        while (next < stopAt) {
          const k = next++;
          const result = await pool.run(tasks[k]!, onProgress);
          results[k] = result;
          onDone(tasks[k]!, result);
          if (stopAfter(result)) stopAt = Math.min(stopAt, k + 1);
        }
      }),
    );
    return results.slice(0, stopAt);
  }

  async close(): Promise<void> {
    await this.#pool?.close();
    this.#pool = undefined;
  }
}
