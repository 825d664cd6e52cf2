/** FastChat's style-control objective (contextual_bt_loss_and_grad), its gradient and Hessian. */

/** Battles with style covariates, and the fit's options. */
export interface StyleControlInput {
  readonly systemCount: number;
  /** System index of side A / side B of each battle. */
  readonly a: Int32Array;
  readonly b: Int32Array;
  /** 1 = A wins, 0.5 = tie, 0 = B wins (any value in [0, 1] is accepted). */
  readonly outcome: Float64Array;
  /** N×featureCount row-major covariates, as `styleDesign(...).z`. */
  readonly z: Float64Array;
  readonly featureCount: number;
  /** Battle weights (default 1), e.g. bootstrap counts. */
  readonly weights?: Float64Array;
  /** Ridge penalty λ > 0 (default 0.5, FastChat's). */
  readonly lambda?: number;
  /** Starting point [r; φ] (default 0), e.g. the full-data fit for a bootstrap refit. */
  readonly init?: Float64Array;
  /** Newton steps allowed (default 50); stop once the largest step entry ≤ `tolerance` (1e-10). */
  readonly maxIterations?: number;
  readonly tolerance?: number;
}

/** Validates the input (RangeError otherwise) and returns λ. */
export function check(input: StyleControlInput): number {
  const { systemCount: n, featureCount: k, a, b, outcome, z, weights } = input;
  const lambda = input.lambda ?? 0.5;
  const m = a.length;
  let bad = !Number.isInteger(n) || n < 0 || !Number.isInteger(k) || k < 0;
  bad ||= !(lambda > 0 && lambda < Number.POSITIVE_INFINITY);
  bad ||= b.length !== m || outcome.length !== m || z.length !== m * k;
  if (bad || (weights !== undefined && weights.length !== m)) {
    throw new RangeError("bad systemCount, featureCount or lambda, or lengths that differ");
  }
  for (let i = 0; i < m; i++) {
    const y = outcome[i]!;
    const w = weights === undefined ? 1 : weights[i]!;
    if (a[i]! < 0 || a[i]! >= n || b[i]! < 0 || b[i]! >= n || !(y >= 0 && y <= 1)) {
      throw new RangeError(`battle ${i}: system index out of range or outcome not in [0, 1]`);
    }
    if (!(w >= 0 && w < Number.POSITIVE_INFINITY)) throw new RangeError(`battle ${i}: bad weight`);
  }
  if (!z.every(Number.isFinite)) throw new RangeError("z holds a non-finite value");
  return lambda;
}

/**
 * The objective at x = [r; φ]; also writes the gradient into `grad` and the Hessian (its lower
 * triangle at least, as the Cholesky solve reads it) into `hess` when given.
 */
export function evaluate(
  input: StyleControlInput,
  lambda: number,
  x: Float64Array,
  grad?: Float64Array,
  hess?: Float64Array,
): number {
  const { systemCount: n, featureCount: k, a, b, outcome, z, weights } = input;
  const dim = n + k;
  let loss = 0;
  let carry = 0; // Kahan compensation: the loss is a sum of millions of terms
  grad?.fill(0);
  hess?.fill(0);
  for (let i = 0; i < a.length; i++) {
    const w = weights === undefined ? 1 : weights[i]!;
    if (w === 0) continue;
    const ai = a[i]!;
    const bi = b[i]!;
    const y = outcome[i]!;
    const row = i * k;
    let t = Math.LN10 * (x[ai]! - x[bi]!);
    for (let j = 0; j < k; j++) t += x[n + j]! * z[row + j]!;
    const e = Math.exp(-Math.abs(t));
    const term = w * (Math.max(t, 0) + Math.log1p(e) - y * t) - carry; // softplus(t) − y·t
    const next = loss + term;
    carry = next - loss - term;
    loss = next;
    if (grad === undefined) continue;
    const p = t >= 0 ? 1 / (1 + e) : e / (1 + e);
    const r = w * (p - y);
    grad[ai]! += Math.LN10 * r;
    grad[bi]! -= Math.LN10 * r;
    for (let j = 0; j < k; j++) grad[n + j]! += r * z[row + j]!;
    if (hess === undefined) continue;
    const s = w * p * (1 - p);
    const c = s * Math.LN10 * Math.LN10;
    hess[ai * dim + ai]! += c;
    hess[bi * dim + bi]! += c;
    hess[ai * dim + bi]! -= c;
    hess[bi * dim + ai]! -= c;
    for (let j = 0; j < k; j++) {
      const zj = z[row + j]!;
      const v = s * Math.LN10 * zj;
      const rj = (n + j) * dim;
      hess[rj + ai]! += v; // lower triangle only: row n+j > ai, bi
      hess[rj + bi]! -= v;
      for (let l = 0; l <= j; l++) hess[rj + n + l]! += s * zj * z[row + l]!;
    }
  }
  let norm = 0;
  for (let j = 0; j < dim; j++) norm += x[j]! * x[j]!;
  if (grad !== undefined) for (let j = 0; j < dim; j++) grad[j]! += lambda * x[j]!;
  if (hess !== undefined) for (let j = 0; j < dim; j++) hess[j * dim + j]! += lambda;
  return loss + 0.5 * lambda * norm;
}

/**
 * FastChat's style-control objective at `params` = [r; φ] (length systemCount + featureCount):
 * Σ w·CE(outcome, σ(ln10·(r_a − r_b) + φ·z)) + (λ/2)‖params‖². Writes the gradient into
 * `grad` when given. O(N·K).
 * @throws {RangeError} on invalid input (see {@link fitStyleControlled}) or a wrong length.
 */
export function styleControlObjective(
  input: StyleControlInput,
  params: Float64Array,
  grad?: Float64Array,
): number {
  const lambda = check(input);
  const dim = input.systemCount + input.featureCount;
  if (params.length !== dim || (grad !== undefined && grad.length !== dim)) {
    throw new RangeError(`params and grad must have length ${dim}`);
  }
  return evaluate(input, lambda, params, grad);
}
