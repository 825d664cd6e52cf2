/**
 * The judge dry run, on a template small enough to count by hand: calls, input tokens of the
 * rendered prompts, expected and bounded output, cost, answers the cache already holds, items
 * that cannot be rendered, and judges without a price.
 */
import { describe, expect, it } from "vitest";
import { cacheKeyOf } from "../../../src/app/generate/cached-call.js";
import { judgeItemCostBound } from "../../../src/app/judge/cost-bound.js";
import { estimateJudging } from "../../../src/app/judge/estimate.js";
import { judgeCacheScope } from "../../../src/app/judge/keys.js";
import { planJudging } from "../../../src/app/judge/plan.js";
import type { JudgeQuestion } from "../../../src/app/judge/questions.js";
import type { PromptId } from "../../../src/core/types.js";
import type { JudgeTemplate } from "../../../src/llm/judge/types.js";
import { requestFor } from "../../../src/llm/request-key.js";
import type { LlmSystem } from "../../../src/llm/types.js";

/** Renders "q0|aa|bbbb": 10 bytes → 3 tokens, +1 for the role "user", +3 per message, +3. */
const TINY: JudgeTemplate = {
  id: "tiny",
  version: 1,
  mode: "pairwise",
  variables: ["question", "answer_a", "answer_b"],
  user: "{{question}}|{{answer_a}}|{{answer_b}}",
  verdict: {
    format: "labels",
    patterns: ["\\[\\[(A|B)\\]\\]"],
    labels: { A: { preference: 1 }, B: { preference: 0 } },
    uppercase: false,
    pick: "last",
  },
};

const judge = (id: string, extra: Partial<LlmSystem> = {}): LlmSystem => ({
  id,
  model: `model-${id}`,
  baseUrl: "http://127.0.0.1:9/v1",
  params: { max_tokens: 100 },
  price: { inputPerMillion: 1, outputPerMillion: 2 },
  concurrency: 1,
  timeoutMs: 1000,
  stream: false,
  ...extra,
});

const QUESTIONS: JudgeQuestion[] = [0, 1, 2].map((i) => ({
  prompt: { id: `p${i}` as PromptId, messages: [{ role: "user", content: `q${i}` }] },
  candidates: [
    { id: `a${i}`, systemId: "A", text: "aa" },
    { id: `b${i}`, systemId: "B", text: "bbbb" },
  ],
  pairs: [],
}));

const plan = (judges: string[]) => [
  ...planJudging(QUESTIONS, {
    judges,
    template: TINY,
    selection: { kind: "all" },
    orders: "both",
    permutations: 1,
  }),
];

describe("estimateJudging", () => {
  it("counts 10 input tokens and 100 output tokens a call, priced by hand", async () => {
    const j = judge("j");
    const e = await estimateJudging(plan(["j"]), [j], TINY);
    expect(e).toMatchObject({
      items: 6,
      calls: 6,
      cachedCalls: 0,
      duplicateCalls: 0,
      unrenderable: 0,
      inputTokens: 60,
      outputTokens: 600,
      outputTokensMax: 600,
      unpriced: [],
    });
    expect(e.cost).toBeCloseTo((60 * 1 + 600 * 2) / 1e6, 15);
    expect(e.costMax).toBeCloseTo(e.cost!, 15);
    expect(e.judges[0]).toMatchObject({ system: "j", tokenizer: "estimate", items: 6 });
  });

  it("leaves out calls the cache answers, and says which judges have no price", async () => {
    const paid = judge("paid");
    const free = judge("free", { params: {} });
    delete free.price;
    const items = plan(["paid", "free"]);
    const cachedKey = cacheKeyOf(
      requestFor(paid, [{ role: "user", content: "q0|aa|bbbb" }], { sample: 0, params: {} }),
      undefined,
      judgeCacheScope("paid"),
    );
    const e = await estimateJudging(items, [paid, free], TINY, {
      cacheGet: async (keys) => new Map(keys.filter((k) => k === cachedKey).map((k) => [k, {}])),
    });
    expect(e.calls).toBe(12);
    expect(e.cachedCalls).toBe(1);
    expect(e.judges.map((s) => [s.system, s.cachedCalls, s.inputTokens])).toEqual([
      ["paid", 1, 50],
      ["free", 0, 60],
    ]);
    // free: no max_tokens, so 512 expected and no bound.
    expect(e.outputTokens).toBe(500 + 6 * 512);
    expect(e.outputTokensMax).toBeNull();
    expect(e.unpriced).toEqual(["free"]);
    expect(e.cost).toBeCloseTo((50 + 500 * 2) / 1e6, 15);
  });

  it("prices a request several items repeat once, and counts the repeats", async () => {
    // p0 and p1 ask the same question with the same answers: one judge sees the same two texts
    // in the same two orders, so 4 of their 8 items (2 judges) repeat another's request; p2
    // differs. Each judge: 6 calls, 2 repeats, 4 to send at 10 input tokens each.
    const same = (i: number, q: string): JudgeQuestion => ({
      prompt: { id: `p${i}` as PromptId, messages: [{ role: "user", content: q }] },
      candidates: [
        { id: `a${i}`, systemId: "A", text: "aa" },
        { id: `b${i}`, systemId: "B", text: "bbbb" },
      ],
      pairs: [],
    });
    const items = [
      ...planJudging([same(0, "q0"), same(1, "q0"), same(2, "q2")], {
        judges: ["j", "k"],
        template: TINY,
        selection: { kind: "all" },
        orders: "both",
        permutations: 1,
      }),
    ];
    // k is j's model under another id: its requests are its own, not j's repeats.
    const j = judge("j");
    const k = { ...judge("k"), model: j.model };
    const e = await estimateJudging(items, [j, k], TINY);
    expect(e).toMatchObject({ items: 12, calls: 12, cachedCalls: 0, duplicateCalls: 4 });
    expect(e.judges.map((s) => [s.system, s.calls, s.duplicateCalls, s.inputTokens])).toEqual([
      ["j", 6, 2, 40],
      ["k", 6, 2, 40],
    ]);
    expect(e.outputTokens).toBe(8 * 100);
    expect(e.cost).toBeCloseTo((80 * 1 + 800 * 2) / 1e6, 15);
    // A repeat of a cached request is the cache's, not a repeat.
    const cachedKey = cacheKeyOf(
      requestFor(j, [{ role: "user", content: "q0|aa|bbbb" }], { sample: 0, params: {} }),
      undefined,
      judgeCacheScope("j"),
    );
    const again = await estimateJudging(items, [j, k], TINY, {
      cacheGet: async (keys) => new Map(keys.filter((x) => x === cachedKey).map((x) => [x, {}])),
    });
    expect(again.judges.map((s) => [s.system, s.cachedCalls, s.duplicateCalls])).toEqual([
      ["j", 2, 1],
      ["k", 0, 2],
    ]);
  });

  it("counts items it cannot render apart, with no call", async () => {
    const [item] = plan(["j"]);
    const broken = { ...item!, payload: { ...item!.payload, shown: [0, 5] } };
    const e = await estimateJudging([broken], [judge("j")], TINY);
    expect(e).toMatchObject({ items: 1, calls: 0, unrenderable: 1 });
  });
});

describe("judgeItemCostBound", () => {
  it("is the rendered prompt's estimate and max_tokens, or 512 without it; null without a price", () => {
    const [item] = plan(["j"]);
    // ceil(10 / 4) = 3 + 3 + 1 per message, + 3: 10 tokens in; 100 out.
    expect(judgeItemCostBound(item!.payload, judge("j"), TINY)).toBeCloseTo(210 / 1e6, 15);
    expect(judgeItemCostBound(item!.payload, judge("j", { params: {} }), TINY)).toBeCloseTo(
      (10 + 1024) / 1e6,
      15,
    );
    const unpriced = judge("j");
    delete unpriced.price;
    expect(judgeItemCostBound(item!.payload, unpriced, TINY)).toBeNull();
  });
});
