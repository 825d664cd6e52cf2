/**
 * A range of bootstrap rounds of a prepared leaderboard problem, as a worker thread runs it
 * (bootstrap-worker.ts). A task carries the problem, or names by `fit` the one sent to the
 * same thread before (the server's fit pool sends a fit's problem once per thread, then ranges).
 */
import { type BootstrapSamples, bootstrapSamples } from "../core/rating/bootstrap.js";
import type { LeaderboardProblem } from "../core/rating/leaderboard-types.js";

export interface BootstrapTask {
  fit?: number;
  problem?: LeaderboardProblem;
  from: number;
  to: number;
}

/** The problem this thread holds, and the fit it belongs to. */
let held: { fit: number | undefined; problem: LeaderboardProblem } | undefined;

/** Progress is reported at most every 100 ms: a message a round would cost more than the round. */
const PROGRESS_MS = 100;

export function runBootstrapTask(
  task: BootstrapTask,
  progress: (rounds: number) => void,
): BootstrapSamples {
  if (task.problem) held = { fit: task.fit, problem: task.problem };
  if (!held || held.fit !== task.fit) throw new Error("no problem for this fit");
  let last = Date.now();
  let done = 0;
  const samples = bootstrapSamples(held.problem, task.from, task.to, () => {
    done++;
    if (Date.now() - last > PROGRESS_MS) {
      progress(done);
      done = 0;
      last = Date.now();
    }
  });
  progress(done);
  return samples;
}
