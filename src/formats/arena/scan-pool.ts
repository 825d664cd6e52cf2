/** Worker threads that scan JSON Lines ranges in parallel, or this thread when there are none. */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ScanTask } from "./jsonl-worker.js";
import { type RangeResult, scanJsonlRange } from "./scan-jsonl-range.js";

const WORKER_URL = new URL("./jsonl-worker.js", import.meta.url);

/** A few worker threads that scan ranges; falls back to this thread when workers are not available. */
export class ScanPool {
  private workers: Worker[] = [];
  constructor(private readonly threads: number) {}

  async run(tasks: ScanTask[], onDone: (task: ScanTask) => void): Promise<RangeResult[]> {
    const useWorkers =
      this.threads > 1 && tasks.length > 1 && existsSync(fileURLToPath(WORKER_URL));
    const results: RangeResult[] = new Array(tasks.length);
    if (!useWorkers) {
      for (const task of tasks) {
        results[task.id] = scanJsonlRange(
          task.path,
          task.start,
          task.stop,
          task.spec,
          task.skipInvalid,
          task.hashInput,
        );
        onDone(task);
        if (!task.skipInvalid && results[task.id]!.errors.length > 0)
          return results.slice(0, task.id + 1);
      }
      return results;
    }
    while (this.workers.length < Math.min(this.threads, tasks.length))
      this.workers.push(new Worker(WORKER_URL));
    let next = 0;
    let stopAt = tasks.length;
    await Promise.all(
      this.workers.map(async (worker) => {
        while (next < stopAt) {
          const task = tasks[next++]!;
          const reply = await new Promise<{ result?: RangeResult; error?: string }>(
            (resolve, reject) => {
              worker.once("message", resolve);
              worker.once("error", reject);
              worker.postMessage(task);
            },
          );
          worker.removeAllListeners("error");
          if (reply.error !== undefined) throw new Error(reply.error);
          results[task.id] = reply.result!;
          onDone(task);
          if (!task.skipInvalid && reply.result!.errors.length > 0)
            stopAt = Math.min(stopAt, task.id + 1);
        }
      }),
    );
    return results.slice(0, stopAt);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers = [];
  }
}
