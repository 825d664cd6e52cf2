import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import {
  type FakeOpenAi,
  fakeAnswer,
  fakeBodyHash,
  startFakeOpenAi,
} from "../../src/llm/fake-openai-server.js";

interface Completion {
  choices: { message: { content: string }; finish_reason: string }[];
}

let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const completion = async (res: Response) => (await res.json()) as Completion;

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

describe("the fake OpenAI server", () => {
  it("answers deterministically and counts answers per body", async () => {
    fake = await startFakeOpenAi({ sentences: 1 });
    const body = { model: "m", messages: [{ role: "user", content: "Say hi" }], seed: 3 };
    const first: Completion = await completion(await post(fake.url, body));
    const second: Completion = await completion(await post(fake.url, { ...body, stream: false }));
    expect(first.choices[0]!.message.content).toBe(
      fakeAnswer("m", body.messages, { k: 0, seed: 3, sentences: 1 }),
    );
    expect(first.choices[0]!.message.content).toMatch(/^answer from m to "Say hi" #0 seed 3\. \S/);
    expect(second.choices[0]!.message.content).toMatch(/#1 seed 3\./);
    const stats = fake.stats();
    expect(stats.requests).toBe(2);
    expect(stats.answered).toBe(2);
    expect(stats.answeredByBody.get(fakeBodyHash(body))).toBe(2);
    expect(stats.byModel.get("m")).toEqual({ requests: 2, answered: 2 });
    fake.reset();
    expect(fake.stats().answered).toBe(0);
  });

  it("streams SSE chunks ending in usage and [DONE]", async () => {
    fake = await startFakeOpenAi();
    const res = await post(fake.url, {
      model: "m",
      messages: [{ role: "user", content: "x" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const events = (await res.text()).trim().split("\n\n");
    expect(events.at(-1)).toBe("data: [DONE]");
    const usage = JSON.parse(events.at(-2)!.slice(6));
    expect(usage.choices).toEqual([]);
    expect(usage.usage.completion_tokens).toBeGreaterThan(0);
    expect(events.length).toBeGreaterThan(5);
  });

  it("serves only the models it knows, with the key it requires, as the SDK expects", async () => {
    fake = await startFakeOpenAi({ models: ["a", "b"], apiKey: "k" });
    const sdk = new OpenAI({ baseURL: fake.url, apiKey: "k", maxRetries: 0 });
    expect((await sdk.models.list()).data.map((m) => m.id)).toEqual(["a", "b"]);
    const unknown = await sdk.chat.completions
      .create({ model: "c", messages: [{ role: "user", content: "x" }] })
      .catch((e) => e);
    expect(unknown).toMatchObject({ status: 404, code: "model_not_found" });
    const wrong = new OpenAI({ baseURL: fake.url, apiKey: "nope", maxRetries: 0 });
    expect(await wrong.models.list().catch((e) => e.status)).toBe(401);
  });

  it("applies a fault rule to as many matching requests as it says, for its model only", async () => {
    fake = await startFakeOpenAi();
    fake.setFaults([
      { model: "m", times: 2, fault: { type: "status", status: 429, retryAfter: 7 } },
    ]);
    const statuses: (number | string | null)[] = [];
    for (const model of ["other", "m", "m", "m"]) {
      const res = await post(fake.url, { model, messages: [{ role: "user", content: "x" }] });
      statuses.push(res.status, res.headers.get("retry-after"));
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([200, null, 429, "7", 429, "7", 200, null]);
    expect(fake.stats()).toMatchObject({ requests: 4, answered: 2 });
  });

  it("waits latencyMs before answering, and truncates at max_tokens with a length finish", async () => {
    fake = await startFakeOpenAi({ latencyMs: 80 });
    const start = performance.now();
    const answer: Completion = await completion(
      await post(fake.url, {
        model: "m",
        messages: [{ role: "user", content: "x" }],
        max_tokens: 3,
      }),
    );
    expect(performance.now() - start).toBeGreaterThanOrEqual(75);
    expect(answer.choices[0]!).toMatchObject({ finish_reason: "length" });
    expect(answer.choices[0]!.message.content).toHaveLength(12);
  });
});
