import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IssueError } from "../../../src/core/issue.js";
import { MT_BENCH_PAIRWISE } from "../../../src/llm/judge/builtin.js";
import { renderTemplate } from "../../../src/llm/judge/render.js";
import type { JudgeTemplate } from "../../../src/llm/judge/types.js";

const T: JudgeTemplate = {
  id: "t",
  version: 1,
  mode: "pointwise",
  variables: ["question", "answer", "history"],
  system: "Earlier turns:\n{{history}}",
  user: "Q: {{question}}\nA: {{ answer }}",
  verdict: { format: "regex", pattern: "(?<score>\\d+)", uppercase: false, pick: "last" },
};

const issueOf = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(IssueError);
    const e = error as IssueError;
    return { message: e.message, field: e.location.field };
  }
  throw new Error("expected an IssueError");
};

describe("renderTemplate", () => {
  it("fills system and user messages, earlier turns as role-headed blocks", () => {
    expect(
      renderTemplate(T, {
        question: "Why?",
        answer: "Because.",
        history: [
          { role: "user", content: "Hello" },
          { role: "assistant", content: [{ type: "text", text: "Hi there" }] },
        ],
      }),
    ).toEqual([
      { role: "system", content: "Earlier turns:\n### user:\nHello\n\n### assistant:\nHi there" },
      { role: "user", content: "Q: Why?\nA: Because." },
    ]);
  });

  it("names a declared variable given no value", () => {
    expect(issueOf(() => renderTemplate(T, { question: "q", history: [] }))).toEqual({
      message: "answer: template t: no value for variable {{answer}}",
      field: "answer",
    });
  });

  it("names a placeholder the template does not declare", () => {
    const t = { ...T, user: "{{question}} {{reference}}" };
    expect(
      issueOf(() => renderTemplate(t, { question: "q", answer: "a", history: [], reference: "r" })),
    ).toEqual({
      message:
        "reference: template t: {{reference}} is not a declared variable (declared: question, answer, history)",
      field: "reference",
    });
  });

  it("inserts values verbatim: placeholders, $-patterns and braces inside values stay as written", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const [, user] = [
          undefined,
          ...renderTemplate(MT_BENCH_PAIRWISE, {
            question: "{{answer_b}} $& $1",
            answer_a: a,
            answer_b: b,
          }),
        ].slice(-2);
        const text = (user as { content: string }).content;
        expect(text).toContain("{{answer_b}} $& $1");
        expect(text).toContain(
          `[Start of Assistant A's answer]\n${a}\n[End of Assistant A's answer]`,
        );
        expect(text).toContain(
          `[Start of Assistant B's answer]\n${b}\n[End of Assistant B's answer]`,
        );
      }),
    );
  });
});
