/**
 * One worker thread running one task at a time (worker-protocol.ts): the primitive under the
 * worker pool. The thread keeps the process alive only while a task runs, and a thread that
 * dies (an uncaught error, `terminate`) fails its task and is replaced by the next `run`.
 */
import { Worker } from "node:worker_threads";
import { errorOf, type Reply } from "./worker-protocol.js";

interface Pending<R> {
  resolve(result: R): void;
  reject(error: unknown): void;
  progress?: ((done: number) => void) | undefined;
}

export class WorkerThread<T, R> {
  #worker: Worker | undefined;
  #pending: Pending<R> | undefined;

  constructor(private readonly script: URL) {}

  /** Runs `task` on the thread (started on first use); one task at a time. */
  run(task: T, onProgress?: (done: number) => void): Promise<R> {
    if (this.#pending) throw new Error("WorkerThread runs one task at a time");
    const worker = this.#worker ?? this.#spawn();
    worker.ref();
    return new Promise<R>((resolve, reject) => {
      this.#pending = { resolve, reject, progress: onProgress };
      worker.postMessage(task);
    });
  }

  /** Stops the thread at once; a task under way fails with `reason`. */
  async terminate(reason: Error = new Error("the worker thread was stopped")): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#settle((p) => p.reject(reason));
    await worker?.terminate();
  }

  #spawn(): Worker {
    const worker = new Worker(this.script);
    const current = () => worker === this.#worker;
    worker.on("message", (reply: Reply<R>) => {
      if (!current()) return;
      if ("progress" in reply) this.#pending?.progress?.(reply.progress);
      else if ("result" in reply) this.#settle((p) => p.resolve(reply.result));
      else this.#settle((p) => p.reject(errorOf(reply.failure)));
    });
    worker.on("error", (error) => {
      if (!current()) return;
      this.#worker = undefined;
      this.#settle((p) => p.reject(error));
    });
    worker.on("exit", (code) => {
      if (!current()) return;
      this.#worker = undefined;
      this.#settle((p) => p.reject(new Error(`the worker thread exited (${code})`)));
    });
    this.#worker = worker;
    return worker;
  }

  #settle(how: (pending: Pending<R>) => void): void {
    const pending = this.#pending;
    this.#pending = undefined;
    // An idle thread never keeps the process alive.
    this.#worker?.unref();
    if (pending) how(pending);
  }
}
