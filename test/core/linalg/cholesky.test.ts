import { describe, expect, it } from "vitest";
import { choleskySolveInPlace } from "../../../src/core/linalg/cholesky.js";
import { lcg } from "../lcg.js";

describe("choleskySolveInPlace", () => {
  it("solves a 2×2 system worked by hand and leaves L in the lower triangle", () => {
    // [[4, 2], [2, 3]] x = [2, 1] → x = [0.5, 0]; L = [[2, 0], [1, √2]].
    const a = new Float64Array([4, 2, 2, 3]);
    const b = new Float64Array([2, 1]);
    expect(choleskySolveInPlace(a, 2, b)).toBe(true);
    expect(b[0]).toBeCloseTo(0.5, 15);
    expect(b[1]).toBeCloseTo(0, 15);
    expect(a[0]).toBe(2);
    expect(a[1]).toBe(2); // strict upper triangle untouched
    expect(a[2]).toBe(1);
    expect(a[3]).toBeCloseTo(Math.SQRT2, 15);
  });

  it("solves a 3×3 system worked by hand", () => {
    // A = [[25, 15, -5], [15, 18, 0], [-5, 0, 11]], x = [1, -1, 2] → b = A x = [0, -3, 17].
    const a = new Float64Array([25, 15, -5, 15, 18, 0, -5, 0, 11]);
    const b = new Float64Array([0, -3, 17]);
    expect(choleskySolveInPlace(a, 3, b)).toBe(true);
    expect(Array.from(b).map((v) => Number(v.toFixed(12)))).toEqual([1, -1, 2]);
    // Textbook factor: L = [[5, 0, 0], [3, 3, 0], [-1, 1, 3]].
    expect([a[0], a[3], a[4], a[6], a[7], a[8]]).toEqual([5, 3, 3, -1, 1, 3]);
  });

  it("reads only the lower triangle", () => {
    const a = new Float64Array([4, Number.NaN, 2, 3]);
    const b = new Float64Array([2, 1]);
    expect(choleskySolveInPlace(a, 2, b)).toBe(true);
    expect(b[0]).toBeCloseTo(0.5, 15);
  });

  it("has a small residual on a random 60×60 SPD system", () => {
    const n = 60;
    const rand = lcg(7);
    const m = Float64Array.from({ length: n * n }, () => rand() - 0.5);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = i === j ? 0.1 : 0;
        for (let k = 0; k < n; k++) s += m[i * n + k]! * m[j * n + k]!;
        a[i * n + j] = s;
      }
    }
    const x = Float64Array.from({ length: n }, () => rand() * 2 - 1);
    const b = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i]! += a[i * n + j]! * x[j]!;
    expect(choleskySolveInPlace(a.slice(), n, b)).toBe(true);
    let err = 0;
    for (let i = 0; i < n; i++) err = Math.max(err, Math.abs(b[i]! - x[i]!));
    expect(err).toBeLessThan(1e-9);
  });

  it("returns false and leaves b unchanged when the matrix is not positive definite", () => {
    const b = new Float64Array([1, 2]);
    expect(choleskySolveInPlace(new Float64Array([1, 2, 2, 1]), 2, b)).toBe(false); // indefinite
    expect(choleskySolveInPlace(new Float64Array([1, 1, 1, 1]), 2, b)).toBe(false); // singular
    expect(choleskySolveInPlace(new Float64Array([Number.NaN, 0, 0, 1]), 2, b)).toBe(false);
    expect(Array.from(b)).toEqual([1, 2]);
  });

  it("accepts n = 0 and rejects bad sizes with RangeError", () => {
    expect(choleskySolveInPlace(new Float64Array(0), 0, new Float64Array(0))).toBe(true);
    expect(() => choleskySolveInPlace(new Float64Array(3), 2, new Float64Array(2))).toThrow(
      RangeError,
    );
    expect(() => choleskySolveInPlace(new Float64Array(4), 2, new Float64Array(1))).toThrow(
      RangeError,
    );
    expect(() => choleskySolveInPlace(new Float64Array(4), 1.5, new Float64Array(2))).toThrow(
      RangeError,
    );
  });
});
