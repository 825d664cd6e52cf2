import { describe, expect, it } from "vitest";
import {
  parseTrlPreference,
  parseTrlUnpaired,
  toTrlPreference,
  toTrlUnpaired,
} from "../../../src/formats/dataset/trl.js";

describe("TRL preference records", () => {
  const textExplicit = { prompt: "The sky is", chosen: " blue.", rejected: " green." };
  const textImplicit = { chosen: "The sky is blue.", rejected: "The sky is green." };
  const conversational = {
    prompt: [{ role: "user", content: "What color is the sky?" }],
    chosen: [{ role: "assistant", content: "It is blue." }],
    rejected: [{ role: "assistant", content: "It is green." }],
  };
  const conversationalImplicit = {
    chosen: [
      { role: "user", content: "What color is the sky?" },
      { role: "assistant", content: "It is blue." },
    ],
    rejected: [
      { role: "user", content: "What color is the sky?" },
      { role: "assistant", content: "It is green." },
    ],
  };

  it.each([
    ["standard, explicit prompt", textExplicit, "text"],
    ["standard, implicit prompt", textImplicit, "text"],
    ["conversational, explicit prompt", conversational, "conversational"],
    ["conversational, implicit prompt", conversationalImplicit, "conversational"],
  ] as const)("round-trips the %s form", (_, record, style) => {
    const parsed = parseTrlPreference(record);
    expect(parsed.ok && parsed.style).toBe(style);
    if (!parsed.ok) return;
    const written = toTrlPreference(parsed.value, parsed.style);
    // A conversational implicit prompt is read as the turns both answers share, so it is
    // written back explicit; every other form comes back as it was.
    if (record === conversationalImplicit) {
      expect(written).toEqual({
        prompt: [{ role: "user", content: "What color is the sky?" }],
        chosen: [{ role: "assistant", content: "It is blue." }],
        rejected: [{ role: "assistant", content: "It is green." }],
      });
    } else expect(written).toEqual(record);
    const again = parseTrlPreference(written);
    expect(again.ok && again.value).toEqual(parsed.value);
  });

  it("reads a text prompt as one user message and text answers as assistant messages", () => {
    const parsed = parseTrlPreference(textExplicit);
    expect(parsed.ok && parsed.value).toEqual({
      prompt: [{ role: "user", content: "The sky is" }],
      chosen: [{ role: "assistant", content: " blue." }],
      rejected: [{ role: "assistant", content: " green." }],
    });
  });

  it("names the field of every problem", () => {
    expect(parseTrlPreference({ prompt: "p", chosen: 3 })).toMatchInlineSnapshot(`
      {
        "issues": [
          {
            "field": "chosen",
            "message": "expected string or array, received number",
          },
          {
            "field": "rejected",
            "message": "missing field",
          },
        ],
        "ok": false,
      }
    `);
    expect(
      parseTrlPreference({
        chosen: [{ role: "robot", content: "x" }],
        rejected: [{ role: "assistant", content: "y" }],
      }).ok,
    ).toBe(false);
  });

  it("rejects a record that mixes text and messages", () => {
    const mixed = parseTrlPreference({
      prompt: "p",
      chosen: [{ role: "assistant", content: "a" }],
      rejected: [{ role: "assistant", content: "b" }],
    });
    expect(mixed).toEqual({
      ok: false,
      issues: [{ field: "rejected", message: "mixes text and conversational fields" }],
    });
  });
});

describe("TRL unpaired preference records", () => {
  it("round-trips text and conversational records", () => {
    const text = { prompt: "The sky is", completion: " blue.", label: true };
    const conversational = {
      prompt: [{ role: "user", content: "Sky?" }],
      completion: [{ role: "assistant", content: "Green." }],
      label: false,
    };
    for (const record of [text, conversational]) {
      const parsed = parseTrlUnpaired(record);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(toTrlUnpaired(parsed.value, parsed.style)).toEqual(record);
    }
  });

  it("requires a boolean label", () => {
    const parsed = parseTrlUnpaired({ prompt: "p", completion: "c", label: "yes" });
    expect(parsed.ok === false && parsed.issues.map((i) => i.field)).toEqual(["label"]);
  });
});
