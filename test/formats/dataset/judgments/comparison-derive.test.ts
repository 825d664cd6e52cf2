import { describe, expect, it } from "vitest";
import type { Comparison, ComparisonLabel } from "../../../../src/core/dataset/comparison.js";
import { ItemAssembler } from "../../../../src/formats/dataset/assemble.js";
import { EntryMaker } from "../../../../src/formats/dataset/entry-maker.js";
import {
  comparisonToBattles,
  comparisonToPair,
  majorityVerdict,
} from "../../../../src/formats/dataset/judgments/comparison-derive.js";
import { deriveItems } from "../../../../src/formats/dataset/transform.js";

const label = (
  preference: number | null,
  more: Partial<ComparisonLabel> = {},
): ComparisonLabel => ({
  labeller: "judge",
  source: "ai",
  preference,
  ...more,
});

/** A comparison; a field given as undefined is left out. */
function comparison(
  labels: ComparisonLabel[],
  more: { [K in keyof Comparison]?: Comparison[K] | undefined } = {},
): Comparison {
  const c: Record<string, unknown> = {
    id: "q1",
    prompt: [{ role: "user", content: "Hi?" }],
    a: [{ role: "assistant", content: "Hello." }],
    b: [{ role: "assistant", content: "Go away." }],
    systemA: "base",
    systemB: "model",
    labels,
    extra: { category: "chat" },
    ...more,
  };
  for (const key of Object.keys(c)) if (c[key] === undefined) delete c[key];
  return c as unknown as Comparison;
}

const DERIVE = { strategy: "all", minMargin: Number.MIN_VALUE } as const;

describe("comparisons as arena battles", () => {
  it("give a battle per parsed label, three for a strong verdict, none for an unparsed one", () => {
    const c = comparison([
      label(1, { strong: true, labeller: "gpt-4.1", shownSwapped: false }),
      label(0.5, { labeller: "gpt-4.1", shownSwapped: true }),
      label(null, { labeller: "claude" }),
      label(0.2, { labeller: "weighted", turn: 2 }), // fractional: its verdict, b
      label(0.5, { labeller: "human", bothBad: true }),
    ]);
    const r = comparisonToBattles(c);
    if (!r.ok) throw new Error("no battles");
    expect(r.value.battles.map((b) => [b.winner, b.extra.judge])).toEqual([
      ["model_a", "gpt-4.1"],
      ["model_a", "gpt-4.1"],
      ["model_a", "gpt-4.1"],
      ["tie", "gpt-4.1"],
      ["model_b", "weighted"],
      ["tie (bothbad)", "human"],
    ]);
    expect([r.value.unparsed, r.value.strong, r.value.fractional]).toEqual([1, 1, 1]);
    expect(r.value.battles[4]).toEqual({
      modelA: "base",
      modelB: "model",
      winner: "model_b",
      conversationA: [
        { role: "user", content: "Hi?" },
        { role: "assistant", content: "Hello." },
      ],
      conversationB: [
        { role: "user", content: "Hi?" },
        { role: "assistant", content: "Go away." },
      ],
      extra: { category: "chat", question_id: "q1", judge: "weighted", turn: 2 },
    });
  });

  it("count what was decided, for the converter's summary", () => {
    const d = deriveItems(
      {
        kind: "comparison",
        comparison: comparison([label(1, { strong: true }), label(null), label(0.7)]),
      },
      "battle",
      DERIVE,
    );
    expect(d.ok && { n: d.items.length, dropped: d.dropped, notes: d.notes }).toEqual({
      n: 4,
      dropped: { "unparsed labels (null preference)": 1 },
      notes: {
        "strong verdicts written as three battles (arena-hard's weighting)": 1,
        "fractional preferences written as their verdict": 1,
      },
    });
  });

  it("need both systems", () => {
    const r = comparisonToBattles(comparison([label(1)], { systemA: undefined }));
    expect(r.ok ? undefined : r.issues).toEqual([
      { field: "system_a", message: "missing (arena battles need both systems)" },
    ]);
  });
});

describe("comparisons as preference pairs", () => {
  it.each<[(number | null)[], string]>([
    [[1, 1, 0], "a"],
    [[0, 0.2, 1], "b"], // 0.2 votes b
    [[1, 0], "no majority: the labels tie or draw"],
    [[1, 0.5, 0.5], "no majority: the labels tie or draw"],
    [[0.5], "no majority: the labels tie or draw"],
    [[1, null, null], "a"], // unparsed labels do not vote
    [[null, null], "no parsed label"],
    [[], "no parsed label"],
  ])("labels %j give %s", (preferences, expected) => {
    const m = majorityVerdict(comparison(preferences.map((p) => label(p))));
    expect("verdict" in m ? m.verdict : m.empty).toBe(expected);
  });

  it("put the majority's response as chosen, with its system", () => {
    const r = comparisonToPair(comparison([label(0), label(0), label(1)]));
    expect(r.ok && r.value).toEqual({
      prompt: [{ role: "user", content: "Hi?" }],
      chosen: [{ role: "assistant", content: "Go away." }],
      rejected: [{ role: "assistant", content: "Hello." }],
      chosenModel: "model",
      rejectedModel: "base",
      id: "q1",
    });
  });

  it("need both responses (MT-Bench judgment files have none)", () => {
    const r = comparisonToPair(comparison([label(1)], { a: undefined, b: undefined }));
    expect(r.ok ? undefined : r.issues).toEqual([
      { field: "a", message: "missing (pairs need both responses)" },
    ]);
  });
});

describe("comparisons as canonical entries", () => {
  it("give a pairwise judgment per parsed label with its source, and read back as the same labels", () => {
    const c = comparison([
      label(1, { labeller: "gpt-4.1", shownSwapped: true, strong: true, raw: "B>>A" }),
      label(0, { labeller: "annotator1", source: "human" }),
      label(0.5, { labeller: "annotator2", source: "human", bothBad: true }),
      label(null, { labeller: "annotator3", source: "human" }),
    ]);
    const made = new EntryMaker({ kind: "human", annotator: "import" }, "mean").make({
      kind: "comparison",
      comparison: c,
    });
    if (!made.ok) throw new Error("no entries");
    expect(made.dropped).toEqual({ "unparsed labels (null preference)": 1 });
    const types = made.items.map((i) => (i.kind === "entry" ? i.entry.type : i.kind));
    expect(types).toEqual([
      "prompt",
      "system",
      "candidate",
      "system",
      "candidate",
      "judgment",
      "judgment",
      "judgment",
    ]);
    const assembler = new ItemAssembler("prefkit", "comparison", "mean");
    const back = made.items.flatMap((item) => {
      const r = assembler.add(item, { line: 1 });
      return r.ok ? r.ready.map((p) => p.item) : [];
    });
    expect(back.map((i) => i.kind === "comparison" && i.comparison.labels[0])).toEqual([
      {
        labeller: "gpt-4.1",
        source: "ai",
        preference: 1,
        strong: true,
        shownSwapped: true,
        raw: "B>>A",
      },
      { labeller: "annotator1", source: "human", preference: 0 },
      { labeller: "annotator2", source: "human", preference: 0.5, bothBad: true },
    ]);
    const first = back[0]!;
    expect(
      first.kind === "comparison" && [
        first.comparison.systemA,
        first.comparison.systemB,
        first.comparison.a,
        first.comparison.b,
      ],
    ).toEqual(["base", "model", c.a, c.b]);
  });
});
