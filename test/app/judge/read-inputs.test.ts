/**
 * The judge's inputs from files (real PRD generations and reviews, TRL pairs, an arena-hard
 * battle log without texts, a hand-made file with every reason to leave something out) and from a
 * project (the same PRD sample imported: the same inputs as from the file).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { planImport } from "../../../src/app/import/plan-import.js";
import { storeImport } from "../../../src/app/import/store-import.js";
import { emptyPlanCounts, planJudging } from "../../../src/app/judge/index.js";
import {
  candidateText,
  type JudgeInputs,
  JudgeInputsCollector,
  judgeQuestions,
  pairKey,
} from "../../../src/app/judge/judge-inputs.js";
import { readJudgeInputFiles, readJudgeInputProject } from "../../../src/app/judge/read-inputs.js";
import { inputSummary, renderInput } from "../../../src/cli/commands/judge-render.js";
import type {
  AnnotatorId,
  CandidateId,
  PairwiseOutcome,
  PromptId,
} from "../../../src/core/types.js";
import { readDatasetRecords } from "../../../src/formats/dataset/read-records.js";
import { ARENA_HARD } from "../../../src/llm/judge/builtin.js";
import { candidate, describeStore, prompt } from "../../store/fixture.js";

const fixture = (path: string) => fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url));
const PRD = fixture("prd-reviews/judge-sample.jsonl");
const dir = mkdtempSync(join(tmpdir(), "prefkit-judge-inputs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NOTHING_LEFT = {
  duplicatePrompts: 0,
  conflictingPrompts: 0,
  promptsWithoutUserTurn: 0,
  duplicateCandidates: 0,
  conflictingCandidates: 0,
  candidatesWithoutText: 0,
  candidatesWithoutPrompt: 0,
  liveCandidates: 0,
  judgmentsWithoutCandidates: 0,
  judgmentsOfOneCandidate: 0,
  judgmentsNotPairwise: 0,
};

const lines = (path: string) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("readJudgeInputFiles", () => {
  it("reads the PRD sample: 6 questions × 5 systems, their families, and the 12 pairs the 48 reviews name", async () => {
    const inputs = await readJudgeInputFiles([PRD]);
    expect(inputs.prompts.map((p) => p.id)).toEqual(["q21", "q22", "q24", "q68", "q69", "q70"]);
    expect(inputs.candidates).toHaveLength(30);
    expect(inputs.systems).toEqual(["bard", "claude", "gpt35", "gpt4", "vicuna-13b"]);
    expect(Object.fromEntries(inputs.families)).toEqual({
      gpt4: "gpt",
      gpt35: "gpt",
      claude: "claude",
      bard: "palm",
      "vicuna-13b": "llama",
    });
    // Each candidate's text is the answer as the data has it, with its system's family.
    const raw = lines(PRD).find((r) => r.id === "q68-bard") as {
      messages: { content: string }[];
    };
    expect(inputs.candidates.find((c) => c.candidateId === "q68-bard")).toEqual({
      candidateId: "q68-bard",
      promptId: "q68",
      systemId: "bard",
      text: raw.messages[0]!.content,
      family: "palm",
    });
    // Two reviewers × two orders name each pair: 4 judgments a pair, 3 of them repeats.
    expect(inputs.givenPairs).toHaveLength(12);
    expect(inputs.given).toEqual({ judgments: 48, human: 0, repeats: 36, mixedTurns: 0 });
    expect(inputs.givenPairs.slice(0, 2)).toEqual([
      { promptId: "q21", x: "q21-bard", y: "q21-claude" },
      { promptId: "q22", x: "q22-bard", y: "q22-claude" },
    ]);
    for (const p of inputs.givenPairs) expect(p.x < p.y).toBe(true);
    // AI reviews are no human labels.
    expect(inputs.humanLabels).toEqual([]);
    expect(inputs.read).toEqual({ prompts: 6, systems: 5, candidates: 30, judgments: 48 });
    expect(inputs.left).toEqual(NOTHING_LEFT);
  });

  it("reads TRL pairs as human labels: the chosen answer's side, turned to be x's", async () => {
    const file = fixture("datasets/trl-preference-conversational.jsonl");
    const inputs = await readJudgeInputFiles([file]);
    expect(inputs.prompts).toHaveLength(4);
    expect(inputs.candidates).toHaveLength(8);
    expect(inputs.given).toEqual({ judgments: 4, human: 4, repeats: 0, mixedTurns: 0 });
    const chosen = new Set(
      lines(file).map((r) => {
        const turns = r.chosen as { role: string; content: string }[];
        return turns.at(-1)!.content;
      }),
    );
    const text = new Map(inputs.candidates.map((c) => [c.candidateId, c.text]));
    expect(inputs.humanLabels).toHaveLength(4);
    for (const label of inputs.humanLabels) {
      expect(label.votes).toBe(1);
      expect(label.preference).toBe(chosen.has(text.get(label.x)!) ? 1 : 0);
      expect(chosen.has(text.get(label.x)!)).not.toBe(chosen.has(text.get(label.y)!));
    }
    // The implicit-prompt record: its prompt is the shared user turn, its answers the rest.
    const odd = inputs.candidates.filter((c) => c.text === "Yes, 7 is odd." || c.text === "No.");
    expect(odd).toHaveLength(2);
    expect(inputs.left).toEqual(NOTHING_LEFT);
  });

  it("counts a battle log without conversations as prompts with no question and candidates with no prompt, never silently", async () => {
    const file = join(dir, "battles.jsonl");
    const battles = readFileSync(fixture("arena-hard/arena_hard_battles_57a9881.jsonl"), "utf8")
      .split("\n")
      .slice(0, 20)
      .join("\n");
    writeFileSync(file, `${battles}\n`);
    const inputs = await readJudgeInputFiles([file]);
    expect(inputs.prompts).toEqual([]);
    expect(inputs.candidates).toEqual([]);
    expect(inputs.givenPairs).toEqual([]);
    expect(inputs.read.judgments).toBe(20);
    expect(inputs.left.promptsWithoutUserTurn).toBe(inputs.read.prompts);
    expect(inputs.left.candidatesWithoutPrompt).toBe(inputs.read.candidates);
    expect(inputs.left.judgmentsWithoutCandidates).toBe(20);
  });

  it("counts every entry it leaves out under its reason, and averages several human votes on a pair", async () => {
    const file = join(dir, "mixed.jsonl");
    const user = (content: string) => [{ role: "user", content }];
    const said = (...texts: string[]) => texts.map((content) => ({ role: "assistant", content }));
    const cand = (id: string, prompt: string, system: string, messages: unknown) => ({
      type: "candidate",
      id,
      prompt,
      system,
      messages,
    });
    const pair = (id: string, a: string, b: string, outcome: string, source: unknown) => ({
      type: "judgment",
      id,
      kind: "pairwise",
      prompt: "p1",
      a,
      b,
      outcome,
      source,
    });
    const human = (annotator: string) => ({ kind: "human", annotator });
    const records = [
      { type: "prompt", id: "p1", messages: user("Q1") },
      { type: "prompt", id: "p1", messages: user("Q1") },
      { type: "prompt", id: "p2", messages: user("Q2") },
      { type: "prompt", id: "p2", messages: user("Q2, other") },
      { type: "prompt", id: "p3", messages: [{ role: "system", content: "sys" }] },
      { type: "prompt", id: "p4", messages: user("  ") },
      { type: "system", id: "s1", config: { family: "fam1" } },
      { type: "system", id: "s2" },
      { type: "system", id: "s3", config: { family: 7 } },
      cand("c1", "p1", "s1", said("A1")),
      cand("c2", "p1", "s2", said("A2")),
      cand("c3", "p1", "s3", said("part one", "part two")),
      cand("c1", "p1", "s1", said("A1")),
      cand("c2", "p1", "s2", said("A2, other")),
      cand("c4", "p1", "s1", [
        { role: "assistant", content: [{ type: "image_url", url: "https://x/y.png" }] },
      ]),
      cand("c5", "p3", "s1", said("x")),
      cand("c6", "p9", "s1", said("x")),
      cand("c7", "p2", "s1", said("B1")),
      // Pair (c1, c2), x = c1: 1, 1, 0.5, 0.5 → 0.75 over 4 votes.
      pair("j1", "c2", "c1", "b", human("h1")),
      pair("j2", "c1", "c2", "a", human("h2")),
      pair("j3", "c2", "c1", "tie", human("h3")),
      pair("j4", "c1", "c2", "both_bad", human("h4")),
      pair("j5", "c1", "c3", "b", { kind: "ai", model: "judge" }),
      // Pair (c2, c3), x = c2: c3 preferred → 0.
      pair("j6", "c3", "c2", "a", human("h1")),
      pair("j7", "c1", "c4", "a", human("h1")),
      pair("j8", "c1", "c7", "a", human("h1")),
      pair("j9", "c1", "c1", "a", human("h1")),
      {
        type: "judgment",
        id: "j10",
        kind: "ranking",
        prompt: "p1",
        order: [["c1"], ["c2"]],
        source: human("h1"),
      },
      pair("j11", "c1", "c99", "a", human("h1")),
    ];
    writeFileSync(file, `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const inputs = await readJudgeInputFiles([file]);
    expect(inputs.prompts.map((p) => [p.id, p.messages[0]!.content])).toEqual([
      ["p1", "Q1"],
      ["p2", "Q2"],
    ]);
    expect(inputs.candidates.map((c) => [c.candidateId, c.text, c.family])).toEqual([
      ["c1", "A1", "fam1"],
      ["c2", "A2", undefined],
      ["c3", "part one\n\npart two", undefined],
      ["c7", "B1", "fam1"],
    ]);
    expect(inputs.systems).toEqual(["s1", "s2", "s3"]);
    expect(Object.fromEntries(inputs.families)).toEqual({ s1: "fam1" });
    expect(inputs.givenPairs).toEqual([
      { promptId: "p1", x: "c1", y: "c2" },
      { promptId: "p1", x: "c1", y: "c3" },
      { promptId: "p1", x: "c2", y: "c3" },
    ]);
    expect(inputs.humanLabels).toEqual([
      { promptId: "p1", x: "c1", y: "c2", preference: 0.75, votes: 4 },
      { promptId: "p1", x: "c2", y: "c3", preference: 0, votes: 1 },
    ]);
    expect(inputs.given).toEqual({ judgments: 6, human: 5, repeats: 3, mixedTurns: 0 });
    expect(inputs.humanPairsWithSeveralVotes).toBe(1);
    expect(inputs.read).toEqual({ prompts: 6, systems: 3, candidates: 9, judgments: 11 });
    expect(inputs.left).toEqual({
      duplicatePrompts: 2,
      conflictingPrompts: 1,
      promptsWithoutUserTurn: 2,
      duplicateCandidates: 2,
      conflictingCandidates: 1,
      candidatesWithoutText: 1,
      candidatesWithoutPrompt: 2,
      liveCandidates: 0,
      judgmentsWithoutCandidates: 3,
      judgmentsOfOneCandidate: 1,
      judgmentsNotPairwise: 1,
    });
  });

  it("names the file, line and field of a bad record", async () => {
    const file = join(dir, "bad.jsonl");
    writeFileSync(
      file,
      `${JSON.stringify({ type: "prompt", id: "p1", messages: [{ role: "user", content: "Q" }] })}\n${JSON.stringify({ type: "prompt", id: "p2", messages: [{ role: "robot", content: "Q" }] })}\n`,
    );
    await expect(readJudgeInputFiles([file])).rejects.toThrow(`${file}:2: messages.0.role:`);
  });
});

describe("the turn the input's votes are about", () => {
  it("goes with a pair whose votes all name one turn, through the plan to every item's payload; pairs whose votes differ are counted", async () => {
    const file = join(dir, "arena-turns.jsonl");
    const battle = (
      id: string,
      question: string,
      [modelA, modelB]: [string, string],
      turn: number | undefined,
    ) => ({
      question_id: id,
      model_a: modelA,
      model_b: modelB,
      winner: "model_a",
      conversation_a: [
        { role: "user", content: question },
        { role: "assistant", content: `${modelA} on ${question}` },
      ],
      conversation_b: [
        { role: "user", content: question },
        { role: "assistant", content: `${modelB} on ${question}` },
      ],
      ...(turn === undefined ? {} : { turn }),
    });
    const log = [
      // One pair asked twice (the sides swapped): both votes about turn 1.
      battle("q1", "first?", ["x", "y"], 1),
      battle("q2", "first?", ["y", "x"], 1),
      // One pair, votes about turns 1 and 2: the judge's verdict is about neither.
      battle("q3", "second?", ["x", "y"], 1),
      battle("q4", "second?", ["x", "y"], 2),
      // A log without turns.
      battle("q5", "third?", ["x", "y"], undefined),
    ];
    writeFileSync(file, `${log.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const inputs = await readJudgeInputFiles([file]);
    expect(inputs.given).toEqual({ judgments: 5, human: 5, repeats: 2, mixedTurns: 1 });
    expect(inputs.givenPairs.map((p) => p.turn)).toEqual([1, undefined, undefined]);
    expect(renderInput(inputSummary(inputs))[2]).toMatchInlineSnapshot(
      `"  merged: 2 judgments of a pair named before (the pair is judged once), 2 pairs with several human votes (their mean is the label), 1 pairs whose votes are about different turns (the judgments name no turn)"`,
    );
    const items = [
      ...planJudging(judgeQuestions(inputs), {
        judges: ["j"],
        template: ARENA_HARD,
        selection: { kind: "all" },
        orders: "both",
        permutations: 1,
      }),
    ];
    const promptOf = new Map<string, unknown>(
      inputs.prompts.map((p) => [p.id, p.messages[0]!.content]),
    );
    expect(items.map((i) => [promptOf.get(i.payload.promptId), i.payload.turn])).toEqual([
      ["first?", 1],
      ["first?", 1],
      ["second?", undefined],
      ["second?", undefined],
      ["third?", undefined],
      ["third?", undefined],
    ]);
  });
});

describe("judgeQuestions", () => {
  it("gives the planner each prompt's candidates and given pairs with their human labels", async () => {
    const inputs = await readJudgeInputFiles([PRD]);
    const questions = judgeQuestions(inputs);
    expect(questions.map((q) => q.prompt.id)).toEqual(inputs.prompts.map((p) => p.id));
    for (const q of questions) {
      expect(q.candidates.map((c) => c.systemId).sort()).toEqual(inputs.systems);
      expect(q.pairs).toEqual([
        { a: `${q.prompt.id}-bard`, b: `${q.prompt.id}-claude` },
        { a: `${q.prompt.id}-claude`, b: `${q.prompt.id}-gpt4` },
      ]);
    }
    // Planned as given, both orders: 12 pairs × 2 orders, nothing counted twice.
    const counts = emptyPlanCounts();
    const items = [
      ...planJudging(
        questions,
        {
          judges: ["j"],
          template: ARENA_HARD,
          selection: { kind: "given" },
          orders: "both",
          permutations: 1,
        },
        counts,
      ),
    ];
    expect(items).toHaveLength(24);
    expect(counts.duplicatePairs).toBe(0);
    expect(items[0]!.payload.answers.map((a) => [a.candidateId, a.family])).toEqual([
      ["q21-bard", "palm"],
      ["q21-claude", "claude"],
    ]);

    const trl = await readJudgeInputFiles([
      fixture("datasets/trl-preference-conversational.jsonl"),
    ]);
    const human = judgeQuestions(trl).flatMap((q) => q.pairs.map((p) => p.human));
    expect(human.sort()).toEqual(trl.humanLabels.map((l) => l.preference).sort());
  });
});

describe("candidateText", () => {
  it("joins the assistant turns' text, leaving out system turns, images and empty turns", () => {
    expect(
      candidateText([
        { role: "system", content: "instructions" },
        { role: "assistant", content: "one" },
        { role: "assistant", content: "" },
        {
          role: "assistant",
          content: [
            { type: "text", text: "two" },
            { type: "image_url", url: "https://x/y.png" },
          ],
        },
      ]),
    ).toBe("one\n\ntwo");
  });

  it("shows a conversation of several turns whole, the user's follow-ups between the answers", () => {
    // The review's two-turn arena log: "Carrot." answers the follow-up, not "Name a fruit.".
    expect(
      candidateText([
        { role: "assistant", content: "Apple." },
        { role: "user", content: "Now name a vegetable." },
        { role: "assistant", content: "" },
        { role: "assistant", content: "Carrot." },
      ]),
    ).toBe("Assistant: Apple.\n\nUser: Now name a vegetable.\n\nAssistant: Carrot.");
    // A user turn before the first answer is the prompt's, not the candidate's.
    expect(
      candidateText([
        { role: "user", content: "Name a fruit." },
        { role: "assistant", content: "Apple." },
      ]),
    ).toBe("Apple.");
    expect(candidateText([{ role: "user", content: "only a question" }])).toBe("");
  });

  it("reads a two-turn arena log into the labelled conversation", async () => {
    const path = join(dir, "two-turns.jsonl");
    const conversation = (first: string, second: string) => [
      { role: "user", content: "Name a fruit." },
      { role: "assistant", content: first },
      { role: "user", content: "Now name a vegetable." },
      { role: "assistant", content: second },
    ];
    writeFileSync(
      path,
      `${JSON.stringify({
        model_a: "m1",
        model_b: "m2",
        winner: "model_a",
        question_id: "q1",
        conversation_a: conversation("Apple.", "Carrot."),
        conversation_b: conversation("Banana.", "Banana again."),
      })}\n`,
    );
    const inputs = await readJudgeInputFiles([path]);
    expect(inputs.prompts.map((p) => p.messages)).toEqual([
      [{ role: "user", content: "Name a fruit." }],
    ]);
    expect(inputs.candidates.map((c) => c.text).sort()).toEqual([
      "Assistant: Apple.\n\nUser: Now name a vegetable.\n\nAssistant: Carrot.",
      "Assistant: Banana.\n\nUser: Now name a vegetable.\n\nAssistant: Banana again.",
    ]);
  });
});

describe("JudgeInputsCollector", () => {
  const OUTCOMES: PairwiseOutcome[] = ["a", "b", "tie", "both_bad"];
  const MIRROR: Record<PairwiseOutcome, PairwiseOutcome> = {
    a: "b",
    b: "a",
    tie: "tie",
    both_bad: "both_bad",
  };
  const collect = (votes: readonly { a: number; b: number; outcome: PairwiseOutcome }[]) => {
    const c = new JudgeInputsCollector();
    c.add({
      type: "prompt",
      prompt: { id: "p" as PromptId, messages: [{ role: "user", content: "Q" }] },
    });
    for (let i = 0; i < 4; i++)
      c.add({
        type: "candidate",
        candidate: {
          id: `c${i}` as CandidateId,
          promptId: "p" as PromptId,
          systemId: `s${i}` as never,
          messages: [{ role: "assistant", content: `A${i}` }],
        },
      });
    for (const v of votes)
      c.addJudgment({
        kind: "pairwise",
        promptId: "p" as PromptId,
        a: `c${v.a}` as CandidateId,
        b: `c${v.b}` as CandidateId,
        outcome: v.outcome,
        source: { kind: "human", annotatorId: "h" as AnnotatorId },
      });
    return c.finish();
  };
  const labels = (inputs: JudgeInputs) =>
    new Map(inputs.humanLabels.map((l) => [pairKey(l.promptId, l.x, l.y), l]));

  it("gives the same pairs and human labels however each vote showed its pair (a/b swapped, outcome mirrored)", () => {
    const vote = fc
      .tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))
      .filter(([a, b]) => a !== b)
      .chain(([a, b]) =>
        fc.record({
          a: fc.constant(a),
          b: fc.constant(b),
          outcome: fc.constantFrom(...OUTCOMES),
          swap: fc.boolean(),
        }),
      );
    fc.assert(
      fc.property(fc.array(vote, { maxLength: 30 }), (votes) => {
        const plain = collect(votes);
        const swapped = collect(
          votes.map((v) => (v.swap ? { a: v.b, b: v.a, outcome: MIRROR[v.outcome] } : v)),
        );
        expect(new Set(swapped.givenPairs.map((p) => pairKey(p.promptId, p.x, p.y)))).toEqual(
          new Set(plain.givenPairs.map((p) => pairKey(p.promptId, p.x, p.y))),
        );
        const before = labels(plain);
        const after = labels(swapped);
        expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
        for (const [key, label] of before) {
          expect(after.get(key)!.votes).toBe(label.votes);
          expect(after.get(key)!.preference).toBeCloseTo(label.preference, 12);
          expect(label.preference).toBeGreaterThanOrEqual(0);
          expect(label.preference).toBeLessThanOrEqual(1);
        }
        expect(plain.given.repeats).toBe(votes.length - plain.givenPairs.length);
      }),
    );
  });
});

describeStore("readJudgeInputProject", (fx) => {
  it("reads from a project what the same data gives from its file", async () => {
    const projectId = await fx.project();
    const plan = await planImport(readDatasetRecords(PRD), {
      annotator: "input",
      criterion: "mean",
    });
    await storeImport(fx.store, projectId, plan);
    const fromFile = await readJudgeInputFiles([PRD]);
    const fromProject = await readJudgeInputProject(fx.store, projectId);
    const byId = (inputs: JudgeInputs) =>
      [...inputs.candidates].sort((a, b) => (a.candidateId < b.candidateId ? -1 : 1));
    expect(byId(fromProject)).toEqual(byId(fromFile));
    expect(fromProject.prompts.map((p) => p.id)).toEqual(fromFile.prompts.map((p) => p.id));
    expect(fromProject.givenPairs).toEqual(fromFile.givenPairs);
    expect(fromProject.families).toEqual(fromFile.families);
    expect(fromProject.given).toEqual(fromFile.given);
    expect(fromProject.left).toEqual(NOTHING_LEFT);
  });

  it("leaves out the live arena's candidates, counted; a row with half the mark is ordinary", async () => {
    const projectId = await fx.project();
    const live = { live: { turn: 1 } };
    await fx.store.addPrompts(projectId, [
      prompt("live-own", { metadata: { live: { annotator: "x" } } }),
      prompt("shared"),
    ]);
    await fx.store.addCandidates(projectId, [
      { ...candidate("live-own-0", "live-own", "s0"), metadata: live },
      { ...candidate("live-own-1", "live-own", "s1"), metadata: live },
      { ...candidate("live-shared-0", "shared", "s0"), metadata: live },
      candidate("shared-0", "shared", "s0"),
      // Half the mark: an imported id that starts with live-, and a live key elsewhere.
      candidate("live-imported", "shared", "s1"),
      { ...candidate("shared-1", "shared", "s1"), metadata: { live: { note: "imported" } } },
    ]);
    const inputs = await readJudgeInputProject(fx.store, projectId);
    expect(inputs.candidates.map((c) => c.candidateId).sort()).toEqual([
      "live-imported",
      "shared-0",
      "shared-1",
    ]);
    expect(inputs.read.candidates).toBe(6);
    expect(inputs.left).toEqual({ ...NOTHING_LEFT, liveCandidates: 3 });
  });
});
