// Cholesky factorisation A = L·Lᵀ and the two triangular solves (row-by-row
// Cholesky–Banachiewicz order; Golub & Van Loan, "Matrix Computations", 4th ed., §4.2).

/**
 * Factors the symmetric positive-definite n×n row-major matrix `a` in place and solves
 * `a·x = b`, overwriting `b` with x.
 *
 * Only the lower triangle (diagonal included) of `a` is read; on success it holds L and the
 * strict upper triangle is left untouched. Returns `false`, leaving `b` unchanged and `a`
 * partly overwritten, when a pivot is not positive and finite (the matrix is not positive
 * definite, or holds NaN/Infinity).
 *
 * Complexity: n³/6 multiply-adds for the factorisation, n² for the solves.
 *
 * @example
 * const a = new Float64Array([4, 2, 2, 3]);
 * const b = new Float64Array([2, 1]);
 * choleskySolveInPlace(a, 2, b); // true; b = [0.5, 0]
 * @throws {RangeError} if n is not a non-negative integer or `a`/`b` are shorter than n²/n.
 */
export function choleskySolveInPlace(a: Float64Array, n: number, b: Float64Array): boolean {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (a.length < n * n) throw new RangeError(`a has ${a.length} entries, needs ${n * n}`);
  if (b.length < n) throw new RangeError(`b has ${b.length} entries, needs ${n}`);
  if (!choleskyFactor(a, n)) return false;
  choleskySolveFactored(a, n, b);
  return true;
}

/** Factors `a` = L·Lᵀ in place (L in the lower triangle); false if not positive definite. */
export function choleskyFactor(a: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      if (i === j) {
        if (!(s > 0) || s === Number.POSITIVE_INFINITY) return false;
        a[ri + i] = Math.sqrt(s);
      } else {
        a[ri + j] = s / a[rj + j]!;
      }
    }
  }
  return true;
}

/** Solves L·Lᵀ·x = b for a factor from `choleskyFactor`, overwriting b with x. O(n²). */
export function choleskySolveFactored(a: Float64Array, n: number, b: Float64Array): void {
  // L·y = b (forward), then Lᵀ·x = y (backward); Lᵀ[i][k] = L[k][i] = a[k*n + i].
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= a[ri + k]! * b[k]!;
    b[i] = s / a[ri + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= a[k * n + i]! * b[k]!;
    b[i] = s / a[i * n + i]!;
  }
}
