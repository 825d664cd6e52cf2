/**
 * The "judge" handler through the job runner (jobs/runner.ts) on a real SQLite store, against the
 * fake server's planted judges: every item judged and its result stored, failed items with their
 * raw text, `complete` handing the job to the output writer, the request cache across jobs, a
 * stopped run resumed without asking the fake anything twice, and the errors that stop a job.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { judgeHandler } from "../../../src/app/judge/handler.js";
import { planJudging } from "../../../src/app/judge/plan.js";
import type { JudgeQuestion } from "../../../src/app/judge/questions.js";
import {
  JUDGE_KIND,
  type JudgeItemFailure,
  type JudgeItemPayload,
  type JudgeItemResult,
  type JudgeSpec,
} from "../../../src/app/judge/types.js";
import type { PromptId } from "../../../src/core/types.js";
import { runJobs } from "../../../src/jobs/runner.js";
import { fakeJudgeResponder, plantedAnswer } from "../../../src/llm/fake-judges.js";
import { type FakeOpenAi, startFakeOpenAi } from "../../../src/llm/fake-openai-server.js";
import { ARENA_HARD } from "../../../src/llm/judge/builtin.js";
import type { LlmSystem } from "../../../src/llm/types.js";
import { openStore } from "../../../src/store/open-store.js";
import type { Store } from "../../../src/store/store.js";

const KEY = "sk-handler-test";
const ENV = { JUDGE_KEY: KEY };
let fake: FakeOpenAi;
let store: Store;
let dir: string;
beforeAll(async () => {
  fake = await startFakeOpenAi({ apiKey: KEY, respond: fakeJudgeResponder(), latencyMs: 5 });
  dir = mkdtempSync(join(tmpdir(), "prefkit-judge-handler-"));
  store = await openStore(`sqlite:${join(dir, "jobs.db")}`);
  await store.migrate();
});
afterAll(async () => {
  await store.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset();
  fake.setFaults([]);
});

const judge = (model: string, extra: Partial<LlmSystem> = {}): LlmSystem => ({
  id: model,
  model,
  baseUrl: fake.url,
  apiKeyEnv: "JUDGE_KEY",
  params: { temperature: 0 },
  price: { inputPerMillion: 1, outputPerMillion: 4 },
  concurrency: 4,
  timeoutMs: 5000,
  stream: false,
  ...extra,
});

/** 6 prompts, each with answers of systems A (quality 0.8) and B (0.3): 6 pairs. */
const QUESTIONS: JudgeQuestion[] = Array.from({ length: 6 }, (_, i) => ({
  prompt: {
    id: `p${i}` as PromptId,
    messages: [{ role: "user", content: `question ${i}` }],
  },
  candidates: [
    { id: `a${i}`, systemId: "A", text: plantedAnswer(`answer a${i}`, 0.8) },
    { id: `b${i}`, systemId: "B", text: plantedAnswer(`answer b${i} longer`, 0.3) },
  ],
  pairs: [],
}));

const specOf = (judges: LlmSystem[], extra: Partial<JudgeSpec> = {}): JudgeSpec => ({
  version: 1,
  judges,
  template: ARENA_HARD,
  orders: "both",
  combine: "arena-hard",
  strongWeight: 3,
  permutations: 1,
  parseAttempts: 2,
  output: { kind: "file", path: join(dir, "out.jsonl"), format: "canonical" },
  // Each job its own answers (the store's request cache is shared by the file's tests), unless
  // a test says otherwise.
  freshNonce: randomUUID(),
  ...extra,
});

/** A job of the plan's items (both orders of the 6 pairs, per judge). */
async function createJob(spec: JudgeSpec): Promise<string> {
  const { job } = await store.createJob({ kind: JUDGE_KIND, fingerprint: randomUUID(), spec });
  const items = planJudging(QUESTIONS, {
    judges: spec.judges.map((j) => j.id),
    template: spec.template,
    selection: { kind: "all" },
    orders: spec.orders,
    permutations: 1,
  });
  await store.addJobItems(job.id, [...items]);
  return job.id;
}

/** The output writer stand-in: reads every item back, as write-output.ts will. */
function writer() {
  const calls: { jobId: string; done: number; failed: number }[] = [];
  const writeOutput = async (s: Store, jobId: string, spec: JudgeSpec) => {
    expect(spec.template.id).toBe("arena-hard");
    const items = await s.listItems(jobId, { limit: 10_000 });
    const summary = {
      jobId,
      done: items.filter((i) => i.status === "done").length,
      failed: items.filter((i) => i.status === "failed").length,
    };
    calls.push(summary);
    return summary;
  };
  return { calls, writeOutput };
}

const owner = () => `test:${randomUUID()}`;

describe("judge jobs through the runner", () => {
  it("judges every item, stores verdicts and records, and hands the job to the writer once", async () => {
    const judges = [judge("judge-right-100"), judge("judge-first")];
    const jobId = await createJob(specOf(judges));
    const w = writer();
    const summaries: unknown[] = [];
    const result = await runJobs(store, {
      owner: owner(),
      handlers: [judgeHandler({ store, env: ENV, ...w, onOutput: (s) => summaries.push(s) })],
      jobId,
      concurrency: 8,
    });
    expect(result.ended).toBe("finished");
    expect(result.job?.status).toBe("done");
    expect(result.job?.counts).toMatchObject({ total: 24, done: 24, failed: 0 });
    expect(result.job?.usage).toMatchObject({ calls: 24, cached: 0 });
    expect(fake.stats().answered).toBe(24);
    expect(w.calls).toEqual([{ jobId, done: 24, failed: 0 }]);
    expect(summaries).toEqual(w.calls);
    const items = await store.listItems(jobId, { limit: 100 });
    for (const item of items) {
      const payload = item.payload as JudgeItemPayload;
      const r = item.result as JudgeItemResult;
      const pref = (r.verdict as { preference: number }).preference;
      // x is the A answer (0.8): the right judge prefers it in either order; judge-first the first.
      const firstIsX = payload.game === 1;
      if (payload.judge === "judge-right-100") expect(pref).toBe(firstIsX ? 1 : 0);
      else expect(pref).toBe(1);
      expect(r.record.shown).toEqual(payload.shown.map((i) => payload.answers[i]!.candidateId));
      expect(r.record.job).toBe(jobId);
    }
    const cost = items.reduce(
      (sum, i) => sum + ((i.result as JudgeItemResult).record.cost ?? 0),
      0,
    );
    expect(result.job?.usage.cost).toBeCloseTo(cost, 10);
  });

  it("fails a garbage judge's items with their raw text and finishes the job", async () => {
    const jobId = await createJob(specOf([judge("judge-garbage"), judge("judge-first")]));
    const w = writer();
    const result = await runJobs(store, {
      owner: owner(),
      handlers: [judgeHandler({ store, env: ENV, ...w })],
      jobId,
      concurrency: 4,
    });
    expect(result.job?.counts).toMatchObject({ done: 12, failed: 12 });
    // parseAttempts 2: two calls per garbage item.
    expect(fake.stats().byModel.get("judge-garbage")?.answered).toBe(24);
    expect(result.job?.usage.calls).toBe(36);
    const failed = await store.listItems(jobId, { status: "failed", limit: 100 });
    expect(failed).toHaveLength(12);
    for (const item of failed) {
      expect(item.error).toMatch(
        /^judge "judge-garbage" gave no verdict arena-hard can read after 2 calls/,
      );
      expect((item.result as JudgeItemFailure).raw).toMatch(/^Both answers have their merits/);
    }
    expect(w.calls).toEqual([{ jobId, done: 12, failed: 12 }]);
  });

  it("a later job's verdicts come from the request cache: no call, nothing paid", async () => {
    const judges = [judge("judge-longer")];
    const shared = { freshNonce: "cache-test" };
    const first = await createJob(specOf(judges, shared));
    const run = (jobId: string) =>
      runJobs(store, {
        owner: owner(),
        handlers: [judgeHandler({ store, env: ENV, ...writer() })],
        jobId,
        concurrency: 4,
      });
    await run(first);
    expect(fake.stats().answered).toBe(12);
    const second = await run(await createJob(specOf(judges, shared)));
    expect(fake.stats().answered).toBe(12);
    expect(second.job?.usage).toMatchObject({ calls: 0, cached: 12, cost: 0 });
    // --fresh: every call made again.
    const fresh = await run(await createJob(specOf(judges, { freshNonce: "another" })));
    expect(fake.stats().answered).toBe(24);
    expect(fresh.job?.usage.calls).toBe(12);
  });

  it("a stopped run resumed asks the fake nothing the first run completed", async () => {
    // 40 ms an answer: the run is still going when the progress report (every 100 ms) stops it.
    fake.setFaults([{ fault: { type: "slow", chunkDelayMs: 10 } }]);
    const judges = [judge("judge-right-80"), judge("judge-longer")];
    const jobId = await createJob(specOf(judges));
    const stop = new AbortController();
    const handler = () => judgeHandler({ store, env: ENV, ...writer() });
    const first = await runJobs(store, {
      owner: owner(),
      handlers: [handler()],
      jobId,
      concurrency: 2,
      signal: stop.signal,
      onProgress: ({ job }) => {
        if (job.counts.done >= 8) stop.abort();
      },
    });
    expect(first.ended).toBe("signal");
    const doneFirst = first.job!.counts.done;
    expect(doneFirst).toBeGreaterThanOrEqual(8);
    expect(doneFirst).toBeLessThan(24);
    const askedFirst = new Set(fake.stats().answeredByBody.keys());
    expect(askedFirst.size).toBe(doneFirst);
    fake.reset();
    const second = await runJobs(store, {
      owner: owner(),
      handlers: [handler()],
      jobId,
      concurrency: 2,
    });
    expect(second.job?.status).toBe("done");
    expect(second.job?.counts.done).toBe(24);
    const askedSecond = fake.stats().answeredByBody;
    expect(askedSecond.size).toBe(24 - doneFirst);
    for (const [body, times] of askedSecond) {
      expect(askedFirst.has(body)).toBe(false);
      expect(times).toBe(1);
    }
    expect(second.job?.usage.calls).toBe(24);
  });

  it("stops the job when a key variable is unset, naming it, before any call", async () => {
    const jobId = await createJob(
      specOf([judge("judge-first"), judge("judge-x", { apiKeyEnv: "OTHER_KEY" })]),
    );
    const result = await runJobs(store, {
      owner: owner(),
      handlers: [judgeHandler({ store, env: ENV, ...writer() })],
      jobId,
      concurrency: 2,
    });
    expect(result.ended).toBe("fatal");
    expect(result.job?.status).toBe("failed");
    expect(result.job?.message).toContain("OTHER_KEY");
    expect(fake.stats().requests).toBe(0);
  });

  it("stops the job on a rejected key, with the message that says what to fix", async () => {
    const jobId = await createJob(specOf([judge("judge-first")]));
    const result = await runJobs(store, {
      owner: owner(),
      handlers: [judgeHandler({ store, env: { JUDGE_KEY: "sk-wrong" }, ...writer() })],
      jobId,
      concurrency: 2,
    });
    expect(result.ended).toBe("fatal");
    expect(result.job?.message).toBe(
      `the server at ${fake.url} refused the key in $JUDGE_KEY (401): check the key of system "judge-first"`,
    );
  });

  it("keeps within a budget: items reserve their cost bound before they start", async () => {
    const spec = specOf([judge("judge-first", { params: { max_tokens: 100 } })]);
    const { job } = await store.createJob({
      kind: JUDGE_KIND,
      fingerprint: randomUUID(),
      spec,
      maxCost: 0.002,
    });
    const plan = planJudging(QUESTIONS, {
      judges: ["judge-first"],
      template: ARENA_HARD,
      selection: { kind: "all" },
      orders: "both",
      permutations: 1,
    });
    await store.addJobItems(job.id, [...plan]);
    const result = await runJobs(store, {
      owner: owner(),
      handlers: [judgeHandler({ store, env: ENV, ...writer() })],
      jobId: job.id,
      concurrency: 4,
    });
    expect(result.ended).toBe("budget");
    const items = await store.listItems(job.id, { status: "done", limit: 100 });
    const costs = items.map((i) => (i.result as JudgeItemResult).record.cost!);
    // At most one item past the budget (jobs/budget.ts): the bound reserved covers each call.
    expect(result.job?.usage.cost).toBeLessThanOrEqual(0.002 + Math.max(...costs));
    expect(result.job?.counts.done).toBeGreaterThan(0);
    expect(result.job?.counts.done).toBeLessThan(12);
  });

  it("a finished job without an output writer says so rather than finishing silently", async () => {
    const jobId = await createJob(specOf([judge("judge-first")]));
    const error = await runJobs(store, {
      owner: owner(),
      handlers: [judgeHandler({ store, env: ENV })],
      jobId,
      concurrency: 4,
    }).catch((e: unknown) => e as Error);
    expect((error as Error).message).toBe(
      `job ${jobId} is complete but this prefkit has no judge output writer: its judgments are in the job's items; resume it with a prefkit that writes them`,
    );
  });
});

afterEach(() => {
  fake.setRespond(fakeJudgeResponder());
});
