import { describe, expect, it } from "vitest";
import { createRandom } from "../../../src/core/random/index.js";
import { eloPerTheta } from "../../../src/core/rating/elo-scale.js";
import {
  finishLeaderboard,
  RATING_TOLERANCE,
} from "../../../src/core/rating/finish-leaderboard.js";
import { leaderboard } from "../../../src/core/rating/leaderboard.js";
import {
  type Leaderboard,
  type LeaderboardOptions,
  WEAK_PRIOR,
} from "../../../src/core/rating/leaderboard-types.js";
import { onlineElo } from "../../../src/core/rating/online-elo.js";
import {
  OUTCOME_A,
  OUTCOME_B,
  OUTCOME_TIE,
  OUTCOME_TIE_BOTH_BAD,
} from "../../../src/core/rating/outcome-counts.js";
import { prepareLeaderboard } from "../../../src/core/rating/prepare-leaderboard.js";
import { simulateBattles } from "../../../src/core/rating/simulate-battles.js";
import {
  type CountRow,
  countsFromSequence,
  countsOf,
  FIXTURES,
  readArenaFixture,
  readExpected,
} from "./helpers.js";

function row(board: Leaderboard, system: string) {
  const found = board.rows.find((r) => r.system === system);
  if (!found) throw new Error(`no row for ${system}`);
  return found;
}

/** Entry (x, y) of a board matrix, by system name. */
function cell<T>(board: Leaderboard, matrix: T[][], x: string, y: string): T {
  return matrix[board.systems.indexOf(x)]![board.systems.indexOf(y)]!;
}

/** Finite ratings, and finite bounds — or none (null) when there were no bootstrap rounds. */
function expectFiniteRatings(board: Leaderboard) {
  for (const r of board.rows) {
    expect(Number.isFinite(r.rating), r.system).toBe(true);
    for (const bound of [r.ciLower, r.ciUpper]) {
      if (board.bootstrap.rounds === 0) expect(bound, r.system).toBeNull();
      else expect(Number.isFinite(bound), r.system).toBe(true);
    }
  }
}

const codes = (board: Leaderboard) => board.warnings.map((w) => w.code);

// A strongly connected 4-system log with every pair played.
const FOUR: CountRow[] = [
  ["A", "B", OUTCOME_A, 12],
  ["A", "B", OUTCOME_B, 8],
  ["A", "C", OUTCOME_A, 14],
  ["A", "C", OUTCOME_B, 5],
  ["A", "D", OUTCOME_A, 15],
  ["A", "D", OUTCOME_B, 3],
  ["B", "C", OUTCOME_A, 11],
  ["B", "C", OUTCOME_B, 9],
  ["B", "D", OUTCOME_A, 13],
  ["B", "D", OUTCOME_B, 6],
  ["C", "D", OUTCOME_A, 10],
  ["C", "D", OUTCOME_B, 7],
  ["C", "D", OUTCOME_TIE, 4],
];

describe("leaderboard bootstrap intervals have close to nominal coverage", () => {
  it("95% intervals cover the planted rating in 88–99% of 1,600 system × data-set cases", () => {
    // 200 simulated arenas (8 systems with planted ratings of mean 1000, 2,000 battles, no
    // ties), each fitted with 200 bootstrap rounds. The 8 intervals of one data set are
    // correlated (the ratings are centred together), so the effective number of independent
    // trials lies between 200 and 1,600, and the binomial standard error of the observed
    // coverage between √(0.95·0.05/1600) = 0.54% and √(0.95·0.05/200) = 1.54%. Even at the
    // larger SE, 88% is 4.5 SE below 95% and 99% is 2.6 SE above; the lower side is wider because
    // percentile intervals from ~70 battles per pair tend to under-cover slightly. The data are
    // seeded, so the test is deterministic; the band guards against a miscalibrated bootstrap
    // (wrong resampling unit, a missing anchor shift, a confidence level applied twice).
    const planted = [1150, 1100, 1050, 1010, 990, 950, 900, 850];
    let covered = 0;
    let total = 0;
    for (let s = 0; s < 200; s++) {
      const sequence = simulateBattles({
        ratings: planted,
        battles: 2000,
        random: createRandom(10_000 + s),
      });
      const counts = countsFromSequence(sequence);
      const board = leaderboard({ counts }, { bootstrapRounds: 200, seed: s });
      for (const r of board.rows) {
        const truth = planted[counts.systems.indexOf(r.system)]!;
        total++;
        if (r.ciLower! <= truth && truth <= r.ciUpper!) covered++;
      }
    }
    expect(total).toBe(1600);
    const coverage = covered / total;
    expect(coverage).toBeGreaterThan(0.88);
    expect(coverage).toBeLessThan(0.99);
  });
});

describe("leaderboard ranks", () => {
  it("rank counts higher points; rankUb counts systems whose lower bound beats our upper bound", () => {
    const problem = prepareLeaderboard({ counts: countsOf(FOUR) }, { confidence: 0.5 });
    expect(problem.systems).toEqual(["A", "B", "C", "D"]);
    // Points 1100, 1090, 1000, 900 (θ = (R − 1000) / 173.7178).
    const theta = Float64Array.from([1100, 1090, 1000, 900], (r) => (r - 1000) / eloPerTheta());
    // Five rounds and confidence 0.5: the quantiles 0.25 and 0.75 sit exactly on the 2nd and
    // 4th order statistics, so the intervals are A [1080, 1120], B [1070, 1110],
    // C [985, 1015], D [880, 1075].
    const columns = [
      [1000, 1080, 1100, 1120, 1200],
      [1060, 1070, 1090, 1110, 1115],
      [1100, 1015, 985, 1000, 900], // unsorted on purpose
      [850, 880, 900, 1075, 1080],
    ];
    const ratings = new Float64Array(5 * 4);
    for (let r = 0; r < 5; r++) for (let i = 0; i < 4; i++) ratings[r * 4 + i] = columns[i]![r]!;
    const board = finishLeaderboard({ ...problem, theta }, { ratings, priorFallbackRounds: 0 });
    expect(board.systems).toEqual(["A", "B", "C", "D"]);
    expect(board.rows.map((r) => [r.ciLower, r.ciUpper])).toEqual([
      [1080, 1120],
      [1070, 1110],
      [985, 1015],
      [880, 1075],
    ]);
    // A: nobody above. B: A's lower 1080 < B's upper 1110, so B may still be first.
    // C: A (1080) and B (1070) are above 1015 → 3. D: only A's 1080 is above 1075 → 2,
    // although D's point is last.
    expect(board.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(board.rows.map((r) => r.rankUb)).toEqual([1, 1, 3, 2]);
    expect(board.bootstrap).toEqual({ rounds: 5, priorFallbackRounds: 0 });
  });

  it("gives equal points the same rank and orders them by name", () => {
    const counts = countsOf([
      ["Y", "X", OUTCOME_A, 5],
      ["Y", "X", OUTCOME_B, 5],
    ]);
    const board = leaderboard({ counts }, { bootstrapRounds: 0 });
    expect(board.systems).toEqual(["X", "Y"]);
    expect(board.rows.map((r) => r.rank)).toEqual([1, 1]);
    expect(board.rows.map((r) => r.rating)).toEqual([1000, 1000]);
  });

  it("gives systems with identical records the same rank though the fit leaves them a last bit apart", () => {
    // s0 and s3 have identical records against s1 and s2 and split their own games 3–3.
    const rows: CountRow[] = [
      ["s0", "s1", OUTCOME_A, 2],
      ["s3", "s1", OUTCOME_A, 2],
      ["s0", "s1", OUTCOME_B, 5],
      ["s3", "s1", OUTCOME_B, 5],
      ["s0", "s1", OUTCOME_TIE, 1],
      ["s3", "s1", OUTCOME_TIE, 1],
      ["s0", "s2", OUTCOME_A, 4],
      ["s3", "s2", OUTCOME_A, 4],
      ["s0", "s2", OUTCOME_B, 3],
      ["s3", "s2", OUTCOME_B, 3],
      ["s0", "s2", OUTCOME_TIE, 3],
      ["s3", "s2", OUTCOME_TIE, 3],
      ["s1", "s2", OUTCOME_B, 5],
      ["s1", "s2", OUTCOME_TIE, 3],
      ["s0", "s3", OUTCOME_A, 3],
      ["s0", "s3", OUTCOME_B, 3],
    ];
    const board = leaderboard(
      { counts: countsOf(rows, ["s0", "s1", "s2", "s3"]) },
      { bootstrapRounds: 0 },
    );
    const [twinA, twinB] = [row(board, "s0"), row(board, "s3")];
    expect(Math.abs(twinA.rating - twinB.rating)).toBeLessThan(1e-9);
    expect([twinA.rank, twinB.rank]).toEqual([3, 3]);
    expect(board.rows.map((r) => [r.system, r.rank])).toEqual([
      ["s2", 1],
      ["s1", 2],
      ["s0", 3],
      ["s3", 3],
    ]);
  });

  it("counts a rating as higher only beyond RATING_TOLERANCE, for rank and rankUb alike", () => {
    const problem = prepareLeaderboard({ counts: countsOf(FOUR) }, { confidence: 0.5 });
    const elo = [1000, 1000 + 1e-7, 1000 - 1e-7, 1000 - 2 * RATING_TOLERANCE];
    const theta = Float64Array.from(elo, (r) => (r - 1000) / eloPerTheta());
    const flat = finishLeaderboard(
      { ...problem, theta },
      { ratings: new Float64Array(0), priorFallbackRounds: 0 },
    );
    // A, B, C within the tolerance of each other share rank 1, in name order; D is below by 2×.
    expect(flat.rows.map((r) => [r.system, r.rank])).toEqual([
      ["A", 1],
      ["B", 1],
      ["C", 1],
      ["D", 4],
    ]);
    // Five rounds at confidence 0.5: the bounds are the 2nd and 4th values. A [990, 1010],
    // B [1010 + 1e-7, 1030]: B's lower bound exceeds A's upper bound by 1e-7 only, so it is
    // not wholly above it. C [890, 950], D [790, 850].
    const columns = [
      [980, 990, 1000, 1010, 1020],
      [1000, 1010 + 1e-7, 1020, 1030, 1040],
      [880, 890, 900, 950, 960],
      [780, 790, 800, 850, 860],
    ];
    const ratings = new Float64Array(5 * 4);
    for (let r = 0; r < 5; r++) for (let i = 0; i < 4; i++) ratings[r * 4 + i] = columns[i]![r]!;
    const board = finishLeaderboard({ ...problem, theta }, { ratings, priorFallbackRounds: 0 });
    expect(board.rows.map((r) => [r.system, r.rankUb])).toEqual([
      ["A", 1],
      ["B", 1],
      ["C", 3],
      ["D", 4],
    ]);
  });

  it("with no bootstrap rounds there is no interval and no rank upper bound: null, not the point", () => {
    const board = leaderboard({ counts: countsOf(FOUR) }, { bootstrapRounds: 0 });
    for (const r of board.rows) {
      expect(r.ciLower).toBeNull();
      expect(r.ciUpper).toBeNull();
      expect(r.rankUb).toBeNull();
    }
    expect(board.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
    expect(board.bootstrap.rounds).toBe(0);
  });
});

describe("leaderboard anchor", () => {
  it("pins the anchor's rating and its interval exactly", () => {
    const board = leaderboard(
      { counts: countsOf(FOUR) },
      { bootstrapRounds: 50, anchor: { system: "C", rating: 1114 } },
    );
    expect(row(board, "C")).toMatchObject({ rating: 1114, ciLower: 1114, ciUpper: 1114 });
    expect(codes(board)).not.toContain("anchor_missing");
  });

  it("shifts every rating by the same amount and leaves differences unchanged", () => {
    const plain = leaderboard({ counts: countsOf(FOUR) }, { bootstrapRounds: 0 });
    const anchored = leaderboard(
      { counts: countsOf(FOUR) },
      { bootstrapRounds: 0, anchor: { system: "C", rating: 1114 } },
    );
    const shift = 1114 - row(plain, "C").rating;
    for (const r of plain.rows)
      expect(row(anchored, r.system).rating).toBeCloseTo(r.rating + shift, 9);
    anchored.predictedWinRate.forEach((line, x) => {
      line.forEach((p, y) => {
        if (x === y) expect(p).toBeNaN();
        else expect(p).toBeCloseTo(plain.predictedWinRate[x]![y]!, 12);
      });
    });
  });

  it("warns and leaves ratings unanchored when the anchor system is absent", () => {
    const board = leaderboard(
      { counts: countsOf(FOUR) },
      { bootstrapRounds: 0, anchor: { system: "mixtral-8x7b-instruct-v0.1", rating: 1114 } },
    );
    expect(codes(board)).toContain("anchor_missing");
    const mean = board.rows.reduce((s, r) => s + r.rating, 0) / board.rows.length;
    expect(mean).toBeCloseTo(1000, 9);
  });
});

describe("leaderboard minBattles", () => {
  const withRare: CountRow[] = [...FOUR, ["A", "E", OUTCOME_B, 2], ["E", "C", OUTCOME_TIE, 1]];

  it("drops systems with fewer battles and every battle that involves them", () => {
    const board = leaderboard(
      { counts: countsOf(withRare) },
      { bootstrapRounds: 20, minBattles: 4 },
    );
    expect(board.systems).not.toContain("E");
    expect(board.rows).toHaveLength(4);
    // The same board as if E had never played.
    const without = leaderboard({ counts: countsOf(FOUR) }, { bootstrapRounds: 20 });
    expect(board).toEqual(without);
    expect(row(board, "A").battles).toBe(57);
    expect(board.totalBattles).toBe(117);
  });

  it("keeps systems that reach the threshold exactly", () => {
    const board = leaderboard(
      { counts: countsOf(withRare) },
      { bootstrapRounds: 0, minBattles: 3 },
    );
    expect(board.systems).toContain("E");
    expect(row(board, "E").battles).toBe(3);
    expect(board.totalBattles).toBe(120);
  });

  it("drops its battles from the sequence too (online Elo)", () => {
    const sequence = simulateBattles({
      ratings: [1100, 1000, 900],
      battles: 300,
      random: createRandom(4),
    });
    // Append 2 battles of a fourth system.
    const extended = {
      systemCount: 4,
      a: Int32Array.from([...sequence.a, 3, 0]),
      b: Int32Array.from([...sequence.b, 0, 3]),
      outcome: Uint8Array.from([...sequence.outcome, OUTCOME_A, OUTCOME_B]),
    };
    const counts = countsFromSequence(extended);
    const board = leaderboard(
      { counts, sequence: extended },
      { method: "elo", bootstrapRounds: 0, minBattles: 10 },
    );
    const expected = onlineElo(sequence);
    expect(board.systems).toHaveLength(3);
    for (let i = 0; i < 3; i++) expect(row(board, `s${i}`).rating).toBe(expected[i]);
  });
});

describe("leaderboard degenerate graphs (methods.md §0)", () => {
  // The centre never loses: the MLE is infinite.
  const star: CountRow[] = [
    ["hub", "x", OUTCOME_A, 6],
    ["hub", "y", OUTCOME_A, 4],
    ["z", "hub", OUTCOME_B, 5],
    ["hub", "z", OUTCOME_TIE_BOTH_BAD, 0],
  ];

  it("a star whose centre never loses gives finite ratings and an unbounded_mle warning (prior auto)", () => {
    const board = leaderboard({ counts: countsOf(star) }, { bootstrapRounds: 30 });
    expectFiniteRatings(board);
    expect(board.prior).toBe(WEAK_PRIOR);
    expect(codes(board)).toContain("unbounded_mle");
    expect(codes(board)).not.toContain("not_converged");
    expect(board.rows[0]!.system).toBe("hub");
  });

  it("names every system of the star in the warning: none has both won and lost", () => {
    const board = leaderboard({ counts: countsOf(star) }, { bootstrapRounds: 0 });
    const warning = board.warnings.find((w) => w.code === "unbounded_mle");
    expect(warning?.systems?.slice().sort()).toEqual(["hub", "x", "y", "z"]);
  });

  it("names the lopsided system when the others form one strong component", () => {
    const counts = countsOf([
      ...star,
      ["x", "y", OUTCOME_A, 2],
      ["y", "z", OUTCOME_A, 2],
      ["z", "x", OUTCOME_A, 2],
    ]);
    const board = leaderboard({ counts }, { bootstrapRounds: 0 });
    const warning = board.warnings.find((w) => w.code === "unbounded_mle");
    expect(warning?.systems).toEqual(["hub"]);
  });

  it("with prior 0 it still returns finite ratings, but warns unbounded_mle and not_converged", () => {
    const board = leaderboard({ counts: countsOf(star) }, { bootstrapRounds: 0, prior: 0 });
    expectFiniteRatings(board);
    expect(board.prior).toBe(0);
    expect(codes(board)).toContain("unbounded_mle");
    expect(codes(board)).toContain("not_converged");
  });

  // Hand-worked count tables, one per case.
  it("a disconnected graph gives a disconnected warning and finite ratings", () => {
    const counts = countsOf([
      ["A", "B", OUTCOME_A, 6],
      ["A", "B", OUTCOME_B, 3],
      ["C", "D", OUTCOME_A, 2],
      ["C", "D", OUTCOME_B, 5],
    ]);
    const board = leaderboard({ counts }, { bootstrapRounds: 30 });
    expectFiniteRatings(board);
    const warning = board.warnings.find((w) => w.code === "disconnected");
    expect(warning).toBeDefined();
    expect(warning!.message).toMatchInlineSnapshot(
      `"the comparison graph has 2 components; ratings are comparable only within one, and across them only through the prior"`,
    );
    expect(warning!.systems).toEqual(["C", "D"]);
    expect(board.prior).toBe(WEAK_PRIOR);
    // Within a component the order follows the data.
    expect(row(board, "A").rating).toBeGreaterThan(row(board, "B").rating);
    expect(row(board, "D").rating).toBeGreaterThan(row(board, "C").rating);
  });

  it("all battles tied: every system rated 1000 with no warning", () => {
    const counts = countsOf([
      ["A", "B", OUTCOME_TIE, 40],
      ["B", "C", OUTCOME_TIE, 30],
    ]);
    const board = leaderboard({ counts }, { bootstrapRounds: 20 });
    for (const r of board.rows) {
      expect(r.rating).toBeCloseTo(1000, 9);
      expect(r.winRate).toBe(0.5);
    }
    expect(board.warnings).toEqual([]);
  });
});

describe("leaderboard methods", () => {
  const fixture = readArenaFixture(FIXTURES["arena_hard_battles_57a9881.jsonl"]);

  it("elo: runs from the battle sequence and every interval contains its point", () => {
    // This log is sorted by model, not by time: the single file-order run lands outside the
    // bootstrap interval for some systems, so the point is the bootstrap median (§A4).
    const board = leaderboard(fixture, { method: "elo", bootstrapRounds: 100, seed: 0 });
    expect(board.rows).toHaveLength(4);
    for (const r of board.rows) {
      expect(r.ciLower, r.system).toBeLessThanOrEqual(r.rating);
      expect(r.rating, r.system).toBeLessThanOrEqual(r.ciUpper!);
      expect(r.ciUpper! - r.ciLower!).toBeGreaterThan(0);
    }
    expect(board.tieParameter).toBeUndefined();
    expect(board.rows[board.rows.length - 1]!.system).toBe("claude-3-haiku-20240307");
  });

  it("elo without bootstrap rounds reports the file-order run itself", () => {
    const board = leaderboard(fixture, { method: "elo", bootstrapRounds: 0 });
    const expected = readExpected()["arena_hard_battles_57a9881.jsonl"]!.online_elo.ratings;
    for (const [system, value] of Object.entries(expected)) {
      expect(row(board, system).rating).toBeCloseTo(value, 6);
    }
  });

  it("elo without a battle sequence throws RangeError", () => {
    expect(() => leaderboard({ counts: fixture.counts }, { method: "elo" })).toThrow(RangeError);
  });

  it("davidson and rao-kupper report a tie parameter; bt does not", () => {
    // The simulated log has Davidson ties with ν = 0.3 (planted.json).
    const sim = readArenaFixture(FIXTURES["arena-sim-8.jsonl"]);
    const davidson = leaderboard(sim, { method: "davidson", bootstrapRounds: 10 });
    expect(davidson.tieParameter).toBeDefined();
    expect(davidson.tieParameter!).toBeGreaterThan(0.27);
    expect(davidson.tieParameter!).toBeLessThan(0.33);
    const raoKupper = leaderboard(sim, { method: "rao-kupper", bootstrapRounds: 10 });
    expect(raoKupper.tieParameter).toBeDefined();
    expect(raoKupper.tieParameter!).toBeGreaterThan(1);
    expect(leaderboard(sim, { bootstrapRounds: 0 }).tieParameter).toBeUndefined();
    for (const board of [davidson, raoKupper]) {
      expectFiniteRatings(board);
      for (const r of board.rows) {
        expect(r.ciLower).toBeLessThanOrEqual(r.rating);
        expect(r.rating).toBeLessThanOrEqual(r.ciUpper!);
      }
    }
  });

  it("is deterministic for a given input, options and seed", () => {
    const a = leaderboard({ counts: countsOf(FOUR) }, { bootstrapRounds: 40, seed: 9 });
    const b = leaderboard({ counts: countsOf(FOUR) }, { bootstrapRounds: 40, seed: 9 });
    expect(a).toEqual(b);
  });
});

describe("leaderboard observed statistics", () => {
  // A–B: A wins 3; B wins 2 (once on each side); 2 ties → 7 battles.
  // B–C: 2 wins each (one row per side) and 1 "both bad" tie → 5 battles. A and C never meet.
  const counts = countsOf([
    ["A", "B", OUTCOME_A, 3],
    ["A", "B", OUTCOME_B, 1],
    ["A", "B", OUTCOME_TIE, 2],
    ["B", "A", OUTCOME_A, 1],
    ["B", "C", OUTCOME_A, 2],
    ["C", "B", OUTCOME_A, 2],
    ["B", "C", OUTCOME_TIE_BOTH_BAD, 1],
  ]);
  const board = leaderboard({ counts }, { bootstrapRounds: 0 });

  it("counts battles, wins, losses and ties per system", () => {
    expect(row(board, "A")).toMatchObject({ battles: 7, wins: 3, losses: 2, ties: 2 });
    expect(row(board, "B")).toMatchObject({ battles: 12, wins: 4, losses: 5, ties: 3 });
    expect(row(board, "C")).toMatchObject({ battles: 5, wins: 2, losses: 2, ties: 1 });
    expect(row(board, "A").winRate).toBeCloseTo(4 / 7, 15);
    expect(row(board, "B").winRate).toBeCloseTo(5.5 / 12, 15);
    expect(row(board, "C").winRate).toBe(0.5);
    expect(board.totalBattles).toBe(12);
  });

  it("fills the observed win-rate matrix with (wins + ties / 2) / battles, null where unplayed", () => {
    expect(cell(board, board.observedWinRate, "A", "B")).toBeCloseTo(4 / 7, 15);
    expect(cell(board, board.observedWinRate, "B", "A")).toBeCloseTo(3 / 7, 15);
    expect(cell(board, board.observedWinRate, "B", "C")).toBe(0.5);
    expect(cell(board, board.observedWinRate, "C", "B")).toBe(0.5);
    expect(cell(board, board.observedWinRate, "A", "C")).toBeNull();
    expect(cell(board, board.observedWinRate, "A", "A")).toBeNull();
  });

  it("fills the battle-count matrix symmetrically", () => {
    expect(cell(board, board.battleCounts, "A", "B")).toBe(7);
    expect(cell(board, board.battleCounts, "B", "A")).toBe(7);
    expect(cell(board, board.battleCounts, "B", "C")).toBe(5);
    expect(cell(board, board.battleCounts, "A", "C")).toBe(0);
    expect(cell(board, board.battleCounts, "C", "C")).toBe(0);
  });

  it("predicts complementary win probabilities from the ratings, NaN on the diagonal", () => {
    for (const x of board.systems) {
      for (const y of board.systems) {
        const p = cell(board, board.predictedWinRate, x, y);
        if (x === y) expect(p).toBeNaN();
        else {
          expect(p + cell(board, board.predictedWinRate, y, x)).toBeCloseTo(1, 14);
          const diff = row(board, x).rating - row(board, y).rating;
          expect(p).toBeCloseTo(1 / (1 + 10 ** (-diff / 400)), 12);
        }
      }
    }
  });

  for (const [name, path] of Object.entries(FIXTURES)) {
    it(`${name}: per-system counts match expected.json`, () => {
      const reference = readExpected()[name]!.counts;
      const fixtureBoard = leaderboard(readArenaFixture(path), { bootstrapRounds: 0 });
      expect(fixtureBoard.totalBattles).toBe(reference.n_battles);
      for (const [system, c] of Object.entries(reference.per_model)) {
        expect(row(fixtureBoard, system)).toMatchObject({
          battles: c.battles,
          wins: c.wins,
          losses: c.losses,
          ties: c.ties,
        });
      }
      for (const pair of reference.per_pair) {
        expect(cell(fixtureBoard, fixtureBoard.battleCounts, pair.a, pair.b)).toBe(pair.battles);
        expect(cell(fixtureBoard, fixtureBoard.observedWinRate, pair.a, pair.b)).toBeCloseTo(
          (pair.wins_a + pair.ties / 2) / pair.battles,
          14,
        );
      }
    });
  }
});

describe("leaderboard input validation", () => {
  const counts = countsOf(FOUR);
  const bad: [string, Partial<LeaderboardOptions>][] = [
    ["bootstrapRounds −1", { bootstrapRounds: -1 }],
    ["bootstrapRounds 2.5", { bootstrapRounds: 2.5 }],
    ["seed −1", { seed: -1 }],
    ["seed 0.5", { seed: 0.5 }],
    ["prior −0.1", { prior: -0.1 }],
    ["prior NaN", { prior: Number.NaN }],
    ["prior Infinity", { prior: Number.POSITIVE_INFINITY }],
    ["confidence 1.5", { confidence: 1.5 }],
    ["confidence 1", { confidence: 1 }],
    ["confidence 0", { confidence: 0 }],
    ["confidence NaN", { confidence: Number.NaN }],
    ["eloK 0", { eloK: 0 }],
    ["eloK −4", { eloK: -4 }],
    ["minBattles −1", { minBattles: -1 }],
    ["minBattles 1.5", { minBattles: 1.5 }],
    ["style control with davidson", { styleControl: true, method: "davidson" }],
  ];
  for (const [label, options] of bad) {
    it(`throws RangeError for ${label}`, () => {
      expect(() => leaderboard({ counts }, { bootstrapRounds: 0, ...options })).toThrow(RangeError);
    });
  }

  it("throws RangeError for style control without per-battle style data", () => {
    expect(() => leaderboard({ counts }, { styleControl: true })).toThrow(RangeError);
  });

  it("throws RangeError on empty input", () => {
    expect(() => leaderboard({ counts: countsOf([]) })).toThrow(RangeError);
    expect(() => leaderboard({ counts: countsOf([], ["A", "B"]) })).toThrow(RangeError);
    expect(() => leaderboard({ counts: countsOf([["A", "B", OUTCOME_A, 0]]) })).toThrow(RangeError);
  });

  it("throws RangeError when minBattles leaves fewer than two systems", () => {
    const tiny = countsOf([
      ["A", "B", OUTCOME_A, 3],
      ["A", "C", OUTCOME_B, 1],
    ]);
    expect(() => leaderboard({ counts: tiny }, { minBattles: 4 })).toThrow(RangeError);
  });

  it("names the problem in the error message", () => {
    expect(() => leaderboard({ counts: countsOf([]) })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: a leaderboard needs battles between at least two systems]`,
    );
    expect(() => leaderboard({ counts }, { confidence: 1.5 })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: confidence must be in (0, 1)]`,
    );
  });
});
