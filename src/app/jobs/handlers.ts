/**
 * The job handlers this prefkit runs, by kind: what `prefkit jobs resume` and `prefkit worker`
 * give the runner (jobs/runner.ts). Each use case that makes durable jobs adds its handler here.
 * Handlers must be idempotent in `complete` (the runner may call it again on a resume).
 *
 * Handlers need the store (the request cache, a project to write into) and the environment their
 * API keys are read from at call time: the shell passes both (only src/cli reads process.env).
 */
import type { JobHandler } from "../../jobs/types.js";
import type { Store } from "../../store/store.js";
import { generateHandler } from "../generate/handler.js";
import { GENERATE_KIND } from "../generate/spec.js";
import { judgeHandler } from "../judge/handler.js";
import { JUDGE_KIND } from "../judge/types.js";
import { type JudgeOutputSummary, writeJudgeOutput } from "../judge/write-output.js";

/** The kinds `jobHandlers` runs, known before any store is open (a worker's --kinds check). */
export const JOB_KINDS: readonly string[] = [GENERATE_KIND, JUDGE_KIND];

export interface HandlerDeps {
  store: Store;
  env: Readonly<Record<string, string | undefined>>;
  /** Told what a judge job's `complete` wrote (`prefkit judge` reports it). */
  onJudgeOutput?: (summary: JudgeOutputSummary) => void;
}

export function jobHandlers(deps: HandlerDeps): JobHandler[] {
  return [
    generateHandler({ store: deps.store, env: deps.env }),
    judgeHandler<JudgeOutputSummary>({
      store: deps.store,
      env: deps.env,
      writeOutput: writeJudgeOutput,
      ...(deps.onJudgeOutput ? { onOutput: deps.onJudgeOutput } : {}),
    }),
  ];
}
