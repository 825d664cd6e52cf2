import { describe, expect, it } from "vitest";
import {
  ALPACA_EVAL,
  ARENA_HARD,
  LISTWISE,
  MT_BENCH_PAIRWISE,
  MT_BENCH_SINGLE,
  PAIRWISE_JSON,
  PRD_PAIRWISE,
} from "../../../src/llm/judge/builtin.js";
import { parseVerdict } from "../../../src/llm/judge/parse-verdict.js";
import type { JudgeTemplate } from "../../../src/llm/judge/types.js";

const verdictOf = (t: JudgeTemplate, text: string) => {
  const r = parseVerdict(t, text);
  if (!r.ok) throw new Error(`expected a verdict, got ${r.code}: ${r.reason}`);
  return r.verdict;
};
const failureOf = (t: JudgeTemplate, text: string) => {
  const r = parseVerdict(t, text);
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.verdict)}`);
  return { code: r.code, reason: r.reason };
};

describe("parseVerdict with arena-hard (methods §D5)", () => {
  it("reads each of the five levels with preference and strength", () => {
    expect(verdictOf(ARENA_HARD, "My final verdict is: [[A>>B]]")).toEqual({
      mode: "pairwise",
      preference: 1,
      strength: "strong",
      label: "A>>B",
    });
    expect(verdictOf(ARENA_HARD, "[[A>B]]")).toMatchObject({ preference: 1, strength: "weak" });
    expect(verdictOf(ARENA_HARD, "[[A=B]]")).toEqual({
      mode: "pairwise",
      preference: 0.5,
      label: "A=B",
    });
    expect(verdictOf(ARENA_HARD, "[[B>A]]")).toMatchObject({ preference: 0, strength: "weak" });
    expect(verdictOf(ARENA_HARD, "[[B>>A]]")).toMatchObject({ preference: 0, strength: "strong" });
  });

  it("matches on the upper-cased text, so a lower-case verdict counts", () => {
    expect(verdictOf(ARENA_HARD, "my final verdict is [[b>>a]]")).toMatchObject({
      preference: 0,
      label: "B>>A",
    });
  });

  it("maps the symmetric spellings (A<<B, B<A, B=A)", () => {
    expect(verdictOf(ARENA_HARD, "[[A<<B]]")).toMatchObject({ preference: 0, strength: "strong" });
    expect(verdictOf(ARENA_HARD, "[[B<A]]")).toMatchObject({ preference: 1, strength: "weak" });
    expect(verdictOf(ARENA_HARD, "[[B=A]]")).toMatchObject({ preference: 0.5 });
  });

  it("takes the last match when the judge writes several verdicts", () => {
    const text =
      "At first I thought [[A>B]]. On reflection B is right.\n\nMy final verdict is [[B>>A]]";
    expect(verdictOf(ARENA_HARD, text)).toMatchObject({ preference: 0, label: "B>>A" });
  });

  it("falls back to single brackets only when no double-bracket verdict exists", () => {
    expect(verdictOf(ARENA_HARD, "Final verdict: [A>B]")).toMatchObject({ label: "A>B" });
    // A double-bracket verdict anywhere wins over a later single-bracket one, as arena-hard does.
    expect(verdictOf(ARENA_HARD, "[[B>A]] … see [A>>B]")).toMatchObject({ label: "B>A" });
  });

  it("fails on an undeclared label at the end rather than looking further back", () => {
    expect(failureOf(ARENA_HARD, "[[A>B]] then [[A>>>B]]")).toEqual({
      code: "unknown_label",
      reason: expect.stringContaining('"A>>>B" is not a declared verdict'),
    });
  });
});

describe("parseVerdict never makes a tie of an unparseable answer", () => {
  const templates = [ARENA_HARD, MT_BENCH_PAIRWISE, ALPACA_EVAL, PAIRWISE_JSON, PRD_PAIRWISE];
  it.each(templates.map((t) => [t.id, t] as const))(
    "%s: empty and blank texts are 'empty'",
    (_, t) => {
      expect(failureOf(t, "").code).toBe("empty");
      expect(failureOf(t, "  \n\t ").code).toBe("empty");
    },
  );
  it.each(templates.map((t) => [t.id, t] as const))(
    "%s: prose without a verdict is a failure with a reason",
    (_, t) => {
      const f = failureOf(
        t,
        "Both answers have merit; it is hard to say which one is better overall.",
      );
      expect(["no_verdict", "invalid_json"]).toContain(f.code);
      expect(f.reason.length).toBeGreaterThan(10);
    },
  );
  it("a truncated arena-hard verdict is a failure", () => {
    expect(failureOf(ARENA_HARD, "My final verdict is: [[A>").code).toBe("no_verdict");
  });
});

describe("parseVerdict with MT-Bench templates", () => {
  it("reads [[A]], [[B]] and [[C]] (the tie)", () => {
    expect(verdictOf(MT_BENCH_PAIRWISE, "A is clearer. [[A]]")).toMatchObject({ preference: 1 });
    expect(verdictOf(MT_BENCH_PAIRWISE, "[[B]]")).toMatchObject({ preference: 0 });
    expect(verdictOf(MT_BENCH_PAIRWISE, "[[C]]")).toMatchObject({ preference: 0.5 });
  });
  it("two different verdicts are a conflict, named in the reason; the same one twice is fine", () => {
    expect(failureOf(MT_BENCH_PAIRWISE, "[[A]] is tempting, but [[B]]")).toEqual({
      code: "conflict",
      reason: expect.stringContaining("2 different verdicts"),
    });
    expect(verdictOf(MT_BENCH_PAIRWISE, "[[A]] … so, again: [[A]]")).toMatchObject({
      preference: 1,
    });
  });
  it("a letter that is no verdict is refused", () => {
    expect(failureOf(MT_BENCH_PAIRWISE, "[[D]]").code).toBe("unknown_label");
  });
  it("reads 'Rating: [[7]]' and decimals; a rating off the 1–10 scale fails", () => {
    expect(verdictOf(MT_BENCH_SINGLE, "Good answer.\nRating: [[7]]")).toEqual({
      mode: "pointwise",
      score: 7,
      label: "[[7]]",
    });
    expect(verdictOf(MT_BENCH_SINGLE, "Rating: [[8.5]]")).toMatchObject({ score: 8.5 });
    expect(failureOf(MT_BENCH_SINGLE, "Rating: [[11]]")).toEqual({
      code: "invalid_value",
      reason: "score 11 is outside the scale 1–10",
    });
    expect(failureOf(MT_BENCH_SINGLE, "Rating: 7/10").code).toBe("no_verdict");
  });
  it("falls back to 'Rating: [6]' only when no double-bracket rating is present", () => {
    expect(verdictOf(MT_BENCH_SINGLE, "Rating: [6]")).toMatchObject({ score: 6 });
    expect(verdictOf(MT_BENCH_SINGLE, "Rating: [[4]] (see [2])")).toMatchObject({ score: 4 });
  });
});

describe("parseVerdict with the AlpacaEval-style template", () => {
  it("takes the identifier alone, in either case, with light punctuation", () => {
    expect(verdictOf(ALPACA_EVAL, "x")).toMatchObject({ preference: 1, label: "X" });
    expect(verdictOf(ALPACA_EVAL, " Y\n")).toMatchObject({ preference: 0 });
    expect(verdictOf(ALPACA_EVAL, "**y**.")).toMatchObject({ preference: 0 });
    expect(verdictOf(ALPACA_EVAL, "(x)")).toMatchObject({ preference: 1 });
  });
  it("prose around the identifier, or another letter, is no verdict", () => {
    expect(failureOf(ALPACA_EVAL, "Output x is better").code).toBe("no_verdict");
    expect(failureOf(ALPACA_EVAL, "z").code).toBe("unknown_label");
  });
});

describe("parseVerdict in JSON mode", () => {
  it("reads the declared field of the whole answer, a fenced block, or an object inside prose", () => {
    expect(verdictOf(PAIRWISE_JSON, '{"reason": "clearer", "verdict": "A"}')).toMatchObject({
      preference: 1,
    });
    expect(verdictOf(PAIRWISE_JSON, '```json\n{"verdict": "tie"}\n```')).toMatchObject({
      preference: 0.5,
    });
    expect(
      verdictOf(
        PAIRWISE_JSON,
        'Here it is: {"reason": "a {brace} in a string", "verdict": "b"} done',
      ),
    ).toMatchObject({ preference: 0, label: "b" });
  });
  it("the last object with the field wins", () => {
    expect(
      verdictOf(PAIRWISE_JSON, '{"verdict": "A"}\nCorrection:\n{"verdict": "B"}'),
    ).toMatchObject({ preference: 0 });
  });
  it("fails on no object, a missing field, a wrong value", () => {
    expect(failureOf(PAIRWISE_JSON, "{not json").code).toBe("invalid_json");
    expect(failureOf(PAIRWISE_JSON, '{"reason": "x"}')).toEqual({
      code: "invalid_json",
      reason: 'no JSON object with the field "verdict"',
    });
    expect(failureOf(PAIRWISE_JSON, '{"verdict": "C"}').code).toBe("unknown_label");
    expect(failureOf(PAIRWISE_JSON, '{"verdict": 1}').code).toBe("invalid_value");
  });
});

describe("parseVerdict with the listwise template", () => {
  it("reads a 1-based ranking into 0-based indices, best first", () => {
    expect(verdictOf(LISTWISE, "So: [[2, 1, 3]]")).toEqual({
      mode: "listwise",
      order: [1, 0, 2],
      label: "2, 1, 3",
    });
    expect(verdictOf(LISTWISE, "[[1]]")).toMatchObject({ order: [0] });
  });
  it("refuses what is not a permutation", () => {
    expect(failureOf(LISTWISE, "[[1,1,2]]")).toEqual({
      code: "invalid_value",
      reason: 'order "1,1,2" is not a permutation of 1..3 (each position once)',
    });
    expect(failureOf(LISTWISE, "[[0,1]]").code).toBe("invalid_value");
    expect(failureOf(LISTWISE, "[[1,3]]").code).toBe("invalid_value");
    expect(failureOf(LISTWISE, "2 > 1 > 3").code).toBe("no_verdict");
  });
  it("with the number of answers shown, a ranking that leaves one out is refused", () => {
    expect(parseVerdict(LISTWISE, "[[2,1]]", { candidates: 3 })).toEqual({
      ok: false,
      code: "invalid_value",
      reason: 'order "2,1" ranks 2 answers, not all 3',
    });
    expect(parseVerdict(LISTWISE, "[[2,1,3]]", { candidates: 3 }).ok).toBe(true);
  });
});
