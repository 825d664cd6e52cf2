/**
 * A second process using the store, for the tests that kill a writer or race processes
 * (processes.test.ts). Usage: node store-child.js MODE URL [PROJECT TAG]
 *   migrate   — migrates and exits
 *   write     — four concurrent writers add batches of three judgments until killed, printing
 *               one line per batch after it is acknowledged: {"batch":n,"ids":[…]}
 *   same-key  — submits one judgment under the idempotency key TAG and prints the result
 */
import type { CandidateId, PromptId } from "../../../src/core/types.js";
import { openStore } from "../../../src/store/open-store.js";
import type { NewJudgment } from "../../../src/store/store.js";

const [mode, url, projectId = "", tag = ""] = process.argv.slice(2);
if (!url) throw new Error("usage: store-child MODE URL [PROJECT TAG]");

const judgment = (rationale: string, idempotencyKey: string): NewJudgment => ({
  kind: "pairwise",
  promptId: "p0" as PromptId,
  a: "p0-s0" as CandidateId,
  b: "p0-s1" as CandidateId,
  outcome: "a",
  source: { kind: "ai", model: "child" },
  rationale,
  idempotencyKey,
});

const store = await openStore(url);
if (mode === "migrate") {
  await store.migrate();
  process.stdout.write("migrated\n");
  await store.close();
} else if (mode === "same-key") {
  const [result] = await store.addJudgments(projectId, [judgment("race", tag)]);
  process.stdout.write(
    `${JSON.stringify({ id: result?.judgment.id, created: result?.created })}\n`,
  );
  await store.close();
} else if (mode === "write") {
  let next = 0;
  const writer = async () => {
    for (;;) {
      const batch = next++;
      const stored = await store.addJudgments(
        projectId,
        [0, 1, 2].map((i) => judgment(`${tag}:${batch}`, `${tag}:${batch}:${i}`)),
      );
      // A pipe is written synchronously on Linux: the line is out before the next batch starts.
      process.stdout.write(`${JSON.stringify({ batch, ids: stored.map((s) => s.judgment.id) })}\n`);
    }
  };
  await Promise.all([writer(), writer(), writer(), writer()]);
} else {
  throw new Error(`unknown mode ${mode}`);
}
