// Line search for the strong Wolfe conditions: Nocedal & Wright, Numerical Optimization,
// 2nd ed. (2006), Algorithm 3.5 (bracketing) and Algorithm 3.6 (zoom), with the safeguarded
// cubic interpolation of eq. (3.59). Near a minimum, where f(x + alpha p) - f(x) is below
// rounding noise, sufficient decrease is judged by the approximate Wolfe condition of Hager &
// Zhang (2005), SIAM J. Optim. 16(1), eq. (23): phi'(alpha) <= (2 c1 - 1) phi'(0), for values
// within NOISE * |phi(0)| of phi(0).

/**
 * The objective along a search line, phi(alpha) = f(x + alpha p). An evaluation writes
 * phi(alpha) into `out[0]` and phi'(alpha) into `out[1]`.
 */
export type LineFunction = (alpha: number, out: Float64Array) => void;

const C1 = 1e-4;
const C2 = 0.9;
const NOISE = 1e-12;

/**
 * Finds a step alpha > 0 with phi(alpha) <= phi(0) + c1 alpha phi'(0) and
 * |phi'(alpha)| <= c2 |phi'(0)| (c1 = 1e-4, c2 = 0.9), given phi'(0) < 0. When phi(alpha) is
 * within 1e-12 |phi(0)| of phi(0), the first condition is replaced by the derivative test
 * phi'(alpha) <= (2 c1 - 1) phi'(0), which rounding does not swamp.
 *
 * The returned step is always the one evaluated last, so `out` and whatever state `phi` keeps
 * (the trial point and its gradient) belong to it. When the budget runs out the best step that
 * decreased phi is evaluated again and returned (it satisfies sufficient decrease only); -1 means
 * no decrease was found. Non-finite values of phi are treated as "step too long".
 */
export function strongWolfeStep(
  phi: LineFunction,
  phi0: number,
  dphi0: number,
  alpha1: number,
  out: Float64Array,
  maxEvaluations = 40,
): number {
  let aPrev = 0;
  let fPrev = phi0;
  let dPrev = dphi0;
  let a = alpha1;
  const noise = NOISE * Math.abs(phi0);
  const decreases = (alpha: number, f: number, d: number): boolean =>
    Number.isFinite(d) &&
    (f <= phi0 + C1 * alpha * dphi0 || (f <= phi0 + noise && d <= (2 * C1 - 1) * dphi0));
  for (let k = 0; k < maxEvaluations; k++) {
    phi(a, out);
    const f = out[0]!;
    const d = out[1]!;
    const left = maxEvaluations - k - 1;
    if (!decreases(a, f, d) || (k > 0 && f >= fPrev + noise)) {
      return zoom(phi, decreases, noise, dphi0, aPrev, fPrev, dPrev, a, f, d, out, left);
    }
    if (Math.abs(d) <= -C2 * dphi0) return a;
    if (d >= 0) return zoom(phi, decreases, noise, dphi0, a, f, d, aPrev, fPrev, dPrev, out, left);
    aPrev = a;
    fPrev = f;
    dPrev = d;
    a *= 2;
  }
  return fallback(phi, aPrev, out);
}

// Invariants (N&W p. 61): lo satisfies sufficient decrease and has the lowest phi seen so far;
// phi'(lo) (hi - lo) < 0, so [lo, hi] brackets a step with the strong Wolfe conditions. Values
// within `noise` of each other are not compared; the sign of phi' places the new point then.
function zoom(
  phi: LineFunction,
  decreases: (alpha: number, f: number, d: number) => boolean,
  noise: number,
  dphi0: number,
  lo: number,
  fLo: number,
  dLo: number,
  hi: number,
  fHi: number,
  dHi: number,
  out: Float64Array,
  maxEvaluations: number,
): number {
  for (let k = 0; k < maxEvaluations; k++) {
    const a = interpolate(lo, fLo, dLo, hi, fHi, dHi);
    if (a === lo || a === hi) break; // the bracket has shrunk to rounding level
    phi(a, out);
    const f = out[0]!;
    const d = out[1]!;
    if (decreases(a, f, d) && Math.abs(d) <= -C2 * dphi0) return a;
    const level = Math.abs(f - fLo) <= noise;
    if (!decreases(a, f, d) || (f >= fLo && !level) || (level && d * (hi - lo) >= 0)) {
      hi = a;
      fHi = f;
      dHi = d;
    } else {
      if (d * (hi - lo) >= 0) {
        hi = lo;
        fHi = fLo;
        dHi = dLo;
      }
      lo = a;
      fLo = f;
      dLo = d;
    }
  }
  return fallback(phi, lo, out);
}

function fallback(phi: LineFunction, best: number, out: Float64Array): number {
  if (best <= 0) return -1;
  phi(best, out);
  return best;
}

// Minimiser of the cubic through (lo, fLo, dLo) and (hi, fHi, dHi), kept at least a tenth of
// the bracket away from either end; bisection when the cubic is unusable (e.g. fHi = Infinity).
// Takes the bracket as six scalars, as zoom holds it: no object allocated per step.
function interpolate(
  lo: number,
  fLo: number,
  dLo: number,
  hi: number,
  fHi: number,
  dHi: number,
): number {
  const width = hi - lo;
  let a = lo + 0.5 * width;
  const d1 = dLo + dHi - (3 * (fLo - fHi)) / (lo - hi);
  const disc = d1 * d1 - dLo * dHi;
  if (Number.isFinite(disc) && disc >= 0) {
    const d2 = Math.sign(width) * Math.sqrt(disc);
    const c = hi - width * ((dHi + d2 - d1) / (dHi - dLo + 2 * d2));
    if (Number.isFinite(c)) a = c;
  }
  const inner = Math.min(lo, hi) + 0.1 * Math.abs(width);
  const outer = Math.max(lo, hi) - 0.1 * Math.abs(width);
  return Math.min(Math.max(a, inner), outer);
}
