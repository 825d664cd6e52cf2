/** Bradley-Terry −ℓ(θ) + (λ/2)‖θ‖² with gradient and Hessian (Hunter 2004, Ann. Statist. 32(1)). */
import type { PairTable } from "./pair-table.js";

/** −ℓ(θ) + (λ/2)‖θ‖², with log σ computed stably as −softplus(−x). */
export function negLogLik(
  table: PairTable,
  wi: Float64Array,
  wj: Float64Array,
  theta: Float64Array,
  lambda: number,
): number {
  let f = 0;
  for (let p = 0; p < wi.length; p++) {
    const d = theta[table.i[p]!]! - theta[table.j[p]!]!;
    f += wi[p]! * softplus(-d) + wj[p]! * softplus(d);
  }
  if (lambda > 0) for (let i = 0; i < theta.length; i++) f += 0.5 * lambda * theta[i]! ** 2;
  return f;
}

export function gradientAndHessian(
  table: PairTable,
  wi: Float64Array,
  wj: Float64Array,
  theta: Float64Array,
  lambda: number,
  grad: Float64Array,
  hess: Float64Array | undefined,
): void {
  const n = theta.length;
  grad.fill(0);
  for (let i = 0; i < n; i++) grad[i] = lambda * theta[i]!;
  if (!hess) {
    // σ(θi − θj) = πi / (πi + πj): n exponentials instead of one per pair. Safe while the
    // strengths cannot overflow, which holds for the centred fits that take this path.
    const pi = strengths(theta);
    for (let p = 0; p < wi.length; p++) {
      const m = wi[p]! + wj[p]!;
      if (m === 0) continue;
      const i = table.i[p]!;
      const j = table.j[p]!;
      const a = pi[i]!;
      const g = (m * a) / (a + pi[j]!) - wi[p]!;
      grad[i]! += g;
      grad[j]! -= g;
    }
    return;
  }
  hess.fill(0);
  for (let i = 0; i < n; i++) hess[i * n + i] = lambda;
  for (let p = 0; p < wi.length; p++) {
    const i = table.i[p]!;
    const j = table.j[p]!;
    const m = wi[p]! + wj[p]!;
    if (m === 0) continue;
    const prob = 1 / (1 + Math.exp(theta[j]! - theta[i]!));
    const g = m * prob - wi[p]!;
    grad[i]! += g;
    grad[j]! -= g;
    const h = m * prob * (1 - prob);
    hess[i * n + i]! += h;
    hess[j * n + j]! += h;
    hess[i * n + j]! -= h;
    hess[j * n + i]! -= h;
  }
}

/** Adds c·11ᵀ, with c the mean diagonal / n, which makes the Laplacian-like Hessian definite. */
export function fixGauge(hess: Float64Array, n: number): void {
  let trace = 0;
  for (let i = 0; i < n; i++) trace += hess[i * n + i]!;
  const c = trace > 0 ? trace / (n * n) : 1;
  for (let k = 0; k < n * n; k++) hess[k]! += c;
}

let strengthBuffer = new Float64Array(0);

/** e^θ in a reused buffer; falls back to exact logistic terms when θ is extreme. */
export function strengths(theta: Float64Array): Float64Array {
  if (strengthBuffer.length < theta.length) strengthBuffer = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++)
    strengthBuffer[i] = Math.exp(Math.max(-300, Math.min(300, theta[i]!)));
  return strengthBuffer;
}

export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export function centre(theta: Float64Array): void {
  if (theta.length === 0) return;
  let mean = 0;
  for (let i = 0; i < theta.length; i++) mean += theta[i]!;
  mean /= theta.length;
  for (let i = 0; i < theta.length; i++) theta[i]! -= mean;
}
