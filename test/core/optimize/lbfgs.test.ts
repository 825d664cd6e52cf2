import { describe, expect, it } from "vitest";
import { minimizeLbfgs, type Objective } from "../../../src/core/optimize/lbfgs.js";

// Extended Rosenbrock (Moré, Garbow & Hillstrom 1981): independent 2-D valleys over pairs
// (x_{2k}, x_{2k+1}); the unique minimum is all ones, value 0.
const rosenbrock: Objective = (x, g) => {
  let f = 0;
  for (let k = 0; k + 1 < x.length; k += 2) {
    const a = x[k]!;
    const b = x[k + 1]!;
    const r = b - a * a;
    f += 100 * r * r + (1 - a) * (1 - a);
    g[k] = -400 * a * r - 2 * (1 - a);
    g[k + 1] = 200 * r;
  }
  return f;
};

function standardStart(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, k) => (k % 2 === 0 ? -1.2 : 1));
}

// f = x'Ax / 2 - b'x with A = diag(1..n) + 0.5 * ones (SPD, condition number ~ 2n).
function quadratic(n: number): {
  f: Objective;
  a: (r: number, c: number) => number;
  b: Float64Array;
} {
  const a = (r: number, c: number) => (r === c ? r + 1 : 0) + 0.5;
  const b = Float64Array.from({ length: n }, (_, k) => Math.sin(k + 1));
  const f: Objective = (x, g) => {
    let value = 0;
    for (let r = 0; r < n; r++) {
      let ax = 0;
      for (let c = 0; c < n; c++) ax += a(r, c) * x[c]!;
      g[r] = ax - b[r]!;
      value += 0.5 * x[r]! * ax - b[r]! * x[r]!;
    }
    return value;
  };
  return { f, a, b };
}

describe("minimizeLbfgs", () => {
  it("finds the minimum (1, 1) of the 2-D Rosenbrock function from (-1.2, 1)", () => {
    const r = minimizeLbfgs(rosenbrock, standardStart(2));
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 8);
    expect(r.x[1]).toBeCloseTo(1, 8);
    expect(r.value).toBeLessThan(1e-15);
    expect(r.iterations).toBeLessThan(60);
  });

  it("finds the minimum at all ones of the 10-D extended Rosenbrock function", () => {
    const r = minimizeLbfgs(rosenbrock, standardStart(10));
    expect(r.converged).toBe(true);
    for (const v of r.x) expect(v).toBeCloseTo(1, 8);
    expect(r.value).toBeLessThan(1e-15);
  });

  // With an exact line search L-BFGS (memory >= n) would end in n steps on a quadratic, like
  // conjugate gradients; the strong Wolfe search (c2 = 0.9) accepts the unit step early, and
  // takes 12 / 20 / 25 iterations for n = 5 / 10 / 20 to reach the 1e-9 tolerance.
  it.each([5, 10, 20])(
    "minimises a convex quadratic in %i dimensions within 2n iterations",
    (n) => {
      const { f, a, b } = quadratic(n);
      const r = minimizeLbfgs(f, new Float64Array(n), { memory: n });
      expect(r.converged).toBe(true);
      expect(r.iterations).toBeLessThanOrEqual(2 * n + 2);
      // Residual of the normal equations A x = b.
      for (let row = 0; row < n; row++) {
        let ax = 0;
        for (let c = 0; c < n; c++) ax += a(row, c) * r.x[c]!;
        expect(Math.abs(ax - b[row]!)).toBeLessThan(1e-8);
      }
    },
  );

  it("returns 0 iterations, converged, when started at the minimum", () => {
    const r = minimizeLbfgs(rosenbrock, Float64Array.of(1, 1));
    expect(r).toMatchObject({ iterations: 0, converged: true, value: 0 });
  });

  it("leaves x0 untouched", () => {
    const x0 = standardStart(4);
    minimizeLbfgs(rosenbrock, x0);
    expect([...x0]).toEqual([-1.2, 1, -1.2, 1]);
  });

  it("stops at maxIterations with converged false", () => {
    const r = minimizeLbfgs(rosenbrock, standardStart(2), { maxIterations: 3 });
    expect(r.iterations).toBe(3);
    expect(r.converged).toBe(false);
    expect(Number.isFinite(r.value)).toBe(true);
  });

  it("returns converged false, not a runaway, when the gradient contradicts the function", () => {
    // The gradient has the wrong sign, so every "descent" direction goes uphill.
    const wrong: Objective = (x, g) => {
      g[0] = -2 * x[0]!;
      return x[0]! * x[0]!;
    };
    const r = minimizeLbfgs(wrong, Float64Array.of(3), { maxIterations: 50 });
    expect(r.converged).toBe(false);
    // Steps are taken only inside the 1e-12 relative noise band of the line search.
    expect(Math.abs(r.value - 9)).toBeLessThan(1e-9);
    expect(Math.abs(r.x[0]! - 3)).toBeLessThan(1e-9);
  });

  it("measures convergence relative to |value|: a scaled problem converges at the same point", () => {
    const scaled: Objective = (x, g) => {
      const f = rosenbrock(x, g) + 1;
      for (let k = 0; k < g.length; k++) g[k] = 1e6 * g[k]!;
      return 1e6 * f;
    };
    const r = minimizeLbfgs(scaled, standardStart(2));
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
  });

  it("throws RangeError for an empty x0, bad options or a non-finite start", () => {
    expect(() => minimizeLbfgs(rosenbrock, new Float64Array(0))).toThrow(RangeError);
    expect(() => minimizeLbfgs(rosenbrock, standardStart(2), { memory: 0 })).toThrow(RangeError);
    expect(() => minimizeLbfgs(rosenbrock, standardStart(2), { maxIterations: -1 })).toThrow(
      RangeError,
    );
    expect(() =>
      minimizeLbfgs(rosenbrock, standardStart(2), { gradientTolerance: Number.NaN }),
    ).toThrow(RangeError);
    expect(() => minimizeLbfgs(rosenbrock, Float64Array.of(Number.NaN, 1))).toThrow(RangeError);
  });
});
