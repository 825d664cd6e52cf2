/**
 * Splits one fit's bootstrap rounds between fresh worker threads, for the CLI's `--threads`.
 * Each round draws from its own seeded stream, so the samples are identical to a
 * single-threaded run. (The server shares one pool of threads between requests instead:
 * fit-pool.ts.) Where the compiled worker is missing (tests running the TypeScript sources)
 * the rounds run on the calling thread, with the same result.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { type BootstrapSamples, bootstrapSamples } from "../core/rating/bootstrap.js";
import type { LeaderboardProblem } from "../core/rating/leaderboard-types.js";

const WORKER_URL = new URL("./bootstrap-worker.js", import.meta.url);

export async function parallelBootstrap(
  problem: LeaderboardProblem,
  threads: number,
  onRounds: (rounds: number) => void,
): Promise<BootstrapSamples> {
  const rounds = problem.options.bootstrapRounds;
  const n = problem.systems.length;
  const worthIt = threads > 1 && rounds >= 2 * threads;
  const useWorkers = worthIt && existsSync(fileURLToPath(WORKER_URL));
  if (!useWorkers) return bootstrapSamples(problem, 0, rounds, () => onRounds(1));
  const bounds = Array.from({ length: threads + 1 }, (_, k) => Math.round((k * rounds) / threads));
  const parts = await Promise.all(
    bounds.slice(0, -1).map(
      (from, k) =>
        new Promise<BootstrapSamples>((resolve, reject) => {
          const worker = new Worker(WORKER_URL);
          worker.on(
            "message",
            (m: { progress?: number; samples?: BootstrapSamples; error?: string }) => {
              if (m.progress !== undefined) onRounds(m.progress);
              else if (m.error !== undefined) reject(new Error(m.error));
              else {
                resolve(m.samples!);
                void worker.terminate();
              }
            },
          );
          worker.on("error", reject);
          worker.postMessage({ problem, from, to: bounds[k + 1]! });
        }),
    ),
  );
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
