import { describe, expect, it } from "vitest";
import { itemCostBound, NC_OVERHEAD_TOKENS } from "../../../src/app/generate/cost-bound.js";
import type { GenerateItemPayload } from "../../../src/app/generate/plan.js";
import type { PromptId } from "../../../src/core/types.js";
import type { LlmSystem } from "../../../src/llm/types.js";

const system: LlmSystem = {
  id: "s",
  model: "m",
  baseUrl: "http://127.0.0.1:1/v1",
  params: {},
  concurrency: 1,
  timeoutMs: 1000,
  stream: false,
  // $1 per million input tokens, $2 per million output tokens: cost = (in + 2 out) / 1e6.
  price: { inputPerMillion: 1, outputPerMillion: 2 },
};
const payload = (over: Partial<GenerateItemPayload> = {}): GenerateItemPayload => ({
  // 40 ASCII bytes: 10 estimated tokens, + 3 for the message + 1, + 3 for the reply = 17.
  prompt: { id: "p" as PromptId, messages: [{ role: "user", content: "x".repeat(40) }] },
  systemId: "s",
  sample: 0,
  params: {},
  mode: "independent",
  ...over,
});

describe("itemCostBound", () => {
  it("prices one call: estimated input, max_tokens or 512 output", () => {
    expect(itemCostBound(payload(), system)).toBeCloseTo((17 + 2 * 512) / 1e6, 12);
    expect(itemCostBound(payload({ params: { max_tokens: 100 } }), system)).toBeCloseTo(
      (17 + 200) / 1e6,
      12,
    );
  });

  it("prices NC as one call with the instruction and k answers, nc-sequential as k calls", () => {
    expect(itemCostBound(payload({ mode: "nc", k: 3 }), system)).toBeCloseTo(
      (17 + NC_OVERHEAD_TOKENS + 2 * 3 * 512) / 1e6,
      12,
    );
    const seq = { mode: "nc-sequential" as const, k: 3, params: { max_tokens: 10 } };
    // Inputs: 17, 17 + 200 + 10, 17 + 200 + 20; outputs 3 × 10.
    expect(itemCostBound(payload(seq), system)).toBeCloseTo((3 * 17 + 400 + 30 + 60) / 1e6, 12);
  });

  it("is null for a system without a price", () => {
    const { price: _, ...free } = system;
    expect(itemCostBound(payload(), free)).toBeNull();
  });
});
