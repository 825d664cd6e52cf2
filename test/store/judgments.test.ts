import fc from "fast-check";
import { expect, it } from "vitest";
import type { NewJudgment } from "../../src/store/store.js";
import {
  ai,
  candidate,
  cid,
  describeStore,
  human,
  pid,
  prompt,
  refusal,
  seedArena,
  storeError,
  vote,
} from "./fixture.js";

const SYSTEMS = ["s0", "s1", "s2"];

/** One judgment of each kind, every optional field set. */
function everyKind(): NewJudgment[] {
  return [
    {
      kind: "pairwise",
      promptId: pid("p0"),
      a: cid("p0-s0"),
      b: cid("p0-s1"),
      outcome: "b",
      strength: 0.75,
      source: {
        kind: "ai",
        model: "judge-1",
        template: "pairwise-v2",
        rawOutput: "[[B]]",
        swapped: true,
      },
      rationale: "B cites its source.",
      criterion: "faithfulness",
      idempotencyKey: "pairwise-1",
      id: "pairwise-1",
      createdAt: "2024-05-01T12:00:00.000Z",
    },
    {
      kind: "ranking",
      promptId: pid("p1"),
      order: [[cid("p1-s2")], [cid("p1-s0"), cid("p1-s1")]],
      source: { kind: "human", annotatorId: "ann-1" as never, attributes: { language: "de" } },
      rationale: "tie between the last two",
    },
    {
      kind: "rating",
      promptId: pid("p2"),
      scores: [
        { candidateId: cid("p2-s0"), criterion: "helpfulness", score: 4 },
        { candidateId: cid("p2-s0"), criterion: "safety", score: -1.25 },
        { candidateId: cid("p2-s1"), criterion: "helpfulness", score: 1e-9 },
      ],
      source: human("ann-2"),
      criterion: "rubric-v1",
    },
    {
      kind: "binary",
      promptId: pid("p3"),
      candidateId: cid("p3-s2"),
      approved: false,
      source: human("ann-1"),
    },
  ];
}

describeStore("judgments", (fx) => {
  it("stores every kind and lists them as given, with ids and times filled in", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 4, systems: SYSTEMS });
    const given = everyKind();
    const before = Date.now();
    const stored = await fx.store.addJudgments(projectId, given);
    expect(stored.map((s) => s.created)).toEqual([true, true, true, true]);
    const listed = await fx.store.listJudgments(projectId);
    expect(listed).toEqual(stored.map((s) => s.judgment));
    listed.forEach((j, i) => {
      const { id, createdAt, ...rest } = j;
      const { id: givenId, createdAt: givenAt, ...givenRest } = given[i]!;
      expect(rest).toEqual(givenRest);
      expect(id).toBe(givenId ?? id);
      expect(id).toMatch(givenId === undefined ? /^[0-9a-f-]{36}$/ : /.+/);
      if (givenAt !== undefined) expect(createdAt).toBe(givenAt);
      else expect(Date.parse(createdAt!)).toBeGreaterThanOrEqual(before - 1000);
    });
    expect(await fx.store.getJudgment(projectId, "pairwise-1")).toEqual(listed[0]);
    expect(await fx.store.getJudgment(projectId, "nope")).toBeUndefined();
    // In a batch: the stored ones by id, unknown and repeated ids left out of the map.
    const ids = listed.map((j) => j.id);
    const batch = await fx.store.getJudgments(projectId, [...ids, "nope", ids[0]!]);
    expect([...batch.keys()].sort()).toEqual([...ids].sort());
    for (const j of listed) expect(batch.get(j.id)).toEqual(j);
    expect((await fx.store.getJudgments(projectId, [])).size).toBe(0);
  });

  it("round-trips arbitrary batches of judgments exactly", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 3, systems: SYSTEMS });
    const candidateOf = (p: number, s: number) => cid(`p${p}-s${s}`);
    const text = fc.option(fc.string({ maxLength: 20 }), { nil: undefined });
    const base = {
      rationale: text,
      criterion: text,
      source: fc.oneof(
        fc.record({
          kind: fc.constant("human" as const),
          annotatorId: fc.constantFrom("a1", "a2"),
        }),
        fc.record(
          {
            kind: fc.constant("ai" as const),
            model: fc.string({ minLength: 1, maxLength: 10 }),
            template: fc.string(),
            rawOutput: fc.string(),
            swapped: fc.boolean(),
          },
          { requiredKeys: ["kind", "model"] },
        ),
      ),
    };
    const score = fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x));
    const judgment = fc.integer({ min: 0, max: 2 }).chain((p) =>
      fc.oneof(
        fc.record({
          ...base,
          kind: fc.constant("pairwise" as const),
          promptId: fc.constant(pid(`p${p}`)),
          a: fc.constant(candidateOf(p, 0)),
          b: fc.constantFrom(candidateOf(p, 1), candidateOf(p, 2)),
          outcome: fc.constantFrom("a" as const, "b" as const, "tie" as const, "both_bad" as const),
          strength: fc.option(fc.double({ min: 1e-6, max: 1, noNaN: true }), { nil: undefined }),
        }),
        fc.record({
          ...base,
          kind: fc.constant("ranking" as const),
          promptId: fc.constant(pid(`p${p}`)),
          order: fc.constantFrom(
            [[candidateOf(p, 0)], [candidateOf(p, 1)]],
            [[candidateOf(p, 2), candidateOf(p, 0), candidateOf(p, 1)]],
          ),
        }),
        fc.record({
          ...base,
          kind: fc.constant("rating" as const),
          promptId: fc.constant(pid(`p${p}`)),
          scores: fc.tuple(score, score).map(([x, y]) => [
            { candidateId: candidateOf(p, 1), criterion: "overall", score: x },
            { candidateId: candidateOf(p, 2), criterion: "overall", score: y },
          ]),
        }),
        fc.record({
          ...base,
          kind: fc.constant("binary" as const),
          promptId: fc.constant(pid(`p${p}`)),
          candidateId: fc.constant(candidateOf(p, 0)),
          approved: fc.boolean(),
        }),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(judgment, { minLength: 1, maxLength: 8 }), async (batch) => {
        const clean = batch.map((j) => JSON.parse(JSON.stringify(j)) as NewJudgment);
        const stored = await fx.store.addJudgments(projectId, clean);
        for (const [i, s] of stored.entries()) {
          const { id, createdAt, ...rest } = s.judgment;
          expect(rest).toEqual(clean[i]);
          expect(await fx.store.getJudgment(projectId, id)).toEqual(s.judgment);
        }
      }),
      { numRuns: 25 },
    );
  });

  it("names the field and the item of every bad judgment, and stores nothing of its batch", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 2, systems: SYSTEMS });
    const good = vote("p0", "s0", "s1", "a");
    const version = await fx.store.judgmentVersion(projectId);
    const cases: [NewJudgment, { code: string; field: string }][] = [
      [
        { ...good, promptId: pid("nope") },
        { code: "unknown_reference", field: "prompt" },
      ],
      [
        { ...good, a: cid("nope") },
        { code: "unknown_reference", field: "a" },
      ],
      [
        { ...good, b: cid("p1-s1") },
        { code: "unknown_reference", field: "b" },
      ],
      [
        { ...good, b: cid("p0-s0") },
        { code: "invalid", field: "b" },
      ],
      [
        { ...good, strength: 0 },
        { code: "invalid", field: "strength" },
      ],
      [
        { ...good, outcome: "draw" as never },
        { code: "invalid", field: "outcome" },
      ],
      [
        { ...good, createdAt: "yesterday" },
        { code: "invalid", field: "created_at" },
      ],
      [
        { ...good, source: { kind: "ai", model: "" } },
        { code: "invalid", field: "source.model" },
      ],
      [
        {
          kind: "ranking",
          promptId: pid("p0"),
          order: [[cid("p0-s0")], [cid("p0-s1"), cid("p1-s2")]],
          source: ai("j"),
        },
        { code: "unknown_reference", field: "order.1.1" },
      ],
      [
        {
          kind: "ranking",
          promptId: pid("p0"),
          order: [[cid("p0-s0")], [cid("p0-s0")]],
          source: ai("j"),
        },
        { code: "invalid", field: "order.1.0" },
      ],
      [
        {
          kind: "rating",
          promptId: pid("p0"),
          scores: [
            { candidateId: cid("p0-s0"), criterion: "c", score: 1 },
            { candidateId: cid("p9-s0"), criterion: "c", score: 1 },
          ],
          source: ai("j"),
        },
        { code: "unknown_reference", field: "scores.1.candidate" },
      ],
      [
        {
          kind: "rating",
          promptId: pid("p0"),
          scores: [{ candidateId: cid("p0-s0"), criterion: "c", score: Number.NaN }],
          source: ai("j"),
        },
        { code: "invalid", field: "scores.0.score" },
      ],
      [
        {
          kind: "binary",
          promptId: pid("p0"),
          candidateId: cid("p1-s0"),
          approved: true,
          source: ai("j"),
        },
        { code: "unknown_reference", field: "candidate" },
      ],
    ];
    for (const [bad, expected] of cases) {
      const error = await storeError(fx.store.addJudgments(projectId, [good, good, bad]));
      expect(error, JSON.stringify(bad)).toEqual({ ...expected, index: 2 });
    }
    expect(await fx.store.listJudgments(projectId)).toEqual([]);
    expect(await fx.store.judgmentVersion(projectId)).toBe(version);
    expect(await storeError(fx.store.addJudgments("nope", [good]))).toEqual(
      refusal("not_found", "project"),
    );
  });

  it("refuses an id that is taken, in the database or earlier in the batch", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: SYSTEMS });
    await fx.store.addJudgments(projectId, [{ ...vote("p0", "s0", "s1", "a"), id: "j1" }]);
    const again = { ...vote("p0", "s0", "s2", "b"), id: "j1" };
    expect(await storeError(fx.store.addJudgments(projectId, [again]))).toEqual(
      refusal("duplicate_id", "id", 0),
    );
    const twice = [
      { ...vote("p0", "s0", "s1", "a"), id: "j2" },
      { ...vote("p0", "s0", "s1", "b"), id: "j2" },
    ];
    expect(await storeError(fx.store.addJudgments(projectId, twice))).toEqual(
      refusal("duplicate_id", "id", 1),
    );
    expect((await fx.store.listJudgments(projectId)).map((j) => j.id)).toEqual(["j1"]);
  });

  it("lists by annotator, after a judgment and up to a limit, in the order stored", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 3, systems: SYSTEMS });
    const stored = await fx.store.addJudgments(projectId, [
      vote("p0", "s0", "s1", "a", human("ann-1")),
      vote("p1", "s0", "s1", "b", human("ann-2")),
      vote("p2", "s0", "s1", "a", human("ann-1")),
      vote("p2", "s1", "s2", "tie", ai("judge")),
    ]);
    const ids = stored.map((s) => s.judgment.id);
    const listIds = async (options?: Parameters<typeof fx.store.listJudgments>[1]) =>
      (await fx.store.listJudgments(projectId, options)).map((j) => j.id);
    expect(await listIds()).toEqual(ids);
    expect(await listIds({ annotatorId: "ann-1" })).toEqual([ids[0], ids[2]]);
    expect(await listIds({ after: ids[0]! })).toEqual(ids.slice(1));
    expect(await listIds({ after: ids[0]!, limit: 2 })).toEqual(ids.slice(1, 3));
    expect(await listIds({ annotatorId: "ann-1", after: ids[0]! })).toEqual([ids[2]]);
    expect(await storeError(fx.store.listJudgments(projectId, { after: "nope" }))).toEqual(
      refusal("not_found", "after"),
    );
    expect(await storeError(fx.store.listJudgments(projectId, { limit: 0 }))).toEqual(
      refusal("invalid", "limit"),
    );
  });

  it("deletes a judgment once; the version changes with every add and delete", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: SYSTEMS });
    const versions = [await fx.store.judgmentVersion(projectId)];
    const [a] = await fx.store.addJudgments(projectId, [vote("p0", "s0", "s1", "a")]);
    versions.push(await fx.store.judgmentVersion(projectId));
    const [b] = await fx.store.addJudgments(projectId, [vote("p0", "s0", "s2", "b")]);
    versions.push(await fx.store.judgmentVersion(projectId));

    expect(await fx.store.deleteJudgment(projectId, b!.judgment.id)).toBe(true);
    expect(await fx.store.deleteJudgment(projectId, b!.judgment.id)).toBe(false);
    expect(await fx.store.deleteJudgment("other-project", a!.judgment.id)).toBe(false);
    // A delete is a change too: a new version, never an old one coming back.
    versions.push(await fx.store.judgmentVersion(projectId));
    await fx.store.addJudgments(projectId, [vote("p0", "s1", "s2", "b")]);
    versions.push(await fx.store.judgmentVersion(projectId));
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions).toEqual(["0", "1", "2", "3", "4"]);
    // A replay stores nothing, so it changes nothing.
    await fx.store.addJudgments(projectId, [
      { ...vote("p0", "s0", "s1", "a"), idempotencyKey: "k" },
    ]);
    const before = await fx.store.judgmentVersion(projectId);
    await fx.store.addJudgments(projectId, [
      { ...vote("p0", "s0", "s1", "a"), idempotencyKey: "k" },
    ]);
    expect(await fx.store.judgmentVersion(projectId)).toBe(before);

    expect((await fx.store.listJudgments(projectId)).map((j) => j.id)).not.toContain(
      b!.judgment.id,
    );
    expect(await fx.store.getJudgment(projectId, b!.judgment.id)).toBeUndefined();
  });

  it("accepts an empty batch", async () => {
    const projectId = await fx.project();
    expect(await fx.store.addJudgments(projectId, [])).toEqual([]);
  });

  it("checks a candidate against its own project's prompt", async () => {
    const [one, two] = [await fx.project(), await fx.project()];
    await fx.store.addPrompts(one, [prompt("p0")]);
    await fx.store.addPrompts(two, [prompt("p0")]);
    await fx.store.addCandidates(one, [candidate("x", "p0", "s0"), candidate("y", "p0", "s1")]);
    const j: NewJudgment = { ...vote("p0", "s0", "s1", "a"), a: cid("x"), b: cid("y") };
    expect(await storeError(fx.store.addJudgments(two, [j]))).toEqual(
      refusal("unknown_reference", "a", 0),
    );
    expect((await fx.store.addJudgments(one, [j]))[0]?.created).toBe(true);
  });
});
