/** Worker thread: scans JSON Lines ranges on request (see scan-pool.ts). */
import { parentPort } from "node:worker_threads";
import type { BattleFieldSpec } from "./battle-record.js";
import { scanJsonlRange } from "./scan-jsonl-range.js";

export interface ScanTask {
  id: number;
  path: string;
  start: number;
  stop: number;
  spec: BattleFieldSpec;
  skipInvalid: boolean;
  hashInput: boolean;
}

parentPort?.on("message", (task: ScanTask) => {
  try {
    const result = scanJsonlRange(
      task.path,
      task.start,
      task.stop,
      task.spec,
      task.skipInvalid,
      task.hashInput,
    );
    parentPort!.postMessage({ id: task.id, result });
  } catch (error) {
    parentPort!.postMessage({ id: task.id, error: (error as Error).message });
  }
});
