/**
 * What one judge item may cost, reserved against a job's `--max-cost` before its call is sent
 * (jobs/budget.ts), as generate's cost-bound.ts does for a generation item: input tokens of the
 * rendered prompt, ceil(UTF-8 bytes / 4) plus 3 per message and 3 for the reply (the dry run's
 * estimate, llm/tokens.ts), and output tokens `max_tokens` when the judge sets it (a bound), else
 * DEFAULT_ANSWER_TOKENS (an expectation: a judge's review is about a chat answer's length). Parse
 * retries are not foreseen; the runner also reserves at least the dearest item it has seen finish,
 * which covers them once one has happened. Only computed for jobs with a budget.
 */
import { costOf } from "../../llm/cost.js";
import type { JudgeTemplate } from "../../llm/judge/types.js";
import { contentText, estimateTokens } from "../../llm/tokens.js";
import type { LlmSystem } from "../../llm/types.js";
import { DEFAULT_ANSWER_TOKENS } from "../generate/estimate.js";
import { judgeMessages } from "./render-item.js";
import type { JudgeItemPayload } from "./types.js";

/**
 * US dollars one item is expected to cost at most; null when its judge has no price or the item
 * cannot be rendered (it will fail without a call).
 * @example judgeItemCostBound(payload, judge, ARENA_HARD) // 0.0011
 */
export function judgeItemCostBound(
  payload: JudgeItemPayload,
  judge: LlmSystem,
  template: JudgeTemplate,
): number | null {
  if (judge.price === undefined) return null;
  let messages: ReturnType<typeof judgeMessages>;
  try {
    messages = judgeMessages(template, payload);
  } catch {
    return null;
  }
  let inputTokens = 3;
  for (const message of messages) inputTokens += 3 + estimateTokens(contentText(message)) + 1;
  // requestFor adds the judge's own system prompt when the template has none.
  if (judge.systemPrompt !== undefined && !messages.some((m) => m.role === "system"))
    inputTokens += 4 + estimateTokens(judge.systemPrompt);
  const outputTokens = judge.params.max_tokens ?? DEFAULT_ANSWER_TOKENS;
  return costOf(judge.price, { inputTokens, outputTokens });
}
