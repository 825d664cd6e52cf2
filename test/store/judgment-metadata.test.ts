import fc from "fast-check";
import { expect, it } from "vitest";
import type { CanonicalEntry } from "../../src/core/dataset/canonical.js";
import type { Judgment } from "../../src/core/types.js";
import type { NewJudgment } from "../../src/store/store.js";
import {
  ai,
  cid,
  describeStore,
  human,
  pid,
  refusal,
  seedArena,
  storeError,
  vote,
} from "./fixture.js";

/** What a judge job keeps under `metadata.judge` (app/judge/types.ts), abridged. */
const judgeMetadata = {
  judge: {
    job: "job-1",
    judge: "gpt-judge",
    template: "pairwise-v1",
    templateVersion: 2,
    mode: "pairwise",
    group: "p0\u0000p0-s0\u0000p0-s1",
    rule: "mean",
    preference: 0.25,
    consistent: false,
    games: [
      { game: 1, shown: ["p0-s0", "p0-s1"], label: "A>B", firstPreference: 0.75, raw: "A>B" },
      { game: 2, shown: ["p0-s1", "p0-s0"], label: "A>>B", firstPreference: 1, raw: "[[A>>B]]" },
    ],
  },
  note: null,
  nested: { empty: {}, list: [1.5, -2e-9, "ü", true] },
};

describeStore("judgment metadata", (fx) => {
  it("is stored and read back whole by listJudgments, getJudgment and exportEntries", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 2, systems: ["s0", "s1"] });
    const given: NewJudgment[] = [
      { ...vote("p0", "s0", "s1", "b", ai("gpt-judge")), id: "j1", metadata: judgeMetadata },
      {
        kind: "binary",
        promptId: pid("p1"),
        candidateId: cid("p1-s0"),
        approved: true,
        source: human("ann"),
        id: "j2",
        metadata: { question_id: 7 },
      },
      { ...vote("p1", "s0", "s1", "a"), id: "j3" },
    ];
    await fx.store.addJudgments(projectId, given);

    const listed = await fx.store.listJudgments(projectId);
    expect(listed.map((j) => j.metadata)).toEqual([judgeMetadata, { question_id: 7 }, undefined]);
    expect("metadata" in listed[2]!).toBe(false);
    expect((await fx.store.getJudgment(projectId, "j1"))?.metadata).toEqual(judgeMetadata);

    const exported: Judgment[] = [];
    for await (const e of fx.store.exportEntries(projectId)) {
      if (e.type === "judgment") exported.push(e.judgment);
    }
    expect(exported).toEqual(listed);
  });

  it("survives an import (addEntries) and an export of arbitrary JSON objects", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: ["s0", "s1"] });
    // fast-check's JSON values parse back to themselves; -0 is the one JSON turns into 0.
    const json = fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown);
    const metadata = fc.dictionary(fc.string({ maxLength: 8 }), json, { maxKeys: 4 });
    let n = 0;
    await fc.assert(
      fc.asyncProperty(metadata, async (m) => {
        const id = `import-${n++}`;
        const judgment = { ...vote("p0", "s0", "s1", "tie"), id, metadata: m };
        await fx.store.addEntries(projectId, {
          prompts: [],
          systems: [],
          candidates: [],
          judgments: [judgment],
        });
        expect((await fx.store.getJudgment(projectId, id))?.metadata).toEqual(m);
      }),
      { numRuns: 30 },
    );
    let entries = 0;
    for await (const e of fx.store.exportEntries(projectId) as AsyncIterable<CanonicalEntry>) {
      if (e.type === "judgment") entries++;
    }
    expect(entries).toBe(n);
  });

  it("refuses metadata JSON would not keep, naming the path, and stores nothing", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: ["s0", "s1"] });
    const good = vote("p0", "s0", "s1", "a");
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const cases: [unknown, string][] = [
      [[1, 2], "metadata"],
      ["text", "metadata"],
      [{ judge: { preference: Number.NaN } }, "metadata.judge.preference"],
      [{ cost: Number.POSITIVE_INFINITY }, "metadata.cost"],
      [{ games: [{ tokens: 10n }] }, "metadata.games.0.tokens"],
      [cyclic, "metadata.self"],
    ];
    for (const [metadata, field] of cases) {
      const bad = { ...good, metadata } as NewJudgment;
      expect(await storeError(fx.store.addJudgments(projectId, [good, bad]))).toEqual(
        refusal("invalid", field, 1),
      );
    }
    expect(await fx.store.listJudgments(projectId)).toEqual([]);
  });

  it("counts in an idempotent replay: other metadata under the same key is a conflict", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1, systems: ["s0", "s1"] });
    const first = {
      ...vote("p0", "s0", "s1", "a"),
      idempotencyKey: "k",
      metadata: { run: 1, by: "x" },
    };
    const [stored] = await fx.store.addJudgments(projectId, [first]);
    // The same metadata with its keys in another order is the same judgment.
    const again = { ...first, metadata: { by: "x", run: 1 } };
    expect(await fx.store.addJudgments(projectId, [again])).toEqual([
      { judgment: stored!.judgment, created: false },
    ]);
    const other = { ...first, metadata: { run: 2, by: "x" } };
    expect(await storeError(fx.store.addJudgments(projectId, [other]))).toEqual(
      refusal("idempotency_conflict", "idempotency_key", 0),
    );
  });
});
