import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { CanonicalEntry, Derivation } from "../../../src/core/dataset/canonical.js";
import { CanonicalBuilder } from "../../../src/core/dataset/canonical-builder.js";
import {
  candidateIdOf,
  promptIdOf,
  UNKNOWN_SYSTEM,
} from "../../../src/core/dataset/canonical-ids.js";
import { CanonicalResolver } from "../../../src/core/dataset/canonical-resolver.js";
import { chosenShownFirst } from "../../../src/core/dataset/dedupe.js";
import { type RatedCompletions, ratedToPairs } from "../../../src/core/dataset/derive.js";
import { fnv1a64 } from "../../../src/core/dataset/hash.js";
import {
  type PreferencePair,
  type UnpairedExample,
  withExplicitPrompt,
} from "../../../src/core/dataset/preference.js";
import type {
  AnnotatorId,
  CandidateId,
  Judgment,
  JudgmentSource,
  Message,
  Prompt,
  PromptId,
  SystemId,
} from "../../../src/core/types.js";
import { messageOf } from "./arbitraries.js";

const user = (content: string): Message => ({ role: "user", content });
const assistant = (content: string): Message => ({ role: "assistant", content });
const human: JudgmentSource = { kind: "human", annotatorId: "ann-1" as AnnotatorId };
const judge: JudgmentSource = { kind: "ai", model: "gpt-4o-judge" };

const prompt = (id: string, text: string, category?: string): CanonicalEntry => ({
  type: "prompt",
  prompt: {
    id: id as PromptId,
    messages: [user(text)],
    ...(category !== undefined ? { category } : {}),
  },
});
const candidate = (id: string, promptId: string, system: string, text: string): CanonicalEntry => ({
  type: "candidate",
  candidate: {
    id: id as CandidateId,
    promptId: promptId as PromptId,
    systemId: system as SystemId,
    messages: [assistant(text)],
  },
});
const judgment = (j: Record<string, unknown>): CanonicalEntry => ({
  type: "judgment",
  judgment: { source: human, ...j } as unknown as Judgment,
});
const c = (id: string) => id as CandidateId;

/** Two prompts, four candidates, one judgment of each kind and a tie. */
const file: CanonicalEntry[] = [
  prompt("p1", "What is the capital of France?", "geography"),
  prompt("p2", "Write a haiku about rain."),
  { type: "system", system: { id: "gpt-4o" as SystemId, model: "gpt-4o-2024-08-06" } },
  candidate("c1", "p1", "gpt-4o", "Paris."),
  candidate("c2", "p1", "llama-3", "Lyon."),
  candidate("c3", "p1", "mistral", "Paris, on the Seine."),
  candidate(
    "c4",
    "p2",
    "gpt-4o",
    "Grey roofs hum softly / puddles hold a borrowed sky / the street exhales slow",
  ),
  judgment({ id: "j1", kind: "pairwise", promptId: "p1", a: c("c2"), b: c("c1"), outcome: "b" }),
  judgment({ id: "j2", kind: "ranking", promptId: "p1", order: [[c("c3"), c("c1")], [c("c2")]] }),
  judgment({
    id: "j3",
    kind: "rating",
    promptId: "p1",
    scores: [
      { candidateId: "c1", criterion: "helpfulness", score: 4 },
      { candidateId: "c1", criterion: "correctness", score: 5 },
      { candidateId: "c2", criterion: "helpfulness", score: 2 },
      { candidateId: "c3", criterion: "correctness", score: 5 },
    ],
  }),
  judgment({
    id: "j4",
    kind: "binary",
    promptId: "p2",
    candidateId: "c4",
    approved: true,
    source: judge,
  }),
  judgment({
    id: "j5",
    kind: "pairwise",
    promptId: "p1",
    a: c("c1"),
    b: c("c3"),
    outcome: "tie",
    source: judge,
  }),
];

function resolveAll(entries: readonly CanonicalEntry[], criterion?: string): Derivation[] {
  const resolver = new CanonicalResolver(criterion === undefined ? {} : { criterion });
  return entries.flatMap((entry) => {
    const r = resolver.add(entry);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.derived ? [r.derived] : [];
  });
}

const idOf = (e: CanonicalEntry): string => {
  switch (e.type) {
    case "prompt":
      return e.prompt.id;
    case "system":
      return e.system.id;
    case "candidate":
      return e.candidate.id;
    case "judgment":
      return e.judgment.id;
  }
};

function lastJudgment(entries: readonly CanonicalEntry[]): Judgment {
  const last = entries.at(-1);
  if (last?.type !== "judgment") throw new Error("expected a judgment last");
  return last.judgment;
}

const scores = (d: Derivation | undefined) =>
  d && (d.kind === "ranking" || d.kind === "rating")
    ? d.rated.completions.map((x) => `${x.model}:${x.score}`)
    : undefined;

describe("CanonicalResolver on a worked example", () => {
  const derived = resolveAll(file);

  it("derives one thing per judgment, in file order", () => {
    expect(derived.map((d) => d.kind)).toEqual([
      "pairwise",
      "ranking",
      "rating",
      "binary",
      "pairwise",
    ]);
  });

  // Hand-worked known answers: each derived judgment its own expected value.
  it("turns a pairwise win into a pair (winner chosen, systems as models, category as subset) and a battle", () => {
    expect(derived[0]).toEqual({
      kind: "pairwise",
      answered: true,
      battle: {
        systemA: "llama-3",
        systemB: "gpt-4o",
        outcome: "b",
        source: "human",
        promptId: "p1",
      },
      // Each side as it was shown: the prompt, then that side's candidate.
      conversations: [
        [user("What is the capital of France?"), assistant("Lyon.")],
        [user("What is the capital of France?"), assistant("Paris.")],
      ],
      pair: {
        prompt: [user("What is the capital of France?")],
        chosen: [assistant("Paris.")],
        rejected: [assistant("Lyon.")],
        chosenModel: "gpt-4o",
        rejectedModel: "llama-3",
        // b won, so the chosen answer was shown second.
        chosenFirst: false,
        id: "j1",
        subset: "geography",
      },
    });
  });

  it("turns a tie into a battle without a pair", () => {
    expect(derived[4]).toEqual({
      kind: "pairwise",
      answered: true,
      battle: {
        systemA: "gpt-4o",
        systemB: "mistral",
        outcome: "tie",
        source: "ai",
        promptId: "p1",
      },
      conversations: [
        [user("What is the capital of France?"), assistant("Paris.")],
        [user("What is the capital of France?"), assistant("Paris, on the Seine.")],
      ],
    });
  });

  it("scores a ranking by tiers from the bottom, so ties score equal and margins are tier distances", () => {
    expect(scores(derived[1])).toEqual(["mistral:2", "gpt-4o:2", "llama-3:1"]);
    const rated = (derived[1] as { rated: RatedCompletions }).rated;
    expect(rated.id).toBe("j2");
    expect(
      ratedToPairs(rated).map((p) => `${p.chosenModel}>${p.rejectedModel}:${p.margin}`),
    ).toEqual(["mistral>llama-3:1", "gpt-4o>llama-3:1"]);
  });

  it("scores a rating by the mean of each candidate's criteria, keeping every criterion", () => {
    expect(scores(derived[2])).toEqual(["gpt-4o:4.5", "llama-3:2", "mistral:5"]);
    const rated = (derived[2] as { rated: RatedCompletions }).rated;
    expect(rated.completions.map((x) => x.criteria)).toEqual([
      { helpfulness: 4, correctness: 5 },
      { helpfulness: 2 },
      { correctness: 5 },
    ]);
  });

  it("scores a rating by one named criterion, NaN where a candidate lacks it (and never pairs it)", () => {
    const rating = resolveAll(file, "helpfulness")[2];
    expect(scores(rating)).toEqual(["gpt-4o:4", "llama-3:2", "mistral:NaN"]);
    const rated = (rating as { rated: RatedCompletions }).rated;
    expect(ratedToPairs(rated).map((p) => `${p.chosenModel}>${p.rejectedModel}`)).toEqual([
      "gpt-4o>llama-3",
    ]);
  });

  it("turns a binary judgment into an unpaired example", () => {
    expect(derived[3]).toEqual({
      kind: "binary",
      example: {
        prompt: [user("Write a haiku about rain.")],
        completion: [
          assistant(
            "Grey roofs hum softly / puddles hold a borrowed sky / the street exhales slow",
          ),
        ],
        label: true,
        model: "gpt-4o",
        id: "j4",
      },
    });
  });

  it("keeps the systems given by system entries", () => {
    const resolver = new CanonicalResolver();
    for (const entry of file) resolver.add(entry);
    expect([...resolver.systems.values()]).toEqual([{ id: "gpt-4o", model: "gpt-4o-2024-08-06" }]);
  });
});

describe("CanonicalResolver reference problems", () => {
  const setup = () => {
    const resolver = new CanonicalResolver();
    for (const entry of file.slice(0, 7)) expect(resolver.add(entry).ok).toBe(true);
    return resolver;
  };

  it("reports a candidate of an unknown prompt: prompts come first", () => {
    expect(setup().add(candidate("c9", "p9", "gpt-4o", "x"))).toMatchInlineSnapshot(`
      {
        "issues": [
          {
            "code": "unknown_prompt",
            "field": "prompt",
            "message": "unknown prompt "p9": a prompt entry must come before the candidates that use it",
          },
        ],
        "ok": false,
      }
    `);
  });

  it("reports every unknown reference of a judgment by its field", () => {
    const r = setup().add(
      judgment({
        id: "j9",
        kind: "ranking",
        promptId: "p1",
        order: [[c("c1"), c("c8")], [c("c9")]],
      }),
    );
    expect(r).toMatchInlineSnapshot(`
      {
        "issues": [
          {
            "code": "unknown_candidate",
            "field": "order.0.1",
            "message": "unknown candidate "c8": a candidate entry must come before the judgments that use it",
          },
          {
            "code": "unknown_candidate",
            "field": "order.1.0",
            "message": "unknown candidate "c9": a candidate entry must come before the judgments that use it",
          },
        ],
        "ok": false,
      }
    `);
  });

  it("reports a judgment of an unknown prompt", () => {
    const r = setup().add(
      judgment({ id: "j9", kind: "binary", promptId: "p7", candidateId: c("c1"), approved: false }),
    );
    expect(r.ok ? [] : r.issues.map((i) => `${i.code} ${i.field}: ${i.message}`)).toEqual([
      'unknown_prompt prompt: unknown prompt "p7": a prompt entry must come before the judgments that use it',
    ]);
  });

  it("reports a candidate that answers another prompt", () => {
    const r = setup().add(
      judgment({
        id: "j9",
        kind: "rating",
        promptId: "p1",
        scores: [
          { candidateId: "c1", criterion: "overall", score: 3 },
          { candidateId: "c4", criterion: "overall", score: 1 },
          { candidateId: "c4", criterion: "style", score: 1 },
        ],
      }),
    );
    expect(r).toMatchInlineSnapshot(`
      {
        "issues": [
          {
            "code": "prompt_mismatch",
            "field": "scores.1.candidate",
            "message": "candidate "c4" answers prompt "p2", not this judgment's prompt "p1"",
          },
        ],
        "ok": false,
      }
    `);
  });

  it("reports duplicate ids per entry type and keeps the first definition", () => {
    const resolver = setup();
    expect(resolver.add(prompt("p1", "Another question?"))).toEqual({
      ok: false,
      issues: [
        {
          code: "duplicate_id",
          field: "id",
          message: 'duplicate prompt id "p1": an earlier prompt entry has it',
        },
      ],
    });
    expect(resolver.add(candidate("c1", "p1", "x", "y")).ok).toBe(false);
    expect(resolver.add({ type: "system", system: { id: "gpt-4o" as SystemId } }).ok).toBe(false);
    // a prompt and a candidate may share an id: they are different kinds of thing
    expect(resolver.add(candidate("p1", "p1", "gpt-4o", "Paris!")).ok).toBe(true);
    const j = judgment({
      id: "j1",
      kind: "binary",
      promptId: "p1",
      candidateId: c("c1"),
      approved: true,
    });
    expect(resolver.add(j).ok).toBe(true);
    expect(resolver.add(j)).toMatchObject({
      ok: false,
      issues: [{ code: "duplicate_id", field: "id" }],
    });
    const derived = resolver.add(
      judgment({ id: "j2", kind: "binary", promptId: "p1", candidateId: c("c1"), approved: true }),
    );
    expect(
      derived.ok && derived.derived?.kind === "binary" && derived.derived.example.prompt,
    ).toEqual([user("What is the capital of France?")]);
  });

  it("lets a judgment with issues change nothing, so its id stays free", () => {
    const resolver = setup();
    const bad = judgment({
      id: "j1",
      kind: "binary",
      promptId: "p1",
      candidateId: c("c9"),
      approved: true,
    });
    expect(resolver.add(bad).ok).toBe(false);
    const good = judgment({
      id: "j1",
      kind: "binary",
      promptId: "p1",
      candidateId: c("c1"),
      approved: true,
    });
    expect(resolver.add(good).ok).toBe(true);
  });
});

describe("fnv1a64", () => {
  it("matches the published FNV-1a 64 test vectors over UTF-8", () => {
    expect(fnv1a64("")).toBe("cbf29ce484222325");
    expect(fnv1a64("a")).toBe("af63dc4c8601ec8c");
    expect(fnv1a64("foobar")).toBe("85944171f73967e8");
  });

  it("hashes the UTF-8 bytes of non-ASCII text, and lone surrogates apart", () => {
    // Reference: the same hash with BigInt over TextEncoder's bytes.
    const reference = (s: string) => {
      let h = 0xcbf29ce484222325n;
      for (const byte of new TextEncoder().encode(s)) {
        h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
      }
      return h.toString(16).padStart(16, "0");
    };
    for (const s of ["é", "€uro", "日本語", "emoji 😀 ok", "ß".repeat(50)])
      expect(fnv1a64(s)).toBe(reference(s));
    expect(fnv1a64("\ud800")).not.toBe(fnv1a64("\udc00"));
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => fnv1a64(s) === reference(s)));
  });
});

describe("CanonicalBuilder", () => {
  const pair: PreferencePair = {
    prompt: [user("What is 2 + 2?")],
    chosen: [assistant("4")],
    rejected: [assistant("5")],
    chosenModel: "gpt-4o",
    subset: "math",
  };

  it("emits the prompt, systems and candidates before the judgment, each once", () => {
    const builder = new CanonicalBuilder();
    const first = builder.fromPair(pair, human);
    expect(first.map((e) => e.type)).toEqual([
      "prompt",
      "system",
      "candidate",
      "system",
      "candidate",
      "judgment",
    ]);
    const again = builder.fromPair({ ...pair, rejected: [assistant("22")] }, human);
    expect(again.map((e) => e.type)).toEqual(["candidate", "judgment"]);
  });

  it("derives ids from content, the same in every builder and run (pinned: ids must not drift)", () => {
    const entries = new CanonicalBuilder().fromPair(pair, human);
    expect(entries).toEqual(new CanonicalBuilder().fromPair(pair, human));
    expect(entries.map(idOf)).toMatchInlineSnapshot(`
      [
        "p_05462865665e9db0",
        "gpt-4o",
        "c_cbe1de9ed470330e",
        "unknown",
        "c_d2d6aab3343ffada",
        "j_8edf462f1dc31932",
      ]
    `);
    const promptId = promptIdOf([user("What is 2 + 2?")], "math");
    expect(entries[0]).toEqual({
      type: "prompt",
      prompt: { id: promptId, messages: pair.prompt, category: "math" },
    });
    expect(entries[2]).toMatchObject({
      candidate: { id: candidateIdOf(promptId, "gpt-4o", [assistant("4")]) },
    });
  });

  it("gives the same prompt text the same id, and a different category a different one", () => {
    expect(promptIdOf([user("q")])).toBe(promptIdOf([{ role: "user", content: "q" }]));
    expect(promptIdOf([user("q")], "a")).not.toBe(promptIdOf([user("q")]));
    expect(promptIdOf([user("q")])).not.toBe(promptIdOf([{ role: "system", content: "q" }]));
  });

  it("names a repeated judgment apart instead of merging it", () => {
    const builder = new CanonicalBuilder();
    const ids = [1, 2, 3].map(() => lastJudgment(builder.fromPair(pair, human)).id);
    expect(ids[1]).toBe(`${ids[0]}-2`);
    expect(ids[2]).toBe(`${ids[0]}-3`);
    const other = lastJudgment(new CanonicalBuilder().fromPair({ ...pair, id: "rb-7" }, human));
    expect(other.id).not.toBe(ids[0]);
  });

  it("places the chosen answer first or second by the content hash, so there is no position effect", () => {
    const builder = new CanonicalBuilder();
    const outcomes = Array.from({ length: 200 }, (_, k) => {
      const entries = builder.fromPair({ ...pair, chosen: [assistant(`answer ${k}`)] }, human);
      const j = lastJudgment(entries);
      return j.kind === "pairwise" ? j.outcome : undefined;
    });
    const a = outcomes.filter((o) => o === "a").length;
    expect(a).toBeGreaterThan(70);
    expect(a).toBeLessThan(130);
  });

  it("makes an implicit prompt explicit", () => {
    const implicit = {
      prompt: [],
      chosen: [user("sky?"), assistant("blue")],
      rejected: [user("sky?"), assistant("green")],
    };
    const entries = new CanonicalBuilder().fromPair(implicit, human);
    expect(entries[0]).toMatchObject({ type: "prompt", prompt: { messages: [user("sky?")] } });
  });

  it("scores rated completions on their own criteria, or on the given criterion, leaving out NaN", () => {
    const rated: RatedCompletions = {
      prompt: [user("q")],
      completions: [
        { messages: [assistant("a")], score: 4, model: "m1" },
        { messages: [assistant("b")], score: Number.NaN, model: "m2" },
        {
          messages: [assistant("c")],
          score: 3.5,
          criteria: { honesty: 3, helpfulness: 4, truthfulness: Number.NaN },
        },
      ],
    };
    const entries = new CanonicalBuilder().fromRated(rated, judge, "overall");
    expect(entries.filter((e) => e.type === "candidate")).toHaveLength(3);
    const last = lastJudgment(entries);
    expect(
      last.kind === "rating" && last.scores.map((s) => JSON.stringify(Object.values(s))),
    ).toEqual([
      expect.stringMatching(/^\["c_[0-9a-f]{16}","overall",4\]$/),
      expect.stringMatching(/^\["c_[0-9a-f]{16}","honesty",3\]$/),
      expect.stringMatching(/^\["c_[0-9a-f]{16}","helpfulness",4\]$/),
    ]);
    const unrated = {
      prompt: [user("q")],
      completions: [{ messages: [assistant("a")], score: Number.NaN }],
    };
    expect(new CanonicalBuilder().fromRated(unrated, judge, "overall").map((e) => e.type)).toEqual([
      "prompt",
      "system",
      "candidate",
    ]);
    expect(() => new CanonicalBuilder().fromRated(rated, judge, "")).toThrow(RangeError);
  });

  it("keeps a battle's sides and outcome, ties included, with the shared turns as prompt", () => {
    const entries = new CanonicalBuilder().fromBattle(
      {
        systemA: "claude",
        systemB: "llama-3",
        outcome: "both_bad",
        conversationA: [user("hi"), assistant("Hello!")],
        conversationB: [user("hi"), assistant("Hey.")],
      },
      human,
    );
    const [derivation] = resolveAll(entries);
    expect(derivation).toEqual({
      kind: "pairwise",
      answered: true,
      battle: {
        systemA: "claude",
        systemB: "llama-3",
        outcome: "both_bad",
        source: "human",
        promptId: (entries[0] as { prompt: Prompt }).prompt.id,
      },
      // The battle's conversations come back whole: shared prompt, then each side's answer.
      conversations: [
        [user("hi"), assistant("Hello!")],
        [user("hi"), assistant("Hey.")],
      ],
    });
    expect((entries[0] as { prompt: Prompt }).prompt.messages).toEqual([user("hi")]);
  });
});

// Arbitraries for the round-trip properties.
const text = fc.string({ maxLength: 12 });
const message = messageOf(text);
const turns = (minLength: number) => fc.array(message, { minLength, maxLength: 3 });
const model = fc.option(fc.constantFrom("", "gpt-4o", "llama-3", "m"), { nil: undefined });
const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
const systemOf = (m: string | undefined) => (m === undefined || m === "" ? UNKNOWN_SYSTEM : m);
const sharedPrompts = fc.constantFrom(
  [user("one")],
  [user("two"), assistant("ok"), user("more")],
  [],
);

const pairArb: fc.Arbitrary<PreferencePair> = fc
  .record({
    prompt: fc.oneof(sharedPrompts, turns(0)),
    chosen: turns(1),
    rejected: turns(1),
    chosenModel: model,
    rejectedModel: model,
    subset: fc.option(fc.constantFrom("", "math", "chat"), { nil: undefined }),
    id: fc.option(text, { nil: undefined }),
  })
  .map(({ chosenModel, rejectedModel, subset, id, ...rest }) => ({
    ...rest,
    ...optional("chosenModel", chosenModel),
    ...optional("rejectedModel", rejectedModel),
    ...optional("subset", subset),
    ...optional("id", id),
  }));

const sources = fc.constantFrom(human, judge);

describe("builder → resolver round trip", () => {
  it("gives back every pair: prompt, chosen, rejected, models (unknown when absent), subset and the pair's own id", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(pairArb, sources), { maxLength: 6 }), (items) => {
        const builder = new CanonicalBuilder();
        const entries = items.flatMap(([pair, source]) => builder.fromPair(pair, source));
        const pairs = resolveAll(entries).map((d) => (d.kind === "pairwise" ? d.pair : undefined));
        expect(pairs).toEqual(
          items.map(([pair]) => {
            const p = withExplicitPrompt(pair);
            return {
              prompt: p.prompt,
              chosen: p.chosen,
              rejected: p.rejected,
              chosenModel: systemOf(p.chosenModel),
              rejectedModel: systemOf(p.rejectedModel),
              chosenFirst: chosenShownFirst(p),
              // The pair's own id is kept as the judgment's metadata; without one, the judgment's.
              id: p.id ?? expect.stringMatching(/^j_[0-9a-f]{16}(-\d+)?$/),
              ...(p.id !== undefined ? { metadata: { id: p.id } } : {}),
              ...optional("subset", p.subset),
            };
          }),
        );
      }),
    );
  });

  it("gives back rated completions with their finite scores", () => {
    const score = fc.oneof(
      fc.integer({ min: -5, max: 10 }),
      fc.constant(Number.NaN),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    );
    const ratedArb = fc.record({
      prompt: fc.oneof(sharedPrompts, turns(0)),
      completions: fc.array(fc.tuple(turns(1), score, model), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(ratedArb, sources, ({ prompt, completions }, source) => {
        // Distinct answers: a repeated answer by the same system is one candidate.
        const rated: RatedCompletions = {
          prompt,
          completions: completions.map(([messages, s, m], k) => ({
            messages: [assistant(String(k)), ...messages],
            score: s,
            ...optional("model", m),
          })),
        };
        const derived = resolveAll(new CanonicalBuilder().fromRated(rated, source, "overall"));
        const finite = rated.completions.filter((x) => Number.isFinite(x.score));
        if (finite.length === 0) {
          expect(derived).toEqual([]);
          return;
        }
        expect(derived).toEqual([
          {
            kind: "rating",
            rated: {
              prompt,
              id: expect.stringMatching(/^j_/),
              completions: finite.map((x) => ({
                messages: x.messages,
                score: x.score,
                model: systemOf(x.model),
                criteria: { overall: x.score },
              })),
            },
          },
        ]);
      }),
    );
  });

  it("gives back unpaired examples", () => {
    const exampleArb = fc
      .record({
        prompt: fc.oneof(sharedPrompts, turns(0)),
        completion: turns(1),
        label: fc.boolean(),
        model,
      })
      .map(({ model: m, ...rest }): UnpairedExample => ({ ...rest, ...optional("model", m) }));
    fc.assert(
      fc.property(fc.array(exampleArb, { maxLength: 5 }), sources, (examples, source) => {
        const builder = new CanonicalBuilder();
        const entries = examples.flatMap((x) => builder.fromUnpaired(x, source));
        expect(resolveAll(entries)).toEqual(
          examples.map((x) => ({
            kind: "binary",
            example: { ...x, model: systemOf(x.model), id: expect.stringMatching(/^j_/) },
          })),
        );
      }),
    );
  });

  it("builds the same entries from the same input, every time", () => {
    fc.assert(
      fc.property(fc.array(pairArb, { maxLength: 5 }), (pairs) => {
        const run = () => {
          const builder = new CanonicalBuilder();
          return pairs.flatMap((p) => builder.fromPair(p, human));
        };
        expect(run()).toEqual(run());
      }),
    );
  });
});

describe("CanonicalBuilder.fromSystemsBattle (a battle log without conversations)", () => {
  it("gives one prompt per question, one answerless candidate per system, and every repeat", () => {
    const builder = new CanonicalBuilder();
    const source = { kind: "human", annotatorId: "import" as AnnotatorId } as const;
    const battle = {
      systemA: "haiku",
      systemB: "gpt-4o",
      outcome: "b" as const,
      question: 0,
      metadata: { question_id: 0 },
    };
    const entries = [
      ...builder.fromSystemsBattle(battle, source),
      ...builder.fromSystemsBattle(battle, source),
      ...builder.fromSystemsBattle(
        { ...battle, question: 1, metadata: { question_id: 1 } },
        source,
      ),
    ];
    const prompts = entries.flatMap((e) => (e.type === "prompt" ? [e.prompt] : []));
    expect(prompts.map((p) => [p.messages, p.metadata])).toEqual([
      [[], { question_id: 0 }],
      [[], { question_id: 1 }],
    ]);
    const candidates = entries.flatMap((e) => (e.type === "candidate" ? [e.candidate] : []));
    expect(candidates).toHaveLength(4);
    expect(candidates.every((c) => c.messages.length === 0)).toBe(true);
    const judgments = entries.flatMap((e) => (e.type === "judgment" ? [e.judgment] : []));
    expect(judgments).toHaveLength(3);
    expect(judgments[1]!.id).toBe(`${judgments[0]!.id}-2`);
    // Resolved, the battle is there; its conversations are not known.
    const derived = resolveAll(entries);
    expect(derived[0]).toMatchObject({
      kind: "pairwise",
      answered: false,
      battle: { systemA: "haiku", systemB: "gpt-4o", outcome: "b" },
    });
  });
});
