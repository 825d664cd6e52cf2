import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IssueError } from "../../../src/core/issue.js";
import {
  type ConvertOptions,
  convertDataset,
  splitPath,
} from "../../../src/formats/dataset/convert.js";
import { DatasetRecordError } from "../../../src/formats/dataset/dataset-error.js";
import { readDatasetRecords } from "../../../src/formats/dataset/read-records.js";
import { tempDir } from "../temp-dir.js";

const dir = tempDir("prefkit-convert-");
const fixture = (path: string) => new URL(`../../fixtures/${path}`, import.meta.url).pathname;
const example = (path: string) => new URL(`../../../examples/${path}`, import.meta.url).pathname;

const BASE: ConvertOptions = {
  to: "trl-preference",
  strategy: "all",
  minMargin: Number.MIN_VALUE,
  criterion: "mean",
  attribute: "helpfulness",
  where: [],
  dropDuplicates: false,
  conflicts: "keep",
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
    // Each attribute its own conversion and hand-counted pairs.
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

  it("keeps duplicates and drops identical pairs by default, and says how many of each", async () => {
    const path = out();
    const summary = await convertDataset(writeJsonl("filters.jsonl", rows), path, BASE);
    expect(summary.dropped).toEqual({ "identical chosen and rejected": 1 });
    expect(summary.duplicates).toBe(1);
    expect(summary.written[path]).toBe(4);
  });

  it("keeps identical pairs and drops duplicates when asked, and applies --drop-empty, --max-chars and --where", async () => {
    const input = writeJsonl("filters2.jsonl", rows);
    const kept = out();
    expect(
      (await convertDataset(input, kept, { ...BASE, keepIdentical: true })).written[kept],
    ).toBe(5);
    const filtered = out();
    const summary = await convertDataset(input, filtered, {
      ...BASE,
      dropEmpty: true,
      maxChars: 20,
      where: [{ field: "subset", value: "a" }],
      dropDuplicates: true,
    });
    expect(summary.dropped).toEqual({
      "--where": 2,
      "duplicate record (--drop-duplicates)": 1,
      "longer than --max-chars": 1,
    });
    expect(await records(filtered)).toEqual([{ prompt: "p", chosen: "good", rejected: "bad" }]);
  });
});

describe("convertDataset: splits", () => {
  it("names split files before the extension", () => {
    expect(splitPath("data/out.jsonl", "train")).toBe("data/out.train.jsonl");
    expect(splitPath("out.jsonl.gz", "test")).toBe("out.test.jsonl.gz");
    expect(splitPath("out", "test")).toBe("out.test");
  });

  // The same prompt written three ways TRL allows: explicit text, implicit text (the prompt is
  // the answers' shared start), implicit conversational (the shared turns).
  const FORMS = {
    explicit: (p: number, c: number) => ({ prompt: `prompt ${p}`, chosen: `c${c}`, rejected: "r" }),
    implicitText: (p: number, c: number) => ({
      chosen: `Question ${p}: answer c${c}`,
      rejected: `Question ${p}: answer r`,
    }),
    implicitConversational: (p: number, c: number) => ({
      chosen: [
        { role: "user", content: `prompt ${p}` },
        { role: "assistant", content: `c${c}` },
      ],
      rejected: [
        { role: "user", content: `prompt ${p}` },
        { role: "assistant", content: "r" },
      ],
    }),
  };

  it("never puts a prompt in two splits, whatever the seed, shares and form (property)", async () => {
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
        fc.constantFrom(...(Object.keys(FORMS) as (keyof typeof FORMS)[])),
        async (rows, seed, shares, form) => {
          const input = writeJsonl(
            "split-input.jsonl",
            rows.map((r) => FORMS[form](r.prompt, r.chosen)),
          );
          const base = out();
          const names = shares.map((_, k) => `s${k}`);
          const summary = await convertDataset(input, base, {
            ...BASE,
            split: { fractions: shares.map((s, k) => [names[k]!, s] as const), seed },
          });
          const seen = new Map<string, string>();
          let total = 0;
          for (const name of names) {
            for (const r of await records(splitPath(base, name))) {
              total++;
              const prompt = /(?:prompt|Question) (\d+)/.exec(JSON.stringify(r))![1]!;
              expect(seen.get(prompt) ?? name).toBe(name);
              seen.set(prompt, name);
            }
          }
          expect(total).toBe(rows.length);
          expect(Object.values(summary.written).reduce((a, b) => a + b, 0)).toBe(rows.length);
        },
      ),
      { numRuns: 40 },
    );
  });

  it("roughly honours the shares over many prompts", async () => {
    const input = writeJsonl(
      "many-prompts.jsonl",
      Array.from({ length: 2000 }, (_, k) => FORMS.explicit(k, 0)),
    );
    const base = out();
    const summary = await convertDataset(input, base, {
      ...BASE,
      split: {
        fractions: [
          ["train", 0.9],
          ["test", 0.1],
        ],
        seed: 1,
      },
    });
    // Binomial(2000, 0.1): sd ≈ 13.4; ±5 sd.
    expect(Math.abs(summary.written[splitPath(base, "test")]! - 200)).toBeLessThan(67);
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

  it("names the field of text that is not UTF-8, in every file type, never writing U+FFFD", async () => {
    const bad = Buffer.from('{"prompt":"p","chosen":"a\xffb","rejected":"r"}', "latin1");
    for (const [name, bytes] of [
      ["bad-utf8.json", Buffer.concat([Buffer.from("["), bad, Buffer.from("]")])],
      ["bad-utf8.jsonl", Buffer.concat([bad, Buffer.from("\n")])],
    ] as const) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      const target = out();
      await expect(convertDataset(path, target, BASE)).rejects.toThrow(
        `${path}:1: chosen: is not valid UTF-8`,
      );
      expect(existsSync(target)).toBe(false);
    }
  });

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
    await expect(convertDataset(path, path, BASE)).rejects.toThrow(IssueError);
    await expect(convertDataset(path, join(dir, "out.txt"), BASE)).rejects.toThrow(IssueError);
  });

  it("leaves an existing output untouched when the conversion fails", async () => {
    const path = join(dir, "existing.jsonl");
    writeFileSync(path, "keep me\n");
    await expect(convertDataset(input(), path, BASE)).rejects.toThrow(DatasetRecordError);
    expect(readFileSync(path, "utf8")).toBe("keep me\n");
  });
});

describe("convertDataset: what survives and what is refused", () => {
  it("writes records read in the output's own format back unchanged, unknown fields and all", async () => {
    const rows = [
      { prompt: "p", chosen: "a", rejected: "b", prompt_id: "x1", score_chosen: 9 },
      { prompt: "q", chosen: "c", rejected: "d", prompt_id: "x2", score_chosen: 7 },
    ];
    const path = out();
    await convertDataset(writeJsonl("extra.jsonl", rows), path, BASE);
    expect(await records(path)).toEqual(rows);
    // LLMBar keeps its answer order and RewardBench its numeric ids.
    const llmbar = out("json");
    await convertDataset(fixture("llmbar/natural.json"), llmbar, { ...BASE, to: "llmbar" });
    expect(await records(llmbar)).toEqual(await records(fixture("llmbar/natural.json")));
    const rb = out();
    await convertDataset(fixture("datasets/rewardbench.jsonl"), rb, { ...BASE, to: "rewardbench" });
    expect((await records(rb)).map((r) => r.id)).toEqual([1, 2, 3]);
  });

  it("never labels one answer both ways in KTO output", async () => {
    const identical = out();
    const summary = await convertDataset(
      writeJsonl("same.jsonl", [{ prompt: "p", chosen: "same", rejected: "same" }]),
      identical,
      { ...BASE, to: "trl-unpaired" },
    );
    expect(summary.dropped).toEqual({ "identical chosen and rejected": 1 });
    expect(await records(identical)).toEqual([]);
    // UltraFeedback record 1, all pairs: falcon (mean 4) is chosen over alpaca and rejected
    // against gpt-4, so it gets no label; gpt-4 is desirable and alpaca not.
    const rated = out();
    await convertDataset(fixture("datasets/ultrafeedback.jsonl"), rated, {
      ...BASE,
      to: "trl-unpaired",
    });
    const labels = (await records(rated)).map((r) => [String(r.completion).slice(0, 9), r.label]);
    expect(labels).toEqual([
      ["Recursion", true],
      ["Recursion", false],
      ["Red, yell", true],
      ["Green, pu", false],
    ]);
  });

  it("keeps canonical ties and sides when writing arena battles", async () => {
    const path = out();
    await convertDataset(example("canonical-demo.jsonl"), path, { ...BASE, to: "arena" });
    const canonical = await records(example("canonical-demo.jsonl"));
    const pairwise = canonical.filter((e) => e.type === "judgment" && e.kind === "pairwise");
    const battles = (await records(path)).map((b) => [b.model_a, b.model_b, b.winner]);
    const system = new Map(
      canonical.filter((e) => e.type === "candidate").map((e) => [e.id, e.system]),
    );
    const winner = { a: "model_a", b: "model_b", tie: "tie", both_bad: "tie (bothbad)" } as const;
    // Every pairwise judgment is a battle with its sides and outcome, ties included; rankings
    // and ratings add the battles their pairs give.
    expect(pairwise.some((j) => j.outcome === "tie")).toBe(true);
    for (const j of pairwise) {
      expect(battles).toContainEqual([
        system.get(j.a),
        system.get(j.b),
        winner[j.outcome as keyof typeof winner],
      ]);
    }
  });

  it("refuses what cannot be derived, a misspelt criterion and prefkit filters, up front or at the end", async () => {
    await expect(
      convertDataset(fixture("datasets/trl-unpaired.jsonl"), out(), BASE),
    ).rejects.toThrow(
      "cannot write trl-preference from trl-unpaired: unpaired examples have one completion; pairs need two",
    );
    await expect(
      convertDataset(fixture("datasets/ultrafeedback.jsonl"), out(), {
        ...BASE,
        criterion: "helpfullness",
      }),
    ).rejects.toThrow(
      /--criterion helpfullness: no completion has it \(criteria in this file: .*helpfulness/,
    );
    await expect(
      convertDataset(example("canonical-demo.jsonl"), out(), {
        ...BASE,
        to: "prefkit",
        maxChars: 40,
      }),
    ).rejects.toThrow(/prefkit → prefkit copies entries/);
  });

  it("checks canonical references even when copying prefkit to prefkit", async () => {
    const input = writeJsonl("broken.jsonl", [
      { type: "prompt", id: "p1", messages: [{ role: "user", content: "hi" }] },
      {
        type: "judgment",
        id: "j1",
        kind: "binary",
        prompt: "p1",
        candidate: "c9",
        approved: true,
        source: { kind: "human", annotator: "a" },
      },
    ]);
    await expect(convertDataset(input, out(), { ...BASE, to: "prefkit" })).rejects.toThrow(
      /broken\.jsonl:2: candidate: /,
    );
  });

  it("matches --where only on present fields, as the leaderboard does", async () => {
    const path = out();
    const summary = await convertDataset(
      writeJsonl("where.jsonl", [
        { prompt: "p", chosen: "a", rejected: "b" },
        { prompt: "q", chosen: "a", rejected: "b", subset: "" },
      ]),
      path,
      { ...BASE, where: [{ field: "subset", value: "" }] },
    );
    expect(summary.written[path]).toBe(1);
  });

  it("refuses an output that is the input spelt another way", async () => {
    const input = writeJsonl("self.jsonl", [{ prompt: "p", chosen: "a", rejected: "b" }]);
    const relative = `${dir}/./self.jsonl`;
    await expect(convertDataset(input, relative, { ...BASE, to: "trl-unpaired" })).rejects.toThrow(
      /would overwrite the input/,
    );
    await expect(
      convertDataset(input, join(dir, "o.jsonl"), { ...BASE, rejects: join(dir, "o.jsonl") }),
    ).rejects.toThrow(/would overwrite the output/);
  });

  it("writes conversational data to CSV as text when every field is one message", async () => {
    const path = out("csv");
    await convertDataset(fixture("datasets/trl-preference-conversational.jsonl"), path, {
      ...BASE,
      rejects: join(dir, "csv-rejects.jsonl"),
    });
    const rows = await records(path);
    // The system-prompt and multi-turn records cannot be text; the others are.
    expect(rows).toEqual([
      { prompt: "Is 7 odd?", chosen: "Yes, 7 is odd.", rejected: "No." },
      {
        prompt: "Say hello in Japanese — 日本語で。",
        chosen: "こんにちは (konnichiwa).",
        rejected: "Bonjour.",
      },
    ]);
    expect((await records(join(dir, "csv-rejects.jsonl"))).map((r) => r.field)).toEqual([
      "prompt",
      "prompt",
    ]);
  });
});
