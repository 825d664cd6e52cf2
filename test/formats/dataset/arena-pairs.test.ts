import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { arenaBattleToPair } from "../../../src/formats/dataset/arena-pairs.js";

const demo = readFileSync(new URL("../../../examples/arena-demo.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("arenaBattleToPair", () => {
  it("turns each decided battle of the demo log into a pair with the question as prompt", () => {
    let pairs = 0;
    let ties = 0;
    for (const record of demo) {
      const parsed = arenaBattleToPair(record);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) continue;
      if (parsed.value === null) {
        ties++;
        expect(String(record.winner)).toMatch(/^tie/);
        continue;
      }
      pairs++;
      const winner = record.winner === "model_a" ? record.model_a : record.model_b;
      expect(parsed.value.chosenModel).toBe(winner);
      expect(parsed.value.prompt).toHaveLength(1);
      expect(parsed.value.prompt[0]!.role).toBe("user");
      expect(parsed.value.chosen[0]!.role).toBe("assistant");
    }
    expect(pairs + ties).toBe(demo.length);
    expect(pairs).toBeGreaterThan(0);
    expect(ties).toBeGreaterThan(0);
  });

  it("names the field of a battle without conversations", () => {
    const parsed = arenaBattleToPair({ model_a: "a", model_b: "b", winner: "model_a" });
    expect(parsed.ok === false && parsed.issues.map((i) => i.field)).toEqual([
      "conversation_a",
      "conversation_b",
    ]);
  });
});
