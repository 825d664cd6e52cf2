import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Message } from "../../src/core/types.js";
import { requestFor, requestKey } from "../../src/llm/request-key.js";
import type { ChatRequest, SamplingParams } from "../../src/llm/types.js";
import { fakeSystem } from "./systems.js";

const message = fc.record({
  role: fc.constantFrom("system", "user", "assistant") as fc.Arbitrary<Message["role"]>,
  content: fc.string({ maxLength: 30 }),
});
const request: fc.Arbitrary<ChatRequest> = fc.record({
  baseUrl: fc.constantFrom("http://127.0.0.1:8000/v1", "https://api.openai.com/v1"),
  model: fc.string({ minLength: 1, maxLength: 12 }),
  messages: fc.array(message, { minLength: 1, maxLength: 4 }),
  params: fc.record(
    {
      temperature: fc.double({ min: 0, max: 2, noNaN: true }),
      seed: fc.integer(),
      max_tokens: fc.integer({ min: 1, max: 4096 }),
    },
    { requiredKeys: [] },
  ),
  sample: fc.nat(100),
});

/** The same request rebuilt with its keys in another order. */
function reordered(r: ChatRequest): ChatRequest {
  const params = Object.fromEntries(Object.entries(r.params).reverse());
  return {
    sample: r.sample,
    params,
    messages: r.messages.map((m) => ({ content: m.content, role: m.role })),
    model: r.model,
    baseUrl: `${r.baseUrl}/`,
  };
}

describe("requestKey", () => {
  it("is a sha256 hex digest", () => {
    const system = fakeSystem("http://127.0.0.1:1/v1");
    expect(
      requestKey(requestFor(system, [{ role: "user", content: "hi" }], { sample: 0 })),
    ).toMatch(/^[0-9a-f]{64}$/);
  });

  it("gives equal requests equal keys, whatever their key order, trailing slash or undefined params", () => {
    fc.assert(
      fc.property(request, (r) => {
        expect(requestKey(reordered(r))).toBe(requestKey(r));
        expect(
          requestKey({
            ...r,
            params: { ...r.params, top_p: undefined } as unknown as SamplingParams,
          }),
        ).toBe(requestKey(r));
        expect(requestKey({ ...r, n: 1 })).toBe(requestKey(r));
      }),
    );
  });

  it("changes with the model, the base URL, a parameter, a message, n or the sample index", () => {
    fc.assert(
      fc.property(request, fc.string({ minLength: 1, maxLength: 5 }), (r, extra) => {
        const key = requestKey(r);
        const variants: ChatRequest[] = [
          { ...r, model: `${r.model}${extra}` },
          { ...r, baseUrl: `${r.baseUrl}${extra.replace(/\//g, "x")}x` },
          { ...r, params: { ...r.params, temperature: (r.params.temperature ?? 0) + 0.5 } },
          { ...r, params: { ...r.params, stop: [extra] } },
          {
            ...r,
            messages: [
              ...r.messages.slice(0, -1),
              { ...r.messages.at(-1)!, content: `${r.messages.at(-1)!.content}${extra}` },
            ],
          },
          { ...r, messages: [...r.messages, { role: "user", content: extra }] },
          { ...r, n: 2 },
          { ...r, sample: r.sample + 1 },
        ];
        for (const variant of variants) expect(requestKey(variant)).not.toBe(key);
      }),
    );
  });
});

describe("requestFor", () => {
  const system = fakeSystem("http://127.0.0.1:1/v1/", {
    systemPrompt: "Be brief.",
    params: { temperature: 0.7, max_tokens: 100 },
  });

  it("prepends the system prompt when the conversation has none, and merges params", () => {
    const r = requestFor(system, [{ role: "user", content: "hi" }], {
      sample: 2,
      n: 3,
      params: { temperature: 1, seed: 7 },
    });
    expect(r).toEqual({
      baseUrl: "http://127.0.0.1:1/v1",
      model: "fake-model",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "hi" },
      ],
      params: { temperature: 1, max_tokens: 100, seed: 7 },
      sample: 2,
      n: 3,
    });
  });

  it("keeps a conversation's own system message", () => {
    const messages: Message[] = [
      { role: "system", content: "Be long." },
      { role: "user", content: "hi" },
    ];
    expect(requestFor(system, messages, { sample: 0 }).messages).toEqual(messages);
  });
});
