import { describe, expect, it } from "vitest";
import { annotatorTableMapping } from "../../../../src/formats/dataset/judgments/annotator-table.js";
import {
  parseLabelsOption,
  parseMapOptions,
  parseMapping,
} from "../../../../src/formats/dataset/judgments/field-mapping.js";
import { readMapped, writeMapped } from "../../../../src/formats/dataset/judgments/mapped.js";

const pandalm = {
  idx: 2,
  motivation_app: "Wolfram alpha",
  instruction: "What is 17 * 3?",
  input: "",
  response1: "41",
  response2: "51",
  annotator1: 2,
  annotator2: 2,
  annotator3: 0,
};

function mapping(map: string, labels?: string) {
  const r = parseMapOptions(map, labels);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.mapping;
}

describe("annotator tables", () => {
  it("read PandaLM's codes: 0 a tie, 1 response1 better, 2 response2 better, one labeller per column", () => {
    const m = annotatorTableMapping(pandalm)!;
    const r = readMapped(pandalm, m);
    expect(r.ok && r.value).toEqual({
      id: "2",
      prompt: [{ role: "user", content: "What is 17 * 3?" }],
      a: [{ role: "assistant", content: "41" }],
      b: [{ role: "assistant", content: "51" }],
      labels: [
        { labeller: "annotator1", source: "human", preference: 0, raw: 2 },
        { labeller: "annotator2", source: "human", preference: 0, raw: 2 },
        { labeller: "annotator3", source: "human", preference: 0.5, raw: 0 },
      ],
      extra: { motivation_app: "Wolfram alpha" },
    });
  });

  it("append a non-empty input to the instruction, and find judge_* and rater-* columns", () => {
    const record = {
      instruction: "Fix:",
      input: "teh cat",
      response_a: "the cat",
      response_b: "teh cat",
      judge_gpt4: 1,
      "rater-2": 2,
    };
    const r = readMapped(record, annotatorTableMapping(record)!);
    expect(r.ok && r.value.prompt).toEqual([{ role: "user", content: "Fix:\n\nteh cat" }]);
    expect(r.ok && r.value.labels.map((l) => [l.labeller, l.preference])).toEqual([
      ["judge_gpt4", 1],
      ["rater-2", 0],
    ]);
  });

  it("are not a table without labeller columns", () => {
    expect(annotatorTableMapping({ response1: "a", response2: "b", label: 1 })).toBeUndefined();
  });
});

describe("--map and --labels", () => {
  it("read a table whose labels are codes, through dotted paths", () => {
    const m = mapping(
      "prompt=q.text,a=answers.0,b=answers.1,system_a=models.0,system_b=models.1,id=qid,subset=q.cat,label=verdict",
      "A=a,B=b,T=tie,BB=both_bad,A+=a>>b,B+=b>>a,0.8=0.8",
    );
    const record = {
      qid: 7,
      q: { text: "Why?", cat: "reasoning" },
      answers: ["Because.", "No idea."],
      models: ["m1", "m2"],
      verdict: "A+",
      note: "kept",
    };
    const r = readMapped(record, m);
    expect(r.ok && r.value).toEqual({
      id: "7",
      prompt: [{ role: "user", content: "Why?" }],
      a: [{ role: "assistant", content: "Because." }],
      b: [{ role: "assistant", content: "No idea." }],
      systemA: "m1",
      systemB: "m2",
      subset: "reasoning",
      labels: [{ labeller: "verdict", source: "human", preference: 1, strong: true, raw: "A+" }],
      extra: { q: record.q, answers: record.answers, models: record.models, note: "kept" },
    });
    const codes = ["A", "B", "T", "BB", "B+", "0.8", null, ""].map((v) => {
      const x = readMapped({ ...record, verdict: v }, m);
      return x.ok
        ? [
            x.value.labels[0]!.preference,
            x.value.labels[0]!.strong ?? false,
            x.value.labels[0]!.bothBad ?? false,
          ]
        : x.issues;
    });
    expect(codes).toEqual([
      [1, false, false],
      [0, false, false],
      [0.5, false, false],
      [0.5, false, true],
      [0, true, false],
      [0.8, false, false],
      [null, false, false], // null and an empty cell are unparsed
      [null, false, false],
    ]);
  });

  it("name a labeller per column with label.NAME, or take it from a column (long tables)", () => {
    const wide = readMapped(
      { p: "x", r1: "a", r2: "b", h1: "a", h2: "tie" },
      mapping("prompt=p,a=r1,b=r2,label.alice=h1,label.bob=h2"),
    );
    expect(wide.ok && wide.value.labels.map((l) => [l.labeller, l.preference])).toEqual([
      ["alice", 1],
      ["bob", 0.5],
    ]);
    const long = readMapped(
      { p: "x", who: "carol", v: "b" },
      mapping("prompt=p,label=v,labeller=who"),
    );
    expect(long.ok && long.value.labels.map((l) => [l.labeller, l.preference])).toEqual([
      ["carol", 0],
    ]);
  });

  it("give a label from two scores when no label column is mapped", () => {
    const r = readMapped({ sa: 0.2, sb: "1.5" }, mapping("score_a=sa,score_b=sb"));
    expect(r.ok && r.value.labels).toEqual([
      { labeller: "scores", source: "human", scores: [0.2, 1.5], preference: 0 },
    ]);
  });

  it("report a mapped field missing from a record, and an unmapped label value with the mapping", () => {
    const m = mapping("prompt=instruction,a=response1,b=response2,label=verdict", "0=tie,1=a,2=b");
    const missing = readMapped({ instruction: "x", response1: "a", verdict: 1 }, m);
    expect(missing.ok ? undefined : missing.issues).toEqual([
      { field: "response2", message: "missing" },
    ]);
    const unknown = readMapped({ instruction: "x", response1: "a", response2: "b", verdict: 3 }, m);
    expect(unknown.ok ? undefined : unknown.issues).toEqual([
      {
        field: "verdict",
        message: "unmapped label value 3 (mapping: 0=tie, 1=a, 2=b; give --labels)",
      },
    ]);
    const names = readMapped({ v: "A wins" }, mapping("label=v"));
    expect(names.ok ? undefined : names.issues[0]!.message).toBe(
      'unmapped label value "A wins" (mapping: the names a, b, tie, both_bad, a>>b, b>>a; give --labels)',
    );
  });

  it("are refused with the key or value named", () => {
    const bad = (map: string, labels?: string) => {
      const r = parseMapOptions(map, labels);
      return r.ok ? [] : r.issues.map((i) => `${i.field}: ${i.message}`);
    };
    expect(bad("promt=instruction,label=v")).toEqual([
      "--map promt: unknown key (expected prompt, input, a, b, system_a, system_b, id, subset, turn, probability, score_a, score_b, labeller, label or label.<name>)",
    ]);
    expect(bad("prompt=instruction")).toEqual([
      "--map: maps no label (label=COLUMN, label.NAME=COLUMN, or score_a and score_b)",
    ]);
    expect(bad("label=v", "1=a,2=second")).toEqual([
      '--labels 2: unknown meaning "second" (expected a, b, tie, both_bad, a>>b, b>>a or a number in [0, 1])',
    ]);
    expect(bad("prompt")).toEqual(['--map: "prompt" is not KEY=VALUE']);
    expect(bad("label=v", "1=1.5")[0]).toMatch(/^--labels 1: unknown meaning "1.5"/);
  });

  it("read the same from a --mapping file, whose problems name their key path", () => {
    const fromFile = parseMapping({
      map: { prompt: "instruction", label: "v" },
      labels: { "0": "tie", "1": "a" },
    });
    expect(fromFile.ok).toBe(true);
    const bad = parseMapping({
      map: { prompt: "instruction", "label.x": "" },
      labels: { "1": "a" },
      lables: {},
    });
    expect(bad.ok ? [] : bad.issues.map((i) => `${i.field}: ${i.message}`)).toEqual([
      "map.label.x: names no column",
      "lables: unknown field",
    ]);
  });

  it("--labels alone change what an annotator table's codes mean", () => {
    const values = parseLabelsOption("1=b,2=a,0=both_bad");
    if (!values.ok) throw new Error("unparsed");
    const r = readMapped(pandalm, annotatorTableMapping(pandalm, values.values)!);
    expect(r.ok && r.value.labels.map((l) => [l.preference, l.bothBad ?? false])).toEqual([
      [1, false],
      [1, false],
      [0.5, true],
    ]);
  });

  it("write a comparison back through the mapping, codes included", () => {
    const m = mapping(
      "prompt=instruction,a=response1,b=response2,id=idx,label.annotator1=annotator1,label.annotator3=annotator3",
      "0=tie,1=a,2=b",
    );
    const read = readMapped(pandalm, m);
    if (!read.ok) throw new Error("unreadable");
    const out = writeMapped(read.value, m);
    expect(out.ok && out.value).toEqual([
      {
        motivation_app: "Wolfram alpha",
        input: "",
        annotator2: 2,
        instruction: "What is 17 * 3?",
        response1: "41",
        response2: "51",
        idx: "2",
        annotator1: 2,
        annotator3: 0,
      },
    ]);
  });
});
