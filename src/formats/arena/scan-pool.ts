/** The JSON Lines ranges of a battle log, scanned on worker threads (jsonl-worker.ts) or this one. */
import { TaskRunner, type TaskThreads } from "../../parallel/worker-pool.js";
import type { BattleFieldSpec } from "./battle-record.js";
import { type RangeResult, scanJsonlRange } from "./scan-jsonl-range.js";

export interface ScanTask {
  path: string;
  start: number;
  stop: number;
  spec: BattleFieldSpec;
  skipInvalid: boolean;
  hashInput: boolean;
}

const WORKER_SCRIPT = new URL("./jsonl-worker.js", import.meta.url);

/** One range scanned: what a worker thread runs, and this thread when there are none. */
export const scanTask = (task: ScanTask): RangeResult =>
  scanJsonlRange(task.path, task.start, task.stop, task.spec, task.skipInvalid, task.hashInput);

/** Scans ranges, keeping its threads from one file to the next until `close`. */
export const scanPool = (where: TaskThreads): TaskRunner<ScanTask, RangeResult> =>
  new TaskRunner(WORKER_SCRIPT, where, scanTask);
