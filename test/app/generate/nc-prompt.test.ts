import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ncInstruction,
  ncSequentialInstruction,
  parseNcAnswer,
  withInstruction,
} from "../../../src/app/generate/nc-prompt.js";

const marked = (answers: string[]) =>
  answers.map((a, i) => `=== Answer ${i + 1} ===\n${a}`).join("\n\n");

describe("parseNcAnswer", () => {
  it("reads k answers after their marker lines", () => {
    expect(parseNcAnswer(marked(["Yes, always.", "No, never.", "It depends."]), 3)).toEqual({
      ok: true,
      answers: ["Yes, always.", "No, never.", "It depends."],
      extra: 0,
    });
  });

  it("tolerates markdown emphasis, case and blank lines around the markers", () => {
    const text = "\n**=== answer 1 ===**\n\nfirst\n\n### === ANSWER 2 ===\nsecond\n";
    expect(parseNcAnswer(text, 2)).toEqual({ ok: true, answers: ["first", "second"], extra: 0 });
  });

  it("keeps multi-line answers whole, with their own '===' lines", () => {
    const text = marked(["line one\n=== not a marker\nline three", "b"]);
    expect(parseNcAnswer(text, 2)).toMatchObject({
      ok: true,
      answers: ["line one\n=== not a marker\nline three", "b"],
    });
  });

  it("accepts a JSON array of strings, bare or fenced", () => {
    expect(parseNcAnswer('["a", "b"]', 2)).toEqual({ ok: true, answers: ["a", "b"], extra: 0 });
    expect(parseNcAnswer('```json\n["a", "b", "c"]\n```', 2)).toEqual({
      ok: true,
      answers: ["a", "b"],
      extra: 1,
    });
  });

  it("counts answers past k as extra instead of keeping them", () => {
    expect(parseNcAnswer(marked(["a", "b", "c", "d"]), 2)).toEqual({
      ok: true,
      answers: ["a", "b"],
      extra: 2,
    });
  });

  it.each([
    ["plain prose", "Here is one answer only.", 'no "=== Answer 1 ===" marker line'],
    ["too few answers", marked(["a", "b"]), "expected 3 answers, found 2"],
    ["an empty answer", marked(["a", "  ", "c"]), "answer 2 is empty"],
    [
      "text before the first marker",
      `Sure!\n${marked(["a", "b", "c"])}`,
      "text before the first answer marker",
    ],
    [
      "markers out of order",
      "=== Answer 1 ===\na\n=== Answer 3 ===\nb\n=== Answer 2 ===\nc",
      "answer markers out of order (found 3 at 2)",
    ],
    ["a JSON array of the wrong type", "[1, 2, 3]", 'no "=== Answer 1 ===" marker line'],
  ])("refuses %s, saying why", (_name, text, reason) => {
    expect(parseNcAnswer(text, 3)).toEqual({ ok: false, reason });
  });

  it("round-trips any k answers written in the form it asks for (property)", () => {
    const answer = fc
      .string({ minLength: 1, maxLength: 80 })
      .filter((s) => s.trim() !== "" && !/answer/i.test(s) && !s.includes("="));
    fc.assert(
      fc.property(fc.array(answer, { minLength: 2, maxLength: 6 }), (answers) => {
        const parsed = parseNcAnswer(marked(answers), answers.length);
        expect(parsed).toEqual({ ok: true, answers: answers.map((a) => a.trim()), extra: 0 });
      }),
    );
  });
});

describe("NC instructions", () => {
  it("are marked as prefkit's wording and say the form the parser reads", () => {
    const text = ncInstruction(4);
    expect(text).toContain("[prefkit-nc-1]");
    expect(text).toContain("=== Answer 1 ===");
    expect(text).toContain("=== Answer 4 ===");
    expect(ncSequentialInstruction(["first", "second"])).toContain("=== Answer 2 ===\nsecond");
  });

  it("are added to the last user turn, as text or as a text part, or as a new user turn", () => {
    expect(withInstruction([{ role: "user", content: "Q" }], "I")).toEqual([
      { role: "user", content: "Q\n\nI" },
    ]);
    expect(
      withInstruction([{ role: "user", content: [{ type: "image_url", url: "u" }] }], "I"),
    ).toEqual([
      {
        role: "user",
        content: [
          { type: "image_url", url: "u" },
          { type: "text", text: "I" },
        ],
      },
    ]);
    expect(withInstruction([{ role: "assistant", content: "A" }], "I")).toEqual([
      { role: "assistant", content: "A" },
      { role: "user", content: "I" },
    ]);
  });
});
