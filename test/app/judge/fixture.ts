/**
 * Judge job items for the output tests: payloads of pairs (both orders), lists and single
 * answers, done games with their verdict and call record, failed games with their raw text —
 * served from memory (`memoryItems`, the JobsStore.listItems contract) or stored as a real job
 * and finished through the JobsStore port (`storeJob`).
 */
import { randomUUID } from "node:crypto";
import type { JudgeGameItem } from "../../../src/app/judge/job-games.js";
import type {
  JudgeCallRecord,
  JudgedAnswer,
  JudgeItemPayload,
  JudgeJudgmentMetadata,
  JudgeSpec,
} from "../../../src/app/judge/types.js";
import type { Judgment } from "../../../src/core/types.js";
import { ARENA_HARD } from "../../../src/llm/judge/builtin.js";
import type { Verdict } from "../../../src/llm/judge/types.js";
import type { LlmSystem } from "../../../src/llm/types.js";
import type { JobsStore, StoredItem } from "../../../src/store/port/jobs.js";

export function judgeSystem(id: string, family?: string): LlmSystem {
  return {
    id,
    model: `${id}-model`,
    baseUrl: "http://127.0.0.1:1/v1",
    params: {},
    concurrency: 1,
    timeoutMs: 1000,
    stream: false,
    ...(family === undefined ? {} : { family }),
  };
}

export function judgeSpec(over: Partial<JudgeSpec> = {}): JudgeSpec {
  return {
    version: 1,
    judges: [judgeSystem("judge-1")],
    template: ARENA_HARD,
    orders: "both",
    combine: "arena-hard",
    strongWeight: 3,
    permutations: 1,
    parseAttempts: 2,
    output: { kind: "file", path: "/dev/null", format: "canonical" },
    ...over,
  };
}

export const answer = (
  candidateId: string,
  systemId: string,
  text: string,
  family?: string,
): JudgedAnswer => ({
  candidateId,
  systemId,
  text,
  ...(family === undefined ? {} : { family }),
});

export const question = (promptId: string) => [
  { role: "user" as const, content: `question ${promptId}` },
];

/** Game 1 (x first) or game 2 (y first) of judge on the pair (x, y) of prompt. */
export function pairPayload(
  judge: string,
  promptId: string,
  x: JudgedAnswer,
  y: JudgedAnswer,
  game: 1 | 2,
  extra: { human?: number } = {},
): JudgeItemPayload {
  return {
    judge,
    mode: "pairwise",
    group: `${promptId}|${x.candidateId}|${y.candidateId}`,
    promptId,
    question: question(promptId),
    answers: [x, y],
    shown: game === 1 ? [0, 1] : [1, 0],
    game,
    ...extra,
  };
}

export function listPayload(
  judge: string,
  promptId: string,
  answers: JudgedAnswer[],
  shown: number[],
  game: number,
): JudgeItemPayload {
  return {
    judge,
    mode: "listwise",
    group: `${promptId}|${answers.map((a) => a.candidateId).join("|")}`,
    promptId,
    question: question(promptId),
    answers,
    shown,
    game,
  };
}

export function pointPayload(judge: string, promptId: string, a: JudgedAnswer): JudgeItemPayload {
  return {
    judge,
    mode: "pointwise",
    group: `${promptId}|${a.candidateId}`,
    promptId,
    question: question(promptId),
    answers: [a],
    shown: [0],
    game: 0,
  };
}

export const pairVerdict = (preference: number, strong = false): Verdict => ({
  mode: "pairwise",
  preference,
  ...(strong ? { strength: "strong" as const } : {}),
  label: strong
    ? preference === 1
      ? "A>>B"
      : "B>>A"
    : preference === 1
      ? "A>B"
      : preference === 0
        ? "B>A"
        : preference === 0.5
          ? "A=B"
          : String(preference),
});

export const itemKey = (p: JudgeItemPayload) => `${p.judge}/${p.group}/${p.game}`;

export function record(p: JudgeItemPayload, template = ARENA_HARD): JudgeCallRecord {
  return {
    system: p.judge,
    model: `${p.judge}-model`,
    template: template.id,
    templateVersion: template.version,
    shown: p.shown.map((i) => p.answers[i]!.candidateId),
    inputTokens: 100,
    outputTokens: 20,
    cost: 0.001,
    latencyMs: 500,
    requestKey: `rk-${itemKey(p)}`,
    job: "job-1",
    calls: 1,
  };
}

export function doneGame(
  payload: JudgeItemPayload,
  verdict: Verdict,
  options: { raw?: string; at?: string } = {},
): JudgeGameItem {
  return {
    key: itemKey(payload),
    payload,
    outcome: {
      ok: true,
      result: {
        verdict,
        raw: options.raw ?? `judge says ${verdict.label}`,
        record: record(payload),
      },
    },
    finishedAt: options.at ?? "2026-01-01T00:00:00.000Z",
  };
}

export function failedGame(
  payload: JudgeItemPayload,
  error = "no verdict in: I cannot decide",
): JudgeGameItem {
  return {
    key: itemKey(payload),
    payload,
    outcome: { ok: false, error },
    finishedAt: "2026-01-01T00:00:00.000Z",
  };
}

/** JobsStore.listItems over games in memory: key order, keyset paging, a status filter. */
export function memoryItems(games: readonly JudgeGameItem[]): Pick<JobsStore, "listItems"> {
  const items: StoredItem[] = games
    .map((g) => ({
      key: g.key,
      status: g.outcome.ok ? ("done" as const) : ("failed" as const),
      payload: g.payload,
      ...(g.outcome.ok ? { result: g.outcome.result } : { error: g.outcome.error }),
      attempts: 1,
      updatedAt: g.finishedAt,
    }))
    .sort((p, q) => (p.key < q.key ? -1 : p.key > q.key ? 1 : 0));
  return {
    async listItems(_jobId, options = {}) {
      return items
        .filter((i) => options.status === undefined || i.status === options.status)
        .filter((i) => options.after === undefined || i.key > options.after)
        .slice(0, options.limit ?? items.length);
    },
  };
}

/** A real job holding `games`, every item claimed and finished through the JobsStore port. */
export async function storeJob(
  store: JobsStore,
  spec: JudgeSpec,
  games: readonly JudgeGameItem[],
): Promise<string> {
  const { job } = await store.createJob({ kind: "judge", fingerprint: randomUUID(), spec });
  await store.addJobItems(
    job.id,
    games.map((g) => ({ key: g.key, payload: g.payload })),
  );
  const owner = `test:${process.pid}:${randomUUID()}`;
  const claimed = await store.claimItems({
    owner,
    limit: games.length,
    leaseMs: 60_000,
    jobId: job.id,
  });
  if (claimed.length !== games.length)
    throw new Error(`claimed ${claimed.length} of ${games.length}`);
  const { accepted } = await store.finishItems(
    owner,
    job.id,
    games.map((g) =>
      g.outcome.ok
        ? { key: g.key, status: "done" as const, result: g.outcome.result }
        : { key: g.key, status: "failed" as const, error: g.outcome.error },
    ),
  );
  if (accepted !== games.length) throw new Error(`finished ${accepted} of ${games.length}`);
  return job.id;
}

/** `store` answering listItems from `games` in memory, everything else itself. */
export function withItems<S extends object>(store: S, games: readonly JudgeGameItem[]): S {
  const { listItems } = memoryItems(games);
  return new Proxy(store, {
    get(target, prop) {
      if (prop === "listItems") return listItems;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A judgment's metadata.judge (it has one: a judge job wrote it). */
export function judgeMeta(j: Judgment | undefined): JudgeJudgmentMetadata {
  const meta = j?.metadata?.judge as JudgeJudgmentMetadata | undefined;
  if (!meta) throw new Error(`judgment ${j?.id} has no metadata.judge`);
  return meta;
}
