/**
 * `prefkit route`: the built CLI routes a project's hardest pairs to humans, a human votes
 * through the store as the server would store it, and `--report` tells what routing bought.
 * The project holds judge jobs' judgments built as the judge job writes them
 * (test/app/route/judge-judgments.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CandidateId, PromptId } from "../../src/core/types.js";
import { openStore } from "../../src/store/open-store.js";
import type { NewJudgment, Store } from "../../src/store/store.js";
import { judgeJudgment } from "../app/route/judge-judgments.js";
import { flags, prefkit } from "./run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "prefkit-route-cli-"));
const db = `sqlite:${join(dir, "store.db")}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Prompts p0…p5, candidates p<i>-a and p<i>-b (x = a). Two judges prefer x in both orders,
 * except: on p1 judge-2 prefers whatever it is shown first (estimate 1/4); on p3 judge-2
 * prefers y in both orders (estimate 1/2: a coin toss).
 */
async function seed(store: Store): Promise<void> {
  await store.createProject({ id: "p", name: "routing" });
  const prompts = Array.from({ length: 6 }, (_, i) => `p${i}`);
  await store.addPrompts(
    "p",
    prompts.map((id) => ({ id: id as PromptId, messages: [{ role: "user", content: id }] })),
  );
  await store.addCandidates(
    "p",
    prompts.flatMap((p) =>
      ["a", "b"].map((s) => ({
        id: `${p}-${s}` as CandidateId,
        promptId: p as PromptId,
        systemId: `sys-${s}` as never,
        messages: [{ role: "assistant" as const, content: `${p} ${s}` }],
      })),
    ),
  );
  const judgments: NewJudgment[] = prompts.flatMap((p, i) =>
    ["judge-1", "judge-2"].map((judge) => {
      let games: [number, number] = [1, 0];
      if (judge === "judge-2" && i === 1) games = [1, 1];
      if (judge === "judge-2" && i === 3) games = [0, 1];
      return judgeJudgment(p, `${p}-a`, `${p}-b`, judge, ...games);
    }),
  );
  await store.addJudgmentsOnce("p", judgments);
}

async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(db);
  try {
    await store.migrate();
    return await work(store);
  } finally {
    await store.close();
  }
}

describe("prefkit route", () => {
  beforeAll(() => withStore(seed));

  it("shows what it would route on a dry run, storing nothing", async () => {
    const run = await prefkit([
      "route",
      "--db",
      db,
      ...flags("--project p --budget 2 --audit 1 --seed 3 --dry-run"),
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatchInlineSnapshot(`
      "project p: 12 judgments read, 12 pairwise from judge jobs (24 games); 6 pairs judged by AI
      left out: 0 pairs a human judged, 0 routed before, 0 live-arena pairs; judgments without a judge job's record 0, a jury's 0, not pairwise 0, unreadable 0; failed games 0
      would route 2 of 6 pairs considered, and 1 audit pairs drawn at random from the rest (dry run: nothing stored)
      expected AI labels corrected: 0.75 by routing vs 0.25 by sending 2 pairs at random (gain 0.50)

      prompt     x     y   p(x)  estimate  AI label  inconsistent  spread  judges
      ------  ----  ----  -----  --------  --------  ------------  ------  ------
      p3      p3-a  p3-b  0.500     0.500      none             0   1.000       2
      p1      p1-a  p1-b  0.750     0.250         x             1   0.500       2
      "
    `);
    expect(await withStore((s) => s.listRoutedPairs("p"))).toEqual([]);
  });

  it("routes the hardest pairs, which the queue then serves first; a human's votes are reported", async () => {
    const run = await prefkit([
      "route",
      "--db",
      db,
      ...flags("--project p --budget 2 --audit 2 --seed 3 --format json"),
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.routed.map((r: { promptId: string }) => r.promptId)).toEqual(["p3", "p1"]);
    expect(result.audit).toHaveLength(2);
    expect(result.stored).toBe(4);
    // By hand: routed 1/2 + 1/4; random 2 × (3/4) / 6.
    expect(result.expected.routed).toBeCloseTo(0.75, 12);
    expect(result.expected.random).toBeCloseTo(0.25, 12);

    // Humans vote on what the queue serves them, one after the other.
    const served = await withStore(async (store) => {
      const prompts: string[] = [];
      for (const annotator of ["h1", "h2", "h3", "h4"]) {
        const task = await store.nextPairTask("p", annotator);
        if (!task) break;
        prompts.push(task.prompt.id);
        const [first, second] = task.candidates;
        // The humans prefer y on p3 (the judges' coin toss) and x everywhere else.
        const winner = task.prompt.id === "p3" ? `${task.prompt.id}-b` : `${task.prompt.id}-a`;
        await store.addJudgments("p", [
          {
            kind: "pairwise",
            promptId: task.prompt.id,
            a: first.id,
            b: second.id,
            outcome: first.id === winner ? "a" : "b",
            source: { kind: "human", annotatorId: annotator as never },
            once: { annotatorId: annotator, arena: false },
          },
        ]);
      }
      return prompts;
    });
    const auditPrompts = result.audit.map((r: { promptId: string }) => r.promptId);
    expect(served.sort()).toEqual(["p1", "p3", ...auditPrompts].sort());

    const report = await prefkit(["route", "--db", db, ...flags("--project p --report")]);
    expect(report.stderr).toBe("");
    expect(report.code).toBe(0);
    expect(report.stdout.replace(/route-[0-9a-f-]{36}/, "route-ID")).toMatchInlineSnapshot(`
      "project p: routes route-ID
      rate: how often the humans' label differs from the AI label (AI labels a human vote corrects); expected: what the route estimated
                    pairs  judged  labelled  human ties  disagree   rate          95% CI  expected
      ------------  -----  ------  --------  ----------  --------  -----  --------------  --------
      routed            2       2         2           0       0.5  0.250  [0.027, 0.802]     0.375
      audit (rest)      2       2         2           0         0  0.000  [0.000, 0.658]     0.000
      random baseline over the 6 pairs considered (routed and rest weighted by size): 0.083 [0.000, 0.542]
      gain: 0.167 more AI labels corrected per human-labelled pair than at random (3.00×)
      "
    `);
    const asJson = JSON.parse(
      (await prefkit(["route", "--db", db, ...flags("--project p --report --format json")])).stdout,
    );
    // p3: AI coin toss (half a disagreement); p1: AI x, human x. Audit pairs: AI x, human x.
    expect(asJson.routed).toMatchObject({ labelled: 2, disagreements: 0.5 });
    expect(asJson.audit).toMatchObject({ labelled: 2, disagreements: 0 });
    // Random selection over the 6 pairs considered: (2 · 0.25 + 4 · 0)/6 = 1/12.
    expect(asJson.baseline).toMatchObject({ considered: 6, routesLeftOut: 0 });
    expect(asJson.baseline.rate).toBeCloseTo(1 / 12, 12);
    expect(asJson.gain.difference).toBeCloseTo(0.25 - 1 / 12, 12);
  });

  it("names what is wrong with the command line (exit 2)", async () => {
    const cases: [string, string][] = [
      [
        "--project p --report --budget 3",
        "prefkit: --budget routes pairs; --report only reads what routes did\n",
      ],
      [
        "--project p",
        "prefkit: say how many pairs to route with --budget N (or read a report: --report)\n",
      ],
      ["--project p --budget 2 --route r", "prefkit: --route goes with --report\n"],
      ["--project nope --budget 2", 'prefkit: the store has no project "nope"\n'],
    ];
    for (const [line, message] of cases) {
      const run = await prefkit(["route", "--db", db, ...flags(line)]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(message);
    }
  });
});
