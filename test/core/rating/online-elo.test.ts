import { describe, expect, it } from "vitest";
import { createRandom } from "../../../src/core/random/index.js";
import { type BattleSequence, onlineElo } from "../../../src/core/rating/online-elo.js";
import {
  OUTCOME_A,
  OUTCOME_B,
  OUTCOME_TIE,
  OUTCOME_TIE_BOTH_BAD,
} from "../../../src/core/rating/outcome-counts.js";
import { simulateBattles } from "../../../src/core/rating/simulate-battles.js";
import { FIXTURES, readArenaFixture, readExpected } from "./helpers.js";

function sequenceOf(
  systemCount: number,
  battles: readonly (readonly [number, number, number])[],
): BattleSequence {
  return {
    systemCount,
    a: Int32Array.from(battles, (b) => b[0]),
    b: Int32Array.from(battles, (b) => b[1]),
    outcome: Uint8Array.from(battles, (b) => b[2]),
  };
}

function reorder(sequence: BattleSequence, indices: ArrayLike<number>): BattleSequence {
  return {
    systemCount: sequence.systemCount,
    a: Int32Array.from(indices, (t) => sequence.a[t]!),
    b: Int32Array.from(indices, (t) => sequence.b[t]!),
    outcome: Uint8Array.from(indices, (t) => sequence.outcome[t]!),
  };
}

/** The worked example's battles: a beats b, then the two tie (of either kind). */
const winThenTie = (tie: typeof OUTCOME_TIE | typeof OUTCOME_TIE_BOTH_BAD) =>
  [
    [0, 1, OUTCOME_A],
    [0, 1, tie],
  ] as const;

describe("onlineElo on the worked example of methods.md §A3", () => {
  it("moves 1000 vs 1000 to 1002 / 998 when a wins (K = 4)", () => {
    const ratings = onlineElo(sequenceOf(2, [[0, 1, OUTCOME_A]]));
    expect(Array.from(ratings)).toEqual([1002, 998]);
  });

  it("then a tie gives E_a = 0.505756 and 1001.97698 / 998.02302", () => {
    const ratings = onlineElo(sequenceOf(2, winThenTie(OUTCOME_TIE)));
    expect(ratings[0]).toBeCloseTo(1001.97698, 5);
    expect(ratings[1]).toBeCloseTo(998.02302, 5);
    // R_a after the tie = 1002 + 4·(0.5 − E_a).
    expect(0.5 - (ratings[0]! - 1002) / 4).toBeCloseTo(0.505756, 6);
  });

  it('scores "tie (bothbad)" exactly like "tie"', () => {
    const tie = onlineElo(sequenceOf(2, winThenTie(OUTCOME_TIE)));
    const bothBad = onlineElo(sequenceOf(2, winThenTie(OUTCOME_TIE_BOTH_BAD)));
    expect(Array.from(bothBad)).toEqual(Array.from(tie));
  });

  it("is symmetric: b winning moves the ratings the other way", () => {
    const ratings = onlineElo(sequenceOf(2, [[0, 1, OUTCOME_B]]));
    expect(Array.from(ratings)).toEqual([998, 1002]);
  });

  it("scales the update with K and uses the given Elo scale", () => {
    expect(Array.from(onlineElo(sequenceOf(2, [[0, 1, OUTCOME_A]]), { k: 32 }))).toEqual([
      1016, 984,
    ]);
    const ratings = onlineElo(sequenceOf(2, [[0, 1, OUTCOME_A]]), {
      k: 10,
      scale: { scale: 400, base: 10, init: 1500 },
    });
    expect(Array.from(ratings)).toEqual([1505, 1495]);
  });

  it("leaves systems without battles at the initial rating and conserves the rating sum", () => {
    const ratings = onlineElo(
      sequenceOf(4, [
        [0, 1, OUTCOME_A],
        [1, 2, OUTCOME_B],
        [2, 0, OUTCOME_TIE],
      ]),
    );
    expect(ratings[3]).toBe(1000);
    expect(ratings[0]! + ratings[1]! + ratings[2]! + ratings[3]!).toBeCloseTo(4000, 10);
  });

  it("throws RangeError when K is not positive", () => {
    const seq = sequenceOf(2, [[0, 1, OUTCOME_A]]);
    expect(() => onlineElo(seq, { k: 0 })).toThrow(RangeError);
    expect(() => onlineElo(seq, { k: -4 })).toThrow(RangeError);
    expect(() => onlineElo(seq, { k: Number.NaN })).toThrow(RangeError);
  });
});

describe("onlineElo with indices", () => {
  const sequence = simulateBattles({
    ratings: [1100, 1000, 950, 900],
    battles: 500,
    random: createRandom(5),
    tieParameter: 0.4,
  });

  it("replays battles in the given order", () => {
    const random = createRandom(9);
    const order = Int32Array.from({ length: 500 }, (_, t) => t);
    for (let t = order.length - 1; t > 0; t--) {
      const s = Math.floor(random() * (t + 1));
      [order[t], order[s]] = [order[s]!, order[t]!];
    }
    const viaIndices = onlineElo(sequence, { indices: order });
    expect(Array.from(viaIndices)).toEqual(Array.from(onlineElo(reorder(sequence, order))));
    // The order matters: a shuffled replay differs from file order.
    expect(Array.from(viaIndices)).not.toEqual(Array.from(onlineElo(sequence)));
  });

  it("replays repeated battles as often as they are listed (a bootstrap resample)", () => {
    const indices = Int32Array.from([3, 3, 3, 0, 499, 3, 250, 250]);
    expect(Array.from(onlineElo(sequence, { indices }))).toEqual(
      Array.from(onlineElo(reorder(sequence, indices))),
    );
  });

  it("with identity indices equals the plain run, and with no indices leaves ratings at 1000", () => {
    const identity = Int32Array.from({ length: 500 }, (_, t) => t);
    expect(Array.from(onlineElo(sequence, { indices: identity }))).toEqual(
      Array.from(onlineElo(sequence)),
    );
    expect(Array.from(onlineElo(sequence, { indices: new Int32Array(0) }))).toEqual([
      1000, 1000, 1000, 1000,
    ]);
  });
});

describe("onlineElo reproduces FastChat's compute_elo on the fixtures (expected.json)", () => {
  const expected = readExpected();
  for (const [name, path] of Object.entries(FIXTURES)) {
    it(`${name}: every rating to 1e-6`, () => {
      const reference = expected[name]!.online_elo;
      expect(reference.k).toBe(4);
      const { counts, sequence } = readArenaFixture(path);
      const ratings = onlineElo(sequence, { k: reference.k });
      expect(Object.keys(reference.ratings).sort()).toEqual([...counts.systems].sort());
      for (const [system, value] of Object.entries(reference.ratings)) {
        const got = ratings[counts.systems.indexOf(system)]!;
        expect(Math.abs(got - value), system).toBeLessThan(1e-6);
      }
    });
  }
});
