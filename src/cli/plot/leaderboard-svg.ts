import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { buildLeaderboardSpec, type PlotInput } from "./leaderboard-spec.js";

export type { PlotInput } from "./leaderboard-spec.js";

/** A loader that refuses every request: the spec inlines all data, so nothing may be fetched. */
const noNetworkLoader = vega.loader();
noNetworkLoader.load = (uri: string) => Promise.reject(new Error(`plot: refusing to load ${uri}`));

// Without a canvas package vega estimates every string as 0.8 em per character, which makes
// axes reserve far too much room for labels. Use Helvetica/Arial advance widths (AFM units per
// 1000 em, printable ASCII 32..126) instead; the SVG asks for that font family.
// biome-ignore format: lookup table
const HELVETICA = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
  556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
  611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
  667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
  222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

interface TextItem {
  text?: unknown;
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
}

type Measure = (item: TextItem, text?: unknown) => number;
const metrics = (vega as unknown as { textMetrics: { width: Measure } }).textMetrics;

const measureText: Measure = (item, text) => {
  const s = String(text ?? "").trim();
  let em = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    em += c >= 32 && c <= 126 ? (HELVETICA[c - 32] ?? 556) / 1000 : c >= 0x2e80 ? 1 : 0.6;
  }
  const bold = item.fontWeight === "bold" || Number(item.fontWeight) >= 600;
  // 5% slack covers metric-compatible substitutes (Liberation Sans, Arimo); bold runs ~8% wider.
  const width = em * (item.fontSize ?? 11) * (bold ? 1.13 : 1.05);
  // Vega truncates text longer than `limit` with an ellipsis, so it never draws wider than that.
  return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
};

// Vega numbers SVG clip paths and gradients with module-level counters, and text metrics are
// module state too. Renders are serialised so each one sees its own settings and counters, and
// the same input always yields the same SVG string.
let queue: Promise<unknown> = Promise.resolve();

async function renderOnce(spec: TopLevelSpec): Promise<string> {
  const compiled = compile(spec);
  const previousWidth = metrics.width;
  metrics.width = measureText;
  const view = new vega.View(vega.parse(compiled.spec as vega.Spec), {
    renderer: "none",
    loader: noNetworkLoader,
    logLevel: vega.Error,
  });
  try {
    await view.runAsync();
    vega.resetSVGDefIds();
    return await view.toSVG();
  } finally {
    view.finalize();
    metrics.width = previousWidth;
  }
}

/**
 * Renders one leaderboard as a standalone SVG: ratings with 95% CI error bars (best at top) above
 * a heat map of predicted win rates (row beats column). Works headlessly without a canvas package
 * and never touches the network: all data is inlined in the spec.
 */
export function renderLeaderboardSvg(input: PlotInput): Promise<string> {
  return renderSvg(buildLeaderboardSpec(input));
}

/** Renders a Vega-Lite spec whose data is all inline as a standalone SVG, one render at a time. */
export function renderSvg(spec: TopLevelSpec): Promise<string> {
  const result = queue.then(() => renderOnce(spec));
  queue = result.catch(() => undefined);
  return result;
}
