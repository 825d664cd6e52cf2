/**
 * Insert throughput, printed and not asserted (machines differ): one bulk load of 100,000
 * judgments in one transaction, and 1,000 single-judgment transactions one after another —
 * each an acknowledged, synced commit, the rate one server process can accept votes at.
 */
import { expect, it } from "vitest";
import type { NewJudgment } from "../../src/store/store.js";
import { describeStore, human, seedArena, vote } from "./fixture.js";

const SYSTEMS = ["s0", "s1", "s2", "s3"];
const OUTCOMES = ["a", "b", "tie", "both_bad"] as const;

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

const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString("en")}/s`;

describeStore("insert rate", (fx) => {
  it("bulk-loads 100,000 judgments in one transaction", { timeout: 300_000 }, async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 1000, systems: SYSTEMS });
    const batch = votes(100_000, 1000);
    const start = performance.now();
    const stored = await fx.store.addJudgments(projectId, batch);
    const ms = performance.now() - start;
    expect(stored).toHaveLength(100_000);
    const countStart = performance.now();
    const counts = await fx.store.battleCounts(projectId);
    const countMs = performance.now() - countStart;
    expect(counts.reduce((sum, c) => sum + c.count, 0)).toBe(100_000);
    const taskStart = performance.now();
    await fx.store.nextPairTask(projectId, "ann-0");
    const taskMs = performance.now() - taskStart;
    console.log(
      `${fx.dialect}: 100,000 judgments in one addJudgments: ${(ms / 1000).toFixed(2)} s (${rate(100_000, ms)}); ` +
        `battleCounts over them ${countMs.toFixed(0)} ms; nextPairTask ${taskMs.toFixed(0)} ms`,
    );
  });

  it("commits 1,000 single-judgment transactions in a row", { timeout: 300_000 }, async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 100, systems: SYSTEMS });
    const each = votes(1000, 100);
    const start = performance.now();
    for (const judgment of each) await fx.store.addJudgments(projectId, [judgment]);
    const ms = performance.now() - start;
    expect(await fx.store.judgmentVersion(projectId)).toBe("1000");
    console.log(
      `${fx.dialect}: 1,000 sequential addJudgments([one]): ${(ms / 1000).toFixed(2)} s (${rate(1000, ms)}, ${(ms / 1000).toFixed(2)} ms each)`,
    );
  });
});
