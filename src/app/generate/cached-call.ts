/**
 * One model call of a generation item, through the request cache: an answer this request
 * already got (in this job or any earlier one) is taken from the cache and nothing is sent;
 * otherwise the call goes through the system's limiter and the retry loop, and its answer
 * becomes a cache entry written in the same transaction that finishes the item (the runner's
 * group commit). A `--fresh` job keys its calls with its own nonce, so older answers are not
 * reused but a resume of that job reuses its own. A call made with a `scope` (a judge's system
 * id) is keyed within it, so callers that must not share answers with each other — two judges of
 * one model forming a jury — each get their own; calls without one (generation) keep their
 * request key as it is.
 */
import { createHash } from "node:crypto";
import type { Message } from "../../core/types.js";
import type { ChatClient } from "../../llm/chat-client.js";
import { LlmError } from "../../llm/errors.js";
import type { SystemLimiter } from "../../llm/limiter.js";
import { requestFor, requestKey } from "../../llm/request-key.js";
import { withRetries } from "../../llm/retry.js";
import { estimateChatTokens } from "../../llm/tokens.js";
import type { ChatRequest, ChatResult, LlmSystem, SamplingParams } from "../../llm/types.js";
import type { SharedCalls } from "./shared-calls.js";

/** What a call needs of its system: the client, built once per job and system, and its limiter. */
export interface SystemRuntime {
  system: LlmSystem;
  client: ChatClient;
  limiter: SystemLimiter;
  /**
   * Set once a call to the system has succeeded in this run. Until then an unreachable server
   * (refused, no such host) is not retried: its base_url or the server is wrong, and the item
   * stops the job (run-item.ts) rather than every item retrying it for seconds.
   */
  answered?: boolean;
}

export interface CallContext {
  /** Cached answers by key (the jobs store's `cacheGet`). */
  cacheGet(keys: readonly string[]): Promise<Map<string, unknown>>;
  freshNonce?: string;
  /**
   * Answers shared by the run's items that make the same request (shared-calls.ts): a copy
   * waits for the first one's call instead of sending its own. Judge jobs pass one; generation
   * does not (its samples are distinct requests).
   */
  shared?: SharedCalls;
  signal: AbortSignal;
  /** Injected for tests: the retry loop's sleep and random source. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface CallDone {
  request: ChatRequest;
  /** The key the answer is cached under (with the fresh nonce when there is one). */
  cacheKey: string;
  result: ChatResult;
  cached: boolean;
  /** The answer is another item's of this run (ctx.shared); `cached` is true too. */
  shared?: boolean;
  /** Calls sent, retries included (0 for a cached answer). */
  calls: number;
  /** The job whose call made the answer (an earlier one's for a cached answer, when known). */
  madeBy?: string;
}

/** What the cache keeps of an answer: the result, and the job that paid for it. */
export type CachedAnswer = ChatResult & { job?: string };

/**
 * The cache key of a request in a job: its request key, hashed with the scope when there is one,
 * then with the fresh nonce when there is one.
 */
export function cacheKeyOf(
  request: ChatRequest,
  freshNonce: string | undefined,
  scope?: string,
): string {
  let key = requestKey(request);
  if (scope !== undefined)
    key = createHash("sha256")
      .update(`scope:${JSON.stringify(scope)}:${key}`)
      .digest("hex");
  if (freshNonce === undefined) return key;
  return createHash("sha256").update(`fresh:${freshNonce}:${key}`).digest("hex");
}

/**
 * Sends (or takes from the cache) one request. The answer must be a ChatResult the cache can give
 * back: anything else stored under the key is ignored and the call made again.
 *
 * @throws {LlmError} when the retry loop gives up (`attempts` counts the calls it made).
 */
export async function cachedCall(
  runtime: SystemRuntime,
  messages: readonly Message[],
  options: { sample: number; params: SamplingParams; scope?: string },
  ctx: CallContext,
): Promise<CallDone> {
  const request = requestFor(runtime.system, messages, options);
  const cacheKey = cacheKeyOf(request, ctx.freshNonce, options.scope);
  const hit = (await ctx.cacheGet([cacheKey])).get(cacheKey);
  if (isChatResult(hit)) {
    const { job, ...result } = hit as CachedAnswer;
    const madeBy = typeof job === "string" ? { madeBy: job } : {};
    return { request, cacheKey, result, cached: true, calls: 0, ...madeBy };
  }
  // Looked up and shared with no await between (below), so two copies never both send. A shared
  // call that failed is gone from ctx.shared when its promise settles: look again.
  for (let pending = ctx.shared?.get(cacheKey); pending; pending = ctx.shared?.get(cacheKey)) {
    const result = await pending;
    if (result !== undefined)
      return { request, cacheKey, result, cached: true, shared: true, calls: 0 };
  }
  // Only a tokens-per-minute limit needs the estimate (a real tokenizer costs time per call).
  const metered = runtime.system.tokensPerMinute !== undefined;
  const expected = metered
    ? estimateChatTokens(request.model, request.messages).tokens + (request.params.max_tokens ?? 0)
    : 0;
  const stats = { calls: 0 };
  const { limiter, client } = runtime;
  const call = limiter
    .run(expected, () =>
      withRetries(() => client.complete(request, { signal: ctx.signal }), {
        signal: ctx.signal,
        stats,
        // A 429 holds the whole system back for its wait, not just this request.
        onRetry: (error, delayMs) => {
          if (error.kind === "rate_limited") limiter.pause(delayMs);
        },
        giveUp: (error) => error.unreachable && !runtime.answered,
        ...(ctx.sleep ? { sleep: ctx.sleep } : {}),
        ...(ctx.random ? { random: ctx.random } : {}),
      }),
    )
    .catch((error: unknown) => {
      if (error instanceof LlmError) error.attempts ??= stats.calls;
      throw error;
    });
  // Shared before the first await, so a copy that looks after this point waits for this call.
  ctx.shared?.share(cacheKey, call);
  const result = await call;
  runtime.answered = true;
  const used = result.usage.inputTokens + result.usage.outputTokens;
  if (metered) limiter.charge(used - expected);
  const calls = stats.calls;
  return { request, cacheKey, result, cached: false, calls };
}

/** A cached value that is a complete chat result (the cache is JSON in the database). */
function isChatResult(value: unknown): value is ChatResult {
  if (value === null || typeof value !== "object") return false;
  const r = value as Partial<ChatResult>;
  return (
    Array.isArray(r.texts) &&
    r.texts.every((t) => typeof t === "string") &&
    Array.isArray(r.finishReasons) &&
    typeof r.usage?.inputTokens === "number" &&
    typeof r.usage.outputTokens === "number" &&
    typeof r.latencyMs === "number"
  );
}
