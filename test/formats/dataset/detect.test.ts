import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { detectDatasetFormat } from "../../../src/formats/dataset/detect.js";
import { parseHhRlhf, toHhRlhf } from "../../../src/formats/dataset/hh-rlhf.js";

const fixture = (path: string) =>
  readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), "utf8");

describe("detectDatasetFormat", () => {
  it("recognises the real fixtures", () => {
    const arena = JSON.parse(
      fixture("arena-hard/arena_hard_battles_57a9881.jsonl").split("\n")[0]!,
    );
    const llmbar = (JSON.parse(fixture("llmbar/natural.json")) as Record<string, unknown>[])[0]!;
    expect(detectDatasetFormat(arena)?.format).toBe("arena");
    expect(detectDatasetFormat(llmbar)?.format).toBe("llmbar");
  });

  it.each([
    [
      { chosen: "\n\nHuman: q\n\nAssistant: a", rejected: "\n\nHuman: q\n\nAssistant: b" },
      "hh-rlhf",
    ],
    [{ prompt: "p", chosen: "a", rejected: "b", subset: "alpacaeval-easy" }, "rewardbench"],
    [{ prompt: "p", chosen: "a", rejected: "b" }, "trl-preference"],
    [{ chosen: "The sky is blue.", rejected: "The sky is green." }, "trl-preference"],
    [{ prompt: "p", completion: "c", label: true }, "trl-unpaired"],
    [{ instruction: "i", completions: [] }, "ultrafeedback"],
    [{ prompt: "p", response: "r", helpfulness: 3 }, "helpsteer"],
  ])("detects %j as %s", (record, format) => {
    expect(detectDatasetFormat(record)?.format).toBe(format);
  });

  it("gives the reason it decided", () => {
    expect(detectDatasetFormat({ prompt: "p", chosen: "a", rejected: "b" })?.reason).toBe(
      "fields prompt, chosen, rejected",
    );
  });

  it("answers undefined for unknown shapes", () => {
    expect(detectDatasetFormat({ text: "hello" })).toBeUndefined();
  });
});

describe("HH-RLHF records", () => {
  const record = {
    chosen: "\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Sky colour?\n\nAssistant: Blue.",
    rejected: "\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Sky colour?\n\nAssistant: Loud.",
  };

  it("moves the shared turns into the prompt", () => {
    const parsed = parseHhRlhf(record);
    expect(parsed.ok && parsed.value.prompt.map((m) => m.content)).toEqual([
      "Hi",
      "Hello!",
      "Sky colour?",
    ]);
    expect(parsed.ok && parsed.value.chosen).toEqual([{ role: "assistant", content: "Blue." }]);
  });

  it("round-trips to the same transcripts", () => {
    const parsed = parseHhRlhf(record);
    expect(parsed.ok && toHhRlhf(parsed.value)).toEqual(record);
  });

  it("names each bad field", () => {
    expect(parseHhRlhf({ chosen: "Human: x", rejected: 3 })).toMatchInlineSnapshot(`
      {
        "issues": [
          {
            "field": "chosen",
            "message": "expected the transcript to start with "\\n\\nHuman: "",
          },
          {
            "field": "rejected",
            "message": "expected a transcript string",
          },
        ],
        "ok": false,
      }
    `);
  });
});
