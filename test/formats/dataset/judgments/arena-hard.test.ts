import { describe, expect, it } from "vitest";
import {
  parseArenaHardJudgment,
  toArenaHardJudgment,
} from "../../../../src/formats/dataset/judgments/arena-hard.js";

const record = (g1: unknown, g2: unknown, extra: Record<string, unknown> = {}) => ({
  uid: "q1",
  category: "hard_prompt",
  model: "my-model",
  judge: "gpt-4.1",
  games: [
    { user_prompt: "<|User Prompt|>…", judgment: "…", score: g1 },
    { user_prompt: "<|User Prompt|>…", judgment: "…", score: g2 },
  ],
  ...extra,
});

describe("parseArenaHardJudgment", () => {
  // a is the baseline, b the model. Game 1 shows the baseline as A; game 2 shows the model as A,
  // so game 2's verdicts read the other way round (show_result.py: game 1 scores 1 − label).
  it.each<[string | null, string | null, [number | null, boolean], [number | null, boolean]]>([
    ["A>>B", "B>>A", [1, true], [1, true]], // the baseline much better, in both orders
    ["A>B", "B>A", [1, false], [1, false]],
    ["B>A", "A>B", [0, false], [0, false]], // the model better, in both orders
    ["B>>A", "A>>B", [0, true], [0, true]],
    ["A=B", "A=B", [0.5, false], [0.5, false]],
    ["A>B", "A>B", [1, false], [0, false]], // position bias: A won both games
    ["A<B", "B<A", [0, false], [0, false]], // symmetric spellings
    ["A<<B", "B<<A", [0, true], [0, true]],
    ["B=A", null, [0.5, false], [null, false]],
    ["[[A>B]]", "b>a", [1, false], [1, false]],
  ])("reads games %j, %j", (g1, g2, [p1, s1], [p2, s2]) => {
    const r = parseArenaHardJudgment(record(g1, g2, { baseline: "o3-mini" }), undefined);
    expect(r.ok && r.value.labels).toEqual([
      {
        labeller: "gpt-4.1",
        source: "ai",
        preference: p1,
        ...(s1 ? { strong: true } : {}),
        shownSwapped: false,
        raw: g1,
      },
      {
        labeller: "gpt-4.1",
        source: "ai",
        preference: p2,
        ...(s2 ? { strong: true } : {}),
        shownSwapped: true,
        raw: g2,
      },
    ]);
  });

  it("takes the baseline from the record, else from --baseline, and says where it comes from otherwise", () => {
    const inRecord = parseArenaHardJudgment(record("A>B", "B>A", { baseline: "gpt-4-0314" }), "x");
    expect(inRecord.ok && [inRecord.value.systemA, inRecord.value.systemB]).toEqual([
      "gpt-4-0314",
      "my-model",
    ]);
    const given = parseArenaHardJudgment(record("A>B", "B>A"), "o3-mini-2025-01-31");
    expect(given.ok && given.value.systemA).toBe("o3-mini-2025-01-31");
    const none = parseArenaHardJudgment(record("A>B", "B>A"), undefined);
    expect(none.ok ? undefined : none.issues[0]!.message).toMatchInlineSnapshot(
      `"not in the record: name it with --baseline (arena-hard-auto v2.0 uses o3-mini-2025-01-31, gemini-2.0-flash-001 for creative_writing; v0.1 gpt-4-0314)"`,
    );
  });

  it("reads a null game as an unparsed label", () => {
    const r = parseArenaHardJudgment(
      { ...record("A>B", "B>A"), games: [null, { score: "A>B" }] },
      "base",
    );
    expect(r.ok && r.value.labels.map((l) => l.preference)).toEqual([null, 0]);
  });

  it("refuses an unknown verdict, naming the game", () => {
    const r = parseArenaHardJudgment(record("A>B", "A>>>B"), "base");
    expect(r.ok ? undefined : r.issues).toEqual([
      {
        field: "games.1.score",
        message: 'unknown verdict "A>>>B" (expected A>>B, A>B, A=B, B>A, B>>A or null)',
      },
    ]);
  });

  it("writes the games back with their texts and verdicts, and the baseline", () => {
    const r = parseArenaHardJudgment(record("A<<B", null), "base");
    if (!r.ok) throw new Error("unreadable");
    const out = toArenaHardJudgment(r.value);
    expect(out.ok && out.value).toEqual([{ ...record("A<<B", null), baseline: "base" }]);
  });
});
