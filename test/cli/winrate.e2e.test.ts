import { describe, expect, it } from "vitest";
import { prefkit } from "./run-cli.js";

async function systems(args: string[]) {
  const run = await prefkit(["winrate", ...args, "--format", "json"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout).systems;
}

describe("prefkit winrate", () => {
  it("scores arena-hard judgments as arena-hard does and as AlpacaEval does (worked by hand)", async () => {
    const [row] = await systems([
      "test/fixtures/judgments/arena-hard-gpt-4o-mini.jsonl",
      "--baseline",
      "o3-mini",
      "--bootstrap",
      "0",
    ]);
    // methods.md §D5, from the model's side: Q1 B>A then A>>B: 1 + three 1s; Q2 A>>B then A=B:
    // three 0s + 0.5; Q3 has a null game: dropped; Q4 B>>A then B<A: three 1s + 1.
    // 8.5 of 12 battles = 70.83.
    expect(row.arenaHard.score).toBeCloseTo((100 * 8.5) / 12, 10);
    expect(row.arenaHardDropped).toBe(1);
    // Per question, the mean of its readable verdicts: 1, 0.25, 1 (Q3's one readable game), 1.
    expect(row.alpacaEval.winRate).toBeCloseTo(81.25, 10);
    expect(row.alpacaEval.discreteWinRate).toBe(75);
    expect([row.alpacaEval.wins, row.alpacaEval.draws, row.alpacaEval.losses]).toEqual([3, 0, 1]);
  });

  it("gives the arena-hard interval from the bootstrap, the same for the same seed", async () => {
    const args = ["test/fixtures/judgments/arena-hard-gpt-4o-mini.jsonl", "--baseline", "o3-mini"];
    const [a] = await systems([...args, "--bootstrap", "200", "--seed", "3"]);
    const [b] = await systems([...args, "--bootstrap", "200", "--seed", "3"]);
    expect(a).toEqual(b);
    expect(a.arenaHard.lower).toBeLessThanOrEqual(a.arenaHard.score);
    expect(a.arenaHard.upper).toBeGreaterThanOrEqual(a.arenaHard.score);
  });

  it("refuses a baseline no comparison has, naming the systems", async () => {
    const run = await prefkit([
      "winrate",
      "test/fixtures/judgments/alpacaeval",
      "--baseline",
      "gpt-5",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/gpt-5.*systems: /);
  });
});
