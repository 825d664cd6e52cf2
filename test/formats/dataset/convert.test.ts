import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  type ConvertOptions,
  convertDataset,
  splitPath,
} from "../../../src/formats/dataset/convert.js";
import { DatasetRecordError } from "../../../src/formats/dataset/dataset-error.js";
import { readDatasetRecords } from "../../../src/formats/dataset/read-records.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-convert-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (path: string) => new URL(`../../fixtures/${path}`, import.meta.url).pathname;
const example = (path: string) => new URL(`../../../examples/${path}`, import.meta.url).pathname;

const BASE: ConvertOptions = {
  to: "trl-preference",
  strategy: "all",
  minMargin: Number.MIN_VALUE,
  criterion: "mean",
  attribute: "helpfulness",
  where: [],
  keepDuplicates: false,
  keepIdentical: false,
  dropEmpty: false,
  source: { kind: "human", annotator: "import" },
};

let files = 0;
const out = (extension = "jsonl") => join(dir, `out-${++files}.${extension}`);

async function records(path: string): Promise<Record<string, unknown>[]> {
  const list: Record<string, unknown>[] = [];
  for await (const r of readDatasetRecords(path)) {
    if (!r.ok) throw new Error(r.message);
    list.push(r.record);
  }
  return list;
}

function writeJsonl(name: string, rows: readonly unknown[]): string {
  const path = join(dir, name);
  writeFileSync(path, rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
  return path;
}

describe("convertDataset: derivations", () => {
  it("binarises UltraFeedback best against worst by mean rating (worked by hand)", async () => {
    // Record 1 means: gpt-4 5, alpaca-7b 2.5, falcon 4 ("N/A" left out); record 2: 5 vs 1.75.
    const path = out();
    const summary = await convertDataset(fixture("datasets/ultrafeedback.jsonl"), path, {
      ...BASE,
      strategy: "best-vs-worst",
    });
    expect(summary.format).toBe("ultrafeedback");
    expect(await records(path)).toEqual([
      {
        prompt: "Explain recursion to a ten-year-old.",
        chosen:
          "Recursion is when something is defined using a smaller version of itself, like Russian dolls inside each other.",
        rejected: "Recursion is a function.",
      },
      {
        prompt: "List three primary colours.",
        chosen: "Red, yellow and blue.",
        rejected: "Green, purple, orange.",
      },
    ]);
  });

  it("keeps every pair at least --min-margin apart", async () => {
    // Record 1 margins: gpt-4/alpaca 2.5, gpt-4/falcon 1, falcon/alpaca 1.5; record 2: 3.25.
    const path = out();
    await convertDataset(fixture("datasets/ultrafeedback.jsonl"), path, {
      ...BASE,
      minMargin: 1.5,
    });
    const chosen = (await records(path)).map((r) => [
      String(r.chosen).slice(0, 12),
      String(r.rejected).slice(0, 12),
    ]);
    expect(chosen).toEqual([
      ["Recursion is", "Recursion is"],
      ["Imagine stan", "Recursion is"],
      ["Red, yellow ", "Green, purpl"],
    ]);
  });

  it("groups HelpSteer rows by prompt and pairs by the chosen attribute", async () => {
    // Prompt 1: helpfulness 4 vs 0 → 1 pair; prompt 2: 4, 2, 1 → 3 pairs.
    const path = out();
    const summary = await convertDataset(fixture("datasets/helpsteer.jsonl"), path, BASE);
    expect(summary.written[path]).toBe(4);
    const byCoherence = out();
    await convertDataset(fixture("datasets/helpsteer.jsonl"), byCoherence, {
      ...BASE,
      attribute: "coherence",
    });
    // Coherence: 4 vs 3; 4, 2, 3 → every pair differs: 1 + 3, and "Autumn." (coherence 3,
    // helpfulness 1) now wins against the rambling answer (coherence 2).
    const pairs = await records(byCoherence);
    expect(pairs).toHaveLength(4);
    expect(pairs.map((r) => r.chosen)).toContain("Autumn.");
  });

  it("turns pairs into KTO examples, chosen desirable and rejected not", async () => {
    const path = out();
    await convertDataset(fixture("datasets/trl-preference-text.jsonl"), path, {
      ...BASE,
      to: "trl-unpaired",
    });
    const rows = await records(path);
    expect(rows).toHaveLength(10);
    expect(rows.slice(0, 2)).toEqual([
      { prompt: "The capital of France is", completion: " Paris.", label: true },
      { prompt: "The capital of France is", completion: " Lyon.", label: false },
    ]);
  });

  it("makes pairs from arena battles with conversations, leaving out ties", async () => {
    const path = out();
    const summary = await convertDataset(example("arena-demo.jsonl"), path, BASE);
    const battles = await records(example("arena-demo.jsonl"));
    const ties = battles.filter((b) => String(b.winner).startsWith("tie")).length;
    expect(summary.dropped["ties carry no preference"]).toBe(ties);
    // The demo's responses are templated, so many pairs repeat or have equal responses.
    const { duplicate = 0, "identical chosen and rejected": identical = 0 } = summary.dropped;
    expect(summary.written[path]! + ties + duplicate + identical).toBe(battles.length);
    const decided = battles.find((b) => !String(b.winner).startsWith("tie"))!;
    const first = (await records(path))[0]!;
    expect(first.prompt).toEqual((decided.conversation_a as unknown[]).slice(0, 1));
  });

  it("reads multi-turn HH-RLHF into a conversational prompt", async () => {
    const path = out();
    await convertDataset(fixture("datasets/hh-rlhf.jsonl"), path, BASE);
    const second = (await records(path))[1]!;
    expect(second.prompt).toEqual([
      { role: "user", content: "How do I reset my router?" },
      { role: "assistant", content: "Which model is it?" },
      { role: "user", content: "A Netgear Nighthawk." },
    ]);
    expect(second.rejected).toEqual([
      { role: "assistant", content: "Throw it away and buy a new one." },
    ]);
  });

  it("refuses a multi-turn prompt in a text-only format, naming the record and field", async () => {
    const path = out();
    await expect(
      convertDataset(fixture("datasets/hh-rlhf.jsonl"), path, { ...BASE, to: "rewardbench" }),
    ).rejects.toThrow(
      `${fixture("datasets/hh-rlhf.jsonl")}:2: prompt: 3 messages; a text field holds exactly one (write a conversational format instead)`,
    );
    expect(existsSync(path)).toBe(false);
  });

  it("goes through prefkit's canonical format and back without losing a pair", async () => {
    const canonical = out();
    await convertDataset(fixture("datasets/rewardbench.jsonl"), canonical, {
      ...BASE,
      to: "prefkit",
    });
    const entries = await records(canonical);
    expect(entries.filter((e) => e.type === "judgment")).toHaveLength(3);
    const back = out();
    await convertDataset(canonical, back, { ...BASE, to: "rewardbench" });
    const original = await records(fixture("datasets/rewardbench.jsonl"));
    const strip = (r: Record<string, unknown>) => [
      r.prompt,
      r.chosen,
      r.rejected,
      r.chosen_model,
      r.rejected_model,
      r.subset,
    ];
    expect((await records(back)).map(strip)).toEqual(original.map(strip));
  });

  it("writes arena battles from pairs with models, the chosen side alternating", async () => {
    const path = out();
    await convertDataset(fixture("datasets/rewardbench.jsonl"), path, { ...BASE, to: "arena" });
    const battles = await records(path);
    expect(battles).toHaveLength(3);
    for (const b of battles) {
      const winner = b.winner === "model_a" ? b.model_a : b.model_b;
      expect(["gpt-4", "claude-2", "GPT4 refusal"]).toContain(winner);
    }
  });
});

describe("convertDataset: filters and de-duplication", () => {
  const rows = [
    { prompt: "p", chosen: "good", rejected: "bad", subset: "a" },
    { prompt: "p", chosen: "good", rejected: "bad", subset: "a" },
    { prompt: "q", chosen: "same", rejected: "same", subset: "b" },
    { prompt: "r", chosen: "", rejected: "x", subset: "b" },
    { prompt: "s", chosen: "a much longer answer than allowed", rejected: "x", subset: "a" },
  ];

  it("drops duplicates and identical pairs by default, and says how many", async () => {
    const path = out();
    const summary = await convertDataset(writeJsonl("filters.jsonl", rows), path, BASE);
    expect(summary.dropped).toEqual({ duplicate: 1, "identical chosen and rejected": 1 });
    expect(summary.written[path]).toBe(3);
  });

  it("keeps them when asked, and applies --drop-empty, --max-chars and --where", async () => {
    const input = writeJsonl("filters2.jsonl", rows);
    const kept = out();
    expect(
      (await convertDataset(input, kept, { ...BASE, keepDuplicates: true, keepIdentical: true }))
        .written[kept],
    ).toBe(5);
    const filtered = out();
    const summary = await convertDataset(input, filtered, {
      ...BASE,
      dropEmpty: true,
      maxChars: 20,
      where: [{ field: "subset", value: "a" }],
    });
    expect(summary.dropped).toEqual({ "--where": 2, duplicate: 1, "longer than --max-chars": 1 });
    expect(await records(filtered)).toEqual([{ prompt: "p", chosen: "good", rejected: "bad" }]);
  });
});

describe("convertDataset: splits", () => {
  it("names split files before the extension", () => {
    expect(splitPath("data/out.jsonl", "train")).toBe("data/out.train.jsonl");
    expect(splitPath("out.jsonl.gz", "test")).toBe("out.test.jsonl.gz");
    expect(splitPath("out", "test")).toBe("out.test");
  });

  it("never puts a prompt in two splits, whatever the seed and shares (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            prompt: fc.integer({ min: 0, max: 15 }),
            chosen: fc.integer({ min: 0, max: 3 }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 3 }),
        async (rows, seed, shares) => {
          const input = writeJsonl(
            "split-input.jsonl",
            rows.map((r) => ({
              prompt: `prompt ${r.prompt}`,
              chosen: `c${r.chosen}`,
              rejected: "r",
            })),
          );
          const base = out();
          const names = shares.map((_, k) => `s${k}`);
          const summary = await convertDataset(input, base, {
            ...BASE,
            keepDuplicates: true,
            split: { fractions: shares.map((s, k) => [names[k]!, s] as const), seed },
          });
          const seen = new Map<unknown, string>();
          let total = 0;
          for (const name of names) {
            for (const r of await records(splitPath(base, name))) {
              total++;
              expect(seen.get(r.prompt) ?? name).toBe(name);
              seen.set(r.prompt, name);
            }
          }
          expect(total).toBe(rows.length);
          expect(Object.values(summary.written).reduce((a, b) => a + b, 0)).toBe(rows.length);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("splits canonical entries by prompt, systems in every split", async () => {
    const base = out();
    await convertDataset(fixture("datasets/rewardbench.jsonl"), base, {
      ...BASE,
      to: "prefkit",
      split: {
        fractions: [
          ["train", 1],
          ["test", 1],
        ],
        seed: 3,
      },
    });
    for (const name of ["train", "test"]) {
      const entries = await records(splitPath(base, name));
      const prompts = new Set(entries.filter((e) => e.type === "prompt").map((e) => e.id));
      for (const e of entries) {
        if (e.type === "candidate" || e.type === "judgment")
          expect(prompts.has(e.prompt)).toBe(true);
      }
    }
  });
});

describe("convertDataset: bad input", () => {
  const bad = [
    { prompt: "p", chosen: "a", rejected: "b" },
    { prompt: "q", chosen: 3, rejected: "b" },
    "not json",
    { prompt: "r", chosen: "c", rejected: "d" },
  ];
  const input = () => {
    const path = join(dir, "bad.jsonl");
    writeFileSync(
      path,
      bad.map((r) => (typeof r === "string" ? `${r}\n` : `${JSON.stringify(r)}\n`)).join(""),
    );
    return path;
  };

  it("stops at the first invalid record with file:line: field, writing nothing", async () => {
    const path = join(dir, "never.jsonl");
    const error = await convertDataset(input(), path, BASE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetRecordError);
    expect((error as Error).message).toMatch(/bad\.jsonl:2: chosen: /);
    expect(readdirSync(dir).filter((f) => f.startsWith("never"))).toEqual([]);
  });

  it("with a rejects report, writes the valid records and names each invalid one", async () => {
    const path = out();
    const rejects = join(dir, "rejects.jsonl");
    const summary = await convertDataset(input(), path, { ...BASE, rejects });
    expect(summary.invalid).toBe(2);
    expect(summary.written[path]).toBe(2);
    const report = await records(rejects);
    expect(report.map((r) => [String(r.location).replace(dir, "<tmp>"), r.field])).toEqual([
      ["<tmp>/bad.jsonl:2", "chosen"],
      ["<tmp>/bad.jsonl:3", "(record)"],
    ]);
  });

  it("refuses to overwrite its input and unsupported output types", async () => {
    const path = input();
    await expect(convertDataset(path, path, BASE)).rejects.toThrow(RangeError);
    await expect(convertDataset(path, join(dir, "out.txt"), BASE)).rejects.toThrow(RangeError);
  });

  it("leaves an existing output untouched when the conversion fails", async () => {
    const path = join(dir, "existing.jsonl");
    writeFileSync(path, "keep me\n");
    await expect(convertDataset(input(), path, BASE)).rejects.toThrow(DatasetRecordError);
    expect(readFileSync(path, "utf8")).toBe("keep me\n");
  });
});
