import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readComparisons } from "../../src/app/evaluate/read-comparisons.js";
import { planImport } from "../../src/app/import/plan-import.js";
import { toCanonicalRecord } from "../../src/formats/dataset/prefkit-canonical.js";
import { readDatasetRecords } from "../../src/formats/dataset/read-records.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-read-comparisons-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("readComparisons", () => {
  it("reads canonical pairwise judgments with their source as labeller and the prompt's category as subset", async () => {
    const path = join(dir, "project.jsonl");
    const lines = [
      { type: "prompt", id: "p1", messages: [{ role: "user", content: "2+2?" }], category: "math" },
      {
        type: "candidate",
        id: "c1",
        prompt: "p1",
        system: "m1",
        messages: [{ role: "assistant", content: "4" }],
      },
      {
        type: "candidate",
        id: "c2",
        prompt: "p1",
        system: "m2",
        messages: [{ role: "assistant", content: "5" }],
      },
      {
        type: "judgment",
        id: "j1",
        kind: "pairwise",
        prompt: "p1",
        a: "c1",
        b: "c2",
        outcome: "a",
        source: { kind: "human", annotator: "ann" },
      },
      {
        type: "judgment",
        id: "j2",
        kind: "pairwise",
        prompt: "p1",
        a: "c2",
        b: "c1",
        outcome: "b",
        source: { kind: "ai", model: "gpt-4" },
      },
    ];
    writeFileSync(path, `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
    const read = await readComparisons([path]);
    const [item, ...rest] = read.join.joined();
    expect(rest).toEqual([]);
    expect(item?.subset).toBe("math");
    expect([item?.systemA, item?.systemB]).toEqual(["m1", "m2"]);
    // The AI judge saw the pair the other way round and preferred c1 (its b): m1 wins for both.
    expect(item?.labels.map((l) => [l.labeller, l.preference])).toEqual([
      ["ann", 1],
      ["gpt-4", 1],
    ]);
  });

  it("reads an arena log made canonical (as `prefkit import` and `convert --to prefkit` make it) as the same comparisons, the turn each vote is about included", async () => {
    const battle = (id: string, question: string, winner: string, turn: number) => ({
      question_id: id,
      model_a: "x",
      model_b: "y",
      winner,
      conversation_a: [
        { role: "user", content: question },
        { role: "assistant", content: `x: ${question}` },
      ],
      conversation_b: [
        { role: "user", content: question },
        { role: "assistant", content: `y says ${question}` },
      ],
      turn,
    });
    const arena = join(dir, "arena.jsonl");
    const log = [
      battle("q1", "one?", "model_a", 1),
      battle("q2", "two?", "model_b", 1),
      battle("q3", "two?", "tie", 2),
    ];
    writeFileSync(arena, `${log.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const plan = await planImport(readDatasetRecords(arena), {
      annotator: "arena",
      criterion: "mean",
    });
    const canonical = join(dir, "arena-canonical.jsonl");
    const entries = [
      ...plan.systems.map((system) => ({ type: "system" as const, system })),
      ...plan.prompts.map((prompt) => ({ type: "prompt" as const, prompt })),
      ...plan.candidates.map((candidate) => ({ type: "candidate" as const, candidate })),
      ...plan.judgments.map((judgment) => ({ type: "judgment" as const, judgment })),
    ];
    writeFileSync(
      canonical,
      `${entries.map((e) => JSON.stringify(toCanonicalRecord(e as never))).join("\n")}\n`,
    );
    const items = async (files: string[]) =>
      (await readComparisons(files, { join: "content" })).join
        .joined()
        .map((i) => [i.turn, i.systemA, i.lengthA, i.lengthB, i.labels.map((l) => l.preference)]);
    const expected: [number, string, number, number, number[]][] = [
      [1, "x", 7, 11, [1]],
      [1, "x", 7, 11, [0]],
      [2, "x", 7, 11, [0.5]],
    ];
    expect(await items([arena])).toEqual(expected);
    expect(await items([canonical])).toEqual(expected);
    // Together, each vote meets its copy: the same items, two labels each.
    expect(await items([canonical, arena])).toEqual(
      expected.map(([turn, a, la, lb, [p]]) => [turn, a, la, lb, [p, p]]),
    );
  });

  it("names the file, line and field of a bad record, or skips and counts it", async () => {
    const path = join(dir, "bad.jsonl");
    writeFileSync(
      path,
      '{"input":"q","output_1":"a","output_2":"b","label":1}\n{"input":"q","output_1":"a","output_2":"b","label":7}\n',
    );
    await expect(readComparisons([path])).rejects.toThrow(/bad\.jsonl:2: label/);
    const skipped = await readComparisons([path], { skipInvalid: true });
    expect(skipped.invalid).toBe(1);
    expect(skipped.errors[0]).toMatch(/bad\.jsonl:2: label/);
  });
});
