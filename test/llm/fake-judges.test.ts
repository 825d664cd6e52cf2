/**
 * The planted judges do what their names say on every built-in template: the verdicts are read
 * back with the templates' own parser (parseVerdict), from prompts rendered with renderTemplate,
 * and through the fake server (streamed and not) with `respond` / `setRespond`.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  fakeJudgeResponder,
  GARBAGE_VERDICT,
  plantedAnswer,
  plantedQuality,
  servingTexts,
} from "../../src/llm/fake-judges.js";
import { type FakeOpenAi, startFakeOpenAi } from "../../src/llm/fake-openai-server.js";
import {
  ALPACA_EVAL,
  ARENA_HARD,
  BUILTIN_TEMPLATES,
  LISTWISE,
  MT_BENCH_PAIRWISE,
  MT_BENCH_SINGLE,
  PAIRWISE_JSON,
  PRD_PAIRWISE,
} from "../../src/llm/judge/builtin.js";
import { parseVerdict } from "../../src/llm/judge/parse-verdict.js";
import { renderTemplate } from "../../src/llm/judge/render.js";
import type { JudgeTemplate, Verdict } from "../../src/llm/judge/types.js";

const respond = fakeJudgeResponder();
const PAIRWISE = BUILTIN_TEMPLATES.filter((t) => t.mode === "pairwise");
const POINTWISE = BUILTIN_TEMPLATES.filter((t) => t.mode === "pointwise");

/** The verdict judge `model` gives on a template rendered with these answers (k: earlier answers). */
function verdictOf(model: string, template: JudgeTemplate, answers: string[], k = 0): Verdict {
  const question = `What is the capital of France? (${answers.join("|").length})`;
  const values =
    template.mode === "pairwise"
      ? { question, answer_a: answers[0]!, answer_b: answers[1]! }
      : template.mode === "pointwise"
        ? {
            question,
            answer: answers[0]!,
            reference: "Paris.",
            history: [{ role: "user" as const, content: "Hello" }],
          }
        : { question, answers };
  const messages = renderTemplate(template, values);
  const text = respond({ model, messages, k });
  if (text === undefined) throw new Error(`${model} gave no text on ${template.id}`);
  const parsed = parseVerdict(template, text, { candidates: answers.length });
  if (!parsed.ok) throw new Error(`${template.id}: ${parsed.reason} in ${JSON.stringify(text)}`);
  return parsed.verdict;
}

const preference = (v: Verdict) => (v.mode === "pairwise" ? v.preference : Number.NaN);
const score = (v: Verdict) => (v.mode === "pointwise" ? v.score : Number.NaN);
const order = (v: Verdict) => (v.mode === "listwise" ? v.order : []);

it("covers every built-in template: 5 pairwise, 3 pointwise, 1 listwise", () => {
  expect(PAIRWISE.map((t) => t.id).sort()).toEqual(
    ["alpaca-eval", "arena-hard", "mt-bench-pairwise", "pairwise-json", "prd-pairwise"].sort(),
  );
  expect(POINTWISE).toHaveLength(3);
});

describe.each(PAIRWISE.map((t) => [t.id, t] as const))("on %s", (_id, template) => {
  it("judge-first prefers the first-shown answer in both orders", () => {
    expect(preference(verdictOf("judge-first", template, ["short", "a much longer answer"]))).toBe(
      1,
    );
    expect(preference(verdictOf("judge-first", template, ["a much longer answer", "short"]))).toBe(
      1,
    );
  });

  it("judge-longer prefers the longer answer in both orders", () => {
    expect(preference(verdictOf("judge-longer", template, ["short", "a much longer answer"]))).toBe(
      0,
    );
    expect(preference(verdictOf("judge-longer", template, ["a much longer answer", "short"]))).toBe(
      1,
    );
  });

  it("judge-right-80 prefers the truly better answer in 75–85 % of 400 pairs, judge-right-100 always", () => {
    let right = 0;
    for (let i = 0; i < 400; i++) {
      const q = [(i % 7) / 10, 0.8 + (i % 3) / 100];
      const better = i % 2 === 0 ? 0 : 1;
      const answers = [plantedAnswer(`answer ${i} one`, q[better === 0 ? 1 : 0]!)];
      answers.push(plantedAnswer(`answer ${i} two`, q[better === 0 ? 0 : 1]!));
      const p = preference(verdictOf("judge-right-80", template, answers));
      if ((better === 0 && p === 1) || (better === 1 && p === 0)) right++;
      const sure = preference(verdictOf("judge-right-100", template, answers));
      expect(sure).toBe(better === 0 ? 1 : 0);
      expect(preference(verdictOf("judge-right-0", template, answers))).toBe(1 - sure);
    }
    expect(right / 400).toBeGreaterThanOrEqual(0.75);
    expect(right / 400).toBeLessThanOrEqual(0.85);
  });

  it("judge-garbage gives nothing the template's parser reads", () => {
    const messages = renderTemplate(template, { question: "q", answer_a: "a", answer_b: "b" });
    const text = respond({ model: "judge-garbage", messages, k: 0 });
    expect(text).toBe(GARBAGE_VERDICT);
    expect(parseVerdict(template, text!).ok).toBe(false);
  });

  it("judge-fixed gives a tie where the template declares one (alpaca-eval has none: x)", () => {
    const p = preference(verdictOf("judge-fixed", template, ["one", "two"]));
    expect(p).toBe(template === ALPACA_EVAL ? 1 : 0.5);
  });

  it("judge-flaky gives garbage the first time a request is asked, then prefers the first", () => {
    const messages = renderTemplate(template, { question: "q", answer_a: "a", answer_b: "b" });
    expect(respond({ model: "judge-flaky", messages, k: 0 })).toBe(GARBAGE_VERDICT);
    expect(preference(verdictOf("judge-flaky", template, ["a", "b"], 1))).toBe(1);
  });
});

describe.each(POINTWISE.map((t) => [t.id, t] as const))("on %s (pointwise)", (_id, template) => {
  it("judge-right-100 scores 1 + 9q, judge-right-0 mirrors it, judge-first 8, judge-fixed 5", () => {
    const answer = plantedAnswer("Paris.", 0.5);
    expect(score(verdictOf("judge-right-100", template, [answer]))).toBe(6);
    expect(score(verdictOf("judge-right-100", template, [plantedAnswer("x", 1)]))).toBe(10);
    expect(score(verdictOf("judge-right-0", template, [plantedAnswer("x", 1)]))).toBe(1);
    expect(score(verdictOf("judge-first", template, [answer]))).toBe(8);
    expect(score(verdictOf("judge-fixed", template, [answer]))).toBe(5);
  });

  it("judge-longer scores a longer answer higher, and reads the answer, not the reference", () => {
    const short = score(verdictOf("judge-longer", template, ["Paris."]));
    const long = score(verdictOf("judge-longer", template, ["Paris. ".repeat(40)]));
    expect(short).toBe(1);
    // 1 + 280 / 50 = 6.6, rounded.
    expect(long).toBe(7);
  });

  it("judge-garbage gives nothing the parser reads", () => {
    expect(parseVerdict(template, GARBAGE_VERDICT).ok).toBe(false);
  });
});

describe("on listwise", () => {
  const answers = [
    plantedAnswer("medium length answer", 0.2),
    plantedAnswer("the longest answer of all three here", 0.9),
    plantedAnswer("short", 0.5),
  ];

  it("judge-first and judge-fixed rank as shown; judge-longer by length", () => {
    expect(order(verdictOf("judge-first", LISTWISE, answers))).toEqual([0, 1, 2]);
    expect(order(verdictOf("judge-fixed", LISTWISE, answers))).toEqual([0, 1, 2]);
    expect(order(verdictOf("judge-longer", LISTWISE, answers))).toEqual([1, 0, 2]);
  });

  it("judge-right-100 ranks by planted quality; judge-right-0 swaps the best two", () => {
    expect(order(verdictOf("judge-right-100", LISTWISE, answers))).toEqual([1, 2, 0]);
    expect(order(verdictOf("judge-right-0", LISTWISE, answers))).toEqual([2, 1, 0]);
  });

  it("judge-garbage gives no ranking", () => {
    expect(parseVerdict(LISTWISE, GARBAGE_VERDICT).ok).toBe(false);
  });
});

describe("planted answers", () => {
  it("carry their quality, read back from the last marker", () => {
    expect(plantedAnswer("Paris.", 0.734)).toBe("Paris. (quality 0.73)");
    expect(plantedQuality(plantedAnswer("a (quality 0.10)", 0.9))).toBe(0.9);
    expect(plantedQuality("no marker")).toBeUndefined();
    expect(() => plantedAnswer("x", 1.5)).toThrow(RangeError);
  });

  it("other models, and prompts in no known format, keep the fake's own answer", () => {
    const messages = [{ role: "user", content: "Just chat with me." }];
    expect(respond({ model: "gpt-4o", messages, k: 0 })).toBeUndefined();
    expect(respond({ model: "judge-first", messages, k: 0 })).toBeUndefined();
    expect(respond({ model: "judge-right-101", messages, k: 0 })).toBeUndefined();
  });
});

describe("through the fake server", () => {
  let fake: FakeOpenAi | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  const post = async (body: object) => {
    const res = await fetch(`${fake!.url}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return res.text();
  };
  const messages = renderTemplate(ARENA_HARD, { question: "q", answer_a: "a", answer_b: "b" });

  it("answers with the planted verdict, streamed and not, counting usage on the text sent", async () => {
    fake = await startFakeOpenAi({ respond: fakeJudgeResponder() });
    const plain = JSON.parse(await post({ model: "judge-first", messages }));
    const text = plain.choices[0].message.content as string;
    expect(text).toMatch(/\[\[A>B\]\]$/);
    expect(plain.usage.completion_tokens).toBe(Math.ceil(Buffer.byteLength(text) / 4));
    const streamed = await post({ model: "judge-first", messages, stream: true });
    const pieces = [...streamed.matchAll(/"content":"((?:[^"\\]|\\.)*)"/g)].map((m) =>
      JSON.parse(`"${m[1]}"`),
    );
    expect(pieces.join("")).toBe(text);
    // Other models answer as the fake always did.
    const other = JSON.parse(await post({ model: "m", messages }));
    expect(other.choices[0].message.content).toMatch(/^answer from m to /);
  });

  it("cuts a planted answer at max_tokens with finish_reason length", async () => {
    fake = await startFakeOpenAi({ respond: fakeJudgeResponder() });
    const cut = JSON.parse(await post({ model: "judge-first", messages, max_tokens: 5 }));
    expect(cut.choices[0].finish_reason).toBe("length");
    expect(cut.choices[0].message.content).toHaveLength(20);
    expect(parseVerdict(ARENA_HARD, cut.choices[0].message.content).ok).toBe(false);
  });

  it("setRespond swaps the responder at run time; servingTexts serves texts in turn", async () => {
    fake = await startFakeOpenAi();
    fake.setRespond(servingTexts(["first [[A]]", "second [[B]]"], ["judge"]));
    const texts: string[] = [];
    for (let i = 0; i < 3; i++)
      texts.push(JSON.parse(await post({ model: "judge", messages })).choices[0].message.content);
    expect(texts).toEqual(["first [[A]]", "second [[B]]", "first [[A]]"]);
    expect(parseVerdict(MT_BENCH_PAIRWISE, texts[1]!)).toMatchObject({
      ok: true,
      verdict: { preference: 0 },
    });
    const other = JSON.parse(await post({ model: "other", messages }));
    expect(other.choices[0].message.content).toMatch(/^answer from other/);
    fake.setRespond(undefined);
    const back = JSON.parse(await post({ model: "judge", messages }));
    expect(back.choices[0].message.content).toMatch(/^answer from judge/);
  });

  it("names each built-in pairwise format distinctly (PRD, JSON, alpaca)", () => {
    expect(
      respond({
        model: "judge-first",
        k: 0,
        messages: renderTemplate(PRD_PAIRWISE, { question: "q", answer_a: "a", answer_b: "b" }),
      }),
    ).toMatch(/\n1$/);
    expect(
      JSON.parse(
        respond({
          model: "judge-first",
          k: 0,
          messages: renderTemplate(PAIRWISE_JSON, { question: "q", answer_a: "a", answer_b: "b" }),
        })!,
      ).verdict,
    ).toBe("A");
    expect(
      respond({
        model: "judge-longer",
        k: 0,
        messages: renderTemplate(ALPACA_EVAL, { question: "q", answer_a: "a", answer_b: "bb" }),
      }),
    ).toBe("y");
    expect(
      respond({
        model: "judge-first",
        k: 0,
        messages: renderTemplate(MT_BENCH_SINGLE, { question: "q", answer: "a" }),
      }),
    ).toMatch(/Rating: \[\[8\]\]$/);
  });
});
