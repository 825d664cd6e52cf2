/**
 * The "generate" handler against the fake OpenAI-compatible server: the request cache, fresh
 * samples, truncated answers, faults retried or failing the item, fatal errors stopping the job,
 * missing key variables, NC replies. The cache is a Map here (the store writes outcome.cache in
 * the transaction that finishes the item; test/cli/generate.e2e.test.ts runs the real thing).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateHandler } from "../../../src/app/generate/handler.js";
import { type PlannedItem, planGeneration } from "../../../src/app/generate/plan.js";
import type { GenerateItemResult } from "../../../src/app/generate/run-item.js";
import type { GenerateSpec } from "../../../src/app/generate/spec.js";
import type { Prompt, PromptId } from "../../../src/core/types.js";
import { FatalJobError, type HandlerOutcome, type JobHandler } from "../../../src/jobs/types.js";
import type { ChatClient } from "../../../src/llm/chat-client.js";
import { type FakeOpenAi, startFakeOpenAi } from "../../../src/llm/fake-openai-server.js";
import type { ChatRequest, LlmSystem } from "../../../src/llm/types.js";
import type { JobRecord } from "../../../src/store/port/jobs.js";

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi({ models: ["m1", "m2"], apiKey: "sk-test-secret-value" });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.setFaults([]);
});

const ENV = { FAKE_KEY: "sk-test-secret-value" };
const prompt = (id: string): Prompt => ({
  id: id as PromptId,
  messages: [{ role: "user", content: `question ${id}` }],
});
const system = (id: string, extra: Partial<LlmSystem> = {}): LlmSystem => ({
  id,
  model: id,
  baseUrl: fake.url,
  apiKeyEnv: "FAKE_KEY",
  params: {},
  price: { inputPerMillion: 1, outputPerMillion: 2 },
  concurrency: 4,
  timeoutMs: 2000,
  stream: false,
  ...extra,
});

function job(spec: Partial<GenerateSpec> & { systems: LlmSystem[] }, id = "job-1"): JobRecord {
  const full: GenerateSpec = {
    version: 1,
    diversity: { n: 1 },
    output: { kind: "file", path: "/dev/null" },
    ...spec,
  };
  return {
    id,
    kind: "generate",
    fingerprint: "f",
    status: "running",
    spec: full,
    createdAt: "",
    updatedAt: "",
    counts: { total: 0, pending: 0, leased: 0, done: 0, failed: 0, cancelled: 0 },
    usage: { inputTokens: 0, outputTokens: 0, cost: 0, cached: 0, calls: 0 },
  };
}

/** A handler over an in-memory cache, with retry waits recorded instead of slept. */
function harness(
  options: { env?: Record<string, string>; clientFor?: (s: LlmSystem) => ChatClient } = {},
) {
  const cache = new Map<string, unknown>();
  const waits: number[] = [];
  const handler: JobHandler = generateHandler({
    store: {
      cacheGet: async (keys: readonly string[]) =>
        new Map(keys.filter((k) => cache.has(k)).map((k) => [k, cache.get(k)])),
      listItems: async () => [],
    } as never,
    env: options.env ?? ENV,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...(options.clientFor ? { clientFor: options.clientFor } : {}),
  });
  /** Runs the items in order, writing each outcome's cache entries as the store would. */
  async function run(record: JobRecord, items: Iterable<PlannedItem>): Promise<HandlerOutcome[]> {
    const doItem = await handler.open(record);
    const outcomes: HandlerOutcome[] = [];
    for (const item of items) {
      const signal = new AbortController().signal;
      const outcome = await doItem(
        { jobId: record.id, key: item.key, payload: item.payload, attempts: 1 },
        { job: record, signal },
      );
      for (const entry of outcome.cache ?? []) cache.set(entry.key, entry.value);
      outcomes.push(outcome);
    }
    return outcomes;
  }
  return { run, cache, waits };
}

const candidates = (o: HandlerOutcome) => (o.result as GenerateItemResult).candidates;

describe("generate handler", () => {
  it("makes a candidate per item with tokens, latency, finish reason and cost", async () => {
    const h = harness();
    const systems = [system("m1"), system("m2")];
    const items = [...planGeneration([prompt("p1"), prompt("p2")], systems, { n: 2 })];
    const outcomes = await h.run(job({ systems }), items);
    expect(outcomes.map((o) => o.status)).toEqual(Array(8).fill("done"));
    expect(fake.stats().answered).toBe(8);
    const [c] = candidates(outcomes[0]!);
    expect(c!.text).toContain("m1");
    expect(c!.generation).toMatchObject({
      system: "m1",
      model: "m1",
      sample: 0,
      finishReason: "stop",
      job: "job-1",
      diversity: "independent",
    });
    expect(c!.generation.inputTokens).toBeGreaterThan(0);
    expect(c!.generation.outputTokens).toBeGreaterThan(0);
    expect(c!.generation.latencyMs).toBeGreaterThanOrEqual(0);
    const { inputTokens, outputTokens } = c!.generation;
    expect(c!.generation.cost).toBeCloseTo((inputTokens * 1 + outputTokens * 2) / 1e6, 12);
    expect(outcomes[0]!.usage).toMatchObject({
      inputTokens,
      outputTokens,
      calls: 1,
      cached: false,
    });
    // The n samples of a request send the same body (the sample index is the cache's, not the
    // server's): each body is answered n times, and each answer is a new one.
    expect([...fake.stats().answeredByBody.values()]).toEqual(Array(4).fill(2));
    const texts = outcomes.map((o) => candidates(o)[0]!.text);
    expect(new Set(texts).size).toBe(8);
  });

  it("answers a request from the cache without sending it, in a later job too", async () => {
    const h = harness();
    const systems = [system("m1")];
    const items = [...planGeneration([prompt("p1"), prompt("p2")], systems, { n: 1 })];
    const first = await h.run(job({ systems }), items);
    expect(fake.stats().requests).toBe(2);
    const again = await h.run(job({ systems }, "job-2"), items);
    expect(fake.stats().requests).toBe(2);
    expect(again.map((o) => o.usage)).toEqual(
      Array(2).fill({ inputTokens: 0, outputTokens: 0, cost: 0, calls: 0, cached: true }),
    );
    // The same candidate, naming the job that paid for it: a re-run's output is identical.
    expect(candidates(again[0]!)).toEqual(candidates(first[0]!));
    expect(candidates(again[0]!)[0]!.generation.job).toBe("job-1");
    expect(again[0]!.cache).toBeUndefined();
  });

  it("--fresh sends every request again, and a resume of the fresh job reuses its own answers", async () => {
    const h = harness();
    const systems = [system("m1")];
    const items = [...planGeneration([prompt("p1")], systems, { n: 2 })];
    const before = await h.run(job({ systems }), items);
    const fresh = job({ systems, freshNonce: "nonce-1" }, "job-fresh");
    const sampled = await h.run(fresh, items);
    expect(fake.stats().requests).toBe(4);
    // The fake's answer counts repeats of a body: the fresh answers are new ones ("#2").
    expect(candidates(sampled[0]!)[0]!.text).not.toBe(candidates(before[0]!)[0]!.text);
    expect(candidates(sampled[0]!)[0]!.id).not.toBe(candidates(before[0]!)[0]!.id);
    const resumed = await h.run(fresh, items);
    expect(fake.stats().requests).toBe(4);
    expect(candidates(resumed[1]!)[0]!.text).toBe(candidates(sampled[1]!)[0]!.text);
  });

  it("keeps a truncated (length) answer and marks it", async () => {
    const h = harness();
    fake.setFaults([{ times: 1, fault: { type: "length" } }]);
    const systems = [system("m1")];
    const [outcome] = await h.run(
      job({ systems }),
      planGeneration([prompt("p1")], systems, { n: 1 }),
    );
    expect(outcome!.status).toBe("done");
    expect(candidates(outcome!)[0]!).toMatchObject({
      finishReason: "length",
      generation: { finishReason: "length" },
    });
  });

  it.each([
    ["empty choices", { type: "empty" } as const, "no text"],
    ["malformed JSON", { type: "malformed" } as const, "not a chat completion"],
  ])(
    "retries %s a bounded number of times, then fails the item with the message",
    async (_n, fault, words) => {
      const h = harness();
      fake.setFaults([{ fault }]);
      const systems = [system("m1")];
      const [outcome] = await h.run(
        job({ systems }),
        planGeneration([prompt("p1")], systems, { n: 1 }),
      );
      expect(outcome!.status).toBe("failed");
      expect(outcome!.error).toContain(words);
      expect(fake.stats().requests).toBe(3);
      expect(outcome!.usage).toMatchObject({ calls: 3, cached: false });
      expect(outcome!.cache).toBeUndefined();
    },
  );

  it("retries a 429 burst after its Retry-After, then succeeds", async () => {
    const h = harness();
    fake.setFaults([{ times: 3, fault: { type: "status", status: 429, retryAfter: 7 } }]);
    const systems = [system("m1")];
    const [outcome] = await h.run(
      job({ systems }),
      planGeneration([prompt("p1")], systems, { n: 1 }),
    );
    expect(outcome!.status).toBe("done");
    expect(fake.stats().requests).toBe(4);
    expect(outcome!.usage?.calls).toBe(4);
    expect(h.waits).toHaveLength(3);
    for (const wait of h.waits) expect(wait).toBeGreaterThanOrEqual(7000);
  });

  it("stops the job on a 401 with the message that says what to fix, and no key in it", async () => {
    const h = harness({ env: { FAKE_KEY: "sk-wrong-key-123456" } });
    const systems = [system("m1")];
    const error = await h
      .run(job({ systems }), planGeneration([prompt("p1")], systems, { n: 1 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FatalJobError);
    expect((error as Error).message).toBe(
      `the server at ${fake.url} refused the key in $FAKE_KEY (401): check the key of system "m1"`,
    );
    expect(fake.stats().requests).toBe(1);
  });

  it("stops the job on an unknown model", async () => {
    const h = harness();
    const systems = [system("nope")];
    const error = await h
      .run(job({ systems }), planGeneration([prompt("p1")], systems, { n: 1 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FatalJobError);
    expect((error as Error).message).toContain('model "nope" is not served at');
  });

  it("reports every missing key variable when the job opens, before any request", async () => {
    const h = harness({ env: {} });
    const systems = [system("m1"), system("m2", { apiKeyEnv: "OTHER_KEY" })];
    const error = await h
      .run(job({ systems }), planGeneration([prompt("p1")], systems, { n: 1 }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FatalJobError);
    expect((error as Error).message).toContain("FAKE_KEY");
    expect((error as Error).message).toContain("OTHER_KEY");
    expect(fake.stats().requests).toBe(0);
  });
});

/** A client answering from a script, for replies the fake server does not write (NC forms). */
function scripted(
  replies: string[],
  seen: ChatRequest[] = [],
  finishReason = "stop",
): (s: LlmSystem) => ChatClient {
  let i = 0;
  return () => ({
    async complete(request) {
      seen.push(request);
      const text = replies[Math.min(i++, replies.length - 1)]!;
      return {
        texts: [text],
        finishReasons: [finishReason],
        usage: { inputTokens: 10, outputTokens: 20 },
        usageEstimated: false,
        latencyMs: 1,
      };
    },
  });
}

describe("generate handler, NC modes", () => {
  const nc = { n: 1, nc: { k: 3, sequential: false } };

  it("nc: one call, k candidates in order, sharing the call's record", async () => {
    const reply = "=== Answer 1 ===\nYes.\n=== Answer 2 ===\nNo.\n=== Answer 3 ===\nIt depends.";
    const seen: ChatRequest[] = [];
    const h = harness({ clientFor: scripted([reply], seen) });
    const systems = [system("m1")];
    const [outcome] = await h.run(
      job({ systems, diversity: nc }),
      planGeneration([prompt("p1")], systems, nc),
    );
    expect(candidates(outcome!).map((c) => [c.text, c.nc])).toEqual([
      ["Yes.", { k: 3, index: 0, extra: 0 }],
      ["No.", { k: 3, index: 1, extra: 0 }],
      ["It depends.", { k: 3, index: 2, extra: 0 }],
    ]);
    expect(new Set(candidates(outcome!).map((c) => c.id)).size).toBe(3);
    // The call's cost is counted once when each candidate's share is summed.
    const shares = candidates(outcome!).map((c) => c.generation);
    expect(shares.every((g) => g.sharedBy === 3)).toBe(true);
    const summed = shares.reduce((sum, g) => sum + (g.cost ?? 0) / g.sharedBy!, 0);
    expect(summed).toBeCloseTo(outcome!.usage!.cost!, 12);
    expect(seen).toHaveLength(1);
    expect(JSON.stringify(seen[0]!.messages)).toContain("[prefkit-nc-1]");
    expect(outcome!.cache).toHaveLength(1);
  });

  it("nc: an unparseable reply is asked again, not cached, and kept when a later one parses", async () => {
    const good = "=== Answer 1 ===\na\n=== Answer 2 ===\nb\n=== Answer 3 ===\nc";
    const seen: ChatRequest[] = [];
    const h = harness({ clientFor: scripted(["just one answer", good], seen) });
    const systems = [system("m1")];
    const [outcome] = await h.run(
      job({ systems, diversity: nc }),
      planGeneration([prompt("p1")], systems, nc),
    );
    expect(outcome!.status).toBe("done");
    expect(seen).toHaveLength(2);
    expect(outcome!.usage).toMatchObject({ calls: 2, inputTokens: 20, outputTokens: 40 });
    expect(outcome!.cache).toHaveLength(1);
    expect(outcome!.cache![0]!.value).toMatchObject({ texts: [good] });
  });

  it("nc: a reply cut at max_tokens that does not parse fails at once, saying to raise max_tokens", async () => {
    const cut = "=== Answer 1 ===\nYes.\n=== Answer 2 ===\nNo, becau";
    const seen: ChatRequest[] = [];
    const h = harness({ clientFor: scripted([cut], seen, "length") });
    const systems = [system("m1")];
    const [outcome] = await h.run(
      job({ systems, diversity: nc }),
      planGeneration([prompt("p1")], systems, nc),
    );
    expect(outcome!.status).toBe("failed");
    expect(outcome!.error).toMatch(
      /cut at max_tokens .*: raise max_tokens\nraw answer: === Answer 1/,
    );
    expect(seen).toHaveLength(1);
    expect(outcome!.usage).toMatchObject({ calls: 1, outputTokens: 20 });
    expect(outcome!.cache).toBeUndefined();
  });

  it("nc: a cut reply that parses gives k candidates, each marked length", async () => {
    const reply = "=== Answer 1 ===\nYes.\n=== Answer 2 ===\nNo.\n=== Answer 3 ===\nIt dep";
    const h = harness({ clientFor: scripted([reply], [], "length") });
    const systems = [system("m1")];
    const [outcome] = await h.run(
      job({ systems, diversity: nc }),
      planGeneration([prompt("p1")], systems, nc),
    );
    expect(candidates(outcome!).map((c) => c.finishReason)).toEqual(["length", "length", "length"]);
  });

  it("nc: a reply the fake server writes (no NC form) fails the item after 3 calls, with the raw text", async () => {
    const h = harness();
    const systems = [system("m1")];
    const [outcome] = await h.run(
      job({ systems, diversity: nc }),
      planGeneration([prompt("p1")], systems, nc),
    );
    expect(outcome!.status).toBe("failed");
    expect(outcome!.error).toMatch(
      /did not give 3 answers in the NC form \(no "=== Answer 1 ===" marker line\) after 3 tries\nraw answer: answer from m1/,
    );
    expect(fake.stats().requests).toBe(3);
    expect(outcome!.usage).toMatchObject({ calls: 3 });
    expect(outcome!.cache).toBeUndefined();
  });

  it("nc-sequential: k calls, each shown the answers before it, each cached under its own key", async () => {
    const seq = { n: 1, nc: { k: 3, sequential: true } };
    const h = harness();
    const systems = [system("m1")];
    const items = [...planGeneration([prompt("p1")], systems, seq)];
    const [outcome] = await h.run(job({ systems, diversity: seq }), items);
    const texts = candidates(outcome!).map((c) => c.text);
    expect(texts).toHaveLength(3);
    // Three different requests, each answered once: every call carries the answers before it.
    expect([...fake.stats().answeredByBody.values()]).toEqual([1, 1, 1]);
    expect(fake.stats().requests).toBe(3);
    expect(outcome!.cache).toHaveLength(3);
    // A resumed chain replays every call from the cache.
    const [again] = await h.run(job({ systems, diversity: seq }, "job-2"), items);
    expect(fake.stats().requests).toBe(3);
    expect(candidates(again!).map((c) => c.text)).toEqual(texts);
  });
});
