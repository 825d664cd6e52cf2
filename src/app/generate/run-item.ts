/**
 * Does one generation item: its call (or, for "nc-sequential", its chain of k calls), parsing
 * of NC replies, and the outcome the runner stores — the candidates with their generation
 * records, the usage, and the cache entries of the answers that succeeded.
 *
 * Failure rules: a rejected key, an unknown model, or a server that cannot be reached at all
 * before any call to it succeeded stops the whole job (FatalJobError, with the message that says
 * what to fix); any other error the retries could not get past fails this item
 * with its message and the server's raw text when there is one. An NC reply that cannot be parsed
 * into k answers is asked again (a bounded number of times), then the item fails with the raw
 * reply: never fewer candidates than asked for without saying so — except a reply cut at
 * max_tokens (`length`), which fails at once (asking again would be cut the same way). An NC
 * reply that parses although cut gives k candidates that all carry its finish reason, `length`:
 * the call's finish reason is the only one there is, and the last answer may be the cut one.
 */

import type { Message } from "../../core/types.js";
import type { HandlerOutcome } from "../../jobs/types.js";
import { costOf } from "../../llm/cost.js";
import { LlmError } from "../../llm/errors.js";
import type { GenerationRecord } from "../../llm/types.js";
import { type CallContext, type CallDone, cachedCall, type SystemRuntime } from "./cached-call.js";
import { type CallTally, countCall, failedCall, newCallTally, tallyUsage } from "./call-tally.js";
import { candidateId, type GeneratedCandidate } from "./candidates.js";
import {
  ncInstruction,
  ncSequentialInstruction,
  parseNcAnswer,
  withInstruction,
} from "./nc-prompt.js";
import type { GenerateItemPayload } from "./plan.js";

/** Calls of one NC request whose replies could not be parsed before the item fails. */
export const NC_PARSE_ATTEMPTS = 3;

/** What an item's candidates are stored as, in the item's result. */
export interface GenerateItemResult {
  candidates: GeneratedCandidate[];
}

export interface ItemContext extends CallContext {
  jobId: string;
}

/** Runs one item. @throws {FatalJobError} for a rejected key or an unknown model. */
export async function runGenerateItem(
  key: string,
  payload: GenerateItemPayload,
  runtime: SystemRuntime,
  ctx: ItemContext,
): Promise<HandlerOutcome> {
  const tally = newCallTally(runtime);
  try {
    const candidates =
      payload.mode === "nc-sequential"
        ? await sequential(key, payload, runtime, ctx, tally)
        : await single(key, payload, runtime, ctx, tally);
    return {
      status: "done",
      result: { candidates } satisfies GenerateItemResult,
      ...tallyUsage(tally),
    };
  } catch (error) {
    if (error instanceof LlmError) return failedCall(error, runtime, tally, "system");
    throw error;
  }
}

function record(
  payload: GenerateItemPayload,
  runtime: SystemRuntime,
  done: CallDone,
  choice: number,
  ctx: ItemContext,
): GenerationRecord {
  const { result } = done;
  return {
    system: runtime.system.id,
    model: runtime.system.model,
    sample: payload.sample,
    params: done.request.params,
    inputTokens: result.usage.inputTokens,
    outputTokens: result.usage.outputTokens,
    usageEstimated: result.usageEstimated,
    latencyMs: result.latencyMs,
    finishReason: result.finishReasons[choice] ?? result.finishReasons[0] ?? null,
    cost: costOf(runtime.system.price, result.usage),
    requestKey: done.cacheKey,
    // A cached answer names the job that made it: a re-run writes identical candidates.
    job: done.madeBy ?? ctx.jobId,
    diversity: payload.mode,
  };
}

async function single(
  key: string,
  payload: GenerateItemPayload,
  runtime: SystemRuntime,
  ctx: ItemContext,
  tally: CallTally,
): Promise<GeneratedCandidate[]> {
  const options = { sample: payload.sample, params: payload.params };
  if (payload.mode === "independent") {
    const done = await cachedCall(runtime, payload.prompt.messages, options, ctx);
    countCall(tally, done, runtime, true, ctx.jobId);
    return [
      candidate(
        key,
        payload,
        0,
        done.result.texts[0] ?? "",
        record(payload, runtime, done, 0, ctx),
        ctx,
      ),
    ];
  }
  const k = payload.k ?? 2;
  const messages = withInstruction(payload.prompt.messages, ncInstruction(k));
  let last = "";
  let reason = "";
  for (let attempt = 1; attempt <= NC_PARSE_ATTEMPTS; attempt++) {
    const done = await cachedCall(runtime, messages, options, ctx);
    const parsed = parseNcAnswer(done.result.texts[0] ?? "", k);
    countCall(tally, done, runtime, parsed.ok, ctx.jobId);
    if (parsed.ok) {
      const generation = {
        ...record(payload, runtime, done, 0, ctx),
        sharedBy: parsed.answers.length,
      };
      return parsed.answers.map((text, i) =>
        candidate(key, payload, i, text, generation, ctx, { k, index: i, extra: parsed.extra }),
      );
    }
    last = done.result.texts[0] ?? "";
    reason = parsed.reason;
    // Cut at max_tokens: the same request would be cut the same way, so it is not asked again.
    if (done.result.finishReasons[0] === "length") {
      throw ncFailure(
        `system "${runtime.system.id}" gave an NC reply that was cut at max_tokens before its ${k} answers were complete (${reason}): raise max_tokens`,
        last,
      );
    }
    // A reply that does not parse was not cached: the next call asks again.
    if (done.cached) break;
  }
  throw ncFailure(
    `system "${runtime.system.id}" did not give ${k} answers in the NC form (${reason}) after ${NC_PARSE_ATTEMPTS} tries`,
    last,
  );
}

/** An NC reply that could not be used; its calls are already in the tally (attempts 0). */
function ncFailure(message: string, raw: string): LlmError {
  const error = new LlmError("malformed", message, { raw: raw.slice(0, 2000) });
  error.attempts = 0;
  return error;
}

async function sequential(
  key: string,
  payload: GenerateItemPayload,
  runtime: SystemRuntime,
  ctx: ItemContext,
  tally: CallTally,
): Promise<GeneratedCandidate[]> {
  const k = payload.k ?? 2;
  const options = { sample: payload.sample, params: payload.params };
  const out: GeneratedCandidate[] = [];
  const previous: string[] = [];
  for (let i = 0; i < k; i++) {
    const messages: readonly Message[] =
      i === 0
        ? payload.prompt.messages
        : withInstruction(payload.prompt.messages, ncSequentialInstruction(previous));
    // Each call is cached under its own key: a resumed chain replays the calls it already paid for.
    const done = await cachedCall(runtime, messages, options, ctx);
    countCall(tally, done, runtime, true, ctx.jobId);
    const text = done.result.texts[0] ?? "";
    previous.push(text);
    out.push(
      candidate(key, payload, i, text, record(payload, runtime, done, 0, ctx), ctx, {
        k,
        index: i,
      }),
    );
  }
  return out;
}

function candidate(
  key: string,
  payload: GenerateItemPayload,
  choice: number,
  text: string,
  generation: GenerationRecord,
  ctx: ItemContext,
  nc?: { k: number; index: number; extra?: number },
): GeneratedCandidate {
  return {
    id: candidateId(key, choice, ctx.freshNonce),
    promptId: payload.prompt.id,
    systemId: payload.systemId,
    text,
    finishReason: generation.finishReason,
    generation,
    ...(nc === undefined ? {} : { nc }),
  };
}
