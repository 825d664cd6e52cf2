import type { TopLevelSpec } from "vega-lite";

export interface PlotInput {
  /** Chart title, e.g. "prefkit leaderboard — bt, 1000 bootstrap rounds". */
  title: string;
  /** Systems already sorted best first. */
  systems: readonly {
    name: string;
    rating: number;
    /** null without bootstrap rounds: no interval, no bar. */
    ciLower: number | null;
    ciUpper: number | null;
  }[];
  /** matrix[i][j] = P(systems[i] beats systems[j]); NaN on the diagonal. */
  winRate: { readonly systems: readonly string[]; readonly matrix: readonly (readonly number[])[] };
}

/**
 * Names of the layers; Vega-Lite names their marks `<name>_marks` and vega writes that as an SVG
 * class, e.g. `<g class="mark-rule role-mark errorbars_marks">`, which tests use to count items.
 */
export const MARK = {
  errorBars: "errorbars",
  points: "ratingpoints",
  cells: "winratecells",
  cellLabels: "winratelabels",
} as const;

/** Above this many systems the heat map shrinks to small unlabelled cells. */
export const LABEL_LIMIT_SYSTEMS = 25;

interface Layout {
  cell: number;
  fontSize: number;
  showLabels: boolean;
}

function layoutFor(n: number): Layout {
  if (n <= 10) return { cell: 44, fontSize: 12, showLabels: true };
  if (n <= LABEL_LIMIT_SYSTEMS) return { cell: 30, fontSize: 10, showLabels: true };
  return { cell: 12, fontSize: 9, showLabels: false };
}

const finiteOrNull = (x: number | null): number | null =>
  x !== null && Number.isFinite(x) ? x : null;

/** Builds the Vega-Lite spec. All data is inlined; nothing is loaded at render time. */
export function buildLeaderboardSpec(input: PlotInput): TopLevelSpec {
  const names = input.systems.map((s) => s.name);
  const n = names.length;
  const { cell, fontSize, showLabels } = layoutFor(n);
  // Long names are cut with an ellipsis at labelLimit; maxExtent (vega default 200) must exceed it
  // or the axis title is drawn over the labels.
  const nameAxis = {
    labelFontSize: fontSize,
    labelLimit: 280,
    maxExtent: 300,
    titleFontSize: 12,
    titlePadding: 8,
  };

  const ratings = input.systems.map((s) => ({
    system: s.name,
    rating: finiteOrNull(s.rating),
    lo: finiteOrNull(s.ciLower),
    hi: finiteOrNull(s.ciUpper),
  }));

  // Without bootstrap rounds there is no interval: no bars, and the title says so.
  const intervals = ratings.some((r) => r.lo !== null && r.hi !== null);
  const ratingAxis = {
    type: "quantitative",
    title: "rating",
    scale: { zero: false },
    axis: { labelFontSize: 11, tickCount: 8 },
  } as const;

  // Index the matrix by the win-rate's own system order so the two inputs may differ in order.
  const wrIndex = new Map(input.winRate.systems.map((s, i) => [s, i] as const));
  const cells: { row: string; col: string; p: number; label: string; dark: boolean }[] = [];
  for (const row of names) {
    for (const col of names) {
      const i = wrIndex.get(row);
      const j = wrIndex.get(col);
      if (row === col || i === undefined || j === undefined) continue;
      const p = input.winRate.matrix[i]?.[j];
      if (p === undefined || !Number.isFinite(p)) continue;
      cells.push({ row, col, p, label: `${Math.round(p * 100)}%`, dark: p < 0.2 || p > 0.8 });
    }
  }

  const yNames = {
    field: "system",
    type: "nominal",
    title: "system",
    scale: { domain: names },
    sort: null,
    axis: nameAxis,
  } as const;

  const side = Math.max(cell * n, cell);
  return {
    title: { text: input.title, fontSize: 15, anchor: "start", offset: 12 },
    padding: 16,
    background: "white",
    config: {
      font: "Helvetica, Arial, sans-serif",
      view: { stroke: null },
      axis: { labelFontSize: fontSize, titleFontSize: 12 },
    },
    spacing: 36,
    vconcat: [
      {
        title: {
          text: intervals
            ? "Rating with 95% confidence interval"
            : "Rating (no bootstrap intervals)",
          fontSize: 13,
          anchor: "start",
        },
        width: 480,
        height: { step: Math.max(cell * 0.6, 14) },
        data: { values: ratings },
        encoding: { y: yNames },
        layer: [
          ...(intervals
            ? [
                {
                  name: MARK.errorBars,
                  mark: { type: "rule", strokeWidth: 2, color: "#4c78a8" },
                  encoding: { x: { field: "lo", ...ratingAxis }, x2: { field: "hi" } },
                } as const,
              ]
            : []),
          {
            name: MARK.points,
            mark: { type: "point", filled: true, size: 60, color: "#1f3b63", opacity: 1 },
            encoding: { x: { field: "rating", ...ratingAxis } },
          },
        ],
        resolve: { scale: { x: "shared" } },
      },
      {
        title: {
          text: "Predicted win rate: row system beats column system",
          fontSize: 13,
          anchor: "start",
        },
        width: side,
        height: side,
        data: { values: cells },
        encoding: {
          y: { ...yNames, field: "row", title: "system (row)" },
          x: {
            field: "col",
            type: "nominal",
            title: "opponent (column)",
            scale: { domain: names },
            sort: null,
            axis: {
              ...nameAxis,
              orient: "top",
              // Small cells leave no room for slanted labels: stand them upright instead.
              labelAngle: showLabels ? -45 : -90,
              labelAlign: "left",
              labelBaseline: showLabels ? "bottom" : "middle",
            },
          },
        },
        layer: [
          {
            name: MARK.cells,
            mark: {
              type: "rect",
              stroke: "white",
              strokeWidth: showLabels ? 1 : 0.5,
              // Per-cell ARIA labels would add ~10k attributes for 100 systems.
              aria: showLabels,
            },
            encoding: {
              color: {
                field: "p",
                type: "quantitative",
                title: "P(row beats column)",
                scale: { scheme: "redblue", domain: [0, 1], domainMid: 0.5 },
                legend: {
                  format: ".0%",
                  orient: "bottom",
                  direction: "horizontal",
                  gradientLength: Math.min(Math.max(side, 160), 320),
                },
              },
            },
          },
          ...(showLabels
            ? [
                {
                  name: MARK.cellLabels,
                  mark: { type: "text", fontSize, baseline: "middle", aria: false },
                  encoding: {
                    text: { field: "label", type: "nominal" },
                    color: {
                      condition: { test: "datum.dark", value: "white" },
                      value: "black",
                    },
                  },
                } as const,
              ]
            : []),
        ],
      },
    ],
  };
}
