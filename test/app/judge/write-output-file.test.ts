/**
 * writeJudgeOutput to files, read back with prefkit's own readers: canonical records (the same
 * judgments, metadata included, and references that resolve), arena battle logs and TRL
 * preference records; the summary's counts; a real SQLite job finished through the JobsStore
 * port; the refusals.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { combineGroup } from "../../../src/app/judge/combine.js";
import { groupKey } from "../../../src/app/judge/group-games.js";
import type { JudgeGameItem } from "../../../src/app/judge/job-games.js";
import { castVote, type JuryBallot, juryJudgments } from "../../../src/app/judge/jury.js";
import type { JudgeOutput, JudgeSpec } from "../../../src/app/judge/types.js";
import { JudgeOutputError, writeJudgeOutput } from "../../../src/app/judge/write-output.js";
import { exitCode } from "../../../src/cli/exit-code.js";
import { CanonicalResolver } from "../../../src/core/dataset/canonical-resolver.js";
import type { Judgment } from "../../../src/core/types.js";
import { parseArenaBattle } from "../../../src/formats/dataset/arena-pairs.js";
import { battleSource } from "../../../src/formats/dataset/battle-source.js";
import { parseCanonicalEntry } from "../../../src/formats/dataset/prefkit-canonical.js";
import { readDatasetRecords } from "../../../src/formats/dataset/read-records.js";
import { parseTrlPreference } from "../../../src/formats/dataset/trl.js";
import { MT_BENCH_SINGLE } from "../../../src/llm/judge/builtin.js";
import { openStore } from "../../../src/store/open-store.js";
import type { Store } from "../../../src/store/store.js";
import {
  answer,
  doneGame,
  pairPayload,
  pairVerdict,
  pointPayload,
  storeJob,
  withItems,
} from "./fixture.js";
import { scenarioGames, scenarioSpec } from "./scenario.js";

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "prefkit-judge-output-"));
  store = await openStore(`sqlite:${join(dir, "jobs.db")}`);
  await store.migrate();
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const fileOutput = (name: string, format: "canonical" | "arena" | "trl"): JudgeOutput => ({
  kind: "file",
  path: join(dir, name),
  format,
});

async function records(path: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const r of readDatasetRecords(path)) {
    if (!r.ok) throw new Error(JSON.stringify(r));
    out.push(r.record as Record<string, unknown>);
  }
  return out;
}

/** The judgments the scenario stands for, made without the writer: each group, then the jury. */
function expectedJudgments(spec: JudgeSpec, games: readonly JudgeGameItem[]): Judgment[] {
  const groups = new Map<string, JudgeGameItem[]>();
  for (const g of games)
    groups.set(groupKey(g.payload), [...(groups.get(groupKey(g.payload)) ?? []), g]);
  const ctx = { jobId: "job-1", spec };
  const combined = [...groups.values()].map((gs) => combineGroup(ctx, gs));
  const ballots = new Map<string, JuryBallot>();
  for (const c of combined) castVote(ballots, c);
  const jury = juryJudgments(ctx, [...ballots.values()]);
  return [...combined.flatMap((c) => c.judgments), ...jury.judgments.values()];
}

describe("writeJudgeOutput to a canonical file", () => {
  it("writes systems, prompts, candidates and judgments that read back the same, metadata included", async () => {
    const spec = scenarioSpec({ output: fileOutput("run.jsonl", "canonical") });
    const summary = await writeJudgeOutput(withItems(store, scenarioGames()), "job-1", spec);
    expect(summary).toEqual({
      judgments: 10,
      byJudge: [
        { judge: "j1", judgments: 4, failedGames: 1, ties: 0, dropped: 1 },
        { judge: "j2", judgments: 4, failedGames: 0, ties: 0, dropped: 0 },
        { judge: "jury", judgments: 2, failedGames: 0, ties: 0, dropped: 0 },
      ],
      droppedPairs: 1,
      tiesDropped: 0,
      unfinishedItems: 0,
      jury: { method: "majority", judgments: 2, undecided: 0, ties: 0 },
      output: {
        kind: "file",
        path: join(dir, "run.jsonl"),
        format: "canonical",
        records: 18,
        tiesDropped: 0,
        contradictedDropped: 0,
        selfBattlesDropped: 0,
      },
    });
    const resolver = new CanonicalResolver();
    const entries = (await records(join(dir, "run.jsonl"))).map((r) => {
      const parsed = parseCanonicalEntry(r);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      const resolved = resolver.add(parsed.entry);
      if (!resolved.ok) throw new Error(JSON.stringify(resolved.issues));
      return parsed.entry;
    });
    // Key order: j1's p1 (its 4 judgments and the jury's, which goes with the first of its
    // judges' groups), j1's p2 (dropped: the jury's p2 only), then j2's p1 and p2.
    expect(entries.map((e) => e.type)).toEqual([
      ...["system", "system", "prompt", "candidate", "candidate"],
      ...Array(5).fill("judgment"),
      ...["prompt", "candidate", "candidate"],
      ...Array(5).fill("judgment"),
    ]);
    expect(entries[0]).toEqual({
      type: "system",
      system: { id: "sys-a", config: { family: "gpt" } },
    });
    const judgments = entries.flatMap((e) => (e.type === "judgment" ? [e.judgment] : []));
    const expected = expectedJudgments(spec, scenarioGames());
    expect(judgments).toHaveLength(expected.length);
    expect(new Set(judgments.map((j) => j.id))).toEqual(new Set(expected.map((j) => j.id)));
    for (const j of judgments) expect(j).toEqual(expected.find((e) => e.id === j.id));
    expect(judgments.filter((j) => j.kind === "pairwise" && j.outcome === "a")).toHaveLength(6);
  });

  it("writes the same file again (complete twice)", async () => {
    const spec = scenarioSpec({ output: fileOutput("twice.jsonl", "canonical") });
    await writeJudgeOutput(withItems(store, scenarioGames()), "job-1", spec);
    const first = readFileSync(join(dir, "twice.jsonl"), "utf8");
    await writeJudgeOutput(withItems(store, scenarioGames()), "job-1", spec);
    expect(readFileSync(join(dir, "twice.jsonl"), "utf8")).toBe(first);
  });

  it("reads a real job's items through the JobsStore port, whatever their key order", async () => {
    // Keys that interleave the judges' groups: no group's games are adjacent.
    const games = scenarioGames().map((g, i) => ({
      ...g,
      key: `k${String((i * 5) % 8)}-${g.key}`,
    }));
    const spec = scenarioSpec({ output: fileOutput("stored.jsonl", "canonical") });
    const jobId = await storeJob(store, spec, games);
    const summary = await writeJudgeOutput(store, jobId, spec);
    expect(summary.judgments).toBe(10);
    const written = (await records(join(dir, "stored.jsonl"))).filter((r) => r.type === "judgment");
    // The same ids as the hand-made run: ids do not depend on the job or the times.
    const ids = expectedJudgments(spec, scenarioGames()).map((j) => j.id);
    expect(new Set(written.map((r) => r.id))).toEqual(new Set(ids));
    expect(
      written.every((r) => (r.metadata as { judge: { job: string } }).judge.job === jobId),
    ).toBe(true);
  });
});

describe("writeJudgeOutput to arena and TRL files", () => {
  it("arena: one battle per pairwise judgment, the judge named so prefkit reads it back as the source", async () => {
    const spec = scenarioSpec({ output: fileOutput("battles.jsonl", "arena") });
    await writeJudgeOutput(withItems(store, scenarioGames()), "job-1", spec);
    const battles = (await records(join(dir, "battles.jsonl"))).map((r) => {
      const parsed = parseArenaBattle(r);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      return parsed.value;
    });
    expect(battles).toHaveLength(10);
    const sources = battles.map((b) =>
      battleSource(b.extra, { kind: "human", annotatorId: "nobody" as never }),
    );
    const tally = new Map<string, number>();
    battles.forEach((b, i) => {
      const s = sources[i]!.source;
      const key = `${s.kind === "ai" ? `${s.model} ${s.template}` : "human"} ${b.winner}`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
    });
    // model_a is the answer shown first: j1 preferred it in both of p1's games (3 copies of the
    // strong one, and the swapped one, written the other way round).
    expect(Object.fromEntries(tally)).toEqual({
      "j1 arena-hard@1 model_a": 4,
      "j2 arena-hard@1 model_a": 2,
      "j2 arena-hard@1 model_b": 2,
      "jury:majority arena-hard@1 model_a": 1,
      "jury:majority arena-hard@1 model_b": 1,
    });
    // The first judgment written is j1's game 2 on p1, which showed sys-b's answer first.
    expect(battles[0]).toMatchObject({
      modelA: "sys-b",
      modelB: "sys-a",
      winner: "model_a",
      conversationA: [
        { role: "user", content: "question p1" },
        { role: "assistant", content: "a longer answer" },
      ],
      extra: { question_id: "p1" },
    });
  });

  it("arena: a pair of one system's answers is no battle: left out and counted", async () => {
    const a = answer("c1", "sys-a", "one");
    const b = answer("c2", "sys-a", "two");
    const games = [
      doneGame(pairPayload("judge-1", "p1", a, b, 1), pairVerdict(1)),
      doneGame(pairPayload("judge-1", "p1", a, b, 2), pairVerdict(0)),
    ];
    const spec = scenarioSpec({
      judges: scenarioSpec().judges.slice(0, 1),
      output: fileOutput("self.jsonl", "arena"),
    });
    const summary = await writeJudgeOutput(withItems(store, games), "job-1", spec);
    expect(summary.output).toMatchObject({ records: 0, selfBattlesDropped: 2 });
  });

  const trlRows = async (file: string) =>
    (await records(join(dir, file))).map((r) => {
      const parsed = parseTrlPreference(r);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      expect(parsed.style).toBe("conversational");
      const p = parsed.value;
      return [p.prompt, p.chosen, p.rejected, p.metadata?.judge, p.metadata?.template];
    });

  it("trl: one row per pair and judge, orders merged; ties and contradicting orders left out and counted apart", async () => {
    const { jury: _jury, ...spec } = scenarioSpec({
      combine: "mt-bench",
      output: fileOutput("pairs.jsonl", "trl"),
    });
    const summary = await writeJudgeOutput(withItems(store, scenarioGames()), "job-1", spec);
    // mt-bench: j1 p1 x then y (contradicted: left out), p2 dropped (a failed game); j2 p1 x
    // both times, p2 y both times.
    expect(summary.output).toMatchObject({ records: 2, tiesDropped: 0, contradictedDropped: 1 });
    expect(await trlRows("pairs.jsonl")).toEqual([
      [
        [{ role: "user", content: "question p1" }],
        [{ role: "assistant", content: "short" }],
        [{ role: "assistant", content: "a longer answer" }],
        "j2",
        "arena-hard@1",
      ],
      [
        [{ role: "user", content: "question p2" }],
        [{ role: "assistant", content: "beta" }],
        [{ role: "assistant", content: "alpha" }],
        "j2",
        "arena-hard@1",
      ],
    ]);
  });

  it("trl with a jury: the jury's rows only, one per pair; its ties left out and counted", async () => {
    const spec = scenarioSpec({ combine: "mt-bench", output: fileOutput("jury.jsonl", "trl") });
    const summary = await writeJudgeOutput(withItems(store, scenarioGames()), "job-1", spec);
    // The jury: p1 a tie (j1 contradicted → tie, j2 x), p2 y (j2 alone).
    expect(summary.output).toMatchObject({ records: 1, tiesDropped: 1, contradictedDropped: 0 });
    expect(await trlRows("jury.jsonl")).toEqual([
      [
        [{ role: "user", content: "question p2" }],
        [{ role: "assistant", content: "beta" }],
        [{ role: "assistant", content: "alpha" }],
        "jury:majority",
        "arena-hard@1",
      ],
    ]);
  });

  it("trl refuses a rule that writes a judgment per order, leaving no file", async () => {
    for (const combine of ["arena-hard", "both"] as const) {
      const spec = scenarioSpec({ combine, output: fileOutput("per-order.jsonl", "trl") });
      await expect(
        writeJudgeOutput(withItems(store, scenarioGames()), "job-1", spec),
      ).rejects.toThrow(
        `a TRL file holds one preference per pair; this job combines its orders as ${combine}, a judgment per order: write it as prefkit (canonical) records, an arena log or into a project`,
      );
    }
    expect(() => readFileSync(join(dir, "per-order.jsonl"))).toThrow(/ENOENT/);
    // A job resumed by a shell: its message, exit 1 — not an internal error with a stack.
    const spec = scenarioSpec({ output: fileOutput("per-order.jsonl", "trl") });
    const error = await writeJudgeOutput(withItems(store, scenarioGames()), "job-1", spec).catch(
      (e: unknown) => e,
    );
    const printed: string[] = [];
    expect(exitCode(error, (t) => printed.push(t))).toBe(1);
    expect(printed).toEqual([
      "prefkit: a TRL file holds one preference per pair; this job combines its orders as arena-hard, a judgment per order: write it as prefkit (canonical) records, an arena log or into a project\n",
    ]);
  });

  it("refuses an arena or TRL file for a pointwise job, naming the formats that hold it", async () => {
    const p = pointPayload("judge-1", "p1", answer("c1", "s", "t"));
    const games = [doneGame(p, { mode: "pointwise", score: 5, label: "5" })];
    const spec = scenarioSpec({ template: MT_BENCH_SINGLE, output: fileOutput("no.jsonl", "trl") });
    await expect(writeJudgeOutput(withItems(store, games), "job-1", spec)).rejects.toThrow(
      JudgeOutputError,
    );
    await expect(writeJudgeOutput(withItems(store, games), "job-1", spec)).rejects.toThrow(
      "a trl file holds pairwise judgments; this job is pointwise: write it as prefkit (canonical) records or into a project",
    );
  });

  it("refuses a game too many for its group, leaving no file behind", async () => {
    const { jury: _jury, ...spec } = scenarioSpec({
      orders: "one",
      output: fileOutput("late.jsonl", "canonical"),
    });
    const games = scenarioGames()
      .slice(0, 2)
      .map((g, i) => ({ ...g, key: `k${i}` }));
    await expect(writeJudgeOutput(withItems(store, games), "job-1", spec)).rejects.toThrow(
      "job job-1: item k1 is one game too many for judge j1 on p1|c1|c2 (the spec asks for 1)",
    );
    expect(() => readFileSync(join(dir, "late.jsonl"))).toThrow(/ENOENT/);
  });
});
