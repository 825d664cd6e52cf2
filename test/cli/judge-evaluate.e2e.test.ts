/**
 * The user's path from `prefkit judge` on an arena log to `prefkit evaluate` of the judges
 * against the log's human votes (dist/; build first), with the fake server's planted judges in
 * process: judge-first always prefers the answer shown first, judge-longer the longer answer. The
 * judges' accuracies are worked out by hand from the log below.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeJudgeResponder } from "../../src/llm/fake-judges.js";
import { type FakeOpenAi, startFakeOpenAi } from "../../src/llm/fake-openai-server.js";
import { prefkit } from "./run-cli.js";

let fake: FakeOpenAi;
let dir: string;
beforeAll(async () => {
  fake = await startFakeOpenAi({ respond: fakeJudgeResponder() });
  dir = mkdtempSync(join(tmpdir(), "prefkit-judge-evaluate-"));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** An arena log's battle (single turn; `turn` as Chatbot Arena writes it). */
const battle = (
  id: string,
  question: string,
  [modelA, answerA]: [string, string],
  [modelB, answerB]: [string, string],
  winner: "model_a" | "model_b" | "tie",
) => ({
  question_id: id,
  model_a: modelA,
  model_b: modelB,
  winner,
  conversation_a: [
    { role: "user", content: question },
    { role: "assistant", content: answerA },
  ],
  conversation_b: [
    { role: "user", content: question },
    { role: "assistant", content: answerB },
  ],
  turn: 1,
});

const PRIME = "Name a prime number.";
/**
 * Six pairs of answers, seven votes. The human picked the first model on q1 (with q6, the same
 * answers asked again) and q3, the second on q2, q5 and q7, neither on q4; the longer answer on
 * q2, q3 and q7, the shorter on q1 and q5; q4's answers are as long as each other. q7 asks q1's
 * question of the same two systems, which answer differently: another pair.
 */
const LOG = [
  battle("q1", PRIME, ["ant", "Two."], ["bee", "Seven is a prime number."], "model_a"),
  battle("q2", "Say hi.", ["bee", "Hi."], ["cat", "Hello there, friend!"], "model_b"),
  battle("q3", "Name a colour.", ["cat", "Blue, like the sky."], ["ant", "Red."], "model_a"),
  battle("q4", "Pick a letter.", ["ant", "A."], ["cat", "B."], "tie"),
  battle("q5", "Count to three.", ["bee", "One, two and then three."], ["cat", "1 2 3"], "model_b"),
  battle("q6", PRIME, ["ant", "Two."], ["bee", "Seven is a prime number."], "model_a"),
  battle("q7", PRIME, ["ant", "Three."], ["bee", "Eleven is prime."], "model_b"),
];

interface JudgeRow {
  judge: string;
  evaluation: {
    overall: {
      n: number;
      accuracy: { value: number };
      accuracyInOrder: { value: number };
      accuracySwapped: { value: number };
      bothCorrect: { value: number };
      position: { consistency: { value: number }; positionBias: { value: number } };
    };
  };
}

const judgesOf = (stdout: string) => {
  const out = JSON.parse(stdout) as {
    items: number;
    report: { gold: { gold: number }; judges: JudgeRow[]; unmatched: string[] };
  };
  const by = new Map(out.report.judges.map((j) => [j.judge, j.evaluation.overall]));
  return { out, first: by.get("first-judge")!, longer: by.get("longer-judge")! };
};

describe("prefkit judge, then prefkit evaluate against the judged file's human votes", () => {
  it("joins the judges' verdicts to the votes on the same answers and scores them as worked out by hand", async () => {
    const input = join(dir, "arena.jsonl");
    writeFileSync(input, `${LOG.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const judges = join(dir, "judges.yaml");
    writeFileSync(
      judges,
      [
        "defaults:",
        `  base_url: ${fake.url}`,
        "systems:",
        "  first-judge: { model: judge-first }",
        "  longer-judge: { model: judge-longer }",
        "",
      ].join("\n"),
    );
    const judged = join(dir, "judged.jsonl");
    const run = await prefkit(["judge", input, "--judges", judges, "--out", judged], dir);
    expect(run.stderr).toContain("6 pairs named by 7 pairwise judgments");
    expect(run.code).toBe(0);

    // As the README shows it: the judged file, then the log, the log's votes as gold.
    const evaluate = ["evaluate", judged, input, "--gold", "arena", "--join", "content"];
    const json = await prefkit([...evaluate, "--format", "json"], dir);
    expect(json.code).toBe(0);
    const { out, first, longer } = judgesOf(json.stdout);
    // One item per pair of answers: q1 and q6 on one, q7 apart from them.
    expect(out.items).toBe(6);
    expect(out.report.gold.gold).toBe(6);
    expect(out.report.unmatched).toEqual([]);
    // judge-first is right in the order that shows the human's pick first, wrong in the other,
    // and wrong both ways on the tie: 5 decisive items of 6, one order each → 5/12.
    expect(first.n).toBe(6);
    expect(first.accuracy.value).toBeCloseTo(5 / 12, 12);
    expect(first.bothCorrect.value).toBe(0);
    expect(first.position.consistency.value).toBe(0);
    expect(first.position.positionBias.value).toBe(1);
    // judge-longer says the same in both orders: right where the human picked the longer answer
    // (q2, q3, q7) and on the tie of equal lengths (q4), wrong on q1 and q5 → 4/6.
    expect(longer.n).toBe(6);
    expect(longer.accuracy.value).toBeCloseTo(4 / 6, 12);
    expect(longer.bothCorrect.value).toBeCloseTo(4 / 6, 12);
    expect(longer.position.consistency.value).toBe(1);

    // The log first: each item's `a` is the log's model_a, so "in order" shows the human's
    // first model first. judge-first is right in order where the human picked it (q1/q6, q3:
    // 2 of 6) and swapped where the human picked the second (q2, q5, q7: 3 of 6).
    const logFirst = await prefkit(
      ["evaluate", input, judged, "--gold", "arena", "--join", "content", "--format", "json"],
      dir,
    );
    const byLog = judgesOf(logFirst.stdout);
    expect(byLog.first.accuracyInOrder.value).toBeCloseTo(2 / 6, 12);
    expect(byLog.first.accuracySwapped.value).toBeCloseTo(3 / 6, 12);
    expect(byLog.first.accuracy.value).toBeCloseTo(5 / 12, 12);

    // The same verdicts written as an arena log (the judge named as [judge, template]) score the same.
    const battles = join(dir, "judged-arena.jsonl");
    const asArena = await prefkit(
      ["judge", input, "--judges", judges, "--out", battles, "--output-format", "arena"],
      dir,
    );
    expect(asArena.code).toBe(0);
    const fromArena = await prefkit(
      ["evaluate", battles, input, "--gold", "arena", "--join", "content", "--format", "json"],
      dir,
    );
    const arenaJudges = judgesOf(fromArena.stdout);
    expect(arenaJudges.out.items).toBe(6);
    expect(arenaJudges.first.accuracy.value).toBeCloseTo(5 / 12, 12);
    expect(arenaJudges.longer.accuracy.value).toBeCloseTo(4 / 6, 12);

    // By id (the default), the log's question ids and the judge's content-named prompts never
    // meet: the report says which flag joins them.
    const byId = await prefkit(["evaluate", judged, input, "--gold", "arena"], dir);
    expect(byId.stdout.split("\n").find((l) => l.startsWith("no gold item"))).toMatchInlineSnapshot(
      `"no gold item labelled by: first-judge, longer-judge — their labels name no id and the gold's do, so they were never matched; --join content matches them by prompt and answers"`,
    );
  });
});
