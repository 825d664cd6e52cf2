/**
 * Splits one fit's bootstrap rounds between worker threads, for the CLI's `--threads`.
 * Each round draws from its own seeded stream, so the samples are identical to a
 * single-threaded run. (The server shares one pool of threads between requests instead:
 * fit-pool.ts.)
 */
import { type BootstrapSamples, bootstrapSamples } from "../core/rating/bootstrap.js";
import type { LeaderboardProblem } from "../core/rating/leaderboard-types.js";
import { type BootstrapTask, runBootstrapTask } from "./bootstrap-task.js";
import { TaskRunner, type TaskThreads } from "./worker-pool.js";

const WORKER_SCRIPT = new URL("./bootstrap-worker.js", import.meta.url);

/**
 * The problem's bootstrap samples, on up to `where.threads` threads (the calling thread when
 * there are fewer than two rounds a thread, or `where.workers` is false). `onRounds(n)` reports
 * n more rounds done.
 */
export async function parallelBootstrap(
  problem: LeaderboardProblem,
  where: TaskThreads,
  onRounds: (rounds: number) => void,
): Promise<BootstrapSamples> {
  const rounds = problem.options.bootstrapRounds;
  const n = problem.systems.length;
  const threads = rounds >= 2 * where.threads ? where.threads : 1;
  if (threads <= 1 || where.workers === false)
    return bootstrapSamples(problem, 0, rounds, () => onRounds(1));
  const bounds = Array.from({ length: threads + 1 }, (_, k) => Math.round((k * rounds) / threads));
  const tasks = bounds.slice(0, -1).map((from, k) => ({ problem, from, to: bounds[k + 1]! }));
  const runner = new TaskRunner<BootstrapTask, BootstrapSamples>(
    WORKER_SCRIPT,
    { threads },
    runBootstrapTask,
  );
  let parts: BootstrapSamples[];
  try {
    parts = await runner.runAll(tasks, { onProgress: onRounds });
  } finally {
    await runner.close();
  }
  const ratings = new Float64Array(rounds * n);
  let offset = 0;
  let priorFallbackRounds = 0;
  for (const part of parts) {
    ratings.set(part.ratings, offset);
    offset += part.ratings.length;
    priorFallbackRounds += part.priorFallbackRounds;
  }
  return { ratings, priorFallbackRounds };
}
