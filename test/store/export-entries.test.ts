import { expect, it } from "vitest";
import type { CanonicalEntry } from "../../src/core/dataset/canonical.js";
import type { Candidate, Judgment, Prompt, System } from "../../src/core/types.js";
import {
  parseCanonicalEntry,
  toCanonicalRecord,
} from "../../src/formats/dataset/prefkit-canonical.js";
import type { Store } from "../../src/store/store.js";
// The shared store fixture's builders (fixture.ts), as every store test imports them.
import {
  cid,
  describeStore,
  human,
  pid,
  prompt,
  refusal,
  seedArena,
  sid,
  storeError,
  vote,
} from "./fixture.js";

async function exported(store: Store, projectId: string): Promise<CanonicalEntry[]> {
  const entries: CanonicalEntry[] = [];
  for await (const entry of store.exportEntries(projectId)) entries.push(entry);
  return entries;
}

/** Loads entries into a project as an import would. */
async function load(store: Store, projectId: string, entries: readonly CanonicalEntry[]) {
  const of = <T extends CanonicalEntry["type"]>(type: T) =>
    entries.filter((e): e is Extract<CanonicalEntry, { type: T }> => e.type === type);
  const prompts = of("prompt").map((e) => e.prompt);
  const systems = of("system").map((e) => e.system);
  const candidates = of("candidate").map((e) => e.candidate);
  const judgments = of("judgment").map((e) => e.judgment);
  // In dependency order: a candidate names its prompt and system, a judgment its candidates.
  await store.addPrompts(projectId, prompts);
  await store.addSystems(projectId, systems);
  await store.addCandidates(projectId, candidates);
  await store.addJudgments(projectId, judgments);
}

describeStore("exportEntries", (fx) => {
  it("streams prompts, systems, candidates, then judgments in the order stored", async () => {
    const projectId = await fx.project();
    // More than a page (1,000 rows) of prompts, candidates and judgments.
    await seedArena(fx.store, projectId, {
      prompts: 1200,
      systems: ["s0", "s1"],
      categories: ["a", "b", "c"],
    });
    const described: System = { id: sid("s0"), model: "m-0", config: { temperature: 0.7 } };
    await fx.store.addSystems(projectId, [described, { id: sid("s9"), variant: "unused" }]);
    await fx.store.addPrompts(projectId, [
      prompt("rich", {
        context: "ctx",
        criterion: "c",
        language: "fr",
        metadata: { k: [1, { x: null }] },
      }),
    ]);
    const votes = Array.from({ length: 1500 }, (_, i) =>
      vote(`p${i % 1200}`, "s0", "s1", i % 3 === 0 ? "tie" : "a", human(`ann-${i % 7}`)),
    );
    const stored = await fx.store.addJudgments(projectId, [
      ...votes,
      {
        kind: "ranking",
        promptId: pid("p1"),
        order: [[cid("p1-s1"), cid("p1-s0")]],
        source: { kind: "ai", model: "judge", template: "t", rawOutput: "=", swapped: false },
      },
      {
        kind: "rating",
        promptId: pid("p2"),
        scores: [{ candidateId: cid("p2-s0"), criterion: "x", score: 0.1 }],
        source: human("a"),
        rationale: "r",
        criterion: "c",
      },
      {
        kind: "binary",
        promptId: pid("p3"),
        candidateId: cid("p3-s1"),
        approved: true,
        source: human("b"),
        idempotencyKey: "thumb",
      },
    ]);

    const entries = await exported(fx.store, projectId);
    const types = entries.map((e) => e.type);
    const runs = types.filter((t, i) => t !== types[i - 1]);
    expect(runs).toEqual(["prompt", "system", "candidate", "judgment"]);
    expect(types.filter((t) => t === "prompt")).toHaveLength(1201);
    expect(types.filter((t) => t === "candidate")).toHaveLength(2400);
    const systems = entries.flatMap((e) => (e.type === "system" ? [e.system] : []));
    expect(systems).toEqual([described, { id: "s1" }, { id: "s9", variant: "unused" }]);
    const judgments = entries.flatMap((e) => (e.type === "judgment" ? [e.judgment] : []));
    expect(judgments).toEqual(stored.map((s) => s.judgment));

    // Through the canonical file format and back: the same entries.
    const reread = entries.map((entry) => {
      const line = JSON.stringify(toCanonicalRecord(entry));
      const parsed = parseCanonicalEntry(JSON.parse(line));
      if (!parsed.ok) throw new Error(`${line}: ${JSON.stringify(parsed.issues)}`);
      return parsed.entry;
    });
    expect(reread).toEqual(entries);

    // Imported into another project and exported again: the same entries.
    const copy = await fx.project();
    await load(fx.store, copy, reread);
    expect(await exported(fx.store, copy)).toEqual(entries);
  });

  it("gives what was added, field for field", async () => {
    const projectId = await fx.project();
    const p: Prompt = prompt("p", { category: "x" });
    const c: Candidate = {
      id: cid("c"),
      promptId: pid("p"),
      systemId: sid("s"),
      messages: [{ role: "assistant", content: [{ type: "text", text: "hi" }] }],
      metadata: { n: 1 },
    };
    await fx.store.addPrompts(projectId, [p]);
    await fx.store.addCandidates(projectId, [c]);
    const [j] = await fx.store.addJudgments(projectId, [
      {
        kind: "binary",
        promptId: pid("p"),
        candidateId: cid("c"),
        approved: false,
        source: human("h"),
      },
    ]);
    expect(await exported(fx.store, projectId)).toEqual([
      { type: "prompt", prompt: p },
      { type: "system", system: { id: "s" } },
      { type: "candidate", candidate: c },
      { type: "judgment", judgment: j!.judgment satisfies Judgment },
    ]);
  });

  it("refuses a project that does not exist", async () => {
    expect(await storeError(exported(fx.store, "nope"))).toEqual(refusal("not_found", "project"));
  });
});
