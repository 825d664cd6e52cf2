/**
 * `prefkit generate --dry-run`: what a plan would send and cost, before anything is sent. Per
 * system: the calls, how many of them the request cache already answers (a re-run shows what it
 * would not pay again), input tokens — counted with the model family's real tokenizer where
 * llm/tokens.ts has one (OpenAI's o200k_base / cl100k_base), else its documented estimate — and
 * output tokens: an expectation and, when `max_tokens` bounds it, an upper bound.
 *
 * The expected output of an answer is `max_tokens` when set and smaller than
 * DEFAULT_ANSWER_TOKENS (512), else 512: a round figure for a chat answer of a few paragraphs, not
 * a measurement; the upper bound is exact. An NC call asks for k answers, so it expects k of them
 * (capped by max_tokens, which bounds the whole reply); an "nc-sequential" call i also reads the
 * i answers before it.
 */
import type { Message } from "../../core/types.js";
import { costOf } from "../../llm/cost.js";
import { requestFor } from "../../llm/request-key.js";
import { estimateChatTokens } from "../../llm/tokens.js";
import type { LlmSystem } from "../../llm/types.js";
import { cacheKeyOf } from "./cached-call.js";
import { ncInstruction, ncSequentialInstruction, withInstruction } from "./nc-prompt.js";
import { candidatesOf, type PlannedItem } from "./plan.js";

/** Expected output tokens of one answer when max_tokens does not say less (see above). */
export const DEFAULT_ANSWER_TOKENS = 512;

export interface SystemEstimate {
  system: string;
  model: string;
  items: number;
  calls: number;
  /** Calls the request cache already answers: neither sent nor paid. */
  cachedCalls: number;
  /** Input tokens of the calls still to send. */
  inputTokens: number;
  /** How input tokens were counted: a tokenizer's name, or "estimate" (ceil(UTF-8 bytes / 4)). */
  tokenizer: string;
  /** Expected output tokens of the calls still to send. */
  outputTokens: number;
  /** At most this many output tokens (max_tokens × calls), or null when max_tokens is unset. */
  outputTokensMax: number | null;
  /** US dollars for the calls still to send; null when the system has no price. */
  cost: number | null;
  costMax: number | null;
}

export interface GenerationEstimate {
  items: number;
  candidates: number;
  calls: number;
  cachedCalls: number;
  inputTokens: number;
  outputTokens: number;
  outputTokensMax: number | null;
  /** Null when no system has a price; systems without one count as 0 otherwise (`unpriced`). */
  cost: number | null;
  costMax: number | null;
  unpriced: string[];
  systems: SystemEstimate[];
}

export interface EstimateOptions {
  /** The request cache (absent: nothing is counted as cached). */
  cacheGet?: (keys: readonly string[]) => Promise<Map<string, unknown>>;
  freshNonce?: string;
}

interface Call {
  system: LlmSystem;
  messages: readonly Message[];
  sample: number;
  params: PlannedItem["payload"]["params"];
  /** Answers this call is expected to hold. */
  answers: number;
}

/** The calls an item makes (nothing cached, nothing retried). */
function callsOf(item: PlannedItem, system: LlmSystem, expected: number): Call[] {
  const { prompt, sample, params, mode, k = 1 } = item.payload;
  const base = { system, sample, params };
  if (mode === "independent") return [{ ...base, messages: prompt.messages, answers: 1 }];
  if (mode === "nc") {
    return [{ ...base, messages: withInstruction(prompt.messages, ncInstruction(k)), answers: k }];
  }
  // The earlier answers' text is unknown before they exist: their length is the expectation.
  const filler = "x ".repeat(expected);
  return Array.from({ length: k }, (_, i) => ({
    ...base,
    messages:
      i === 0
        ? prompt.messages
        : withInstruction(prompt.messages, ncSequentialInstruction(Array(i).fill(filler))),
    answers: 1,
  }));
}

/**
 * Counts and prices a plan. Reads the cache in batches of 500 keys.
 * @example const e = await estimateGeneration(planGeneration(prompts, systems, { n: 2 }), systems);
 */
export async function estimateGeneration(
  items: Iterable<PlannedItem>,
  systems: readonly LlmSystem[],
  options: EstimateOptions = {},
): Promise<GenerationEstimate> {
  const bySystem = new Map(systems.map((s) => [s.id, s]));
  const per = new Map<string, SystemEstimate & { methods: Set<string> }>();
  for (const s of systems) {
    per.set(s.id, {
      system: s.id,
      model: s.model,
      items: 0,
      calls: 0,
      cachedCalls: 0,
      inputTokens: 0,
      tokenizer: "",
      methods: new Set(),
      outputTokens: 0,
      outputTokensMax: s.params.max_tokens === undefined ? null : 0,
      cost: s.price === undefined ? null : 0,
      costMax: s.price === undefined || s.params.max_tokens === undefined ? null : 0,
    });
  }
  let itemCount = 0;
  let candidates = 0;
  let pending: { call: Call; key: string }[] = [];
  const flush = async () => {
    const cached = options.cacheGet
      ? await options.cacheGet(pending.map((p) => p.key))
      : new Map<string, unknown>();
    for (const { call, key } of pending) addCall(per.get(call.system.id)!, call, cached.has(key));
    pending = [];
  };
  for (const item of items) {
    const system = bySystem.get(item.payload.systemId);
    if (system === undefined) continue;
    itemCount++;
    candidates += candidatesOf(item.payload);
    per.get(system.id)!.items++;
    const max = item.payload.params.max_tokens ?? system.params.max_tokens;
    const expected = Math.min(max ?? DEFAULT_ANSWER_TOKENS, DEFAULT_ANSWER_TOKENS);
    for (const call of callsOf(item, system, expected)) {
      const request = requestFor(system, call.messages, {
        sample: call.sample,
        params: call.params,
      });
      // Only a chain's first call has a key known in advance; the later ones count as uncached.
      pending.push({ call, key: cacheKeyOf(request, options.freshNonce) });
    }
    if (pending.length >= 500) await flush();
  }
  await flush();
  const list = [...per.values()].map(({ methods, ...rest }) => ({
    ...rest,
    tokenizer: [...methods].sort().join(", ") || "none",
  }));
  return totals(itemCount, candidates, list);
}

function addCall(e: SystemEstimate & { methods: Set<string> }, call: Call, cached: boolean): void {
  e.calls++;
  if (cached) {
    e.cachedCalls++;
    return;
  }
  const { system } = call;
  const request = requestFor(system, call.messages, { sample: call.sample, params: call.params });
  const { tokens, method } = estimateChatTokens(request.model, request.messages);
  e.methods.add(method);
  const max = request.params.max_tokens;
  const expected = Math.min(call.answers * DEFAULT_ANSWER_TOKENS, max ?? Number.POSITIVE_INFINITY);
  e.inputTokens += tokens;
  e.outputTokens += expected;
  if (e.outputTokensMax !== null && max !== undefined) e.outputTokensMax += max;
  const cost = costOf(system.price, { inputTokens: tokens, outputTokens: expected });
  if (cost !== null) e.cost = (e.cost ?? 0) + cost;
  if (e.costMax !== null && max !== undefined) {
    e.costMax += costOf(system.price, { inputTokens: tokens, outputTokens: max }) ?? 0;
  }
}

function totals(items: number, candidates: number, systems: SystemEstimate[]): GenerationEstimate {
  const sum = (f: (s: SystemEstimate) => number) => systems.reduce((a, s) => a + f(s), 0);
  const priced = systems.filter((s) => s.cost !== null);
  const bounded = systems.every((s) => s.outputTokensMax !== null);
  return {
    items,
    candidates,
    calls: sum((s) => s.calls),
    cachedCalls: sum((s) => s.cachedCalls),
    inputTokens: sum((s) => s.inputTokens),
    outputTokens: sum((s) => s.outputTokens),
    outputTokensMax: bounded ? sum((s) => s.outputTokensMax ?? 0) : null,
    cost: priced.length === 0 ? null : sum((s) => s.cost ?? 0),
    costMax: systems.every((s) => s.costMax !== null) ? sum((s) => s.costMax ?? 0) : null,
    unpriced: systems.filter((s) => s.cost === null).map((s) => s.system),
    systems,
  };
}
