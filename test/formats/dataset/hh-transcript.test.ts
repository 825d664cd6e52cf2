import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatTranscript, parseTranscript } from "../../../src/formats/dataset/hh-transcript.js";

describe("HH-RLHF transcripts", () => {
  it("parses Human and Assistant turns into user and assistant messages", () => {
    const text = "\n\nHuman: What is 2+2?\n\nAssistant: 4.\n\nHuman: And 3+3?\n\nAssistant: 6.";
    expect(parseTranscript(text)).toEqual({
      ok: true,
      messages: [
        { role: "user", content: "What is 2+2?" },
        { role: "assistant", content: "4." },
        { role: "user", content: "And 3+3?" },
        { role: "assistant", content: "6." },
      ],
    });
  });

  it("keeps newlines inside a turn", () => {
    const text = "\n\nHuman: line one\nline two\n\nAssistant: a\n\nb";
    const parsed = parseTranscript(text);
    expect(parsed.ok && parsed.messages.map((m) => m.content)).toEqual([
      "line one\nline two",
      "a\n\nb",
    ]);
  });

  it("rejects text that does not start with a Human turn", () => {
    expect(parseTranscript("Assistant: hi")).toMatchInlineSnapshot(`
      {
        "message": "expected the transcript to start with "\\n\\nHuman: "",
        "ok": false,
      }
    `);
  });

  it("round-trips any transcript of alternating turns", () => {
    const turnText = fc
      .string()
      .filter((s) => !/\n\n(Human|Assistant): /.test(s) && !s.endsWith("\n\nHuman:"));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(turnText, turnText), { minLength: 1, maxLength: 4 }),
        (pairs) => {
          const text = pairs.map(([q, a]) => `\n\nHuman: ${q}\n\nAssistant: ${a}`).join("");
          const parsed = parseTranscript(text);
          if (!parsed.ok) return false;
          return formatTranscript(parsed.messages) === text;
        },
      ),
    );
  });
});
