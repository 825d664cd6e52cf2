import { describe, expect, it } from "vitest";
import { costOf } from "../../src/llm/cost.js";
import { countTokens, estimateChatTokens, tokenizerFor } from "../../src/llm/tokens.js";

describe("countTokens", () => {
  it('counts "hello world" as 2 o200k_base tokens for gpt-4o', () => {
    expect(countTokens("gpt-4o", "hello world")).toEqual({ tokens: 2, method: "o200k_base" });
  });

  it('counts "tiktoken is great!" as 6 cl100k_base tokens (OpenAI cookbook) for gpt-4', () => {
    expect(countTokens("gpt-4", "tiktoken is great!")).toEqual({
      tokens: 6,
      method: "cl100k_base",
    });
  });

  it("picks the tokenizer by model family, a provider prefix ignored", () => {
    expect(
      ["gpt-4o-mini", "gpt-4.1", "gpt-5", "o1", "o3-mini", "o4-mini", "openai/gpt-4o"].map(
        tokenizerFor,
      ),
    ).toEqual(Array(7).fill("o200k_base"));
    expect(["gpt-4", "gpt-4-turbo", "gpt-3.5-turbo"].map(tokenizerFor)).toEqual(
      Array(3).fill("cl100k_base"),
    );
    expect(["llama3.1:8b", "mistral-large", "omni", "o2x"].map(tokenizerFor)).toEqual(
      Array(4).fill("estimate"),
    );
  });

  it("estimates other models at ceil(UTF-8 bytes / 4)", () => {
    expect(countTokens("llama3", "abcdefghi")).toEqual({ tokens: 3, method: "estimate" });
    // Three bytes a character in UTF-8: 6 characters are 18 bytes, 5 tokens.
    expect(countTokens("qwen2", "日本語の文章")).toEqual({ tokens: 5, method: "estimate" });
    expect(countTokens("llama3", "")).toEqual({ tokens: 0, method: "estimate" });
  });

  it("adds 3 tokens per message and 3 for the reply to a chat's count", () => {
    const messages = [
      { role: "system" as const, content: "hello world" },
      { role: "user" as const, content: [{ type: "text" as const, text: "hello world" }] },
    ];
    // 3 + (3 + 2 + role 1) · 2 = 15 with o200k_base ("system" and "user" are 1 token each).
    expect(estimateChatTokens("gpt-4o", messages)).toEqual({ tokens: 15, method: "o200k_base" });
  });
});

describe("costOf", () => {
  it("prices tokens per million, and leaves an unknown price unknown", () => {
    const price = { inputPerMillion: 0.15, outputPerMillion: 0.6 };
    expect(costOf(price, { inputTokens: 1_000_000, outputTokens: 500_000 })).toBeCloseTo(0.45, 12);
    expect(costOf(price, { inputTokens: 0, outputTokens: 0 })).toBe(0);
    expect(costOf(undefined, { inputTokens: 10, outputTokens: 10 })).toBeNull();
  });
});
