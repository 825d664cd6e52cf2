/**
 * `prefkit judge` killed with SIGKILL in the middle of a run, then the same command run again,
 * on SQLite and on PostgreSQL (dist/; build first). As for `prefkit generate`
 * (generate.e2e.test.ts), a verdict is committed with its item, so: (1) every item is done
 * exactly once and written once; (2) the second run sends exactly one request per item not done
 * at the kill, and no request whose answer had been committed — counted at the fake server, whose
 * `answeredByBody` says how often each request body was answered. The only bodies answered in
 * both runs are those the killed process had received but not committed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeJudgeResponder } from "../../src/llm/fake-judges.js";
import { startFakeOpenAi } from "../../src/llm/fake-openai-server.js";
import { openStore } from "../../src/store/open-store.js";
import { postgresProblem, postgresTarget } from "../store/postgres-target.js";
import { cli, exited, judgeWorkspace, KEY, records, start, until } from "./judge-workspace.js";

const pgProblem = await postgresProblem();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "prefkit-judge-kill-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function killedAndResumed(dbUrl: string | undefined) {
  // 40 ms an answer: the kill lands while items are in flight.
  const slow = await startFakeOpenAi({ apiKey: KEY, latencyMs: 40, respond: fakeJudgeResponder() });
  try {
    const w = judgeWorkspace(dir, slow.url, {
      prompts: 15,
      judges: { first: "judge-first", longer: "judge-longer" },
      humansEvery: 3,
      concurrency: 3,
    });
    const jobsDb = dbUrl ?? `sqlite:${join(w.path, ".prefkit-jobs.db")}`;
    const args = [
      "judge",
      w.input,
      "--judges",
      w.judges,
      "--pairs",
      "all",
      "--out",
      w.out,
      "--quiet",
      ...(dbUrl ? ["--db", dbUrl] : []),
    ];
    // 15 prompts × 3 pairs × 2 orders × 2 judges.
    const total = 180;
    const child = start(args, w.path);
    await until(() => slow.stats().answered >= 40);
    child.kill("SIGKILL");
    await exited(child);
    // The fake finishes the answers it was delaying for the dead process (counting them as
    // answered): let it, so that they count in the first run's stats.
    await new Promise((r) => setTimeout(r, 400));
    const first = slow.stats();
    const firstBodies = new Map(first.answeredByBody);
    const store = await openStore(jobsDb);
    const [job] = await store.listJobs();
    const doneAtKill = job!.counts.done;
    const leasedAtKill = job!.counts.leased;
    await store.close();
    expect(job!.kind).toBe("judge");
    expect(doneAtKill).toBeGreaterThan(0);
    expect(doneAtKill).toBeLessThan(total);
    expect(leasedAtKill).toBeGreaterThan(0);
    expect(first.answered).toBeGreaterThanOrEqual(doneAtKill);
    slow.reset();

    const again = await cli([...args.filter((a) => a !== "--quiet"), "--format", "json"], w.path);
    expect(again.stderr).toContain(`resuming job ${job!.id}: ${doneAtKill} of ${total} done`);
    expect(again.stderr).toContain(
      `took back ${leasedAtKill} items from a stopped run (pid ${child.pid})`,
    );
    expect(again.code).toBe(0);
    const second = slow.stats();
    // (2): one request per item not done at the kill, none for the items done.
    expect(second.answered).toBe(total - doneAtKill);
    expect(second.requests).toBe(total - doneAtKill);
    // (1): every item done once; every judgment written once.
    const summary = JSON.parse(again.stdout);
    expect(summary).toMatchObject({ items: total, done: total, failed: 0 });
    expect(summary.written).toMatchObject({ judgments: total, droppedPairs: 0 });
    const judgments = records(w.out).filter((r) => r.type === "judgment");
    expect(judgments).toHaveLength(total);
    expect(new Set(judgments.map((j) => j.id)).size).toBe(total);
    // Every body answered in one run or the other; the ones answered in both are answers lost
    // at the kill (received, not committed), and only those.
    const bodies = new Set([...firstBodies.keys(), ...second.answeredByBody.keys()]);
    expect(bodies.size).toBe(total);
    const twice = [...second.answeredByBody.keys()].filter((b) => firstBodies.has(b));
    expect(twice.length).toBeLessThanOrEqual(first.answered - doneAtKill);
    for (const n of [...firstBodies.values(), ...second.answeredByBody.values()]) expect(n).toBe(1);
    // The bias report covers the whole job: judge-first's verdicts, all 90 of them, on the first.
    const firstJudge = summary.bias.judges.find((j: { judge: string }) => j.judge === "first");
    expect(firstJudge.report.firstPosition).toMatchObject({ successes: 90, trials: 90 });
  } finally {
    await slow.close();
  }
}

describe("prefkit judge killed with SIGKILL resumes where it stopped", () => {
  it("on SQLite", { timeout: 60_000 }, () => killedAndResumed(undefined));

  it.skipIf(pgProblem !== undefined)(
    `on PostgreSQL${pgProblem ? ` (skipped: ${pgProblem})` : ""}`,
    { timeout: 60_000 },
    async () => {
      const target = await postgresTarget("judge_kill");
      try {
        await killedAndResumed(target.url);
      } finally {
        await target.drop();
      }
    },
  );
});
