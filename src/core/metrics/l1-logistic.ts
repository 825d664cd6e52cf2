// L1-penalised logistic regression with soft labels and sample weights, no intercept:
//   minimise F(w) = C · Σ_i s_i [p_i·softplus(−x_i·w) + (1 − p_i)·softplus(x_i·w)] + ‖w‖₁,
// liblinear's formulation (scikit-learn `LogisticRegression(penalty="l1", solver="liblinear")`;
// soft labels p_i are what AlpacaEval's row duplication with weights p and 1 − p amounts to).
// Solved by proximal Newton with coordinate descent on each quadratic model and an Armijo line
// search on F — newGLMNET, the method liblinear itself uses for this problem (G.-X. Yuan, C.-H.
// Ho & C.-J. Lin, "An improved GLMNET for L1-regularized logistic regression", JMLR 13, 2012).
// L-BFGS (../optimize/lbfgs.ts) is not used: it needs a smooth objective, and a smoothed |w|
// would not give the exact zeros that the L1 penalty is there to produce. Meant for a handful
// of features: each Newton step costs O(n·d²) and the subproblem O(d²) per sweep.

export interface L1LogisticProblem {
  /** Row-major n × d design matrix. */
  readonly x: Float64Array;
  readonly d: number;
  /** Soft labels in [0, 1]. */
  readonly p: Float64Array;
  /** Sample weights >= 0 (default 1). */
  readonly weight?: Float64Array;
}

const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** F(w) for the rows selected by `rows` (all when undefined). */
function objective(problem: L1LogisticProblem, c: number, w: Float64Array, rows?: Int32Array) {
  const { x, d, p, weight } = problem;
  let loss = 0;
  const m = rows ? rows.length : p.length;
  for (let r = 0; r < m; r++) {
    const i = rows ? rows[r]! : r;
    let z = 0;
    for (let j = 0; j < d; j++) z += x[i * d + j]! * w[j]!;
    const s = weight ? weight[i]! : 1;
    if (s > 0) loss += s * (p[i]! * softplus(-z) + (1 - p[i]!) * softplus(z));
  }
  let l1 = 0;
  for (let j = 0; j < d; j++) l1 += Math.abs(w[j]!);
  return c * loss + l1;
}

/**
 * Fits w on the given rows (all by default) for inverse penalty strength C > 0 (C = Infinity:
 * no penalty; the data must then not be separable). Returns w (length d).
 * @throws RangeError on C <= 0.
 */
export function fitL1Logistic(
  problem: L1LogisticProblem,
  c: number,
  rows?: Int32Array,
): Float64Array {
  if (!(c > 0)) throw new RangeError(`C must be > 0, got ${c}`);
  const { x, d, p, weight } = problem;
  const scale = Number.isFinite(c) ? c : 1;
  const penalty = Number.isFinite(c) ? 1 : 0;
  const w = new Float64Array(d);
  const g = new Float64Array(d);
  const h = new Float64Array(d * d);
  const step = new Float64Array(d);
  const trial = new Float64Array(d);
  const value = (v: Float64Array) =>
    Number.isFinite(c) ? objective(problem, c, v, rows) : objective(problem, 1, v, rows) - l1(v);
  const l1 = (v: Float64Array) => v.reduce((s, t) => s + Math.abs(t), 0);
  let f = value(w);
  const m = rows ? rows.length : p.length;
  for (let iteration = 0; iteration < 100; iteration++) {
    g.fill(0);
    h.fill(0);
    for (let r = 0; r < m; r++) {
      const i = rows ? rows[r]! : r;
      const s = (weight ? weight[i]! : 1) * scale;
      if (s === 0) continue;
      let z = 0;
      for (let j = 0; j < d; j++) z += x[i * d + j]! * w[j]!;
      const q = sigmoid(z);
      const curvature = s * q * (1 - q);
      for (let j = 0; j < d; j++) {
        const xj = x[i * d + j]!;
        g[j]! += s * (q - p[i]!) * xj;
        for (let k = 0; k < d; k++) h[j * d + k]! += curvature * xj * x[i * d + k]!;
      }
    }
    // Coordinate descent on gᵀδ + ½δᵀHδ + penalty·‖w + δ‖₁ (newGLMNET's inner problem).
    step.fill(0);
    for (let sweep = 0; sweep < 1000; sweep++) {
      let change = 0;
      for (let j = 0; j < d; j++) {
        let b = g[j]!;
        for (let k = 0; k < d; k++) if (k !== j) b += h[j * d + k]! * step[k]!;
        const a = h[j * d + j]! + 1e-12;
        const u = w[j]! - b / a;
        const target = Math.sign(u) * Math.max(Math.abs(u) - penalty / a, 0);
        const next = target - w[j]!;
        change = Math.max(change, Math.abs(next - step[j]!));
        step[j] = next;
      }
      if (change <= 1e-15 * (1 + l1(w))) break;
    }
    let decrease = penalty * (l1(step.map((s, j) => w[j]! + s)) - l1(w));
    for (let j = 0; j < d; j++) decrease += g[j]! * step[j]!;
    if (!(decrease < -1e-15 * Math.max(1, Math.abs(f)))) break; // no descent left: optimal
    let t = 1;
    let accepted = false;
    for (let k = 0; k < 60; k++, t /= 2) {
      for (let j = 0; j < d; j++) trial[j] = w[j]! + t * step[j]!;
      const ft = value(trial);
      if (ft <= f + 0.01 * t * decrease) {
        w.set(trial);
        f = ft;
        accepted = true;
        break;
      }
    }
    if (!accepted) break;
  }
  return w;
}

/** Weighted mean soft-label cross-entropy of w on `rows` (AlpacaEval's CV score, negated). */
export function crossEntropy(
  problem: L1LogisticProblem,
  w: Float64Array,
  rows: Int32Array,
): number {
  const { x, d, p, weight } = problem;
  let total = 0;
  let count = 0;
  for (const i of rows) {
    let z = 0;
    for (let j = 0; j < d; j++) z += x[i * d + j]! * w[j]!;
    const q = Math.min(Math.max(sigmoid(z), 1e-15), 1 - 1e-15); // sklearn-style clipping
    const s = weight ? weight[i]! : 1;
    total -= s * (p[i]! * Math.log(q) + (1 - p[i]!) * Math.log(1 - q));
    count++;
  }
  return total / count;
}
