/**
 * A colour-blind-safe sequential scale for κ: viridis (van der Walt & Smith, matplotlib 2015),
 * eleven stops interpolated in sRGB, from dark purple (κ ≤ 0) to yellow (κ = 1). Each cell's
 * text is black or white, whichever contrasts more with its background; on viridis that is
 * always at least 4.5:1 (WCAG 2.x AA for normal text).
 */

const VIRIDIS = [
  "#440154",
  "#482475",
  "#414487",
  "#355f8d",
  "#2a788e",
  "#21918c",
  "#22a884",
  "#44bf70",
  "#7ad151",
  "#bddf26",
  "#fde725",
].map((hex) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)));

/** The scale's colour at t ∈ [0, 1] (clamped), as [r, g, b] in 0–255. */
export function viridis(t: number): [number, number, number] {
  const x = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0)) * (VIRIDIS.length - 1);
  const k = Math.min(Math.floor(x), VIRIDIS.length - 2);
  const f = x - k;
  const [a, b] = [VIRIDIS[k]!, VIRIDIS[k + 1]!];
  return [0, 1, 2].map((c) => Math.round(a[c]! + (b[c]! - a[c]!) * f)) as [number, number, number];
}

/** WCAG 2.x relative luminance of an sRGB colour. */
export function luminance([r, g, b]: readonly number[]): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
}

/** Background and text colours of a κ cell. */
export function kappaColours(kappa: number): { background: string; color: string } {
  const rgb = viridis(kappa);
  const l = luminance(rgb);
  const onWhite = 1.05 / (l + 0.05);
  const onBlack = (l + 0.05) / 0.05;
  return {
    background: `rgb(${rgb.join(", ")})`,
    color: onBlack >= onWhite ? "#000" : "#fff",
  };
}
