/**
 * The "generate" job handler: what a `prefkit generate` run or a `prefkit worker` does with a
 * generation job. `open` reads the spec, checks every system's API-key variable before any call
 * (a job that cannot authenticate stops at once, saying which variables to set) and builds one
 * client and one limiter per system for the whole run; each item then goes to run-item.ts.
 * `complete` writes the output (write-output.ts) and is safe to run twice.
 */
import { setMaxListeners } from "node:events";
import { describeIssue, IssueError } from "../../core/issue.js";
import { FatalJobError, type ItemRunner, type JobHandler } from "../../jobs/types.js";
import { type ChatClient, createChatClient } from "../../llm/chat-client.js";
import { checkApiKeys } from "../../llm/config.js";
import { SystemLimiter } from "../../llm/limiter.js";
import type { LlmSystem } from "../../llm/types.js";
import type { CatalogStore } from "../../store/port/catalog.js";
import type { JobsStore } from "../../store/port/jobs.js";
import type { SystemRuntime } from "./cached-call.js";
import { itemCostBound } from "./cost-bound.js";
import type { GenerateItemPayload } from "./plan.js";
import { runGenerateItem } from "./run-item.js";
import { GENERATE_KIND, parseGenerateSpec } from "./spec.js";
import { writeToFile, writeToProject } from "./write-output.js";

export interface GenerateHandlerDeps {
  /** The jobs store (request cache, items) and, for a project output, the catalog. */
  store: Pick<JobsStore, "cacheGet" | "listItems"> & CatalogStore;
  /** Where API keys are read from, at call time (the CLI passes process.env). */
  env: Readonly<Record<string, string | undefined>>;
  /** For tests: a client other than the OpenAI-compatible one. */
  clientFor?: (system: LlmSystem) => ChatClient;
  /** For tests: the retry loop's sleep and random source. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Told what `complete` wrote. */
  onOutput?: (summary: { prompts: number; systems: number; candidates: number }) => void;
}

/** The handler for jobs of kind "generate". */
export function generateHandler(deps: GenerateHandlerDeps): JobHandler {
  return {
    kind: GENERATE_KIND,
    async open(job) {
      const spec = parseGenerateSpec(job.spec, job.id);
      try {
        checkApiKeys(spec.systems, deps.env);
      } catch (error) {
        // Every unset variable, not just the first.
        if (error instanceof IssueError) {
          throw new FatalJobError(error.issues.map(describeIssue).join("; "));
        }
        throw error;
      }
      const env = deps.env as Record<string, string | undefined>;
      const runtimes = new Map<string, SystemRuntime>(
        spec.systems.map((system) => [
          system.id,
          {
            system,
            client: deps.clientFor?.(system) ?? createChatClient(system, { env }),
            limiter: SystemLimiter.for(system),
          },
        ]),
      );
      const cacheGet = batchedLookups((keys) => deps.store.cacheGet(keys));
      const run: ItemRunner = async (item, ctx) => {
        // Every request in flight listens on the run's signal (the SDK's abort): as many as the
        // concurrency, which is no leak.
        setMaxListeners(0, ctx.signal);
        const payload = item.payload as GenerateItemPayload;
        const runtime = runtimes.get(payload.systemId);
        if (runtime === undefined) {
          return {
            status: "failed",
            error: `system "${payload.systemId}" is not in the job's spec`,
          };
        }
        return runGenerateItem(item.key, payload, runtime, {
          jobId: job.id,
          cacheGet,
          signal: ctx.signal,
          ...(spec.freshNonce === undefined ? {} : { freshNonce: spec.freshNonce }),
          ...(deps.sleep ? { sleep: deps.sleep } : {}),
          ...(deps.random ? { random: deps.random } : {}),
        });
      };
      // Asked only by runs with a budget.
      run.costBound = (item) => {
        const payload = item.payload as GenerateItemPayload;
        const runtime = runtimes.get(payload.systemId);
        return runtime === undefined ? null : itemCostBound(payload, runtime.system);
      };
      return run;
    },
    async complete(job) {
      const spec = parseGenerateSpec(job.spec, job.id);
      const summary =
        spec.output.kind === "file"
          ? await writeToFile(deps.store, job.id, spec, spec.output.path)
          : await writeToProject(deps.store, job.id, spec, spec.output.projectId);
      deps.onOutput?.(summary);
    },
  };
}

/**
 * Cache lookups made in one turn of the event loop share one query: items start in bursts (a
 * claimed batch, a burst of answers), and a query per item was a tenth of a fast run's time.
 */
export function batchedLookups(
  get: (keys: readonly string[]) => Promise<Map<string, unknown>>,
): (keys: readonly string[]) => Promise<Map<string, unknown>> {
  let batch: { keys: string[]; answer: Promise<Map<string, unknown>> } | undefined;
  return (keys) => {
    if (batch === undefined) {
      const next = {
        keys: [] as string[],
        answer: undefined as unknown as Promise<Map<string, unknown>>,
      };
      next.answer = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        batch = undefined;
        return get(next.keys);
      });
      batch = next;
    }
    batch.keys.push(...keys);
    return batch.answer;
  };
}
