/**
 * Worker thread: runs a range of bootstrap rounds of a prepared leaderboard problem. A message
 * carries the problem, or names by `fit` the one sent before (a fit pool sends a fit's problem
 * once per thread, then ranges of rounds).
 */
import { parentPort } from "node:worker_threads";
import { bootstrapSamples } from "../core/rating/bootstrap.js";
import type { LeaderboardProblem } from "../core/rating/leaderboard-types.js";

let held: { fit: number | undefined; problem: LeaderboardProblem } | undefined;

parentPort?.on(
  "message",
  (task: { fit?: number; problem?: LeaderboardProblem; from: number; to: number }) => {
    try {
      if (task.problem) held = { fit: task.fit, problem: task.problem };
      if (!held || held.fit !== task.fit) throw new Error("no problem for this fit");
      let last = Date.now();
      let done = 0;
      const samples = bootstrapSamples(held.problem, task.from, task.to, () => {
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
  },
);
