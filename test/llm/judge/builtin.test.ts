import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BUILTIN_TEMPLATES, builtinTemplate } from "../../../src/llm/judge/builtin.js";
import { parseVerdict } from "../../../src/llm/judge/parse-verdict.js";
import { renderTemplate, type TemplateValues } from "../../../src/llm/judge/render.js";
import { parseJudgeTemplate } from "../../../src/llm/judge/template-file.js";
import type { JudgeTemplate } from "../../../src/llm/judge/types.js";

const VALUES: TemplateValues = {
  question: "What is 2 + 2?",
  answer: "4",
  answer_a: "4",
  answer_b: "Five",
  answers: ["4", "Five", "four"],
  reference: "4",
  history: [{ role: "user", content: "Hi" }],
};
const valuesFor = (t: JudgeTemplate) =>
  Object.fromEntries(t.variables.map((v) => [v, VALUES[v]])) as TemplateValues;

/** Every verdict form each built-in declares, as a judge would write it, and what it means. */
const FORMS: Record<string, [string, Record<string, unknown>][]> = {
  "mt-bench-single": [
    ["Rating: [[1]]", { score: 1 }],
    ["Rating: [[10]]", { score: 10 }],
  ],
  "mt-bench-single-reference": [["Rating: [[3]]", { score: 3 }]],
  "mt-bench-single-multiturn": [["Rating: [[6]]", { score: 6 }]],
  "mt-bench-pairwise": [
    ["[[A]]", { preference: 1 }],
    ["[[B]]", { preference: 0 }],
    ["[[C]]", { preference: 0.5 }],
  ],
  "arena-hard": [
    ["My final verdict is: [[A>>B]]", { preference: 1, strength: "strong" }],
    ["My final verdict is: [[A>B]]", { preference: 1, strength: "weak" }],
    ["My final verdict is: [[A=B]]", { preference: 0.5 }],
    ["My final verdict is: [[B>A]]", { preference: 0, strength: "weak" }],
    ["My final verdict is: [[B>>A]]", { preference: 0, strength: "strong" }],
  ],
  "alpaca-eval": [
    ["x", { preference: 1 }],
    ["y", { preference: 0 }],
  ],
  "pairwise-json": [
    ['{"reason": "r", "verdict": "A"}', { preference: 1 }],
    ['{"reason": "r", "verdict": "B"}', { preference: 0 }],
    ['{"reason": "r", "verdict": "tie"}', { preference: 0.5 }],
  ],
  listwise: [["[[3,1,2]]", { order: [2, 0, 1] }]],
  "prd-pairwise": [
    ["Review…\n1", { preference: 1 }],
    ["Review…\nTherefore, my choice is: 2", { preference: 0 }],
    ["Review…\n3", { preference: 0.5 }],
  ],
};

describe("built-in templates", () => {
  it("have distinct ids, a version, and verdict forms tested here", () => {
    const ids = BUILTIN_TEMPLATES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(Object.keys(FORMS).sort());
    for (const t of BUILTIN_TEMPLATES) expect(t.version).toBeGreaterThanOrEqual(1);
    expect(builtinTemplate("arena-hard")?.id).toBe("arena-hard");
    expect(builtinTemplate("nope")).toBeUndefined();
  });

  it.each(BUILTIN_TEMPLATES.map((t) => [t.id, t] as const))(
    "%s passes the same checks as a user file",
    (_, t) => {
      expect(parseJudgeTemplate(JSON.stringify(t), `${t.id}.json`)).toEqual(t);
    },
  );

  it.each(BUILTIN_TEMPLATES.map((t) => [t.id, t] as const))(
    "%s renders every declared variable and parses each of its verdict forms",
    (_, t) => {
      const messages = renderTemplate(t, valuesFor(t));
      const all = messages.map((m) => m.content).join("\n");
      expect(all).not.toMatch(/\{\{/);
      expect(all).toContain("What is 2 + 2?");
      expect(messages.at(-1)?.role).toBe("user");
      // The AlpacaEval style is the identifier alone; the others follow reasoning.
      const prefix = t.id === "alpaca-eval" ? "" : "Some reasoning.\n";
      for (const [text, meaning] of FORMS[t.id]!)
        expect(parseVerdict(t, prefix + text)).toMatchObject({
          ok: true,
          verdict: { mode: t.mode, ...meaning },
        });
    },
  );

  it("listwise numbers the answers as the verdict names them", () => {
    const t = builtinTemplate("listwise")!;
    const user = renderTemplate(t, valuesFor(t)).at(-1)!.content as string;
    expect(user).toContain("[The Start of Answer 1]\n4\n[The End of Answer 1]");
    expect(user).toContain("[The Start of Answer 3]\nfour\n[The End of Answer 3]");
  });
});

/** A judge's answer: arbitrary reasoning free of verdict syntax, then the verdict. */
const reasoning = fc
  .string({ maxLength: 200 })
  .map((s) => s.replace(/[[\]{}]/g, "").replace(/\b[123]\b/g, ""))
  .filter((s) => !/^[\s"'`*(]*[a-zA-Z][\s"'`*).]*$/.test(s));

describe("a rendered-then-answered verdict parses back (fast-check)", () => {
  it("for any answers, reasoning and declared label of the label templates", () => {
    const labelled = BUILTIN_TEMPLATES.filter(
      (t) => t.verdict.format === "labels" && t.id !== "alpaca-eval",
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...labelled),
        fc.string(),
        fc.string(),
        reasoning,
        fc.nat(),
        (t, a, b, why, pick) => {
          const user = renderTemplate(t, { ...valuesFor(t), answer_a: a, answer_b: b }).at(-1)!
            .content as string;
          expect(user).toContain(a);
          expect(user).toContain(b);
          if (t.verdict.format !== "labels") return;
          const labels = Object.keys(t.verdict.labels);
          const label = labels[pick % labels.length]!;
          const text = t.id === "prd-pairwise" ? `${why}\n${label}` : `${why}\n[[${label}]]`;
          const r = parseVerdict(t, text);
          expect(r).toMatchObject({ ok: true, verdict: t.verdict.labels[label] });
        },
      ),
    );
  });

  it("for any score on the scale and any permutation", () => {
    const single = builtinTemplate("mt-bench-single")!;
    const listwise = builtinTemplate("listwise")!;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), reasoning, (score, why) => {
        expect(parseVerdict(single, `${why}\nRating: [[${score}]]`)).toMatchObject({
          ok: true,
          verdict: { score },
        });
      }),
    );
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 9 })
          .chain((k) => fc.shuffledSubarray([...Array(k).keys()], { minLength: k, maxLength: k })),
        reasoning,
        (order, why) => {
          const text = `${why}\n[[${order.map((i) => i + 1).join(", ")}]]`;
          expect(parseVerdict(listwise, text)).toMatchObject({ ok: true, verdict: { order } });
        },
      ),
    );
  });
});

describe("parseVerdict on arbitrary text (fast-check)", () => {
  it("never throws, and every verdict it gives is well formed", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...BUILTIN_TEMPLATES),
        fc.string({ maxLength: 300 }),
        (t, text) => {
          const r = parseVerdict(t, text);
          if (!r.ok) expect(r.reason).not.toBe("");
          else if (r.verdict.mode === "pairwise") {
            expect(r.verdict.preference).toBeGreaterThanOrEqual(0);
            expect(r.verdict.preference).toBeLessThanOrEqual(1);
          }
        },
      ),
    );
  });

  it("a text without brackets is never an arena-hard or MT-Bench verdict, so never a tie", () => {
    const bracketed = BUILTIN_TEMPLATES.filter((t) =>
      ["arena-hard", "mt-bench-pairwise", "mt-bench-single", "listwise"].includes(t.id),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...bracketed),
        fc.string().map((s) => s.replace(/[[\]]/g, "")),
        (t, text) => {
          expect(parseVerdict(t, text).ok).toBe(false);
        },
      ),
    );
  });
});
