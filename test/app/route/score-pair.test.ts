import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareForRouting, scorePair } from "../../../src/app/route/score-pair.js";

const judges = (entries: Record<string, number[]>) => new Map(Object.entries(entries));

describe("scorePair", () => {
  it("takes a unanimous, consistent pool's label as right", () => {
    expect(scorePair(judges({ j1: [1, 1], j2: [1, 1] }))).toEqual({
      p: 1,
      estimate: 0,
      aiLabel: "x",
      inconsistent: 0,
      spread: 0,
      judges: 2,
      games: 4,
    });
    expect(scorePair(judges({ j1: [0, 0] }))).toMatchObject({ p: 0, estimate: 0, aiLabel: "y" });
  });

  it("reads a judge that prefers whatever it is shown first as a coin toss", () => {
    // Game 1 shows x first and prefers it (1); game 2 shows y first and prefers it (x: 0).
    expect(scorePair(judges({ j1: [1, 0] }))).toEqual({
      p: 0.5,
      estimate: 0.5,
      aiLabel: "none",
      inconsistent: 1,
      spread: 0,
      judges: 1,
      games: 2,
    });
  });

  it("reads judges that disagree with each other by their pooled vote", () => {
    // By hand: games 1, 1, 0, 0, 1, 0.75 → p = 3.75 / 6 = 0.625; judge means 1, 0, 0.875.
    expect(scorePair(judges({ j1: [1, 1], j2: [0, 0], j3: [1, 0.75] }))).toEqual({
      p: 0.625,
      estimate: 0.375,
      aiLabel: "x",
      inconsistent: 0,
      spread: 1,
      judges: 3,
      games: 6,
    });
  });

  it("counts a tie against a decisive game as inconsistent, and a small margin as near 1/2", () => {
    expect(scorePair(judges({ j1: [0.5, 0.75], j2: [0.75, 0.75] }))).toEqual({
      p: 0.6875,
      estimate: 0.3125,
      aiLabel: "x",
      inconsistent: 1,
      spread: 0.125,
      judges: 2,
      games: 4,
    });
  });

  it("skips judges without games, and refuses a pair with none or a bad preference", () => {
    expect(scorePair(judges({ j1: [], j2: [0.25] }))).toMatchObject({ judges: 1, games: 1 });
    expect(() => scorePair(judges({ j1: [] }))).toThrow(RangeError);
    expect(() => scorePair(judges({}))).toThrow(/at least one game/);
    expect(() => scorePair(judges({ j1: [Number.NaN] }))).toThrow(/judge j1/);
    expect(() => scorePair(judges({ j1: [1.5] }))).toThrow(RangeError);
  });

  it("keeps the estimate in [0, 1/2] and the same whichever side is called x", () => {
    const preference = fc.double({ min: 0, max: 1, noNaN: true });
    const pool = fc.dictionary(
      fc.constantFrom("j1", "j2", "j3"),
      fc.array(preference, { minLength: 1, maxLength: 4 }),
      { minKeys: 1 },
    );
    fc.assert(
      fc.property(pool, (entries) => {
        const s = scorePair(judges(entries));
        const swapped = Object.fromEntries(
          Object.entries(entries).map(([j, ps]) => [j, ps.map((v) => 1 - v)]),
        );
        const t = scorePair(judges(swapped));
        expect(s.estimate).toBeGreaterThanOrEqual(0);
        expect(s.estimate).toBeLessThanOrEqual(0.5);
        expect(t.estimate).toBeCloseTo(s.estimate, 12);
        expect(t.inconsistent).toBe(s.inconsistent);
        expect(t.spread).toBeCloseTo(s.spread, 12);
      }),
    );
  });
});

describe("compareForRouting", () => {
  const pair = (key: string, estimate: number, inconsistent: number, spread: number) => ({
    ...scorePair(judges({ j: [1] })),
    key,
    estimate,
    inconsistent,
    spread,
  });

  it("orders by estimate, then inconsistent judges, then spread, then key", () => {
    const pairs = [
      pair("a", 0.1, 5, 1),
      pair("b", 0.3, 0, 0),
      pair("c", 0.3, 1, 0),
      pair("d", 0.3, 1, 0.5),
      pair("e", 1 - 0.7, 1, 0.5), // 0.30000000000000004: the same estimate
      pair("f", 0.5, 0, 0),
    ];
    expect(pairs.sort(compareForRouting).map((p) => p.key)).toEqual(["f", "d", "e", "c", "b", "a"]);
  });
});
