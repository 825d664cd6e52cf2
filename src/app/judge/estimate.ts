/**
 * `prefkit judge --dry-run`: what a plan would send and cost, before anything is sent — as
 * app/generate/estimate.ts does for generation. Per judge: the calls (one per item: parse
 * retries are not foreseen), how many the request cache already answers (a re-run shows what it
 * would not pay again), how many repeat a request another item of the plan makes (the same judge
 * shown the same rendered prompt: two prompt ids of one text, say) — the run asks such a request
 * once and takes the other items' answers from the cache, so they are counted, not priced —
 * input tokens of the rendered prompts — counted with the model family's
 * real tokenizer where llm/tokens.ts has one, else its documented estimate — and output tokens:
 * min(max_tokens, DEFAULT_ANSWER_TOKENS) expected per call and, when max_tokens bounds them, an
 * upper bound. Items whose prompt cannot be rendered are counted apart (they fail without a call).
 */
import { costOf } from "../../llm/cost.js";
import type { JudgeTemplate } from "../../llm/judge/types.js";
import { requestFor } from "../../llm/request-key.js";
import { estimateChatTokens } from "../../llm/tokens.js";
import type { ChatRequest, LlmSystem } from "../../llm/types.js";
import { cacheKeyOf } from "../generate/cached-call.js";
import {
  DEFAULT_ANSWER_TOKENS,
  type EstimateOptions,
  type SystemEstimate,
} from "../generate/estimate.js";
import { judgeCacheScope } from "./keys.js";
import type { PlannedJudgeItem } from "./plan.js";
import { judgeMessages } from "./render-item.js";

export interface JudgingEstimate {
  items: number;
  calls: number;
  cachedCalls: number;
  /**
   * Calls (not answered by the cache) whose request an earlier item of the plan already makes:
   * sent once, the rest answered from the cache — unless the copies run at the same moment.
   */
  duplicateCalls: number;
  /** Items whose template could not be rendered (no call would be made; they would fail). */
  unrenderable: number;
  inputTokens: number;
  outputTokens: number;
  outputTokensMax: number | null;
  /** Null when no judge has a price; judges without one count as 0 otherwise (`unpriced`). */
  cost: number | null;
  costMax: number | null;
  unpriced: string[];
  judges: JudgeEstimate[];
}

/** A judge's part: generate's per-system estimate and the calls repeating another item's. */
export type JudgeEstimate = SystemEstimate & { duplicateCalls: number };

type PerJudge = JudgeEstimate & { methods: Set<string> };

/**
 * Counts and prices a plan. Reads the cache in batches of 500 keys; items of a judge not in
 * `judges` are left out.
 * @example const e = await estimateJudging(planJudging(questions, options), judges, ARENA_HARD);
 */
export async function estimateJudging(
  items: Iterable<PlannedJudgeItem>,
  judges: readonly LlmSystem[],
  template: JudgeTemplate,
  options: EstimateOptions = {},
): Promise<JudgingEstimate> {
  const byId = new Map(judges.map((j) => [j.id, j]));
  const per = new Map<string, PerJudge>(judges.map((j) => [j.id, emptyEstimate(j)]));
  let itemCount = 0;
  let unrenderable = 0;
  let pending: { judge: LlmSystem; request: ChatRequest; key: string }[] = [];
  // Keys of the requests counted to send so far (a judge's keys are its own: keys.ts).
  const sent = new Set<string>();
  const flush = async () => {
    const cached = options.cacheGet
      ? await options.cacheGet(pending.map((p) => p.key))
      : new Map<string, unknown>();
    for (const { judge, request, key } of pending) {
      const e = per.get(judge.id)!;
      e.calls++;
      if (cached.has(key)) e.cachedCalls++;
      else if (sent.has(key)) e.duplicateCalls++;
      else {
        sent.add(key);
        addCall(e, judge, request);
      }
    }
    pending = [];
  };
  for (const item of items) {
    const judge = byId.get(item.payload.judge);
    if (judge === undefined) continue;
    itemCount++;
    per.get(judge.id)!.items++;
    let messages: ReturnType<typeof judgeMessages>;
    try {
      messages = judgeMessages(template, item.payload);
    } catch {
      unrenderable++;
      continue;
    }
    const request = requestFor(judge, messages, { sample: 0, params: {} });
    pending.push({
      judge,
      request,
      key: cacheKeyOf(request, options.freshNonce, judgeCacheScope(judge.id)),
    });
    if (pending.length >= 500) await flush();
  }
  await flush();
  const list = [...per.values()].map(({ methods, ...rest }) => ({
    ...rest,
    tokenizer: [...methods].sort().join(", ") || "none",
  }));
  return totals(itemCount, unrenderable, list);
}

function emptyEstimate(j: LlmSystem): PerJudge {
  return {
    system: j.id,
    model: j.model,
    items: 0,
    calls: 0,
    cachedCalls: 0,
    duplicateCalls: 0,
    inputTokens: 0,
    tokenizer: "",
    methods: new Set(),
    outputTokens: 0,
    outputTokensMax: j.params.max_tokens === undefined ? null : 0,
    cost: j.price === undefined ? null : 0,
    costMax: j.price === undefined || j.params.max_tokens === undefined ? null : 0,
  };
}

/** Adds a call to send: its tokens and cost. */
function addCall(e: PerJudge, judge: LlmSystem, request: ChatRequest): void {
  const { tokens, method } = estimateChatTokens(request.model, request.messages);
  e.methods.add(method);
  const max = request.params.max_tokens;
  const expected = Math.min(DEFAULT_ANSWER_TOKENS, max ?? Number.POSITIVE_INFINITY);
  e.inputTokens += tokens;
  e.outputTokens += expected;
  if (e.outputTokensMax !== null && max !== undefined) e.outputTokensMax += max;
  const cost = costOf(judge.price, { inputTokens: tokens, outputTokens: expected });
  if (cost !== null) e.cost = (e.cost ?? 0) + cost;
  if (e.costMax !== null && max !== undefined)
    e.costMax += costOf(judge.price, { inputTokens: tokens, outputTokens: max }) ?? 0;
}

function totals(items: number, unrenderable: number, judges: JudgeEstimate[]): JudgingEstimate {
  const sum = (f: (s: JudgeEstimate) => number) => judges.reduce((a, s) => a + f(s), 0);
  const priced = judges.filter((s) => s.cost !== null);
  return {
    items,
    calls: sum((s) => s.calls),
    cachedCalls: sum((s) => s.cachedCalls),
    duplicateCalls: sum((s) => s.duplicateCalls),
    unrenderable,
    inputTokens: sum((s) => s.inputTokens),
    outputTokens: sum((s) => s.outputTokens),
    outputTokensMax: judges.every((s) => s.outputTokensMax !== null)
      ? sum((s) => s.outputTokensMax ?? 0)
      : null,
    cost: priced.length === 0 ? null : sum((s) => s.cost ?? 0),
    costMax: judges.every((s) => s.costMax !== null) ? sum((s) => s.costMax ?? 0) : null,
    unpriced: judges.filter((s) => s.cost === null).map((s) => s.system),
    judges,
  };
}
