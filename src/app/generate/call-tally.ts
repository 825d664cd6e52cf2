/**
 * What a job item's model calls add up to, and how a call that failed becomes the item's
 * outcome — shared by every item runner over cachedCall (generate's and the judge's): the
 * tokens, cost and calls paid (nothing for a cached answer), the cache entries to write with
 * the item, and the rule that a rejected key, an unknown model or a server never reached in this
 * run stops the whole job while any other failure fails the one item with the server's text.
 */
import { FatalJobError, type HandlerOutcome } from "../../jobs/types.js";
import { costOf } from "../../llm/cost.js";
import type { LlmError } from "../../llm/errors.js";
import type { CachedAnswer, CallDone, SystemRuntime } from "./cached-call.js";

export interface CallTally {
  inputTokens: number;
  outputTokens: number;
  /** US dollars; null when the system has no price. */
  cost: number | null;
  /** Calls sent, retries included. */
  calls: number;
  /** No call was sent for the item: every answer came from the cache. */
  cached: boolean;
  cache: { key: string; value: unknown }[];
}

export function newCallTally(runtime: SystemRuntime): CallTally {
  const cost = runtime.system.price === undefined ? null : 0;
  return { inputTokens: 0, outputTokens: 0, cost, calls: 0, cached: true, cache: [] };
}

/** Adds a call to the tally: what was paid (nothing for a cached answer) and its cache entry. */
export function countCall(
  tally: CallTally,
  done: CallDone,
  runtime: SystemRuntime,
  cacheIt: boolean,
  jobId: string,
): void {
  tally.calls += done.calls;
  if (done.cached) return;
  tally.cached = false;
  tally.inputTokens += done.result.usage.inputTokens;
  tally.outputTokens += done.result.usage.outputTokens;
  const cost = costOf(runtime.system.price, done.result.usage);
  if (cost !== null) tally.cost = (tally.cost ?? 0) + cost;
  if (cacheIt) {
    const value: CachedAnswer = { ...done.result, job: jobId };
    tally.cache.push({ key: done.cacheKey, value });
  }
}

/** The tally as the runner stores it with the item. */
export function tallyUsage(tally: CallTally): Pick<HandlerOutcome, "usage" | "cache"> {
  const { inputTokens, outputTokens, cost, calls, cached, cache } = tally;
  return {
    usage: { inputTokens, outputTokens, cost, calls, cached: cached && calls === 0 },
    ...(cache.length > 0 ? { cache } : {}),
  };
}

/**
 * The outcome of an item whose call failed after its retries: the item fails with the error and
 * the server's raw text. `noun` names the system in the message ("system", "judge").
 * @throws {FatalJobError} for a rejected key or an unknown model, and for a server that nothing
 * in this run has reached (its base_url or the server is wrong: every item would fail so).
 */
export function failedCall(
  error: LlmError,
  runtime: SystemRuntime,
  tally: CallTally,
  noun: string,
): HandlerOutcome {
  if (error.fatal) throw new FatalJobError(error.message);
  if (error.unreachable && !runtime.answered) {
    throw new FatalJobError(
      `${error.message} (the job stops: no call to ${noun} "${runtime.system.id}" has succeeded in this run; run the same command again once the server answers)`,
    );
  }
  tally.calls += error.attempts ?? 1;
  tally.cached = false;
  const raw = error.raw === undefined ? "" : `\nraw answer: ${error.raw}`;
  return { status: "failed", error: `${error.message}${raw}`, ...tallyUsage(tally) };
}
