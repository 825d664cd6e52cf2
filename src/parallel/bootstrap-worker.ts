/** Worker thread: runs a range of bootstrap rounds of a prepared leaderboard problem. */
import { parentPort } from "node:worker_threads";
import { bootstrapSamples } from "../core/rating/bootstrap.js";
import type { LeaderboardProblem } from "../core/rating/leaderboard-types.js";

parentPort?.on("message", (task: { problem: LeaderboardProblem; from: number; to: number }) => {
  try {
    let last = Date.now();
    let done = 0;
    const samples = bootstrapSamples(task.problem, task.from, task.to, () => {
      done++;
      if (Date.now() - last > 100) {
        parentPort!.postMessage({ progress: done });
        done = 0;
        last = Date.now();
      }
    });
    parentPort!.postMessage({ progress: done });
    parentPort!.postMessage({ samples }, [samples.ratings.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message });
  }
});
