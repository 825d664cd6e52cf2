/**
 * judgeBiasReports finds planted biases in a judge run stored as a real job: a judge that always
 * prefers the first-shown answer, one that prefers the longer answer, one that agrees with
 * planted human labels on 80 % of pairs, one that prefers its own family; failures counted;
 * human labels of a project output read from the project's human judgments; listwise position
 * bias; pointwise has none. And the text the CLI prints, pinned.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { judgeBiasReports, type PairwiseJudgeBias } from "../../../src/app/judge/bias.js";
import { biasReportsJson, renderBiasReports } from "../../../src/app/judge/bias-render.js";
import type { JudgeGameItem } from "../../../src/app/judge/job-games.js";
import type { JudgedAnswer } from "../../../src/app/judge/types.js";
import { createRandom } from "../../../src/core/random/index.js";
import type { AnnotatorId, CandidateId, PromptId, SystemId } from "../../../src/core/types.js";
import { LISTWISE, MT_BENCH_SINGLE } from "../../../src/llm/judge/builtin.js";
import { openStore } from "../../../src/store/open-store.js";
import type { Store } from "../../../src/store/store.js";
import {
  answer,
  doneGame,
  failedGame,
  judgeSpec,
  judgeSystem,
  listPayload,
  pairPayload,
  pairVerdict,
  pointPayload,
  storeJob,
} from "./fixture.js";

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "prefkit-judge-bias-"));
  store = await openStore(`sqlite:${join(dir, "jobs.db")}`);
  await store.migrate();
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const PAIRS = 50;

/** Pair n: x of sys-a (family gpt), y of sys-b (family llama), lengths drawn apart; human label. */
function pairs(seed: number) {
  const random = createRandom(seed);
  return Array.from({ length: PAIRS }, (_, n) => {
    const lx = 10 + Math.floor(random() * 90);
    const ly = lx + 1 + Math.floor(random() * 50) * (random() < 0.5 ? -1 : 1);
    const x = answer(`x${n}`, "sys-a", "a".repeat(lx), "gpt");
    const y = answer(`y${n}`, "sys-b", "b".repeat(Math.max(ly, lx === 1 ? 2 : 1)), "llama");
    return { n, x, y, human: random() < 0.5 ? 1 : 0 };
  });
}

type Pair = ReturnType<typeof pairs>[number];

/** A judge's two games of every pair: `prefersFirst(pair, first, second)` gives the verdict. */
function judgeGames(
  judge: string,
  list: Pair[],
  prefersFirst: (p: Pair, first: JudgedAnswer, second: JudgedAnswer) => number,
  options: { human?: boolean } = {},
): JudgeGameItem[] {
  return list.flatMap((p) =>
    ([1, 2] as const).map((game) => {
      const payload = pairPayload(
        judge,
        `q${p.n}`,
        p.x,
        p.y,
        game,
        options.human ? { human: p.human } : {},
      );
      const [first, second] = game === 1 ? [p.x, p.y] : [p.y, p.x];
      return doneGame(payload, pairVerdict(prefersFirst(p, first, second)));
    }),
  );
}

const byJudge = (judges: PairwiseJudgeBias[], id: string) => judges.find((j) => j.judge === id)!;

describe("judgeBiasReports, pairwise", () => {
  it("finds planted position, length, agreement and self-preference biases", async () => {
    const list = pairs(7);
    const right = new Set(list.slice(0, 40).map((p) => p.n)); // 40 of 50 pairs: 80 %
    const games = [
      ...judgeGames("first", list, () => 1),
      ...judgeGames("longer", list, (_, a, b) => (a.text.length > b.text.length ? 1 : 0)),
      ...judgeGames(
        "right80",
        list,
        (p, first) => {
          const agrees = right.has(p.n);
          const prefersX = agrees ? p.human === 1 : p.human === 0;
          return (first === p.x) === prefersX ? 1 : 0;
        },
        { human: true },
      ),
      ...judgeGames("selfish", list, (_, first) => (first.systemId === "sys-a" ? 1 : 0)),
      failedGame(
        pairPayload("first", "q-extra", answer("e1", "sys-a", "e"), answer("e2", "sys-b", "ee"), 1),
      ),
    ];
    const spec = judgeSpec({
      judges: [
        judgeSystem("first"),
        judgeSystem("longer"),
        judgeSystem("right80"),
        judgeSystem("selfish", "gpt"),
      ],
    });
    const jobId = await storeJob(store, spec, games);
    const reports = await judgeBiasReports(store, jobId, spec, { rounds: 300, seed: 3 });
    if (reports?.mode !== "pairwise") throw new Error("expected a pairwise report");

    const first = byJudge(reports.judges, "first");
    expect(first.report).toMatchObject({ games: 2 * PAIRS + 1, failed: 1, ties: 0 });
    expect(first.report.firstPosition).toMatchObject({
      successes: 2 * PAIRS,
      trials: 2 * PAIRS,
      rate: 1,
    });
    expect(first.report.swapInconsistency).toMatchObject({
      successes: PAIRS,
      trials: PAIRS,
      rate: 1,
    });
    // Winning in both orders, each pair's longer answer wins once and loses once.
    expect(first.report.longerWins.rate).toBe(0.5);
    expect(first.intervals?.firstPosition).toMatchObject({ lower: 1, upper: 1 });

    const longer = byJudge(reports.judges, "longer");
    expect(longer.report.longerWins).toMatchObject({
      successes: 2 * PAIRS,
      trials: 2 * PAIRS,
      rate: 1,
    });
    expect(longer.report.swapInconsistency.rate).toBe(0);
    expect(longer.report.firstPosition.rate).toBe(0.5);

    const right80 = byJudge(reports.judges, "right80");
    expect(right80.report.humans?.agreement).toMatchObject({
      successes: 80,
      trials: 100,
      rate: 0.8,
    });
    expect(right80.report.humans?.agreement.lower).toBeLessThan(0.8);
    expect(right80.report.humans?.agreement.upper).toBeGreaterThan(0.8);
    expect(right80.intervals?.agreement?.lower).toBeLessThan(0.8);
    expect(right80.intervals?.agreement?.upper).toBeGreaterThan(0.8);
    expect(right80.report.humans?.items).toBe(PAIRS);
    expect(reports.humanLabels).toEqual({ fromItems: 2 * PAIRS, fromProject: 0 });

    const selfish = byJudge(reports.judges, "selfish");
    expect(selfish.family).toBe("gpt");
    expect(selfish.report.selfPreference).toMatchObject({
      successes: 2 * PAIRS,
      trials: 2 * PAIRS,
      rate: 1,
    });
    // The others declare no family: no self-preference trials.
    expect(first.report.selfPreference.trials).toBe(0);
    expect(selfish.bootstrap).toEqual({ rounds: 300, seed: 3 });
  });

  it("skips the bootstrap, saying why, when it would cost too much", async () => {
    const spec = judgeSpec({ judges: [judgeSystem("first")] });
    const jobId = await storeJob(
      store,
      spec,
      judgeGames("first", pairs(1), () => 1),
    );
    const reports = await judgeBiasReports(store, jobId, spec, {
      rounds: 1000,
      maxBootstrapWork: 10_000,
    });
    const [j] = reports?.mode === "pairwise" ? reports.judges : [];
    expect(j?.intervals).toBeNull();
    expect(j?.bootstrap).toEqual({
      skipped:
        "100 games are too many to resample cheaply; the Wilson intervals count games as independent",
    });
  });

  it("takes the human label of a project output from the project's human judgments, read either way round", async () => {
    const projectId = "bias-project";
    await store.createProject({ id: projectId, name: projectId });
    const list = pairs(11).slice(0, 10);
    await store.addPrompts(
      projectId,
      list.map((p) => ({
        id: `q${p.n}` as PromptId,
        messages: [{ role: "user" as const, content: "q" }],
      })),
    );
    await store.addCandidates(
      projectId,
      list.flatMap((p) =>
        [p.x, p.y].map((a) => ({
          id: a.candidateId as CandidateId,
          promptId: `q${p.n}` as PromptId,
          systemId: a.systemId as SystemId,
          messages: [{ role: "assistant" as const, content: a.text }],
        })),
      ),
    );
    // A human prefers x on every pair, stored with y as `a` on odd pairs; two votes on pair 0,
    // one each way: its label is a tie.
    await store.addJudgments(projectId, [
      ...list.map((p) => ({
        kind: "pairwise" as const,
        promptId: `q${p.n}` as PromptId,
        a: (p.n % 2 === 0 ? p.x : p.y).candidateId as CandidateId,
        b: (p.n % 2 === 0 ? p.y : p.x).candidateId as CandidateId,
        outcome: p.n % 2 === 0 ? ("a" as const) : ("b" as const),
        source: { kind: "human" as const, annotatorId: "ann" as AnnotatorId },
      })),
      {
        kind: "pairwise" as const,
        promptId: "q0" as PromptId,
        a: "x0" as CandidateId,
        b: "y0" as CandidateId,
        outcome: "b" as const,
        source: { kind: "human" as const, annotatorId: "ann2" as AnnotatorId },
      },
    ]);
    const spec = judgeSpec({
      judges: [judgeSystem("xlover")],
      output: { kind: "project", projectId },
    });
    const jobId = await storeJob(
      store,
      spec,
      judgeGames("xlover", list, (p, first) => (first === p.x ? 1 : 0)),
    );
    const reports = await judgeBiasReports(store, jobId, spec, { rounds: 100 });
    if (reports?.mode !== "pairwise") throw new Error("expected a pairwise report");
    expect(reports.humanLabels).toEqual({ fromItems: 0, fromProject: 20 });
    // Agrees on the 9 pairs the human prefers x, not on the tied pair 0: 18 of 20 games.
    expect(reports.judges[0]!.report.humans?.agreement).toMatchObject({
      successes: 18,
      trials: 20,
    });
  });
});

describe("judgeBiasReports, listwise and pointwise", () => {
  it("listwise: how often the first-shown answer is ranked first, against 1/k", async () => {
    const three = [answer("c0", "s0", "a"), answer("c1", "s1", "b"), answer("c2", "s2", "c")];
    const games = Array.from({ length: 12 }, (_, i) =>
      doneGame(listPayload("lister", `q${i}`, three, [0, 1, 2], 0), {
        mode: "listwise",
        order: i < 9 ? [0, 1, 2] : [2, 1, 0],
        label: "",
      }),
    );
    const spec = judgeSpec({ template: LISTWISE, judges: [judgeSystem("lister")] });
    const jobId = await storeJob(store, spec, games);
    const reports = await judgeBiasReports(store, jobId, spec);
    expect(reports).toMatchObject({
      mode: "listwise",
      judges: [
        {
          judge: "lister",
          games: 12,
          failed: 0,
          firstShownFirst: { successes: 9, trials: 12, rate: 0.75 },
        },
      ],
    });
    expect(reports?.mode === "listwise" && reports.judges[0]!.chance).toBeCloseTo(1 / 3, 12);
  });

  it("pointwise: no report", async () => {
    const spec = judgeSpec({ template: MT_BENCH_SINGLE });
    const games = [
      doneGame(pointPayload("judge-1", "q", answer("c", "s", "t")), {
        mode: "pointwise",
        score: 3,
        label: "3",
      }),
    ];
    const jobId = await storeJob(store, spec, games);
    expect(await judgeBiasReports(store, jobId, spec)).toBeNull();
    expect(biasReportsJson(null)).toEqual({ kind: "judge-bias", mode: "pointwise", judges: [] });
  });
});

describe("renderBiasReports", () => {
  it("prints each rate with its interval and counts, and the human base rates", async () => {
    const list = pairs(5).slice(0, 8);
    const spec = judgeSpec({ judges: [judgeSystem("first", "gpt")] });
    const games = judgeGames("first", list, () => 1, { human: true });
    const jobId = await storeJob(store, spec, games);
    const reports = await judgeBiasReports(store, jobId, spec, { rounds: 200, seed: 1 });
    expect(renderBiasReports(reports!)).toMatchInlineSnapshot(`
      [
        "Bias report (pairwise; lengths in characters; 95% Wilson intervals, bootstrap over pairs)",
        "judge first (family gpt): 16 games, 0 failed, 0 ties",
        "  first-position win rate       1.000 [0.806, 1.000] (16/16 decisive games, bootstrap [1.000, 1.000])",
        "  swap inconsistency            1.000 [0.676, 1.000] (8/8 pairs in both orders, bootstrap [1.000, 1.000])",
        "  longer answer wins            0.500 [0.280, 0.720] (8/16 decisive games of unequal lengths, bootstrap [0.500, 0.500])",
        "  self-preference               0.500 [0.280, 0.720] (8/16 decisive games of its family against another, bootstrap [0.500, 0.500])",
        "  humans: 8 labelled pairs, 16 games",
        "    agreement with humans       0.500 [0.280, 0.720] (8/16 games judged by both, bootstrap [0.500, 0.500])",
        "    first-shown truly better    0.500 [0.215, 0.785] (4/8 labelled pairs not tied, over the orders shown)",
        "    longer truly better         0.125 [0.022, 0.471] (1/8 such pairs of unequal lengths)",
        "    judge's family truly better 0.625 [0.306, 0.863] (5/8 such pairs of its family against another)",
      ]
    `);
    expect(JSON.parse(JSON.stringify(biasReportsJson(reports)))).toMatchObject({
      kind: "judge-bias",
      mode: "pairwise",
      judges: [{ judge: "first", report: { firstPosition: { rate: 1 } } }],
    });
  });
});
