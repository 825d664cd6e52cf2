/**
 * The judge plan, with counts and keys worked out by hand: the four pair selections, both
 * orders and one, listwise permutations (a Latin square over k orders), pointwise answers,
 * references, what is left out and counted, and determinism whatever the input's order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  emptyPlanCounts,
  groupKey,
  type JudgePlanOptions,
  judgeItemKey,
  type PlannedJudgeItem,
  planJudging,
} from "../../../src/app/judge/plan.js";
import type { JudgeQuestion, QuestionCandidate } from "../../../src/app/judge/questions.js";
import type { Prompt, PromptId } from "../../../src/core/types.js";
import {
  ARENA_HARD,
  LISTWISE,
  MT_BENCH_SINGLE,
  MT_BENCH_SINGLE_REFERENCE,
} from "../../../src/llm/judge/builtin.js";

const prompt = (id: string): Prompt => ({
  id: id as PromptId,
  messages: [{ role: "user", content: `question ${id}` }],
});
const cand = (id: string, systemId: string): QuestionCandidate => ({
  id,
  systemId,
  text: `answer ${id}`,
});

/** p1: c1 and c4 of A, c2 of B, c3 of C. Different-system pairs: 12 13 23 24 34 (not 14). */
const P1: JudgeQuestion = {
  prompt: prompt("p1"),
  candidates: [cand("c1", "A"), cand("c2", "B"), cand("c3", "C"), cand("c4", "A")],
  pairs: [],
};

const options = (extra: Partial<JudgePlanOptions> = {}): JudgePlanOptions => ({
  judges: ["j1"],
  template: ARENA_HARD,
  selection: { kind: "all" },
  orders: "both",
  permutations: 1,
  ...extra,
});

function plan(questions: JudgeQuestion[], extra: Partial<JudgePlanOptions> = {}) {
  const counts = emptyPlanCounts();
  const items = [...planJudging(questions, options(extra), counts)];
  return { items, counts };
}

const pairsOf = (items: PlannedJudgeItem[]) => [
  ...new Set(items.map((i) => i.payload.answers.map((a) => a.candidateId).join(""))),
];

describe("pairwise selections", () => {
  it('"all" pairs every two candidates of different systems, each in both orders', () => {
    const { items, counts } = plan([P1]);
    expect(pairsOf(items)).toEqual(["c1c2", "c1c3", "c2c3", "c2c4", "c3c4"]);
    expect(items).toHaveLength(10);
    expect(items.slice(0, 2)).toEqual([
      {
        key: "j1|p1|c1|c2|g1",
        payload: {
          judge: "j1",
          mode: "pairwise",
          group: "p1|c1|c2",
          promptId: "p1",
          question: P1.prompt.messages,
          answers: [
            { candidateId: "c1", systemId: "A", text: "answer c1" },
            { candidateId: "c2", systemId: "B", text: "answer c2" },
          ],
          shown: [0, 1],
          game: 1,
        },
      },
      expect.objectContaining({
        key: "j1|p1|c1|c2|g2",
        payload: expect.objectContaining({ shown: [1, 0], game: 2, group: "p1|c1|c2" }),
      }),
    ]);
    expect(counts).toMatchObject({ prompts: 1, questions: 5, items: 10, noPairs: 0 });
  });

  it("every judge judges every question: 2 judges, 5 pairs, both orders → 20 items, distinct keys", () => {
    const { items } = plan([P1], { judges: ["j1", "j2"] });
    expect(items).toHaveLength(20);
    expect(new Set(items.map((i) => i.key)).size).toBe(20);
    expect(items.filter((i) => i.payload.group === "p1|c2|c4").map((i) => i.key)).toEqual([
      "j1|p1|c2|c4|g1",
      "j1|p1|c2|c4|g2",
      "j2|p1|c2|c4|g1",
      "j2|p1|c2|c4|g2",
    ]);
  });

  it('"baseline" pairs each other system\'s candidate with each baseline candidate', () => {
    const { items, counts } = plan([P1], { selection: { kind: "baseline", system: "A" } });
    // Non-baseline c2, c3 against baseline c1, c4.
    expect(pairsOf(items)).toEqual(["c1c2", "c2c4", "c1c3", "c3c4"]);
    expect(counts.questions).toBe(4);
    const none = plan([P1], { selection: { kind: "baseline", system: "Z" } });
    expect(none.items).toEqual([]);
    expect(none.counts).toMatchObject({ noBaseline: 1, noPairs: 0 });
  });

  it('"sample" draws perPrompt of the pairs, the same ones under the same seed', () => {
    const a = plan([P1], { selection: { kind: "sample", perPrompt: 2, seed: 7 } });
    const b = plan([P1], { selection: { kind: "sample", perPrompt: 2, seed: 7 } });
    expect(a.items).toEqual(b.items);
    expect(pairsOf(a.items)).toHaveLength(2);
    expect(a.counts).toMatchObject({ questions: 2, notSampled: 3 });
    const all = pairsOf(plan([P1]).items);
    for (const p of pairsOf(a.items)) expect(all).toContain(p);
    // More than there are: all of them, nothing counted as left out.
    const many = plan([P1], { selection: { kind: "sample", perPrompt: 9, seed: 1 } });
    expect(pairsOf(many.items)).toEqual(all);
    expect(many.counts.notSampled).toBe(0);
  });

  it('"sample" draws every pair equally often over seeds (each 2/5 of 2,000 draws, ±10 %)', () => {
    const times = new Map<string, number>();
    for (let seed = 0; seed < 1000; seed++)
      for (const p of pairsOf(
        plan([P1], { selection: { kind: "sample", perPrompt: 2, seed } }).items,
      ))
        times.set(p, (times.get(p) ?? 0) + 1);
    expect([...times.keys()].sort()).toEqual(["c1c2", "c1c3", "c2c3", "c2c4", "c3c4"]);
    for (const n of times.values()) expect(Math.abs(n - 400)).toBeLessThan(40);
  });

  it('"given" judges the pairs named, once each, with their human preferences averaged', () => {
    const q: JudgeQuestion = {
      ...P1,
      pairs: [
        { a: "c2", b: "c1", human: 1 }, // c2 preferred: 0 for x = c1
        { a: "c1", b: "c2", human: 0.5 },
        { a: "c1", b: "c4" }, // same system: named, so judged
        { a: "c3", b: "c3" },
        { a: "c1", b: "c9" },
      ],
    };
    const { items, counts } = plan([q], { selection: { kind: "given" } });
    expect(pairsOf(items)).toEqual(["c1c2", "c1c4"]);
    expect(items[0]!.payload.human).toBe(0.25);
    expect(items[2]!.payload).not.toHaveProperty("human");
    expect(counts).toMatchObject({
      questions: 2,
      duplicatePairs: 1,
      selfPairs: 1,
      unknownCandidates: 1,
    });
  });

  it("attaches human preferences to selected pairs too, oriented to x", () => {
    const q: JudgeQuestion = { ...P1, pairs: [{ a: "c3", b: "c2", human: 1 }] };
    const { items } = plan([q]);
    const c2c3 = items.filter((i) => i.payload.group === "p1|c2|c3");
    expect(c2c3.map((i) => i.payload.human)).toEqual([0, 0]);
    expect(items.filter((i) => i.payload.human !== undefined)).toHaveLength(2);
  });
});

describe("the input's turn", () => {
  it("goes to a pair's items when every judgment naming the pair names that turn, in either order", () => {
    const q: JudgeQuestion = {
      ...P1,
      pairs: [
        { a: "c2", b: "c1", turn: 2 },
        { a: "c1", b: "c2", turn: 2, human: 1 },
        { a: "c1", b: "c3", turn: 1 },
        { a: "c3", b: "c1", turn: 2 }, // another turn: the verdict is about neither
        { a: "c2", b: "c3", turn: 1 },
        { a: "c2", b: "c3" }, // one without: nor here
      ],
    };
    const turns = (selection: JudgePlanOptions["selection"]) =>
      plan([q], { selection }).items.map((i) => [i.payload.group, i.payload.turn]);
    const expected = [
      ["p1|c1|c2", 2],
      ["p1|c1|c2", 2],
      ["p1|c1|c3", undefined],
      ["p1|c1|c3", undefined],
      ["p1|c2|c3", undefined],
      ["p1|c2|c3", undefined],
    ];
    expect(turns({ kind: "given" })).toEqual(expected);
    // Selected pairs find theirs the same way; the pairs no judgment names have none.
    const all = turns({ kind: "all" });
    expect(all.filter(([group]) => expected.some(([g]) => g === group))).toEqual(expected);
    expect(all.filter(([group]) => group === "p1|c2|c4")).toEqual([
      ["p1|c2|c4", undefined],
      ["p1|c2|c4", undefined],
    ]);
  });
});

describe("one order", () => {
  const many: JudgeQuestion[] = Array.from({ length: 200 }, (_, i) => ({
    prompt: prompt(`q${i}`),
    candidates: [cand(`a${i}`, "A"), cand(`b${i}`, "B")],
    pairs: [],
  }));

  it("shows each pair once, in an order a seeded coin chose (about half each way)", () => {
    const { items } = plan(many, { orders: "one", seed: 3 });
    expect(items).toHaveLength(200);
    const firstWay = items.filter((i) => i.payload.game === 1);
    for (const i of items) expect(i.payload.shown).toEqual(i.payload.game === 1 ? [0, 1] : [1, 0]);
    expect(firstWay.length).toBeGreaterThan(80);
    expect(firstWay.length).toBeLessThan(120);
    expect(plan(many, { orders: "one", seed: 3 }).items).toEqual(items);
    const other = plan(many, { orders: "one", seed: 4 }).items;
    expect(other.map((i) => i.payload.game)).not.toEqual(items.map((i) => i.payload.game));
  });

  it("gives each judge its own coin, unchanged by the other judges", () => {
    const alone = plan(many, { orders: "one", judges: ["j2"] }).items;
    const jury = plan(many, { orders: "one", judges: ["j1", "j2"] }).items;
    expect(jury.filter((i) => i.payload.judge === "j2")).toEqual(alone);
    const games = (judge: string) =>
      jury.filter((i) => i.payload.judge === judge).map((i) => i.payload.game);
    expect(games("j1")).not.toEqual(games("j2"));
  });
});

describe("listwise", () => {
  const list: JudgeQuestion = {
    prompt: prompt("p"),
    candidates: [cand("c3", "C"), cand("c1", "A"), cand("c2", "A")],
    pairs: [],
  };

  it("permutations = 1 shows the list as given (sorted by id)", () => {
    const { items } = plan([list], { template: LISTWISE });
    expect(items).toHaveLength(1);
    expect(items[0]!.key).toBe("j1|p|c1|c2|c3|g0");
    expect(items[0]!.payload.answers.map((a) => a.candidateId)).toEqual(["c1", "c2", "c3"]);
    expect(items[0]!.payload.shown).toEqual([0, 1, 2]);
  });

  it("permutations = k: cyclic shifts of a shuffle, each answer once at each position", () => {
    const { items } = plan([list], { template: LISTWISE, permutations: 3, seed: 11 });
    expect(items.map((i) => i.payload.game)).toEqual([0, 1, 2]);
    const shown = items.map((i) => i.payload.shown);
    for (let pos = 0; pos < 3; pos++) expect(shown.map((s) => s[pos]).sort()).toEqual([0, 1, 2]);
    // Each order is the one before shifted by one position.
    for (let r = 1; r < 3; r++)
      expect(shown[r]).toEqual([...shown[r - 1]!.slice(1), shown[r - 1]![0]]);
  });

  it("more permutations than answers plans k (counted), never a repeated order", () => {
    const { items, counts } = plan([list], { template: LISTWISE, permutations: 5 });
    expect(items).toHaveLength(3);
    expect(new Set(items.map((i) => i.payload.shown.join())).size).toBe(3);
    expect(counts.permutationsCapped).toBe(1);
  });

  it("property: every list of k answers gets min(P, k) distinct orders, each a permutation", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        fc.nat(1000),
        (k, permutations, seed) => {
          const q: JudgeQuestion = {
            prompt: prompt("p"),
            candidates: Array.from({ length: k }, (_, i) => cand(`c${i}`, `S${i}`)),
            pairs: [],
          };
          const { items } = plan([q], { template: LISTWISE, permutations, seed });
          expect(items).toHaveLength(Math.min(permutations, k));
          expect(new Set(items.map((i) => i.payload.shown.join())).size).toBe(items.length);
          for (const i of items)
            expect([...i.payload.shown].sort((a, b) => a - b)).toEqual(
              Array.from({ length: k }, (_, j) => j),
            );
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("pointwise and references", () => {
  it("pointwise: one item per answer, shown alone", () => {
    const { items, counts } = plan([P1], { template: MT_BENCH_SINGLE });
    expect(items.map((i) => i.key)).toEqual([
      "j1|p1|c1|g0",
      "j1|p1|c2|g0",
      "j1|p1|c3|g0",
      "j1|p1|c4|g0",
    ]);
    expect(items[0]!.payload).toMatchObject({ mode: "pointwise", shown: [0], game: 0 });
    expect(counts.questions).toBe(4);
  });

  it("a reference system's candidate is the reference, not judged (the first by id; others counted)", () => {
    const { items, counts } = plan([P1], {
      template: MT_BENCH_SINGLE_REFERENCE,
      referenceSystem: "A",
    });
    expect(items.map((i) => i.payload.answers[0]!.candidateId)).toEqual(["c2", "c3"]);
    for (const i of items) expect(i.payload.reference).toBe("answer c1");
    expect(counts.extraReferences).toBe(1);
    const q: JudgeQuestion = { ...P1, candidates: [cand("c2", "B")] };
    const none = plan([q], { template: MT_BENCH_SINGLE_REFERENCE, referenceSystem: "A" });
    expect(none.items).toEqual([]);
    expect(none.counts.noReference).toBe(1);
  });

  it("refuses a reference the template does not show, and a template's reference left unnamed", () => {
    expect(() => plan([P1], { referenceSystem: "A" })).toThrow(
      /template arena-hard shows no reference answer/,
    );
    expect(() => plan([P1], { template: MT_BENCH_SINGLE_REFERENCE })).toThrow(
      /name the system whose candidates are the references/,
    );
    expect(() => plan([P1], { judges: [] })).toThrow(RangeError);
    expect(() => plan([P1], { judges: ["a", "a"] })).toThrow(/named twice/);
    expect(() => plan([P1], { permutations: 0 })).toThrow(/permutations/);
    expect(() => plan([P1], { selection: { kind: "sample", perPrompt: 0, seed: 1 } })).toThrow(
      /pairs per prompt/,
    );
  });
});

describe("what gives no item is counted", () => {
  it("too few candidates, one system only, no user turn", () => {
    const questions: JudgeQuestion[] = [
      { prompt: prompt("one"), candidates: [cand("x", "A")], pairs: [] },
      { prompt: prompt("same"), candidates: [cand("x", "A"), cand("y", "A")], pairs: [] },
      {
        prompt: { id: "sys" as PromptId, messages: [{ role: "system", content: "be nice" }] },
        candidates: [cand("x", "A"), cand("y", "B")],
        pairs: [],
      },
      P1,
    ];
    const { items, counts } = plan(questions);
    expect(items).toHaveLength(10);
    expect(counts).toMatchObject({
      prompts: 4,
      tooFewCandidates: 1,
      noPairs: 1,
      noQuestion: 1,
      questions: 5,
    });
  });
});

describe("keys", () => {
  it("escape | and % in ids, and become a hash beyond 200 characters", () => {
    expect(groupKey("p|1", ["b%", "a"])).toBe("p%7C1|a|b%25");
    expect(judgeItemKey("j|x", "g", 2)).toBe("j%7Cx|g|g2");
    const long = groupKey("p", ["c".repeat(150), "d".repeat(150)]);
    expect(long).toMatch(/^h:[0-9a-f]{32}$/);
    expect(groupKey("p", ["d".repeat(150), "c".repeat(150)])).toBe(long);
  });

  it("property: the plan does not depend on the order of the candidates", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(5), { minLength: 2, maxLength: 7 }),
        fc.nat(),
        (systems, seed) => {
          const candidates = systems.map((s, i) => cand(`c${i}`, `S${s}`));
          const q = (cs: QuestionCandidate[]): JudgeQuestion => ({
            prompt: prompt("p"),
            candidates: cs,
            pairs: [],
          });
          const o = { orders: "one" as const, seed };
          expect(plan([q([...candidates].reverse())], o).items).toEqual(
            plan([q(candidates)], o).items,
          );
        },
      ),
      { numRuns: 50 },
    );
  });
});
