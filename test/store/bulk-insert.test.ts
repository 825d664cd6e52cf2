/**
 * A bulk load in one transaction and single-judgment transactions in a row store and count
 * every judgment exactly. How fast they are is measured by bench/store/run.mjs, not here:
 * machines differ, so tests assert no wall-clock limits.
 */
import { expect, it } from "vitest";
import type { BattleCount, NewJudgment } from "../../src/store/store.js";
import { describeStore, human, seedArena, vote } from "./fixture.js";

const SYSTEMS = ["s0", "s1", "s2", "s3"];
const OUTCOMES = ["a", "b", "tie", "both_bad"] as const;

/** `n` votes over `prompts` prompts, every system pair and outcome in turn (as the bench). */
function votes(n: number, prompts: number): NewJudgment[] {
  return Array.from({ length: n }, (_, i) => {
    const x = i % SYSTEMS.length;
    const y = (x + 1 + (i % (SYSTEMS.length - 1))) % SYSTEMS.length;
    return vote(
      `p${i % prompts}`,
      SYSTEMS[x]!,
      SYSTEMS[y]!,
      OUTCOMES[i % 4]!,
      human(`ann-${i % 50}`),
    );
  });
}

/** The battle counts `judgments` must aggregate to, keyed "a b outcome". */
function expectedCounts(judgments: readonly NewJudgment[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const j of judgments) {
    if (j.kind !== "pairwise") continue;
    const system = (candidate: string) => candidate.slice(candidate.lastIndexOf("-") + 1);
    const key = `${system(j.a)} ${system(j.b)} ${j.outcome}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const keyed = (counts: readonly BattleCount[]) =>
  new Map(counts.map((c) => [`${c.systemA} ${c.systemB} ${c.outcome}`, c.count]));

describeStore("bulk and sequential inserts", (fx) => {
  it("bulk-loads 5,000 judgments in one transaction and counts every battle exactly", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 100, systems: SYSTEMS });
    const batch = votes(5000, 100);
    const stored = await fx.store.addJudgments(projectId, batch);
    expect(stored).toHaveLength(5000);
    expect(stored.every((s) => s.created)).toBe(true);
    expect(await fx.store.listJudgments(projectId)).toHaveLength(5000);
    expect(keyed(await fx.store.battleCounts(projectId))).toEqual(expectedCounts(batch));
    const task = await fx.store.nextPairTask(projectId, "ann-0");
    expect(task?.candidates).toHaveLength(2);
  });

  it("commits 100 single-judgment transactions in a row, each counted once", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 10, systems: SYSTEMS });
    const each = votes(100, 10);
    for (const judgment of each) await fx.store.addJudgments(projectId, [judgment]);
    expect(await fx.store.judgmentVersion(projectId)).toBe("100");
    expect(await fx.store.listJudgments(projectId)).toHaveLength(100);
    expect(keyed(await fx.store.battleCounts(projectId))).toEqual(expectedCounts(each));
  });
});
