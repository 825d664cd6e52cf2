/** An aligned plain-text table: the first column left-aligned, the others right-aligned. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** A rate as a percentage with its interval: "81.2% [79.0, 83.4]", "-" when undefined. */
export function percent(
  estimate: { value: number; ci?: { lower: number; upper: number } | null } | null | undefined,
): string {
  if (!estimate) return "-";
  const p = (x: number) => (100 * x).toFixed(1);
  const ci = estimate.ci ? ` [${p(estimate.ci.lower)}, ${p(estimate.ci.upper)}]` : "";
  return `${p(estimate.value)}%${ci}`;
}

/** A statistic (κ, α, a bias index) to 3 decimals with its interval. */
export function decimal(
  estimate: { value: number; ci?: { lower: number; upper: number } | null } | null | undefined,
): string {
  if (!estimate) return "-";
  const f = (x: number) => x.toFixed(3);
  const ci = estimate.ci ? ` [${f(estimate.ci.lower)}, ${f(estimate.ci.upper)}]` : "";
  return `${f(estimate.value)}${ci}`;
}
