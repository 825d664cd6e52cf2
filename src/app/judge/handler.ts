/**
 * The "judge" job handler: what a `prefkit judge` run, a `prefkit jobs resume` or a `prefkit
 * worker` does with a judge job. `open` reads the spec (its template checked again), checks every
 * judge's API-key variable before any call (a job that cannot authenticate stops at once, naming
 * every variable to set) and builds one client and one limiter per judge for the whole run; each
 * item then goes to run-item.ts. `complete` hands the job to the output writer
 * (write-output.ts, given as `writeOutput`), which must be safe to run twice.
 */
import { setMaxListeners } from "node:events";
import { describeIssue, IssueError } from "../../core/issue.js";
import { FatalJobError, type ItemRunner, type JobHandler } from "../../jobs/types.js";
import { type ChatClient, createChatClient } from "../../llm/chat-client.js";
import { checkApiKeys } from "../../llm/config.js";
import { SystemLimiter } from "../../llm/limiter.js";
import type { LlmSystem } from "../../llm/types.js";
import type { Store } from "../../store/store.js";
import type { SystemRuntime } from "../generate/cached-call.js";
import { batchedLookups } from "../generate/handler.js";
import { SharedCalls } from "../generate/shared-calls.js";
import { judgeItemCostBound } from "./cost-bound.js";
import { runJudgeItem } from "./run-item.js";
import { parseJudgeSpec } from "./spec.js";
import { JUDGE_KIND, type JudgeItemPayload, type JudgeSpec } from "./types.js";

export interface JudgeHandlerDeps<Summary = unknown> {
  /** The jobs store (request cache, items) and, for a project output, the catalog. */
  store: Store;
  /** Where API keys are read from, at call time (the CLI passes process.env). */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Writes the job's judgments (app/judge/write-output.ts `writeJudgeOutput`): called by
   * `complete`, possibly again on a resume of a finished job, so it must be idempotent.
   */
  writeOutput?: (store: Store, jobId: string, spec: JudgeSpec) => Promise<Summary>;
  /** Told what `writeOutput` wrote. */
  onOutput?: (summary: Summary) => void;
  /** For tests: a client other than the OpenAI-compatible one. */
  clientFor?: (system: LlmSystem) => ChatClient;
  /** For tests: the retry loop's sleep and random source. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

/**
 * The handler for jobs of kind "judge".
 * @throws (from `complete`) an Error when no output writer was given: a finished job whose
 *   judgments cannot be written says so rather than finishing silently; resume it with one.
 */
export function judgeHandler<Summary>(deps: JudgeHandlerDeps<Summary>): JobHandler {
  return {
    kind: JUDGE_KIND,
    async open(job) {
      const spec = parseJudgeSpec(job.spec, job.id);
      try {
        checkApiKeys(spec.judges, deps.env);
      } catch (error) {
        // Every unset variable, not just the first.
        if (error instanceof IssueError)
          throw new FatalJobError(error.issues.map(describeIssue).join("; "));
        throw error;
      }
      const env = deps.env as Record<string, string | undefined>;
      const runtimes = new Map<string, SystemRuntime>(
        spec.judges.map((system) => [
          system.id,
          {
            system,
            client: deps.clientFor?.(system) ?? createChatClient(system, { env }),
            limiter: SystemLimiter.for(system),
          },
        ]),
      );
      const cacheGet = batchedLookups((keys) => deps.store.cacheGet(keys));
      // One judge shown the same text twice asks once, even when both copies run together.
      const shared = new SharedCalls();
      const run: ItemRunner = async (item, ctx) => {
        // Every request in flight listens on the run's signal: as many as the concurrency.
        setMaxListeners(0, ctx.signal);
        const payload = item.payload as JudgeItemPayload;
        const runtime = runtimes.get(payload.judge);
        if (runtime === undefined)
          return { status: "failed", error: `judge "${payload.judge}" is not in the job's spec` };
        return runJudgeItem(payload, runtime, {
          jobId: job.id,
          template: spec.template,
          parseAttempts: spec.parseAttempts,
          cacheGet,
          shared,
          signal: ctx.signal,
          ...(spec.freshNonce === undefined ? {} : { freshNonce: spec.freshNonce }),
          ...(deps.sleep ? { sleep: deps.sleep } : {}),
          ...(deps.random ? { random: deps.random } : {}),
        });
      };
      // Asked only by runs with a budget.
      run.costBound = (item) => {
        const payload = item.payload as JudgeItemPayload;
        const runtime = runtimes.get(payload.judge);
        return runtime === undefined
          ? null
          : judgeItemCostBound(payload, runtime.system, spec.template);
      };
      return run;
    },
    async complete(job) {
      const spec = parseJudgeSpec(job.spec, job.id);
      if (deps.writeOutput === undefined)
        throw new Error(
          `job ${job.id} is complete but this prefkit has no judge output writer: its judgments are in the job's items; resume it with a prefkit that writes them`,
        );
      const summary = await deps.writeOutput(deps.store, job.id, spec);
      deps.onOutput?.(summary);
    },
  };
}
