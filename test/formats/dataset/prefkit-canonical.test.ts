import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CanonicalEntry, Derivation } from "../../../src/core/dataset/canonical.js";
import { CanonicalResolver } from "../../../src/core/dataset/canonical-resolver.js";
import type {
  AnnotatorId,
  CandidateId,
  JudgmentId,
  JudgmentSource,
  PromptId,
  SystemId,
} from "../../../src/core/types.js";
import {
  parseCanonicalEntry,
  toCanonicalRecord,
} from "../../../src/formats/dataset/prefkit-canonical.js";
import { defined } from "../../../src/formats/dataset/prefkit-canonical-write.js";
import { readJsonlRecords } from "../../../src/formats/dataset/read-records.js";
import { messageOf } from "../../core/dataset/arbitraries.js";

const DEMO = fileURLToPath(new URL("../../../examples/canonical-demo.jsonl", import.meta.url));

const human = { kind: "human", annotator: "ann-1" };
const pairwise = {
  type: "judgment",
  id: "j1",
  kind: "pairwise",
  prompt: "p1",
  a: "c1",
  b: "c2",
  outcome: "a",
  source: human,
};
/** A judgment record of another kind: `pairwise` without its pair and outcome. */
const otherKind = (kind: string) => ({
  ...pairwise,
  kind,
  a: undefined,
  b: undefined,
  outcome: undefined,
});

/** "field: message" of every issue, or the entry when there is none. */
const problems = (record: unknown) => {
  const r = parseCanonicalEntry(record);
  return r.ok ? r.entry : r.issues.map((i) => `${i.field}: ${i.message}`);
};

describe("parseCanonicalEntry reads every entry type into the domain shape", () => {
  it("reads a prompt with content parts and optional fields", () => {
    // A full record with an image part, as catalog.test.ts has its own: each checks its own layer.
    const record = {
      type: "prompt",
      id: "p1",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in this picture?" },
            { type: "image_url", url: "https://example.com/cat.png" },
          ],
        },
      ],
      category: "vision",
      language: "en",
      metadata: { source: "demo", difficulty: 2 },
    };
    expect(parseCanonicalEntry(record)).toEqual({
      ok: true,
      entry: {
        type: "prompt",
        prompt: {
          id: "p1",
          messages: record.messages,
          category: "vision",
          language: "en",
          metadata: { source: "demo", difficulty: 2 },
        },
      },
    });
  });

  it("reads a system, and a candidate with its references in camelCase", () => {
    expect(problems({ type: "system", id: "gpt-4o", variant: "cot" })).toEqual({
      type: "system",
      system: { id: "gpt-4o", variant: "cot" },
    });
    const candidate = {
      type: "candidate",
      id: "c1",
      prompt: "p1",
      system: "gpt-4o",
      messages: [{ role: "assistant", content: "A cat." }],
    };
    expect(problems(candidate)).toEqual({
      type: "candidate",
      candidate: { id: "c1", promptId: "p1", systemId: "gpt-4o", messages: candidate.messages },
    });
  });

  it("reads each judgment kind, with snake_case fields in camelCase and no absent fields", () => {
    const ai = { kind: "ai", model: "gpt-4o", raw_output: "[[A]]", swapped: true };
    expect(
      problems({ ...pairwise, strength: 1, source: ai, created_at: "2025-01-02T03:04:05Z" }),
    ).toMatchInlineSnapshot(`
        {
          "judgment": {
            "a": "c1",
            "b": "c2",
            "createdAt": "2025-01-02T03:04:05Z",
            "id": "j1",
            "kind": "pairwise",
            "outcome": "a",
            "promptId": "p1",
            "source": {
              "kind": "ai",
              "model": "gpt-4o",
              "rawOutput": "[[A]]",
              "swapped": true,
            },
            "strength": 1,
          },
          "type": "judgment",
        }
      `);
    const base = { type: "judgment", id: "j2", prompt: "p1", source: human, idempotency_key: "k" };
    expect(problems({ ...base, kind: "ranking", order: [["c1", "c2"], ["c3"]] })).toMatchObject({
      judgment: { kind: "ranking", order: [["c1", "c2"], ["c3"]], idempotencyKey: "k" },
    });
    expect(
      problems({
        ...base,
        kind: "rating",
        scores: [{ candidate: "c1", criterion: "tone", score: 4 }],
      }),
    ).toMatchObject({
      judgment: { kind: "rating", scores: [{ candidateId: "c1", criterion: "tone", score: 4 }] },
    });
    expect(problems({ ...base, kind: "binary", candidate: "c1", approved: false })).toMatchObject({
      judgment: {
        kind: "binary",
        candidateId: "c1",
        approved: false,
        source: { kind: "human", annotatorId: "ann-1" },
      },
    });
  });
});

describe("parseCanonicalEntry names the field and the problem of bad input", () => {
  it.each<[string, unknown, string[]]>([
    ["not an object", [1, 2], ["(record): expected a JSON object"]],
    [
      "an unknown type",
      { type: "answer", id: "x" },
      ['type: Invalid option: expected one of "prompt"|"system"|"candidate"|"judgment"'],
    ],
    [
      "no type",
      { id: "x" },
      ['type: Invalid option: expected one of "prompt"|"system"|"candidate"|"judgment"'],
    ],
    [
      "an unknown judgment kind",
      { ...pairwise, kind: "likert" },
      ['kind: Invalid option: expected one of "pairwise"|"ranking"|"rating"|"binary"'],
    ],
    ["a missing field", { ...pairwise, b: undefined }, ["b: missing field"]],
    [
      "a field of the wrong type",
      { type: "system", id: 7 },
      ["id: Invalid input: expected string, received number"],
    ],
    [
      "an empty id",
      { type: "system", id: "" },
      ["id: Too small: expected string to have >=1 characters"],
    ],
    [
      "a misspelt field (unknown fields are rejected)",
      { ...pairwise, outcome: undefined, outcom: "a" },
      [
        'outcome: Invalid option: expected one of "a"|"b"|"tie"|"both_bad"',
        "outcom: unknown field",
      ],
    ],
    ["strength 0", { ...pairwise, strength: 0 }, ["strength: Too small: expected number to be >0"]],
    [
      "strength above 1",
      { ...pairwise, strength: 1.5 },
      ["strength: Too big: expected number to be <=1"],
    ],
    [
      "an outcome not allowed",
      { ...pairwise, outcome: "model_a" },
      ['outcome: Invalid option: expected one of "a"|"b"|"tie"|"both_bad"'],
    ],
    [
      "an unknown source kind",
      { ...pairwise, source: { kind: "crowd" } },
      ["source.kind: Invalid discriminator value. Expected 'human' | 'ai'"],
    ],
    [
      "an AI source without its model",
      { ...pairwise, source: { kind: "ai", prompt: "x" } },
      ["source.model: missing field", "source.prompt: unknown field"],
    ],
    [
      "a timestamp that is not ISO-8601 with a zone",
      { ...pairwise, created_at: "2025-01-02 03:04" },
      ["created_at: Invalid ISO datetime"],
    ],
    [
      "a rating with no scores",
      { ...otherKind("rating"), scores: [] },
      ["scores: Too small: expected array to have >=1 items"],
    ],
    [
      "a score that is not a number",
      {
        ...otherKind("rating"),
        scores: [
          { candidate: "c1", criterion: "tone", score: 3 },
          { candidate: "c2", criterion: "tone", score: "4" },
        ],
      },
      ["scores.1.score: Invalid input: expected number, received string"],
    ],
    [
      "a candidate scored twice on one criterion",
      {
        ...otherKind("rating"),
        scores: [
          { candidate: "c1", criterion: "tone", score: 3 },
          { candidate: "c1", criterion: "style", score: 3 },
          { candidate: "c1", criterion: "tone", score: 4 },
        ],
      },
      ['scores.2: candidate "c1" already has a "tone" score'],
    ],
    [
      "a ranking with a candidate twice",
      {
        ...otherKind("ranking"),
        order: [["c1"], ["c2", "c1"]],
      },
      ['order.1.1: candidate "c1" is ranked more than once'],
    ],
    [
      "a ranking with an empty tier",
      {
        ...otherKind("ranking"),
        order: [["c1"], []],
      },
      ["order.1: Too small: expected array to have >=1 items"],
    ],
    [
      "a bad content part",
      {
        type: "prompt",
        id: "p",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "a" },
              { type: "text", text: 1 },
            ],
          },
        ],
      },
      ["messages.0.content.1.text: Invalid input: expected string, received number"],
    ],
    [
      "content that is neither text nor parts",
      { type: "prompt", id: "p", messages: [{ role: "robot", content: 3 }] },
      [
        'messages.0.role: Invalid option: expected one of "system"|"user"|"assistant"',
        "messages.0.content: expected a string or a list of content parts",
      ],
    ],
    [
      "a binary judgment with a string for approved",
      {
        ...otherKind("binary"),
        candidate: "c1",
        approved: "yes",
      },
      ["approved: Invalid input: expected boolean, received string"],
    ],
  ])("%s", (_, record, expected) => {
    // JSON has no undefined: a field set to undefined here is a field left out.
    expect(problems(JSON.parse(JSON.stringify(record)))).toEqual(expected);
  });
});

describe("parseCanonicalEntry holds every text field to its limit (field-limits.ts)", () => {
  const prompt = (content: unknown, extra: object = {}) => ({
    type: "prompt",
    id: "p1",
    messages: [{ role: "user", content }],
    ...extra,
  });
  it.each<[string, unknown, string[]]>([
    ["a long id", { type: "system", id: "s".repeat(201) }, ["id: at most 200 characters"]],
    [
      "a long rationale",
      { ...pairwise, rationale: "r".repeat(20_001) },
      ["rationale: at most 20000 characters"],
    ],
    [
      "a long idempotency key",
      { ...pairwise, idempotency_key: "k".repeat(201) },
      ["idempotency_key: at most 200 characters"],
    ],
    [
      "a long message",
      prompt("m".repeat(1_000_001)),
      ["messages.0.content: at most 1000000 characters"],
    ],
    [
      "a long content part",
      prompt([{ type: "text", text: "t".repeat(1_000_001) }]),
      ["messages.0.content.0.text: at most 1000000 characters"],
    ],
    [
      "too many messages",
      { ...prompt("x"), messages: Array(1001).fill({ role: "user", content: "x" }) },
      ["messages: at most 1000 messages"],
    ],
    [
      "a long attribute value",
      { ...pairwise, source: { ...human, attributes: { language: "l".repeat(201) } } },
      ["source.attributes.language: at most 200 characters"],
    ],
  ])("refuses %s", (_, record, expected) => {
    expect(problems(record)).toEqual(expected);
  });

  it("takes text at the limit", () => {
    expect(problems(prompt("m".repeat(1_000_000), { category: "c".repeat(200) }))).toMatchObject({
      type: "prompt",
    });
  });
});

describe("the canonical file format", () => {
  it("writes snake_case, leaves absent fields out, and keeps a fixed field order", () => {
    const entry: CanonicalEntry = {
      type: "judgment",
      judgment: {
        id: "j1" as JudgmentId,
        kind: "binary",
        promptId: "p1" as PromptId,
        candidateId: "c1" as CandidateId,
        approved: true,
        source: { kind: "ai", model: "gpt-4o", rawOutput: "yes" },
        createdAt: "2025-01-02T03:04:05Z",
      },
    };
    expect(JSON.stringify(toCanonicalRecord(entry))).toMatchInlineSnapshot(
      `"{"type":"judgment","id":"j1","kind":"binary","prompt":"p1","candidate":"c1","approved":true,"source":{"kind":"ai","model":"gpt-4o","raw_output":"yes"},"created_at":"2025-01-02T03:04:05Z"}"`,
    );
  });

  it("reads the demo file: every line parses and resolves", async () => {
    const resolver = new CanonicalResolver();
    const derived: Derivation[] = [];
    const issues: string[] = [];
    for await (const located of readJsonlRecords(DEMO)) {
      if (!located.ok) {
        issues.push(`${located.line}: ${located.message}`);
        continue;
      }
      const parsed = parseCanonicalEntry(located.record);
      if (!parsed.ok) {
        issues.push(...parsed.issues.map((i) => `${located.line}: ${i.field}: ${i.message}`));
        continue;
      }
      expect(toCanonicalRecord(parsed.entry)).toStrictEqual(located.record);
      const r = resolver.add(parsed.entry);
      if (!r.ok) issues.push(...r.issues.map((i) => `${located.line}: ${i.field}: ${i.message}`));
      else if (r.derived) derived.push(r.derived);
    }
    expect(issues).toEqual([]);
    expect(derived.map((d) => d.kind)).toEqual([
      "pairwise",
      "pairwise",
      "ranking",
      "binary",
      "rating",
      "pairwise",
      "binary",
    ]);
    expect(resolver.systems.size).toBe(3);
  });
});

// Arbitrary valid entries, for the round-trip property.
const id = fc.string({ minLength: 1, maxLength: 6 });
const text = fc.string({ maxLength: 8 });
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const json = fc.dictionary(
  fc.string({ maxLength: 5 }).filter((k) => k !== "__proto__"),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 3 },
);
const message = messageOf(text);
const source: fc.Arbitrary<JudgmentSource> = fc.oneof(
  fc
    .record({
      annotatorId: id.map((s) => s as AnnotatorId),
      attributes: opt(
        fc.dictionary(
          fc.string({ maxLength: 4 }).filter((k) => k !== "__proto__"),
          text,
          { maxKeys: 2 },
        ),
      ),
    })
    .map((s) => defined({ kind: "human" as const, ...s })),
  fc
    .record({ model: id, template: opt(text), rawOutput: opt(text), swapped: opt(fc.boolean()) })
    .map((s) => defined({ kind: "ai" as const, ...s })),
);

const judgmentBase = fc.record({
  id: id.map((s) => s as JudgmentId),
  promptId: id.map((s) => s as PromptId),
  source,
  rationale: opt(text),
  criterion: opt(text),
  createdAt: opt(
    fc
      .date({ min: new Date("1970-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString()),
  ),
  idempotencyKey: opt(id),
});
const cid = id.map((s) => s as CandidateId);

const judgment = fc.oneof(
  fc.record({
    kind: fc.constant("pairwise" as const),
    a: cid,
    b: cid,
    outcome: fc.constantFrom("a", "b", "tie", "both_bad"),
    strength: opt(fc.double({ min: 0, max: 1, minExcluded: true, noNaN: true })),
  }),
  fc.record({
    kind: fc.constant("ranking" as const),
    order: fc.uniqueArray(cid, { minLength: 1, maxLength: 5 }).chain((ids) =>
      fc.array(fc.boolean(), { minLength: ids.length - 1, maxLength: ids.length - 1 }).map((cuts) =>
        ids.reduce<CandidateId[][]>((tiers, c, k) => {
          if (k === 0 || cuts[k - 1]) tiers.push([c]);
          else tiers.at(-1)!.push(c);
          return tiers;
        }, []),
      ),
    ),
  }),
  fc.record({
    kind: fc.constant("rating" as const),
    scores: fc.uniqueArray(
      fc.record({
        candidateId: cid,
        criterion: id,
        score: fc.double({ noNaN: true, noDefaultInfinity: true }),
      }),
      { minLength: 1, maxLength: 4, selector: (s) => JSON.stringify([s.candidateId, s.criterion]) },
    ),
  }),
  fc.record({ kind: fc.constant("binary" as const), candidateId: cid, approved: fc.boolean() }),
);

const entry: fc.Arbitrary<CanonicalEntry> = fc.oneof(
  fc
    .record({
      id: id.map((s) => s as PromptId),
      messages: fc.array(message, { maxLength: 3 }),
      category: opt(text),
      language: opt(text),
      criterion: opt(text),
      context: opt(text),
      metadata: opt(json),
    })
    .map((p) => ({ type: "prompt" as const, prompt: defined(p) })),
  fc
    .record({
      id: id.map((s) => s as SystemId),
      model: opt(text),
      variant: opt(text),
      config: opt(json),
    })
    .map((s) => ({ type: "system" as const, system: defined(s) })),
  fc
    .record({
      id: cid,
      promptId: id.map((s) => s as PromptId),
      systemId: id.map((s) => s as SystemId),
      messages: fc.array(message, { minLength: 1, maxLength: 3 }),
      metadata: opt(json),
    })
    .map((c) => ({ type: "candidate" as const, candidate: defined(c) })),
  fc
    .tuple(judgmentBase, judgment)
    .map(([base, j]) => ({ type: "judgment" as const, judgment: defined({ ...base, ...j }) })),
);

describe("round trip (property)", () => {
  it("entry → record → JSON → parse gives the entry back, and the record back", () => {
    fc.assert(
      fc.property(entry, (generated) => {
        // What JSON can hold: plain objects (fast-check's have no prototype), no -0.
        const e: CanonicalEntry = JSON.parse(JSON.stringify(generated));
        const record = toCanonicalRecord(e);
        const parsed = parseCanonicalEntry(JSON.parse(JSON.stringify(record)));
        expect(parsed).toStrictEqual({ ok: true, entry: e });
        if (parsed.ok) expect(toCanonicalRecord(parsed.entry)).toStrictEqual(record);
      }),
    );
  });
});

describe("what a canonical file holds that the API does not", () => {
  it("keeps a judgment's metadata (its source record's other fields) through parse and write", () => {
    const record = { ...pairwise, metadata: { question_id: 0, language: "English" } };
    const parsed = parseCanonicalEntry(record);
    expect(parsed.ok && parsed.entry.type === "judgment" && parsed.entry.judgment.metadata).toEqual(
      { question_id: 0, language: "English" },
    );
    expect(parsed.ok && toCanonicalRecord(parsed.entry)).toEqual(record);
    const bad = parseCanonicalEntry({ ...pairwise, metadata: [1] });
    expect(bad.ok || bad.issues.map((i) => i.field)).toEqual(["metadata"]);
  });

  it("takes a candidate without messages: a battle log names the system, not its answer", () => {
    const record = { type: "candidate", id: "c", prompt: "p", system: "s", messages: [] };
    const parsed = parseCanonicalEntry(record);
    expect(parsed.ok && toCanonicalRecord(parsed.entry)).toEqual(record);
  });
});
