import { describe, expect, it } from "vitest";
import { cacheKeyOf } from "../../../src/app/generate/cached-call.js";
import { DEFAULT_ANSWER_TOKENS, estimateGeneration } from "../../../src/app/generate/estimate.js";
import { planGeneration } from "../../../src/app/generate/plan.js";
import type { Prompt, PromptId } from "../../../src/core/types.js";
import { requestFor } from "../../../src/llm/request-key.js";
import { estimateChatTokens } from "../../../src/llm/tokens.js";
import type { LlmSystem } from "../../../src/llm/types.js";

const prompt = (id: string): Prompt => ({
  id: id as PromptId,
  messages: [{ role: "user", content: `hello world ${id}` }],
});
const gpt: LlmSystem = {
  id: "gpt",
  model: "gpt-4o-mini",
  baseUrl: "http://127.0.0.1:1/v1",
  params: { max_tokens: 100 },
  price: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  concurrency: 8,
  timeoutMs: 1000,
  stream: false,
};
const local: LlmSystem = { ...gpt, id: "local", model: "llama-3", params: {} };
delete (local as { price?: unknown }).price;

describe("estimateGeneration (--dry-run)", () => {
  const prompts = [prompt("a"), prompt("b")];

  it("counts calls, real-tokenizer input tokens, expected and maximal output, and cost", async () => {
    const e = await estimateGeneration(planGeneration(prompts, [gpt], { n: 2 }), [gpt]);
    const input = prompts.reduce(
      (sum, p) => sum + estimateChatTokens(gpt.model, p.messages).tokens,
      0,
    );
    expect(e.systems[0]).toMatchObject({
      calls: 4,
      cachedCalls: 0,
      tokenizer: "o200k_base",
      inputTokens: 2 * input,
      outputTokens: 4 * 100,
      outputTokensMax: 4 * 100,
    });
    expect(e.cost).toBeCloseTo((2 * input * 0.15 + 400 * 0.6) / 1e6, 12);
    expect(e.costMax).toBeCloseTo(e.cost!, 12);
    expect(e).toMatchObject({ items: 4, candidates: 4, unpriced: [] });
  });

  it("expects 512 tokens an answer without max_tokens, gives no bound, and no cost without a price", async () => {
    const e = await estimateGeneration(planGeneration(prompts, [local], { n: 1 }), [local]);
    expect(e.systems[0]).toMatchObject({
      tokenizer: "estimate",
      outputTokens: 2 * DEFAULT_ANSWER_TOKENS,
      outputTokensMax: null,
      cost: null,
    });
    expect(e).toMatchObject({
      cost: null,
      costMax: null,
      outputTokensMax: null,
      unpriced: ["local"],
    });
  });

  it("an NC call expects k answers; the cache's answers are counted and not priced", async () => {
    const nc = await estimateGeneration(
      planGeneration(prompts, [local], { n: 1, nc: { k: 4, sequential: false } }),
      [local],
    );
    expect(nc.systems[0]).toMatchObject({ calls: 2, outputTokens: 2 * 4 * DEFAULT_ANSWER_TOKENS });
    expect(nc.candidates).toBe(8);
    const cachedKey = cacheKeyOf(
      requestFor(gpt, prompts[0]!.messages, { sample: 0, params: {} }),
      undefined,
    );
    const e = await estimateGeneration(planGeneration(prompts, [gpt], { n: 1 }), [gpt], {
      cacheGet: async (keys) => new Map(keys.filter((k) => k === cachedKey).map((k) => [k, {}])),
    });
    expect(e.systems[0]).toMatchObject({ calls: 2, cachedCalls: 1, outputTokens: 100 });
  });
});
