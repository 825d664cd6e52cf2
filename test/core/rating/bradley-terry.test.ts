import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createRandom } from "../../../src/core/random/index.js";
import { bradleyTerry, bradleyTerryHessianFactor } from "../../../src/core/rating/bradley-terry.js";
import { bradleyTerryMM } from "../../../src/core/rating/bradley-terry-mm.js";
import { eloPerTheta, thetaToElo } from "../../../src/core/rating/elo-scale.js";
import { type PairTable, pairTableFromCounts } from "../../../src/core/rating/pair-table.js";
import { simulateBattles } from "../../../src/core/rating/simulate-battles.js";
import {
  countsFromSequence,
  FIXTURES,
  type Row,
  readArenaFixture,
  readExpected,
  tableOf,
} from "./helpers.js";

// methods.md §A1 worked example: A>B 3–1, B>C 3–1, A>C 3–1, no ties.
const WORKED = tableOf(3, [
  [0, 1, 3, 1, 0],
  [1, 2, 3, 1, 0],
  [0, 2, 3, 1, 0],
]);

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function expectAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number) {
  expect(actual.length).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) {
    const diff = Math.abs(actual[k]! - expected[k]!);
    if (!(diff <= tol)) {
      expect.fail(`index ${k}: ${actual[k]} differs from ${expected[k]} by ${diff} > ${tol}`);
    }
  }
}

function expectAllFinite(values: ArrayLike<number>) {
  for (let k = 0; k < values.length; k++) expect(Number.isFinite(values[k]!)).toBe(true);
}

function mapTable(table: PairTable, f: (row: Row) => Row): PairTable {
  const rows: Row[] = [];
  for (let p = 0; p < table.i.length; p++) {
    rows.push(f([table.i[p]!, table.j[p]!, table.winsI[p]!, table.winsJ[p]!, table.ties[p]!]));
  }
  return tableOf(table.systemCount, rows);
}

/**
 * Tables whose beat digraph is strongly connected: the ring (k, k+1 mod n) always has wins both
 * ways; every other pair is present or not, with arbitrary (possibly one-sided) counts.
 */
const stronglyConnectedTable = fc.integer({ min: 2, max: 7 }).chain((n) => {
  const pairs: [number, number][] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
  const onRing = ([i, j]: [number, number]) => j === i + 1 || (i === 0 && j === n - 1);
  return fc
    .tuple(
      ...pairs.map((pair) =>
        onRing(pair)
          ? fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 }), fc.nat(8))
          : fc.option(fc.tuple(fc.nat(40), fc.nat(40), fc.nat(8)), { nil: undefined }),
      ),
    )
    .map((cells) => {
      const rows: Row[] = [];
      cells.forEach((cell, k) => {
        const [i, j] = pairs[k]!;
        if (cell) rows.push([i, j, cell[0], cell[1], cell[2]]);
      });
      return tableOf(n, rows);
    });
});

describe("bradleyTerry on the worked example of methods.md §A1", () => {
  it("gives θ = (0.75631, 0, −0.75631) and π = (2.13040, 1, 0.46940)", () => {
    const fit = bradleyTerry(WORKED);
    expect(fit.converged).toBe(true);
    expectAllClose(fit.theta, [0.75631, 0, -0.75631], 1e-5);
    expectAllClose(Array.from(fit.theta, Math.exp), [2.1304, 1, 0.4694], 1e-5);
  });

  it("gives Elo (1131.38, 1000.00, 868.62) and P(A beats B) = 0.68055", () => {
    const fit = bradleyTerry(WORKED);
    // The document gives the Elo values to two decimals.
    expectAllClose(thetaToElo(fit.theta), [1131.38, 1000, 868.62], 0.005);
    expect(sigmoid(fit.theta[0]! - fit.theta[1]!)).toBeCloseTo(0.68055, 5);
  });

  it("bradleyTerryMM reaches the same θ, and its first step gives π ∝ (1.5, 1, 0.5)", () => {
    const fit = bradleyTerryMM(WORKED);
    expect(fit.converged).toBe(true);
    expectAllClose(fit.theta, [0.75631, 0, -0.75631], 1e-5);
    const first = bradleyTerryMM(WORKED, { maxIterations: 1 });
    expect(first.iterations).toBe(1);
    expect(Math.exp(first.theta[0]! - first.theta[1]!)).toBeCloseTo(1.5, 12);
    expect(Math.exp(first.theta[2]! - first.theta[1]!)).toBeCloseTo(0.5, 12);
  });

  it("reports the log-likelihood at the optimum, the same for Newton and MM", () => {
    const newton = bradleyTerry(WORKED);
    const mm = bradleyTerryMM(WORKED);
    // ℓ = Σ w_ij log σ(θ_i − θ_j) computed directly from the fitted θ.
    let expected = 0;
    for (let p = 0; p < WORKED.i.length; p++) {
      const d = newton.theta[WORKED.i[p]!]! - newton.theta[WORKED.j[p]!]!;
      expected +=
        WORKED.winsI[p]! * Math.log(sigmoid(d)) + WORKED.winsJ[p]! * Math.log(sigmoid(-d));
    }
    expect(newton.logLikelihood).toBeCloseTo(expected, 10);
    expect(mm.logLikelihood).toBeCloseTo(expected, 10);
  });
});

describe("bradleyTerry agrees with the MM algorithm", () => {
  it("Newton and MM give the same θ (to 1e-6) on random strongly connected tables", () => {
    fc.assert(
      fc.property(stronglyConnectedTable, fc.constantFrom("half", "drop"), (table, ties) => {
        const newton = bradleyTerry(table, { ties });
        const mm = bradleyTerryMM(table, { ties });
        expect(newton.converged).toBe(true);
        expect(mm.converged).toBe(true);
        expectAllClose(newton.theta, mm.theta, 1e-6);
      }),
      { numRuns: 150, seed: 20240601 },
    );
  });

  it("Newton and MM agree on seeded random complete tables of 12 systems", () => {
    const random = createRandom(7);
    for (let trial = 0; trial < 5; trial++) {
      const rows: Row[] = [];
      for (let i = 0; i < 12; i++) {
        for (let j = i + 1; j < 12; j++) {
          const w = (x: number) => 1 + Math.floor(random() * x);
          rows.push([i, j, w(50), w(50), Math.floor(random() * 10)]);
        }
      }
      const table = tableOf(12, rows);
      expectAllClose(bradleyTerry(table).theta, bradleyTerryMM(table).theta, 1e-6);
    }
  });
});

// Hand-worked tables: each describe's own known answers.
describe("bradleyTerry tie handling", () => {
  const withTies = tableOf(3, [
    [0, 1, 6, 2, 4],
    [1, 2, 5, 3, 2],
    [0, 2, 4, 1, 6],
  ]);

  it('"half" (the default) counts each tie as half a win for each side', () => {
    const halves = mapTable(withTies, ([i, j, wi, wj, t]) => [i, j, wi + t / 2, wj + t / 2, 0]);
    expectAllClose(bradleyTerry(withTies).theta, bradleyTerry(halves).theta, 1e-12);
    expectAllClose(
      bradleyTerry(withTies, { ties: "half" }).theta,
      bradleyTerry(halves).theta,
      1e-12,
    );
  });

  it('"drop" ignores ties entirely', () => {
    const noTies = mapTable(withTies, ([i, j, wi, wj]) => [i, j, wi, wj, 0]);
    expectAllClose(
      bradleyTerry(withTies, { ties: "drop" }).theta,
      bradleyTerry(noTies).theta,
      1e-12,
    );
  });

  it('"half" pulls ratings together relative to "drop"', () => {
    const half = bradleyTerry(withTies, { ties: "half" }).theta;
    const drop = bradleyTerry(withTies, { ties: "drop" }).theta;
    expect(half[0]! - half[2]!).toBeGreaterThan(0);
    expect(half[0]! - half[2]!).toBeLessThan(drop[0]! - drop[2]!);
  });

  it("gives equal ratings (θ = 0) when every pair ties", () => {
    const allTies = tableOf(4, [
      [0, 1, 0, 0, 5],
      [1, 2, 0, 0, 3],
      [2, 3, 0, 0, 7],
      [0, 3, 0, 0, 1],
      [0, 2, 0, 0, 2],
    ]);
    const fit = bradleyTerry(allTies);
    expect(fit.converged).toBe(true);
    expectAllClose(fit.theta, [0, 0, 0, 0], 1e-12);
    const mm = bradleyTerryMM(allTies);
    expectAllClose(mm.theta, [0, 0, 0, 0], 1e-12);
  });

  it("gives θ = 0 when every pair ties and ties are dropped (no information)", () => {
    const allTies = tableOf(3, [
      [0, 1, 0, 0, 5],
      [1, 2, 0, 0, 3],
    ]);
    const fit = bradleyTerry(allTies, { ties: "drop" });
    expectAllClose(fit.theta, [0, 0, 0], 0);
    expectAllFinite([fit.logLikelihood]);
  });
});

describe("bradleyTerry degenerate input (methods.md §0)", () => {
  // System 0 beats 1 and 2 every time; 1 and 2 split their games. The MLE of θ_0 is +∞.
  const neverLoses = tableOf(3, [
    [0, 1, 5, 0, 0],
    [0, 2, 4, 0, 0],
    [1, 2, 3, 2, 0],
  ]);

  it("with prior 0 returns finite θ but converged = false when a system never loses", () => {
    const fit = bradleyTerry(neverLoses, { prior: 0 });
    expectAllFinite(fit.theta);
    expectAllFinite([fit.logLikelihood]);
    expect(fit.converged).toBe(false);
    // It still heads the right way: the unbeaten system is far above the others.
    expect(fit.theta[0]!).toBeGreaterThan(fit.theta[1]! + 2);
  });

  it("with prior 0.1 converges to a finite MAP estimate that ranks the unbeaten system first", () => {
    const fit = bradleyTerry(neverLoses, { prior: 0.1 });
    expect(fit.converged).toBe(true);
    expectAllFinite(fit.theta);
    expect(fit.theta[0]!).toBeGreaterThan(fit.theta[1]!);
    expect(fit.theta[1]!).toBeGreaterThan(fit.theta[2]!);
    // Stationarity of −ℓ + (λ/2)‖θ‖²: λθ_i = Σ_j (w_ij − n_ij σ(θ_i − θ_j)).
    const grad = [0.1 * fit.theta[0]!, 0.1 * fit.theta[1]!, 0.1 * fit.theta[2]!];
    for (let p = 0; p < neverLoses.i.length; p++) {
      const i = neverLoses.i[p]!;
      const j = neverLoses.j[p]!;
      const m = neverLoses.winsI[p]! + neverLoses.winsJ[p]!;
      const g = m * sigmoid(fit.theta[i]! - fit.theta[j]!) - neverLoses.winsI[p]!;
      grad[i]! += g;
      grad[j]! -= g;
    }
    expectAllClose(grad, [0, 0, 0], 1e-9);
  });

  it("throws RangeError on a negative or non-finite prior", () => {
    expect(() => bradleyTerry(WORKED, { prior: -1 })).toThrow(RangeError);
    expect(() => bradleyTerry(WORKED, { prior: Number.NaN })).toThrow(RangeError);
    expect(() => bradleyTerry(WORKED, { prior: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});

// A perturbed random table per model, as davidson.test.ts builds its own.
describe("bradleyTerry with a Hessian preconditioner", () => {
  it("converges to the same θ as plain Newton (to 1e-9) on a perturbed table", () => {
    const random = createRandom(11);
    const rows: Row[] = [];
    for (let i = 0; i < 8; i++) {
      for (let j = i + 1; j < 8; j++) {
        const bias = Math.exp((j - i) * 0.2);
        rows.push([i, j, Math.round(20 * bias + random() * 20), 5 + Math.round(random() * 20), 3]);
      }
    }
    const table = tableOf(8, rows);
    const base = bradleyTerry(table);
    const factor = bradleyTerryHessianFactor(table, base.theta);
    expect(factor).toBeDefined();
    // A bootstrap-like perturbation: every cell moves by up to ±30%.
    const perturbed = mapTable(table, ([i, j, wi, wj, t]) => [
      i,
      j,
      Math.round(wi * (0.7 + 0.6 * random())),
      Math.round(wj * (0.7 + 0.6 * random())),
      Math.round(t * (0.7 + 0.6 * random())),
    ]);
    const plain = bradleyTerry(perturbed);
    const chord = bradleyTerry(perturbed, { init: base.theta, preconditioner: factor! });
    expect(plain.converged).toBe(true);
    expect(chord.converged).toBe(true);
    expectAllClose(chord.theta, plain.theta, 1e-9);
  });

  it("is undefined for a disconnected table (the Hessian is singular beyond the gauge)", () => {
    const disconnected = tableOf(4, [
      [0, 1, 3, 2, 0],
      [2, 3, 2, 3, 0],
    ]);
    expect(bradleyTerryHessianFactor(disconnected, new Float64Array(4))).toBeUndefined();
  });
});

describe("bradleyTerry recovers planted ratings", () => {
  it("fits 10 systems from 200,000 simulated battles to within 4 standard errors", () => {
    const planted = Array.from({ length: 10 }, (_, k) => 1000 + 40 * (k - 4.5)); // mean 1000
    const sequence = simulateBattles({
      ratings: planted,
      battles: 200_000,
      random: createRandom(42),
    });
    const table = pairTableFromCounts(countsFromSequence(sequence));
    const fit = bradleyTerry(table);
    expect(fit.converged).toBe(true);
    const elo = thetaToElo(fit.theta);
    // Standard error of θ_i from the Fisher information Σ_j n_ij p(1 − p) at the planted
    // ratings (ignoring the small covariance terms): about 2 Elo here, so 4 SE ≈ 8–9 Elo.
    const k = Math.log(10) / 400;
    for (let i = 0; i < 10; i++) {
      let info = 0;
      for (let p = 0; p < table.i.length; p++) {
        const a = table.i[p]!;
        const b = table.j[p]!;
        if (a !== i && b !== i) continue;
        const prob = sigmoid(k * (planted[a]! - planted[b]!));
        info += (table.winsI[p]! + table.winsJ[p]!) * prob * (1 - prob);
      }
      const se = eloPerTheta() / Math.sqrt(info);
      expect(se).toBeLessThan(3);
      expect(Math.abs(elo[i]! - planted[i]!)).toBeLessThan(4 * se);
    }
  });
});

describe("bradleyTerry invariances", () => {
  it("relabelling systems permutes θ accordingly", () => {
    fc.assert(
      fc.property(
        stronglyConnectedTable.chain((table) =>
          fc.tuple(
            fc.constant(table),
            fc.shuffledSubarray(
              Array.from({ length: table.systemCount }, (_, k) => k),
              { minLength: table.systemCount, maxLength: table.systemCount },
            ),
          ),
        ),
        ([table, perm]) => {
          // Old system k becomes perm[k]; keep i < j in each row, swapping the wins if needed.
          const relabelled = mapTable(table, ([i, j, wi, wj, t]) => {
            const a = perm[i]!;
            const b = perm[j]!;
            return a < b ? [a, b, wi, wj, t] : [b, a, wj, wi, t];
          });
          const theta = bradleyTerry(table).theta;
          const permuted = bradleyTerry(relabelled).theta;
          const expected = new Float64Array(theta.length);
          perm.forEach((to, from) => {
            expected[to] = theta[from]!;
          });
          expectAllClose(permuted, expected, 1e-9);
        },
      ),
      { numRuns: 100, seed: 7 },
    );
  });

  it("doubling every count leaves θ unchanged (to 1e-9)", () => {
    fc.assert(
      fc.property(stronglyConnectedTable, (table) => {
        const doubled = mapTable(table, ([i, j, wi, wj, t]) => [i, j, 2 * wi, 2 * wj, 2 * t]);
        expectAllClose(bradleyTerry(doubled).theta, bradleyTerry(table).theta, 1e-9);
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it("returns θ centred to mean 0", () => {
    fc.assert(
      fc.property(stronglyConnectedTable, (table) => {
        const theta = bradleyTerry(table).theta;
        let mean = 0;
        for (const t of theta) mean += t / theta.length;
        expect(Math.abs(mean)).toBeLessThan(1e-12);
      }),
      { numRuns: 50, seed: 5 },
    );
  });
});

describe("bradleyTerry reproduces the Python reference fits (expected.json)", () => {
  const expected = readExpected();
  for (const [name, path] of Object.entries(FIXTURES)) {
    describe(name, () => {
      const reference = expected[name]!;
      const { counts } = readArenaFixture(path);
      const elo = thetaToElo(bradleyTerry(pairTableFromCounts(counts)).theta);
      const rating = (system: string) => elo[counts.systems.indexOf(system)]!;

      it("has the same systems as the reference", () => {
        expect([...counts.systems].sort()).toEqual([...reference.models_order].sort());
      });

      it("matches the exact MLE to 0.01 Elo (in fact to 1e-6)", () => {
        for (const [system, value] of Object.entries(reference.exact_mle.ratings)) {
          expect(Math.abs(rating(system) - value), system).toBeLessThan(1e-6);
        }
      });

      it("matches FastChat's compute_bt (L-BFGS-B, stopped early) to 0.5 Elo", () => {
        for (const [system, value] of Object.entries(reference.fastchat_bt.ratings)) {
          expect(Math.abs(rating(system) - value), system).toBeLessThan(0.5);
        }
      });
    });
  }
});
