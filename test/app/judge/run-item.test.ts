/**
 * runJudgeItem against the fake OpenAI-compatible server with planted judges (llm/fake-judges):
 * verdicts on every mode, the call record, parse retries counted at the fake, the request cache
 * (a verdict once paid for costs no call), cuts at max_tokens, real PRD reviews served in turn,
 * and the errors that stop the job. The cache is a Map here; handler.test.ts runs the store's.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SystemRuntime } from "../../../src/app/generate/cached-call.js";
import { SharedCalls } from "../../../src/app/generate/shared-calls.js";
import { type PlannedJudgeItem, planJudging } from "../../../src/app/judge/plan.js";
import type { JudgeQuestion } from "../../../src/app/judge/questions.js";
import { runJudgeItem } from "../../../src/app/judge/run-item.js";
import type {
  JudgeItemFailure,
  JudgeItemPayload,
  JudgeItemResult,
} from "../../../src/app/judge/types.js";
import type { PromptId } from "../../../src/core/types.js";
import { FatalJobError, type HandlerOutcome } from "../../../src/jobs/types.js";
import { createChatClient } from "../../../src/llm/chat-client.js";
import {
  fakeJudgeResponder,
  GARBAGE_VERDICT,
  plantedAnswer,
  servingTexts,
} from "../../../src/llm/fake-judges.js";
import { type FakeOpenAi, startFakeOpenAi } from "../../../src/llm/fake-openai-server.js";
import {
  ARENA_HARD,
  LISTWISE,
  MT_BENCH_SINGLE,
  MT_BENCH_SINGLE_REFERENCE,
  PRD_PAIRWISE,
} from "../../../src/llm/judge/builtin.js";
import type { JudgeTemplate } from "../../../src/llm/judge/types.js";
import { SystemLimiter } from "../../../src/llm/limiter.js";
import type { LlmSystem } from "../../../src/llm/types.js";

const KEY = "sk-judge-test-key";
let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await startFakeOpenAi({ apiKey: KEY, respond: fakeJudgeResponder() });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  fake.setFaults([]);
  fake.setRespond(fakeJudgeResponder());
});

const judge = (model: string, extra: Partial<LlmSystem> = {}): LlmSystem => ({
  id: model,
  model,
  baseUrl: fake.url,
  apiKeyEnv: "JUDGE_KEY",
  params: {},
  price: { inputPerMillion: 3, outputPerMillion: 15 },
  concurrency: 4,
  timeoutMs: 2000,
  stream: false,
  ...extra,
});

function runtimeOf(system: LlmSystem, key = KEY): SystemRuntime {
  return {
    system,
    client: createChatClient(system, { env: { JUDGE_KEY: key } }),
    limiter: SystemLimiter.for(system),
  };
}

/**
 * q: answers of systems A and B with planted qualities 0.9 (A) and 0.2 (B), and a reference
 * (R); the given pair is A's and B's.
 */
const QUESTION: JudgeQuestion = {
  prompt: {
    id: "q" as PromptId,
    messages: [
      { role: "system", content: "Be brief." },
      { role: "user", content: "Name a prime." },
      { role: "assistant", content: "Which kind?" },
      { role: "user", content: "Any prime below ten." },
    ],
  },
  candidates: [
    { id: "ca", systemId: "A", text: plantedAnswer("Seven.", 0.9) },
    { id: "cb", systemId: "B", text: plantedAnswer("Nine, which is a prime number.", 0.2) },
    { id: "cr", systemId: "R", text: "7" },
  ],
  pairs: [{ a: "cb", b: "ca" }],
};

function items(template: JudgeTemplate, model: string, extra = {}): PlannedJudgeItem[] {
  return [
    ...planJudging([QUESTION], {
      judges: [model],
      template,
      selection: { kind: "given" },
      orders: "both",
      permutations: 2,
      ...extra,
    }),
  ];
}

/** Runs items in order over one cache, writing each outcome's entries as the store would. */
async function run(
  list: readonly PlannedJudgeItem[],
  runtime: SystemRuntime,
  template: JudgeTemplate,
  options: { cache?: Map<string, unknown>; parseAttempts?: number; jobId?: string } = {},
): Promise<HandlerOutcome[]> {
  const cache = options.cache ?? new Map<string, unknown>();
  const out: HandlerOutcome[] = [];
  for (const item of list) {
    const outcome = await runJudgeItem(item.payload, runtime, {
      jobId: options.jobId ?? "job-1",
      template,
      parseAttempts: options.parseAttempts ?? 3,
      cacheGet: async (keys) =>
        new Map(keys.filter((k) => cache.has(k)).map((k) => [k, cache.get(k)])),
      signal: new AbortController().signal,
      sleep: async () => {},
    });
    for (const entry of outcome.cache ?? []) cache.set(entry.key, entry.value);
    out.push(outcome);
  }
  return out;
}

const result = (o: HandlerOutcome) => o.result as JudgeItemResult;

describe("verdicts from planted judges", () => {
  it("judge-first prefers the first-shown answer in both orders, with the call's record", async () => {
    const list = items(ARENA_HARD, "judge-first");
    expect(list.map((i) => i.payload.shown)).toEqual([
      [0, 1],
      [1, 0],
    ]);
    const outcomes = await run(list, runtimeOf(judge("judge-first")), ARENA_HARD);
    expect(outcomes.map((o) => o.status)).toEqual(["done", "done"]);
    expect(outcomes.map((o) => result(o).verdict)).toEqual([
      { mode: "pairwise", preference: 1, strength: "weak", label: "A>B" },
      { mode: "pairwise", preference: 1, strength: "weak", label: "A>B" },
    ]);
    const r = result(outcomes[1]!);
    expect(r.raw).toMatch(/My final verdict is: \[\[A>B\]\]$/);
    expect(r.record).toMatchObject({
      system: "judge-first",
      model: "judge-first",
      template: "arena-hard",
      templateVersion: 1,
      shown: ["cb", "ca"],
      job: "job-1",
      calls: 1,
    });
    const { inputTokens, outputTokens } = r.record;
    expect(inputTokens).toBeGreaterThan(100);
    expect(outputTokens).toBe(Math.ceil(Buffer.byteLength(r.raw) / 4));
    expect(r.record.cost).toBeCloseTo((3 * inputTokens + 15 * outputTokens) / 1e6, 12);
    expect(outcomes[1]!.usage).toEqual({
      inputTokens,
      outputTokens,
      cost: r.record.cost,
      calls: 1,
      cached: false,
    });
    expect(outcomes[1]!.cache).toEqual([
      { key: r.record.requestKey, value: expect.objectContaining({ job: "job-1" }) },
    ]);
    expect(fake.stats().answered).toBe(2);
  });

  it("renders the last user turn as the question and the turns before it as history", async () => {
    const bodies: unknown[] = [];
    fake.setRespond((request) => {
      bodies.push(request.messages);
      return "[[A]]";
    });
    const template: JudgeTemplate = {
      ...MT_BENCH_SINGLE,
      id: "t",
      variables: ["history", "question", "answer"],
      user: "{{history}}\n--\n{{question}}\n--\n{{answer}}",
      verdict: { format: "json", field: "x", uppercase: false, pick: "last" },
    };
    const list = items(template, "m");
    await run(list.slice(0, 1), runtimeOf(judge("m")), template, { parseAttempts: 1 });
    const user = (bodies[0] as { role: string; content: string }[]).at(-1)!.content;
    expect(user).toBe(
      `### user:\nName a prime.\n\n### assistant:\nWhich kind?\n--\nAny prime below ten.\n--\n${plantedAnswer("Seven.", 0.9)}`,
    );
  });

  it("judge-right-100 prefers the truly better answer in both orders; judge-longer the longer", async () => {
    const right = await run(
      items(ARENA_HARD, "judge-right-100"),
      runtimeOf(judge("judge-right-100")),
      ARENA_HARD,
    );
    // ca (0.9) is x; game 1 shows it first (A), game 2 second (B).
    expect(right.map((o) => (result(o).verdict as { preference: number }).preference)).toEqual([
      1, 0,
    ]);
    const longer = await run(
      items(PRD_PAIRWISE, "judge-longer"),
      runtimeOf(judge("judge-longer")),
      PRD_PAIRWISE,
    );
    expect(longer.map((o) => (result(o).verdict as { preference: number }).preference)).toEqual([
      0, 1,
    ]);
  });

  it("pointwise with a reference, and listwise over its permutations", async () => {
    const pointwise = await run(
      items(MT_BENCH_SINGLE_REFERENCE, "judge-right-100", {
        selection: { kind: "all" },
        referenceSystem: "R",
      }),
      runtimeOf(judge("judge-right-100")),
      MT_BENCH_SINGLE_REFERENCE,
    );
    // 1 + 9q: 0.9 → 9.1 → 9; 0.2 → 2.8 → 3.
    expect(pointwise.map((o) => result(o).verdict)).toEqual([
      { mode: "pointwise", score: 9, label: "[[9]]" },
      { mode: "pointwise", score: 3, label: "[[3]]" },
    ]);
    const listwise = items(LISTWISE, "judge-right-100", { seed: 5 });
    const outcomes = await run(listwise, runtimeOf(judge("judge-right-100")), LISTWISE);
    expect(outcomes).toHaveLength(2);
    for (const [i, o] of outcomes.entries()) {
      const { shown, answers } = listwise[i]!.payload;
      const order = (result(o).verdict as { order: number[] }).order;
      // Best first, as candidate ids: ca (0.9), cb (0.2), cr (no marker: 0).
      expect(order.map((p) => answers[shown[p]!]!.candidateId)).toEqual(["ca", "cb", "cr"]);
    }
  });

  it("reads real PRD reviews served in turn as their authors scored them", async () => {
    const file = fileURLToPath(new URL("../../fixtures/prd-reviews/sample.jsonl", import.meta.url));
    const reviews = readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as { source: string; score: 1 | 2 | 3; text: string })
      .filter((r) => r.source.startsWith("ratings-claude"));
    fake.setRespond(servingTexts(reviews.map((r) => r.text)));
    const base = items(PRD_PAIRWISE, "reviewer")[0]!;
    // One item per review, each its own request (a distinct question).
    const list = reviews.map((_, i) => ({
      key: `k${i}`,
      payload: {
        ...base.payload,
        question: [{ role: "user" as const, content: `question ${i}` }],
      } satisfies JudgeItemPayload,
    }));
    const outcomes = await run(list, runtimeOf(judge("reviewer")), PRD_PAIRWISE);
    expect(reviews.length).toBeGreaterThan(10);
    expect(outcomes.map((o) => (result(o).verdict as { preference: number }).preference)).toEqual(
      reviews.map((r) => ({ 1: 1, 2: 0, 3: 0.5 })[r.score]),
    );
  });
});

describe("answers without a verdict", () => {
  it("judge-garbage: asked exactly parseAttempts times, then failed with the reason and the raw text", async () => {
    const [item] = items(ARENA_HARD, "judge-garbage");
    const [outcome] = await run([item!], runtimeOf(judge("judge-garbage")), ARENA_HARD, {
      parseAttempts: 4,
    });
    expect(fake.stats().requests).toBe(4);
    expect(outcome!.status).toBe("failed");
    expect(outcome!.error).toBe(
      `judge "judge-garbage" gave no verdict arena-hard can read after 4 calls (no verdict matching /\\[\\[([AB<>=]+)\\]\\]/ or /\\[([AB<>=]+)\\]/)\nraw answer: ${GARBAGE_VERDICT}`,
    );
    const failure = outcome!.result as JudgeItemFailure;
    expect(failure.raw).toBe(GARBAGE_VERDICT);
    expect(failure.record).toMatchObject({ calls: 4, shown: ["ca", "cb"] });
    expect(outcome!.usage).toMatchObject({ calls: 4, cached: false });
    expect(outcome!.usage!.inputTokens).toBe(4 * failure.record.inputTokens);
    // Nothing cached: a resume asks again.
    expect(outcome!.cache).toBeUndefined();
  });

  it("judge-flaky: a second call parses; only the answer with a verdict is cached", async () => {
    const [item] = items(ARENA_HARD, "judge-flaky");
    const [outcome] = await run([item!], runtimeOf(judge("judge-flaky")), ARENA_HARD);
    expect(outcome!.status).toBe("done");
    expect(fake.stats().requests).toBe(2);
    expect(result(outcome!).record.calls).toBe(2);
    expect(outcome!.usage!.calls).toBe(2);
    expect(outcome!.cache).toHaveLength(1);
  });

  it("an answer cut at max_tokens with no verdict fails at once, saying raise max_tokens", async () => {
    const [item] = items(ARENA_HARD, "judge-first");
    const system = judge("judge-first", { params: { max_tokens: 8 } });
    const [outcome] = await run([item!], runtimeOf(system), ARENA_HARD);
    expect(fake.stats().requests).toBe(1);
    expect(outcome!.status).toBe("failed");
    expect(outcome!.error).toMatch(
      /^judge "judge-first" was cut at max_tokens before giving a verdict arena-hard can read \(no verdict .*\): raise max_tokens\nraw answer: Both answers address /,
    );
  });

  it("an item the template cannot render fails without a call", async () => {
    const [item] = items(MT_BENCH_SINGLE_REFERENCE, "judge-first", {
      selection: { kind: "all" },
      referenceSystem: "R",
    });
    const { reference: _, ...payload } = item!.payload;
    const [outcome] = await run(
      [{ key: "k", payload }],
      runtimeOf(judge("judge-first")),
      MT_BENCH_SINGLE_REFERENCE,
    );
    expect(outcome).toMatchObject({
      status: "failed",
      error: "reference: template mt-bench-single-reference: no value for variable {{reference}}",
      usage: { calls: 0 },
    });
    expect(fake.stats().requests).toBe(0);
  });
});

describe("the request cache", () => {
  it("answers a verdict already paid for with 0 calls, naming the job that paid", async () => {
    const cache = new Map<string, unknown>();
    const list = items(ARENA_HARD, "judge-first");
    const runtime = runtimeOf(judge("judge-first"));
    const first = await run(list, runtime, ARENA_HARD, { cache });
    const again = await run(list, runtime, ARENA_HARD, { cache, jobId: "job-2" });
    expect(fake.stats().requests).toBe(2);
    for (const [i, o] of again.entries()) {
      expect(o.usage).toEqual({
        inputTokens: 0,
        outputTokens: 0,
        cost: 0,
        calls: 0,
        cached: true,
      });
      expect(o.cache).toBeUndefined();
      expect(result(o)).toEqual({
        ...result(first[i]!),
        record: { ...result(first[i]!).record, calls: 0 },
      });
      expect(result(o).record.job).toBe("job-1");
    }
  });

  it("keeps each judge's answers its own: a second judge of the same model asks for itself", async () => {
    const cache = new Map<string, unknown>();
    const s1 = runtimeOf(judge("judge-first", { id: "s1" }));
    const s2 = runtimeOf(judge("judge-first", { id: "s2" }));
    const first = await run(items(ARENA_HARD, "s1"), s1, ARENA_HARD, { cache });
    const second = await run(items(ARENA_HARD, "s2"), s2, ARENA_HARD, { cache });
    expect(fake.stats().requests).toBe(4);
    expect(second.map((o) => o.usage?.calls)).toEqual([1, 1]);
    expect(second.map((o) => result(o).record.requestKey)).not.toEqual(
      first.map((o) => result(o).record.requestKey),
    );
    // Each judge's own answers still come from the cache (a resumed job, a later run).
    const again = await run(items(ARENA_HARD, "s2"), s2, ARENA_HARD, { cache, jobId: "job-3" });
    expect(fake.stats().requests).toBe(4);
    expect(again.map((o) => result(o).record.job)).toEqual(["job-1", "job-1"]);
  });
});

describe("copies of one request in one run (SharedCalls)", () => {
  /** Runs copies of one item at the same moment over a cache nothing is committed to yet. */
  const together = (
    item: PlannedJudgeItem,
    runtime: SystemRuntime,
    copies: number,
    shared?: SharedCalls,
  ) =>
    Promise.all(
      Array.from({ length: copies }, () =>
        runJudgeItem(item.payload, runtime, {
          jobId: "job-1",
          template: ARENA_HARD,
          parseAttempts: 3,
          cacheGet: async () => new Map(),
          ...(shared ? { shared } : {}),
          signal: new AbortController().signal,
          sleep: async () => {},
        }),
      ),
    );

  it("are asked once: the first copy's call answers the others, counted as cached", async () => {
    const [item] = items(ARENA_HARD, "judge-first");
    const outcomes = await together(item!, runtimeOf(judge("judge-first")), 4, new SharedCalls());
    expect(fake.stats().requests).toBe(1);
    expect(outcomes.map((o) => o.usage?.calls).sort()).toEqual([0, 0, 0, 1]);
    expect(outcomes.filter((o) => o.cache !== undefined)).toHaveLength(1);
    const verdicts = outcomes.map((o) => result(o).verdict);
    expect(new Set(verdicts.map((v) => JSON.stringify(v))).size).toBe(1);
    for (const o of outcomes) expect(result(o).record.job).toBe("job-1");
  });

  it("without a SharedCalls each copy sends its own (generation's behaviour)", async () => {
    const [item] = items(ARENA_HARD, "judge-first");
    await together(item!, runtimeOf(judge("judge-first")), 3);
    expect(fake.stats().requests).toBe(3);
  });

  it("an answer without a verdict is not shared: every copy still reaches a verdict", async () => {
    const [item] = items(ARENA_HARD, "judge-flaky");
    const outcomes = await together(item!, runtimeOf(judge("judge-flaky")), 3, new SharedCalls());
    expect(outcomes.map((o) => o.status)).toEqual(["done", "done", "done"]);
    // The garbage first answer once, then one answer with a verdict for all three.
    expect(fake.stats().requests).toBe(2);
  });
});

describe("errors that stop the job", () => {
  it("a rejected key", async () => {
    const [item] = items(ARENA_HARD, "judge-first");
    const error = await run([item!], runtimeOf(judge("judge-first"), "sk-wrong-0000"), ARENA_HARD)
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FatalJobError);
    expect((error as Error).message).toBe(
      `the server at ${fake.url} refused the key in $JUDGE_KEY (401): check the key of system "judge-first"`,
    );
    expect(fake.stats().requests).toBe(1);
  });

  it("an unknown model", async () => {
    const strict = await startFakeOpenAi({ models: ["judge-first"] });
    try {
      const system = judge("judge-nope", { baseUrl: strict.url });
      delete system.apiKeyEnv;
      const [item] = items(ARENA_HARD, "judge-nope");
      const error = await run([item!], runtimeOf(system), ARENA_HARD).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FatalJobError);
      expect((error as Error).message).toContain('model "judge-nope" is not served at');
    } finally {
      await strict.close();
    }
  });

  it("a 500 retried to the end fails the item, not the job", async () => {
    fake.setFaults([{ fault: { type: "status", status: 500 } }]);
    const [item] = items(ARENA_HARD, "judge-first");
    const runtime = runtimeOf(judge("judge-first"));
    runtime.answered = true;
    const [outcome] = await run([item!], runtime, ARENA_HARD);
    expect(outcome!.status).toBe("failed");
    expect(outcome!.error).toContain("500");
    expect(outcome!.usage!.calls).toBe(fake.stats().requests);
    expect(outcome!.result).toBeUndefined();
  });
});
