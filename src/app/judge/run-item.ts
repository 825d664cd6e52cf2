/**
 * Does one judge item: renders its prompt (render-item.ts), makes the call through the request
 * cache (app/generate/cached-call.ts: a verdict once paid for is never asked again, in this job
 * or a later one; keyed by judge, so two judges of one model never share an answer), reads the verdict with the template's parser, and returns the outcome the
 * runner stores — the verdict, the judge's raw text and the call's record, or a failure.
 *
 * Failure rules: a rejected key, an unknown model, or a judge that cannot be reached at all
 * before any call to it succeeded stops the whole job (FatalJobError, with what to fix). An
 * answer with no verdict is not cached and is asked again, up to `parseAttempts` calls; then the
 * item fails with the parser's reason and the raw text (in its error, and as a JudgeItemFailure
 * result) — never a guessed verdict. An answer cut at max_tokens with no verdict fails at once:
 * the same request would be cut the same way. Any other error the retries could not get past
 * fails the item with its message (and the server's raw text when there is one).
 */

import { describeIssue, IssueError } from "../../core/issue.js";
import { FatalJobError, type HandlerOutcome } from "../../jobs/types.js";
import { costOf } from "../../llm/cost.js";
import { LlmError } from "../../llm/errors.js";
import { parseVerdict } from "../../llm/judge/parse-verdict.js";
import type { JudgeTemplate } from "../../llm/judge/types.js";
import {
  type CallContext,
  type CallDone,
  cachedCall,
  type SystemRuntime,
} from "../generate/cached-call.js";
import {
  type CallTally,
  countCall,
  failedCall,
  newCallTally,
  tallyUsage,
} from "../generate/call-tally.js";
import { judgeCacheScope } from "./keys.js";
import { judgeMessages } from "./render-item.js";
import type {
  JudgeCallRecord,
  JudgeItemFailure,
  JudgeItemPayload,
  JudgeItemResult,
} from "./types.js";

/** The raw text kept in a failed item's error and result (a long review is cut after this). */
export const MAX_RAW_CHARS = 16_000;

export interface JudgeItemContext extends CallContext {
  jobId: string;
  template: JudgeTemplate;
  /** Calls made for one verdict before the item fails (at least 1). */
  parseAttempts: number;
}

/** Runs one item. @throws {FatalJobError} for a rejected key or an unknown model. */
export async function runJudgeItem(
  payload: JudgeItemPayload,
  runtime: SystemRuntime,
  ctx: JudgeItemContext,
): Promise<HandlerOutcome> {
  const tally = newCallTally(runtime);
  const judge = runtime.system.id;
  const { template } = ctx;
  try {
    const messages = judgeMessages(template, payload);
    let last: { done: CallDone; reason: string } | undefined;
    for (let attempt = 1; attempt <= Math.max(1, ctx.parseAttempts); attempt++) {
      const options = { sample: 0, params: {}, scope: judgeCacheScope(judge) };
      const done = await cachedCall(runtime, messages, options, ctx);
      const raw = done.result.texts[0] ?? "";
      const parsed = parseVerdict(template, raw, { candidates: payload.shown.length });
      countCall(tally, done, runtime, parsed.ok, ctx.jobId);
      if (parsed.ok) {
        const result: JudgeItemResult = {
          verdict: parsed.verdict,
          raw,
          record: record(payload, runtime, done, tally, ctx),
        };
        return { status: "done", result, ...tallyUsage(tally) };
      }
      // An answer without a verdict is no use to the run's other copies of this request either.
      ctx.shared?.forget(done.cacheKey);
      last = { done, reason: parsed.reason };
      if (done.result.finishReasons[0] === "length") {
        return failure(
          `judge "${judge}" was cut at max_tokens before giving a verdict ${template.id} can read (${parsed.reason}): raise max_tokens`,
          last,
          payload,
          runtime,
          tally,
          ctx,
        );
      }
      // A cached answer without a verdict (written by something else) would come back the same;
      // another item's, shared in this run, is forgotten above and the next attempt asks anew.
      if (done.cached && !done.shared) break;
    }
    const calls = tally.calls === 1 ? "1 call" : `${tally.calls} calls`;
    return failure(
      `judge "${judge}" gave no verdict ${template.id} can read after ${calls} (${last!.reason})`,
      last!,
      payload,
      runtime,
      tally,
      ctx,
    );
  } catch (error) {
    if (error instanceof FatalJobError) throw error;
    if (error instanceof IssueError || error instanceof RangeError) {
      const message =
        error instanceof IssueError ? error.issues.map(describeIssue).join("; ") : error.message;
      return { status: "failed", error: message, ...tallyUsage(tally) };
    }
    if (error instanceof LlmError) return failedCall(error, runtime, tally, "judge");
    throw error;
  }
}

function failure(
  message: string,
  last: { done: CallDone; reason: string },
  payload: JudgeItemPayload,
  runtime: SystemRuntime,
  tally: CallTally,
  ctx: JudgeItemContext,
): HandlerOutcome {
  const raw = (last.done.result.texts[0] ?? "").slice(0, MAX_RAW_CHARS);
  const result: JudgeItemFailure = {
    reason: last.reason,
    raw,
    record: record(payload, runtime, last.done, tally, ctx),
  };
  return {
    status: "failed",
    error: `${message}\nraw answer: ${raw}`,
    result,
    ...tallyUsage(tally),
  };
}

/**
 * The call's record: the tokens, cost and latency of the answer the verdict was read from (a
 * cached answer's as its own call paid them, naming the job that did), and the item's calls.
 */
function record(
  payload: JudgeItemPayload,
  runtime: SystemRuntime,
  done: CallDone,
  tally: CallTally,
  ctx: JudgeItemContext,
): JudgeCallRecord {
  const { result } = done;
  return {
    system: runtime.system.id,
    model: runtime.system.model,
    template: ctx.template.id,
    templateVersion: ctx.template.version,
    shown: payload.shown.map((i) => payload.answers[i]!.candidateId),
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    cost: costOf(runtime.system.price, result.usage),
    latencyMs: result.latencyMs,
    requestKey: done.cacheKey,
    job: done.madeBy ?? ctx.jobId,
    calls: tally.calls,
  };
}
