/**
 * What one generation item may cost, reserved against a job's `--max-cost` before its calls are
 * sent (jobs/budget.ts): the runner starts an item only while the recorded cost, the costs of
 * answers not yet committed and the reservations of the items in flight leave room for it.
 *
 * Per call: input tokens ceil(UTF-8 bytes / 4) plus 3 per message and 3 for the reply (as the
 * dry run's estimate, llm/tokens.ts), plus NC_OVERHEAD_TOKENS for an NC instruction; output
 * tokens `max_tokens` when set (an upper bound), else DEFAULT_ANSWER_TOKENS per answer asked for
 * (an expectation, not a bound). An "nc-sequential" item makes k calls, call i reading the i
 * answers before it. Retries that were answered and NC replies asked again are not foreseen;
 * the runner also reserves at least the dearest item it has seen finish, which covers them once
 * one has happened. Cheap (one pass over the prompt's text) and only computed for jobs with a
 * budget.
 */

import { costOf } from "../../llm/cost.js";
import { contentText, estimateTokens } from "../../llm/tokens.js";
import type { LlmSystem } from "../../llm/types.js";
import { DEFAULT_ANSWER_TOKENS } from "./estimate.js";
import type { GenerateItemPayload } from "./plan.js";

/** Tokens of the NC instruction added to a prompt (the instructions are under 150 words). */
export const NC_OVERHEAD_TOKENS = 200;

/**
 * US dollars one item is expected to cost at most; null when its system has no price.
 * @example itemCostBound(payload, system) // 0.00042
 */
export function itemCostBound(payload: GenerateItemPayload, system: LlmSystem): number | null {
  if (system.price === undefined) return null;
  let prompt = 3;
  for (const message of payload.prompt.messages)
    prompt += 3 + estimateTokens(contentText(message)) + 1;
  if (system.systemPrompt !== undefined) prompt += 4 + estimateTokens(system.systemPrompt);
  const k = payload.k ?? 1;
  const maxTokens = payload.params.max_tokens ?? system.params.max_tokens;
  const answer = maxTokens ?? DEFAULT_ANSWER_TOKENS;
  let inputTokens: number;
  let outputTokens: number;
  if (payload.mode === "independent") {
    inputTokens = prompt;
    outputTokens = answer;
  } else if (payload.mode === "nc") {
    inputTokens = prompt + NC_OVERHEAD_TOKENS;
    outputTokens = maxTokens ?? k * DEFAULT_ANSWER_TOKENS;
  } else {
    // Calls 0..k-1; call i reads the prompt, the instruction (from call 1) and i answers.
    inputTokens = k * prompt + (k - 1) * NC_OVERHEAD_TOKENS + ((k * (k - 1)) / 2) * answer;
    outputTokens = k * answer;
  }
  return costOf(system.price, { inputTokens, outputTokens });
}
