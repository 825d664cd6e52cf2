/**
 * `prefkit judge` on real judge texts (dist/; build first): the PRD sample
 * (test/fixtures/prd-reviews/judge-sample.jsonl — 6 Vicuna questions, 5 systems' answers, and
 * Claude's and Bard's reviews of bard–claude and claude–gpt4 in both orders) is judged with the
 * prd-pairwise template by two judges whose answers are those reviews: the fake server finds
 * which answers the rendered prompt shows, in which order, and serves that reviewer's review of
 * that order. The verdicts prefkit reads must be the PRD authors' labels of the same texts, a
 * review with no verdict a failure carrying its text (never a tie), and the bias report's rates
 * those the labels give — Claude's self-preference included.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JudgeJudgmentMetadata } from "../../src/app/judge/types.js";
import {
  type FakeOpenAi,
  lastUserText,
  startFakeOpenAi,
} from "../../src/llm/fake-openai-server.js";
import { openStore } from "../../src/store/open-store.js";
import { cli, KEY, records } from "./judge-workspace.js";

const SAMPLE = fileURLToPath(
  new URL("../fixtures/prd-reviews/judge-sample.jsonl", import.meta.url),
);

interface Review {
  id: string;
  a: string;
  b: string;
  outcome: "a" | "b" | "tie";
  source: { model: string; raw_output: string };
}
const entries = readFileSync(SAMPLE, "utf8")
  .split("\n")
  .filter((l) => l !== "")
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const reviews = entries.filter((e) => e.type === "judgment") as unknown as Review[];
const textOf = new Map(
  entries
    .filter((e) => e.type === "candidate")
    .map((e) => [(e.messages as { content: string }[])[0]!.content, e.id as string]),
);
/** The review of `first` shown as Assistant 1 and `second` as Assistant 2, by reviewer. */
const reviewOf = new Map(reviews.map((r) => [`${r.source.model}|${r.a}|${r.b}`, r]));
const CLASS = { a: "1", b: "2", tie: "3" } as const;

const between = (text: string, n: 1 | 2) => {
  const start = `[Start of Assistant ${n}'s answer]\n`;
  const from = text.indexOf(start) + start.length;
  return text.slice(from, text.indexOf(`\n[End of Assistant ${n}'s answer]`, from));
};

let fake: FakeOpenAi;
let dir: string;
beforeAll(async () => {
  fake = await startFakeOpenAi({
    apiKey: KEY,
    respond: ({ model, messages }) => {
      const prompt = lastUserText(messages);
      const first = textOf.get(between(prompt, 1));
      const second = textOf.get(between(prompt, 2));
      return reviewOf.get(`${model}|${first}|${second}`)?.source.raw_output;
    },
  });
  dir = mkdtempSync(join(tmpdir(), "prefkit-judge-prd-"));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("prefkit judge on the PRD reviews served back as the judges' answers", () => {
  it("reads each review's verdict as the PRD labels it, fails the reviews without one with their text, and reports the labels' biases", async () => {
    const judges = join(dir, "judges.yaml");
    writeFileSync(
      judges,
      [
        "defaults:",
        `  base_url: ${fake.url}`,
        "  api_key_env: FAKE_KEY",
        "systems:",
        "  claude-reviewer: { family: claude }",
        "  bard-reviewer: { family: palm }",
        "",
      ].join("\n"),
    );
    const out = join(dir, "judged.jsonl");
    const run = await cli(
      [
        "judge",
        SAMPLE,
        "--judges",
        judges,
        "--template",
        "prd-pairwise",
        "--combine",
        "both",
        "--parse-attempts",
        "1",
        "--out",
        out,
        "--format",
        "json",
      ],
      dir,
    );
    // The reviews name 12 pairs (each 4 times: 2 reviewers × 2 orders); judged in both orders.
    expect(run.stderr).toContain("12 pairs named by 48 pairwise judgments (0 human)");
    expect(run.stderr).toContain("pairs: given — the 12 pairs");
    const summary = JSON.parse(run.stdout);
    expect(summary.items).toBe(48);
    // Every request was one of the reviews.
    expect(fake.stats().requests).toBe(48);

    // Claude's reviews end with the class on a line of its own: all 24 read, each as labelled.
    const judgments = records(out).filter((r) => r.type === "judgment") as unknown as {
      source: { model: string };
      metadata: { judge: JudgeJudgmentMetadata };
    }[];
    const games = judgments.flatMap((j) => j.metadata.judge.games.map((g) => ({ j, g })));
    const claudeGames = games.filter(({ j }) => j.source.model === "claude-reviewer");
    expect(claudeGames).toHaveLength(24);
    for (const { g } of claudeGames) {
      const review = reviewOf.get(`claude-reviewer|${g.shown[0]}|${g.shown[1]}`)!;
      expect(g.label).toBe(CLASS[review.outcome]);
      expect(g.raw).toBe(review.source.raw_output);
    }
    // Bard mostly ends in prose: those items fail with the review's text, none becomes a tie.
    const bardGames = games.filter(({ j }) => j.source.model === "bard-reviewer");
    for (const { g } of bardGames) {
      const review = reviewOf.get(`bard-reviewer|${g.shown[0]}|${g.shown[1]}`)!;
      expect(g.label).toBe(CLASS[review.outcome]);
    }
    expect(summary.failed).toBe(24 - bardGames.length);
    expect(summary.failed).toBeGreaterThan(0);
    expect(run.code).toBe(1);
    const store = await openStore(`sqlite:${join(dir, ".prefkit-jobs.db")}`);
    try {
      const failed = await store.listItems(summary.job, { status: "failed", limit: 100 });
      expect(failed).toHaveLength(summary.failed);
      for (const item of failed) {
        const payload = item.payload as {
          judge: string;
          answers: { candidateId: string }[];
          shown: number[];
        };
        expect(payload.judge).toBe("bard-reviewer");
        const [first, second] = payload.shown.map((i) => payload.answers[i]!.candidateId);
        expect(item.error).toContain(
          reviewOf.get(`bard-reviewer|${first}|${second}`)!.source.raw_output,
        );
      }
    } finally {
      await store.close();
    }

    // Claude's bias report, worked out from the PRD labels of its 24 reviews.
    const claude = reviews.filter((r) => r.source.model === "claude-reviewer");
    const decisive = claude.filter((r) => r.outcome !== "tie");
    const claudeSide = (r: Review) => (r.outcome === "a" ? r.a : r.b);
    const report = summary.bias.judges.find(
      (j: { judge: string }) => j.judge === "claude-reviewer",
    ).report;
    expect(report).toMatchObject({ games: 24, failed: 0, ties: claude.length - decisive.length });
    expect(report.firstPosition).toMatchObject({
      successes: decisive.filter((r) => r.outcome === "a").length,
      trials: decisive.length,
    });
    // Every pair holds Claude's own answer (family claude) against another family's.
    expect(report.selfPreference).toMatchObject({
      successes: decisive.filter((r) => claudeSide(r).endsWith("-claude")).length,
      trials: decisive.length,
    });
    // A pair is inconsistent when its two reviews name different sides (a tie is a side).
    const sideOfX = (r: Review) => {
      const x = [r.a, r.b].sort()[0];
      return r.outcome === "tie" ? "tie" : claudeSide(r) === x ? "x" : "y";
    };
    const byPair = new Map<string, string[]>();
    for (const r of claude) {
      const key = [r.a, r.b].sort().join("|");
      byPair.set(key, [...(byPair.get(key) ?? []), sideOfX(r)]);
    }
    const inconsistent = [...byPair.values()].filter(([s1, s2]) => s1 !== s2).length;
    expect(report.swapInconsistency).toMatchObject({ successes: inconsistent, trials: 12 });
  });
});
