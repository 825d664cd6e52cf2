import { describe, expect, it } from "vitest";
import { splitCommonPrefix, withExplicitPrompt } from "../../../src/core/dataset/preference.js";
import type { Message } from "../../../src/core/types.js";

const user = (content: string): Message => ({ role: "user", content });
const assistant = (content: string): Message => ({ role: "assistant", content });

describe("splitCommonPrefix", () => {
  it("splits two conversations at their first differing message", () => {
    const a = [user("hi"), assistant("hello"), user("sky?"), assistant("blue")];
    const b = [user("hi"), assistant("hello"), user("sky?"), assistant("green")];
    expect(splitCommonPrefix(a, b)).toEqual({
      prefix: [user("hi"), assistant("hello"), user("sky?")],
      restA: [assistant("blue")],
      restB: [assistant("green")],
    });
  });

  it("keeps the last message as the response when the conversations are identical", () => {
    const a = [user("q"), assistant("same")];
    expect(splitCommonPrefix(a, a)).toEqual({
      prefix: [user("q")],
      restA: [assistant("same")],
      restB: [assistant("same")],
    });
  });

  it("compares text, so a message given as parts equals the same plain text", () => {
    const parts: Message = { role: "user", content: [{ type: "text", text: "q" }] };
    expect(splitCommonPrefix([parts, assistant("x")], [user("q"), assistant("y")]).prefix).toEqual([
      parts,
    ]);
  });
});

describe("withExplicitPrompt", () => {
  it("moves the shared turns of an implicit-prompt pair into the prompt", () => {
    const pair = {
      prompt: [],
      chosen: [user("sky?"), assistant("blue")],
      rejected: [user("sky?"), assistant("green")],
    };
    expect(withExplicitPrompt(pair)).toEqual({
      prompt: [user("sky?")],
      chosen: [assistant("blue")],
      rejected: [assistant("green")],
    });
  });

  it("leaves a pair with an explicit prompt unchanged", () => {
    const pair = {
      prompt: [user("sky?")],
      chosen: [assistant("blue")],
      rejected: [assistant("green")],
    };
    expect(withExplicitPrompt(pair)).toBe(pair);
  });
});
