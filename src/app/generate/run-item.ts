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
import { FatalJobError, type HandlerOutcome } from "../../jobs/types.js";
import { costOf } from "../../llm/cost.js";
import { LlmError } from "../../llm/errors.js";
import type { GenerationRecord } from "../../llm/types.js";
import {
  type CachedAnswer,
  type CallContext,
  type CallDone,
  cachedCall,
  type SystemRuntime,
} from "./cached-call.js";
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

interface Tally {
  inputTokens: number;
  outputTokens: number;
  cost: number | null;
  calls: number;
  cached: boolean;
  cache: { key: string; value: unknown }[];
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
  const tally: Tally = {
    inputTokens: 0,
    outputTokens: 0,
    cost: runtime.system.price === undefined ? null : 0,
    calls: 0,
    cached: true,
    cache: [],
  };
  try {
    const candidates =
      payload.mode === "nc-sequential"
        ? await sequential(key, payload, runtime, ctx, tally)
        : await single(key, payload, runtime, ctx, tally);
    return { status: "done", result: { candidates } satisfies GenerateItemResult, ...usage(tally) };
  } catch (error) {
    if (error instanceof FatalJobError) throw error;
    if (error instanceof LlmError) {
      if (error.fatal) throw new FatalJobError(error.message);
      // Nothing answers at base_url and nothing ever has in this run: every item would fail so.
      if (error.unreachable && !runtime.answered) {
        throw new FatalJobError(
          `${error.message} (the job stops: no call to system "${runtime.system.id}" has succeeded in this run; run the same command again once the server answers)`,
        );
      }
      tally.calls += error.attempts ?? 1;
      tally.cached = false;
      const raw = error.raw === undefined ? "" : `\nraw answer: ${error.raw}`;
      return { status: "failed", error: `${error.message}${raw}`, ...usage(tally) };
    }
    throw error;
  }
}

function usage(tally: Tally): Pick<HandlerOutcome, "usage" | "cache"> {
  const { inputTokens, outputTokens, cost, calls, cached, cache } = tally;
  return {
    usage: { inputTokens, outputTokens, cost, calls, cached: cached && calls === 0 },
    ...(cache.length > 0 ? { cache } : {}),
  };
}

/** Adds a call to the tally: what was paid (nothing for a cached answer) and its cache entry. */
function count(
  tally: Tally,
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
  tally: Tally,
): Promise<GeneratedCandidate[]> {
  const options = { sample: payload.sample, params: payload.params };
  if (payload.mode === "independent") {
    const done = await cachedCall(runtime, payload.prompt.messages, options, ctx);
    count(tally, done, runtime, true, ctx.jobId);
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
    count(tally, done, runtime, parsed.ok, ctx.jobId);
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
  tally: Tally,
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
    count(tally, done, runtime, true, ctx.jobId);
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
