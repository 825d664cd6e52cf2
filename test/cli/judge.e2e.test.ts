/**
 * `prefkit judge` end to end (dist/; build first) against the fake server's planted judges
 * (src/llm/fake-judges.ts): pairwise in both orders into a file and into a project, the bias
 * report finding the judges' planted biases, a judge that never gives a verdict, a jury,
 * pointwise with a reference, listwise, --dry-run, --max-cost, and the usage errors that refuse
 * a run before anything is paid for.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { JudgeJudgmentMetadata } from "../../src/app/judge/types.js";
import type { RankingJudgment, RatingJudgment } from "../../src/core/types.js";
import { fakeJudgeResponder, GARBAGE_VERDICT } from "../../src/llm/fake-judges.js";
import { type FakeOpenAi, startFakeOpenAi } from "../../src/llm/fake-openai-server.js";
import { openStore } from "../../src/store/open-store.js";
import {
  answerText,
  cli,
  type JsonRecord,
  judgeWorkspace,
  KEY,
  records,
  SYSTEMS,
  type WorkspaceOptions,
} from "./judge-workspace.js";
import { ROOT } from "./run-cli.js";

let fake: FakeOpenAi;
let dir: string;
beforeAll(async () => {
  fake = await startFakeOpenAi({ apiKey: KEY, respond: fakeJudgeResponder() });
  dir = mkdtempSync(join(tmpdir(), "prefkit-judge-"));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.reset();
  fake.setFaults([]);
});

const workspace = (o: WorkspaceOptions) => judgeWorkspace(dir, fake.url, o);
const judgmentsOf = (path: string) =>
  records(path).filter((r) => r.type === "judgment") as (JsonRecord & {
    kind: string;
    a: string;
    b: string;
    outcome: string;
    source: {
      kind: string;
      model: string;
      template?: string;
      raw_output?: string;
      swapped?: boolean;
    };
    metadata: { judge: JudgeJudgmentMetadata };
  })[];
/** The length of candidate `p<prompt>-<system>`'s text, as the judge sees it. */
const lengthOf = (candidate: string) => {
  const [, p, s] = /^p(\d+)-(\w+)$/.exec(candidate)!;
  return answerText(
    Number(p),
    SYSTEMS.findIndex((x) => x.id === s),
  ).length;
};

describe("prefkit judge, pairwise", () => {
  it("judges every pair in both orders into a file; each judgment says who judged, how, in which order, for what", async () => {
    const w = workspace({
      prompts: 4,
      judges: { first: "judge-first", longer: "judge-longer" },
      families: { first: "gpt" },
      humansEvery: 2,
    });
    const args = ["judge", w.input, "--judges", w.judges, "--pairs", "all", "--out", w.out];
    const run = await cli([...args, "--format", "json"], w.path);
    expect(run.stderr).toContain("plan: 12 questions × 2 judges → 48 items");
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    // 4 prompts × 3 pairs × 2 orders × 2 judges, one call each.
    expect(summary).toMatchObject({ status: "done", items: 48, done: 48, failed: 0, calls: 48 });
    expect(summary.cost).toBeGreaterThan(0);
    expect(fake.stats().requests).toBe(48);
    expect(summary.written).toMatchObject({ judgments: 48, droppedPairs: 0 });

    const out = records(w.out);
    expect(out.filter((r) => r.type === "prompt")).toHaveLength(4);
    expect(out.filter((r) => r.type === "candidate")).toHaveLength(12);
    const judgments = judgmentsOf(w.out);
    // arena-hard (strong labels: its own rule by default): one judgment per order.
    expect(judgments).toHaveLength(48);
    for (const j of judgments) {
      expect(j.source).toMatchObject({ kind: "ai", template: "arena-hard@1" });
      expect(j.source.raw_output).toMatch(/My final verdict is: \[\[[AB][<>=]+[AB]\]\]$/);
      const meta = j.metadata.judge;
      expect(meta).toMatchObject({
        judge: j.source.model,
        template: "arena-hard",
        mode: "pairwise",
      });
      expect(meta.games).toHaveLength(1);
      const game = meta.games[0]!;
      // Game 1 shows x (a) first, game 2 shows y first: swapped.
      expect(j.source.swapped).toBe(game.game === 2);
      expect(game.shown).toEqual(game.game === 1 ? [j.a, j.b] : [j.b, j.a]);
      expect(game.record).toMatchObject({ system: j.source.model, calls: 1 });
      expect(game.record.inputTokens).toBeGreaterThan(0);
      expect(game.record.outputTokens).toBeGreaterThan(0);
      expect(game.record.cost).toBeGreaterThan(0);
      expect(game.record.latencyMs).toBeGreaterThanOrEqual(0);
      // The planted verdicts, worked out from what each judge was shown.
      if (j.source.model === "first") expect(j.outcome).toBe(game.game === 1 ? "a" : "b");
      else expect(j.outcome).toBe(lengthOf(j.a) > lengthOf(j.b) ? "a" : "b");
    }
    expect(judgments.filter((j) => j.source.model === "first")).toHaveLength(24);

    // The bias report finds what was planted.
    const [first, longer] = summary.bias.judges;
    expect(first.judge).toBe("first");
    expect(first.report.firstPosition).toMatchObject({ successes: 24, trials: 24, rate: 1 });
    expect(first.report.swapInconsistency).toMatchObject({ successes: 12, trials: 12, rate: 1 });
    // Its family (gpt: alpha, gamma) against llama (beta): 2 such pairs a prompt, both orders.
    expect(first.report.selfPreference).toMatchObject({ successes: 8, trials: 16, rate: 0.5 });
    // Humans voted on every pair of p0 and p2.
    expect(first.report.humans).toMatchObject({ items: 6, games: 12 });
    expect(longer.report.longerWins).toMatchObject({ successes: 24, trials: 24, rate: 1 });
    expect(longer.report.firstPosition).toMatchObject({ successes: 12, trials: 24, rate: 0.5 });
    expect(longer.report.swapInconsistency).toMatchObject({ successes: 0, trials: 12 });

    // The same command again: a new job, every verdict from the cache, the same judgments.
    const again = await cli(args, w.path);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("48 of 48 items done, 0 failed, 48 from the cache");
    expect(again.stderr).toMatch(/judge first \(family gpt\): 24 games, 0 failed, 0 ties/);
    expect(again.stderr).toMatch(/first-position win rate +1\.000 \[/);
    expect(fake.stats().requests).toBe(48);
    expect(judgmentsOf(w.out).map((j) => [j.id, j.outcome])).toEqual(
      judgments.map((j) => [j.id, j.outcome]),
    );
  });

  it("writes into a project of --db (SQLite), idempotently, and judges a project's own candidates", async () => {
    const w = workspace({ prompts: 2, judges: { first: "judge-first" }, humansEvery: 1 });
    const db = `sqlite:${join(w.path, "store.db")}`;
    const store = await openStore(db);
    await store.migrate();
    await store.createProject({ id: "proj", name: "proj" });
    await store.close();
    // From the file into the project (its prompts and candidates are added with the judgments).
    const args = ["judge", w.input, "--judges", w.judges, "--db", db, "--project", "proj"];
    const run = await cli([...args, "--quiet"], w.path);
    expect(run.code).toBe(0);
    // Given pairs by default: the humans' votes name every pair.
    expect(run.stderr).toContain("pairs: given — the 6 pairs the input's judgments name");
    expect((await cli([...args, "--quiet"], w.path)).code).toBe(0);
    const check = await openStore(db);
    try {
      const stored = await check.listJudgments("proj");
      expect(stored).toHaveLength(12);
      for (const j of stored) {
        expect(j.source).toMatchObject({ kind: "ai", model: "first", template: "arena-hard@1" });
        expect((j.metadata as { judge: JudgeJudgmentMetadata }).judge.games).toHaveLength(1);
      }
      expect(await check.listCandidates("proj", "p0")).toHaveLength(3);
      // A project's own candidates, with its human votes as the pairs and the labels.
      const imported = await cli(["import", w.input, "--db", db, "--project", "proj"], w.path);
      expect(imported.code).toBe(0);
      const from = await cli(
        ["judge", "--from-project", "--judges", w.judges, "--db", db, "--project", "proj"],
        w.path,
      );
      expect(from.code).toBe(0);
      expect(from.stderr).toContain("input: 2 prompts, 6 candidates of 3 systems");
      expect(from.stderr).toContain("humans: 6 labelled pairs");
      // Nothing new to ask, nothing new to write: the same judgments, from the cache.
      expect(from.stderr).toContain("12 from the cache");
      expect(await check.listJudgments("proj")).toHaveLength(12 + 6);
    } finally {
      await check.close();
    }
    expect(fake.stats().requests).toBe(12);
  });

  it("a judge id pointed at another model makes new judgments in the project, and the summary says what was added", async () => {
    const w = workspace({ prompts: 2, judges: { first: "judge-first" }, humansEvery: 1 });
    const db = `sqlite:${join(w.path, "store.db")}`;
    const store = await openStore(db);
    await store.migrate();
    await store.createProject({ id: "proj", name: "proj" });
    await store.close();
    const args = ["judge", w.input, "--judges", w.judges, "--db", db, "--project", "proj"];
    const first = await cli(args, w.path);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(
      "12 judgments made for project proj: 12 added, 0 already stored, 0 conflicting (2 prompts and 6 candidates added)",
    );
    // The same judge id, another model: judge-longer's verdicts are another judge's.
    writeFileSync(w.judges, readFileSync(w.judges, "utf8").replace("judge-first", "judge-longer"));
    const second = await cli([...args, "--format", "json"], w.path);
    expect(second.code).toBe(0);
    const summary = JSON.parse(second.stdout) as { written: { output: Record<string, number> } };
    expect(summary.written.output).toMatchObject({ added: 12, skipped: 0, conflicting: 0 });
    const check = await openStore(db);
    try {
      const stored = await check.listJudgments("proj");
      expect(stored).toHaveLength(24);
      const models = stored.map((j) => (j.metadata as { judge: JudgeJudgmentMetadata }).judge);
      expect(new Set(models.map((m) => m.games[0]!.record.model))).toEqual(
        new Set(["judge-first", "judge-longer"]),
      );
    } finally {
      await check.close();
    }
  });

  it("a TRL file holds one row per pair and judge: a judge that always picks the first-shown answer contradicts itself on every pair and gives none", async () => {
    const w = workspace({ prompts: 2, judges: { first: "judge-first", longer: "judge-longer" } });
    const out = join(w.path, "pairs.jsonl");
    const run = await cli(
      [
        "judge",
        w.input,
        "--judges",
        w.judges,
        "--out",
        out,
        "--output-format",
        "trl",
        "--pairs",
        "all",
      ],
      w.path,
    );
    expect(run.code).toBe(0);
    // 6 pairs × 2 judges; judge-first's orders disagree on every pair: left out, counted.
    expect(run.stderr).toContain(
      "6 pairs left out of the TRL file: their two orders named opposite answers",
    );
    const rows = records(out);
    expect(rows.map((r) => r.judge)).toEqual(Array(6).fill("longer"));
    expect(new Set(rows.map((r) => JSON.stringify(r.prompt)))).toHaveProperty("size", 2);
    // The longer answer chosen, once per pair.
    for (const r of rows) {
      const text = (m: unknown) => (m as { content: string }[])[0]!.content;
      expect(text(r.chosen).length).toBeGreaterThan(text(r.rejected).length);
    }
  });

  it("fails a judge's items with its text when it never gives a verdict — never a tie — and exits 1", async () => {
    const w = workspace({ prompts: 2, judges: { garbage: "judge-garbage", first: "judge-first" } });
    const run = await cli(
      [
        "judge",
        w.input,
        "--judges",
        w.judges,
        "--out",
        w.out,
        "--parse-attempts",
        "2",
        "--format",
        "json",
      ],
      w.path,
    );
    expect(run.code).toBe(1);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ items: 24, done: 12, failed: 12 });
    // Each of the garbage judge's 12 items was asked twice.
    expect(fake.stats().requests).toBe(12 * 2 + 12);
    expect(summary.written.byJudge).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ judge: "garbage", judgments: 0, failedGames: 12 }),
      ]),
    );
    const judgments = judgmentsOf(w.out);
    expect(judgments).toHaveLength(12);
    expect(judgments.every((j) => j.source.model === "first")).toBe(true);
    const garbage = summary.bias.judges.find((j: { judge: string }) => j.judge === "garbage");
    expect(garbage.report).toMatchObject({ games: 12, failed: 12, ties: 0 });
    const store = await openStore(`sqlite:${join(w.path, ".prefkit-jobs.db")}`);
    try {
      const failed = await store.listItems(summary.job, { status: "failed", limit: 100 });
      expect(failed).toHaveLength(12);
      for (const item of failed) expect(item.error).toContain(GARBAGE_VERDICT);
    } finally {
      await store.close();
    }
  });

  it("writes a jury's judgments beside its three judges', the majority of their says", async () => {
    const w = workspace({
      prompts: 3,
      judges: { first: "judge-first", longer: "judge-longer", right: "judge-right-80" },
    });
    const run = await cli(
      [
        "judge",
        w.input,
        "--judges",
        w.judges,
        "--out",
        w.out,
        "--combine",
        "mt-bench",
        "--jury",
        "majority",
        "--format",
        "json",
      ],
      w.path,
    );
    expect(run.code).toBe(0);
    const judgments = judgmentsOf(w.out);
    const jury = judgments.filter((j) => j.source.model === "jury:majority");
    // mt-bench: one judgment a pair and judge; the jury's, one a pair.
    expect(jury).toHaveLength(9);
    expect(judgments).toHaveLength(9 * 4);
    const side = (p: number) => (p > 0.5 ? "a" : p < 0.5 ? "b" : "tie");
    for (const j of jury) {
      const says = j.metadata.judge.jury!.judges;
      expect(says.map((s) => s.judge).sort()).toEqual(["first", "longer", "right"]);
      const votes = says.map((s) => side(s.preference!));
      const top = ["a", "b", "tie"].find((o) => votes.filter((v) => v === o).length >= 2);
      expect(j.outcome).toBe(top ?? "tie");
      // judge-first names the first-shown answer in both orders: mt-bench makes it a tie.
      expect(says.find((s) => s.judge === "first")!.preference).toBe(0.5);
    }
  });
  it("--no-run only enqueues; prefkit jobs resume runs the job and writes its judgments", async () => {
    const w = workspace({ prompts: 2, judges: { first: "judge-first" } });
    const db = `sqlite:${join(w.path, "jobs.db")}`;
    const queued = await cli(
      [
        "judge",
        w.input,
        "--judges",
        w.judges,
        "--out",
        w.out,
        "--jobs-db",
        db,
        "--no-run",
        "--format",
        "json",
      ],
      w.path,
    );
    expect(queued.code).toBe(0);
    const { job, items, created } = JSON.parse(queued.stdout);
    expect({ items, created }).toEqual({ items: 12, created: true });
    expect(fake.stats().requests).toBe(0);
    const resumed = await cli(["jobs", "resume", job, "--db", db], w.path);
    expect(resumed.code).toBe(0);
    expect(fake.stats().requests).toBe(12);
    expect(judgmentsOf(w.out)).toHaveLength(12);
    // The bias report after every run, a resumed one's too: judge-first always picks the first.
    expect(resumed.stderr).toContain("Bias report (pairwise;");
    expect(resumed.stderr).toMatch(
      /judge first: 12 games, 0 failed, 0 ties\n {2}first-position win rate +1\.000/,
    );
    const again = await cli(["jobs", "resume", job, "--db", db, "--format", "json"], w.path);
    expect(again.code).toBe(0);
    expect(fake.stats().requests).toBe(12);
    const bias = JSON.parse(again.stdout).bias;
    expect(bias).toMatchObject({ kind: "judge-bias", mode: "pairwise" });
    expect(bias.judges.map((j: { judge: string }) => j.judge)).toEqual(["first"]);
  });
});

describe("prefkit judge, pointwise and listwise", () => {
  it("scores each answer against its prompt's reference, which is never judged", async () => {
    const w = workspace({ prompts: 2, judges: { longer: "judge-longer" }, reference: true });
    const run = await cli(
      [
        "judge",
        w.input,
        "--judges",
        w.judges,
        "--out",
        w.out,
        "--template",
        "mt-bench-single-reference",
        "--reference-system",
        "ref",
        "--format",
        "json",
      ],
      w.path,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ items: 6, done: 6 });
    const ratings = judgmentsOf(w.out) as unknown as (RatingJudgment & {
      scores: { candidate: string; score: number }[];
    })[];
    expect(ratings).toHaveLength(6);
    for (const r of ratings) {
      expect(r.kind).toBe("rating");
      const [score] = r.scores;
      expect(score!.candidate).not.toMatch(/-ref$/);
      // judge-longer scores an answer 1 + its length / 50, rounded, within 1–10.
      const expected = Math.min(10, Math.max(1, Math.round(1 + lengthOf(score!.candidate) / 50)));
      expect(score!.score).toBe(expected);
    }
    // Pointwise: no order to be biased by, and the report says so.
    expect(JSON.parse(run.stdout).bias).toMatchObject({ mode: "pointwise" });
  });

  it("ranks each prompt's answers over three orders into one ranking", async () => {
    const w = workspace({ prompts: 2, judges: { longer: "judge-longer" } });
    const run = await cli(
      [
        "judge",
        w.input,
        "--judges",
        w.judges,
        "--out",
        w.out,
        "--template",
        "listwise",
        "--permutations",
        "3",
        "--format",
        "json",
      ],
      w.path,
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ items: 6, done: 6 });
    const rankings = judgmentsOf(w.out) as unknown as (RankingJudgment & { order: string[][] })[];
    expect(rankings).toHaveLength(2);
    for (const r of rankings) {
      const ids = r.order.flat();
      expect(ids).toEqual([...ids].sort((a, b) => lengthOf(b) - lengthOf(a)));
      expect(r.order.every((tier) => tier.length === 1)).toBe(true);
    }
    expect(JSON.parse(run.stdout).bias).toMatchObject({ mode: "listwise" });
  });
});

describe("prefkit judge, cost", () => {
  it("--dry-run counts calls, tokens and cost, and what the cache already answers; sends nothing", async () => {
    const w = workspace({ prompts: 2, judges: { first: "judge-first", longer: "judge-longer" } });
    const args = [
      "judge",
      w.input,
      "--judges",
      w.judges,
      "--out",
      w.out,
      "--dry-run",
      "--format",
      "json",
    ];
    const before = await cli(args, w.path);
    expect(before.code).toBe(0);
    const estimate = JSON.parse(before.stdout);
    expect(estimate).toMatchObject({ items: 24, calls: 24, cachedCalls: 0, unpriced: [] });
    expect(estimate.cost).toBeGreaterThan(0);
    expect(
      estimate.judges.map((j: { system: string; calls: number }) => [j.system, j.calls]),
    ).toEqual([
      ["first", 12],
      ["longer", 12],
    ]);
    expect(fake.stats().requests).toBe(0);
    const run = await cli(
      ["judge", w.input, "--judges", w.judges, "--out", w.out, "--quiet"],
      w.path,
    );
    expect(run.code).toBe(0);
    const after = JSON.parse((await cli(args, w.path)).stdout);
    expect(after).toMatchObject({ items: 24, calls: 24, cachedCalls: 24, inputTokens: 0, cost: 0 });
  });

  it("the README's example: examples/judges.yaml over the demo arena, as a dry run", async () => {
    const run = await cli(
      [
        "judge",
        join(ROOT, "examples/arena-demo.jsonl"),
        "--judges",
        join(ROOT, "examples/judges.yaml"),
        "--out",
        join(dir, "demo.jsonl"),
        "--dry-run",
        "--format",
        "json",
      ],
      dir,
    );
    expect(run.code).toBe(0);
    // The humans' 3,000 votes name 1,032 pairs: both orders, three planted judges.
    expect(run.stderr).toContain("pairs: given — the 1,032 pairs the input's judgments name");
    const estimate = JSON.parse(run.stdout);
    expect(estimate).toMatchObject({ items: 6192, calls: 6192, unpriced: [], missingKeys: [] });
    // The demo's 1,032 pairs show 75 distinct pairs of texts: each judge asks 150 requests once.
    expect(estimate.duplicateCalls).toBe(5742);
    expect(
      estimate.judges.map(
        (j: { calls: number; duplicateCalls: number }) => j.calls - j.duplicateCalls,
      ),
    ).toEqual([150, 150, 150]);
    expect(estimate.judges.map((j: { model: string }) => j.model)).toEqual([
      "judge-first",
      "judge-longer",
      "judge-flaky",
    ]);
  });

  it("stops at --max-cost (exit 75) and goes on when run again without it, asking nothing twice", async () => {
    const w = workspace({ prompts: 20, judges: { first: "judge-first" }, concurrency: 2 });
    const args = ["judge", w.input, "--judges", w.judges, "--out", w.out, "--quiet"];
    const stopped = await cli([...args, "--concurrency", "2", "--max-cost", "0.005"], w.path);
    expect(stopped.code).toBe(75);
    expect(stopped.stderr).toContain("raise or drop --max-cost to go on");
    // The bias report comes after every run, a stopped one's over the items done so far.
    expect(stopped.stderr).toMatch(
      /\n\(the bias report below covers the \d+ items done so far\)\n/,
    );
    expect(stopped.stderr).toMatch(
      /judge first: [1-9]\d* games, 0 failed, 0 ties\n {2}first-position win rate +1\.000/,
    );
    const sent = fake.stats().requests;
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThan(120);
    const done = await cli(args, w.path);
    expect(done.code).toBe(0);
    expect(fake.stats().requests).toBe(120);
    expect([...fake.stats().answeredByBody.values()].every((n) => n === 1)).toBe(true);
    expect(judgmentsOf(w.out)).toHaveLength(120);
  });
});

describe("prefkit judge refuses before anything is paid for", () => {
  const refused = async (extra: string[], o: Partial<WorkspaceOptions> = {}) => {
    const w = workspace({ prompts: 1, judges: { first: "judge-first" }, ...o });
    const run = await cli(
      ["judge", w.input, "--judges", w.judges, "--out", w.out, ...extra],
      w.path,
    );
    expect(run.code).toBe(2);
    expect(fake.stats().requests).toBe(0);
    return run.stderr.trim();
  };

  it("a baseline system no candidate has", async () => {
    expect(await refused(["--pairs", "baseline:omega"])).toMatchInlineSnapshot(
      `"prefkit: --pairs baseline: no candidate of system "omega" in the input (the input's systems: "alpha", "beta", "gamma")"`,
    );
  });

  it("a jury of one judge", async () => {
    expect(await refused(["--jury", "majority"])).toMatchInlineSnapshot(
      `"prefkit: --jury needs several judges, and only "first" is chosen"`,
    );
  });

  it("a weighted jury without a human label in the input", async () => {
    expect(
      await refused(["--jury", "weighted"], { judges: { a: "judge-first", b: "judge-longer" } }),
    ).toMatchInlineSnapshot(
      `"prefkit: --jury weighted weighs each judge by its accuracy against the input's human labels, and the input has none (its pairwise judgments are an AI's, or there are none): use --jury majority or mean"`,
    );
  });

  it("a template with a reference and no --reference-system, and the other way round", async () => {
    expect(await refused(["--template", "mt-bench-single-reference"])).toMatchInlineSnapshot(
      `"prefkit: template mt-bench-single-reference shows a reference answer ({{reference}}): name the system whose candidates are the references with --reference-system"`,
    );
    expect(await refused(["--reference-system", "alpha"])).toMatchInlineSnapshot(
      `"prefkit: --reference-system: template arena-hard shows no reference answer (it has no {{reference}}); use mt-bench-single-reference or a template file that declares one"`,
    );
  });

  it("a TRL file of a pointwise template, and pairwise flags with a listwise one", async () => {
    expect(
      await refused(["--template", "mt-bench-single", "--output-format", "trl"]),
    ).toMatchInlineSnapshot(
      `"prefkit: --output-format trl holds pairwise judgments only; template mt-bench-single is pointwise: write --output-format canonical"`,
    );
    expect(await refused(["--template", "listwise", "--orders", "one"])).toMatchInlineSnapshot(
      `"prefkit: --orders applies to pairwise templates; template listwise is listwise"`,
    );
  });

  it("an arena log of pairs that are all of one system (a TRL file's)", async () => {
    const w = workspace({ prompts: 1, judges: { first: "judge-first" } });
    const trl = join(w.path, "pairs.jsonl");
    writeFileSync(
      trl,
      [0, 1]
        .map((i) =>
          JSON.stringify({ prompt: `question ${i}?`, chosen: `yes ${i}`, rejected: `no ${i}` }),
        )
        .join("\n"),
    );
    const run = await cli(
      ["judge", trl, "--judges", w.judges, "--out", w.out, "--output-format", "arena"],
      w.path,
    );
    expect(run.code).toBe(2);
    expect(fake.stats().requests).toBe(0);
    expect(run.stderr.split("\n").filter((l) => l.startsWith("prefkit:"))).toMatchInlineSnapshot(`
      [
        "prefkit: --output-format arena: every pair to judge is of two answers of one system (an arena log holds battles of two systems, so it would be empty); the input's candidates name no distinct systems — write --output-format canonical or trl",
      ]
    `);
  });

  it("a TRL file with a rule that writes a judgment per order", async () => {
    expect(
      await refused(["--output-format", "trl", "--combine", "arena-hard"]),
    ).toMatchInlineSnapshot(
      `"prefkit: --output-format trl writes one preference per pair, so both orders are merged (--combine mt-bench); --combine arena-hard writes a judgment per order: use --output-format canonical or arena for it"`,
    );
  });

  it("--pairs given when the input's judgments name no pair", async () => {
    expect(await refused(["--pairs", "given"])).toMatchInlineSnapshot(
      `"prefkit: --pairs given: the input's judgments name no pair of its candidates; use --pairs all, baseline:SYSTEM or sample:K"`,
    );
  });

  it("--max-cost with a judge that has no price", async () => {
    const w = workspace({ prompts: 1, judges: { first: "judge-first" } });
    writeFileSync(
      w.judges,
      `defaults: { base_url: "${fake.url}", api_key_env: FAKE_KEY }\nsystems:\n  priced: { model: judge-first, price: { input: 1, output: 1 } }\n  free: { model: judge-longer }\n`,
    );
    const run = await cli(
      ["judge", w.input, "--judges", w.judges, "--out", w.out, "--max-cost", "1"],
      w.path,
    );
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatchInlineSnapshot(
      `"prefkit: --max-cost needs a price for every judge, and "free" has none: add price: { input, output } (US dollars per million tokens), or drop --max-cost"`,
    );
  });

  it("a project that holds other texts or systems under the ids judged: exit 1, naming them, no job", async () => {
    const w = workspace({ prompts: 2, judges: { first: "judge-first" } });
    const db = `sqlite:${join(w.path, "store.db")}`;
    const imported = await cli(
      ["import", w.input, "--db", db, "--project", "p3", "--create"],
      w.path,
    );
    expect(imported.code).toBe(0);
    // Another file reusing the ids: p0's question, p0-alpha's text and p1-beta's system differ.
    const other = join(w.path, "other.jsonl");
    const changed = readFileSync(w.input, "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as JsonRecord)
      .map((r) => {
        if (r.id === "p0")
          return { ...r, messages: [{ role: "user", content: "another question" }] };
        if (r.id === "p0-alpha")
          return { ...r, messages: [{ role: "assistant", content: "another answer" }] };
        if (r.id === "p1-beta") return { ...r, system: "gamma" };
        return r;
      });
    writeFileSync(other, `${changed.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const run = await cli(
      ["judge", other, "--judges", w.judges, "--db", db, "--project", "p3", "--quiet"],
      w.path,
    );
    expect(run.code).toBe(1);
    expect(fake.stats().requests).toBe(0);
    expect(run.stderr.split("\n").filter((l) => l.startsWith("prefkit:"))).toMatchInlineSnapshot(`
      [
        "prefkit: project p3 holds other texts under ids the judge saw (judgments would name texts it never saw): candidate p0-alpha: the project's candidate of this id has other text than the answer judged",
        "prefkit: candidate p1-beta: the project has it as an answer of system beta, the job judged it as system gamma's",
        "prefkit: prompt p0: the project's prompt of this id has other text than the one judged",
        "prefkit: give the input's records ids of their own, or judge into another project",
      ]
    `);
    const check = await openStore(db);
    try {
      expect(await check.listJobs({})).toHaveLength(0);
      expect(await check.listJudgments("p3")).toHaveLength(0);
    } finally {
      await check.close();
    }
  });

  it("an unknown template and an unknown --only judge", async () => {
    expect(await refused(["--template", "arena-soft"])).toMatchInlineSnapshot(
      `"prefkit: --template arena-soft: no built-in template has this name and no such file exists (built-ins: mt-bench-single, mt-bench-single-reference, mt-bench-single-multiturn, mt-bench-pairwise, arena-hard, alpaca-eval, pairwise-json, listwise, prd-pairwise)"`,
    );
    expect(await refused(["--only", "first,second"])).toMatchInlineSnapshot(
      `"prefkit: --only "second": not in --judges (its judges: "first")"`,
    );
  });
});
