import { describe, expect, it } from "vitest";
import { buildLeaderboardSpec, MARK } from "../../../src/cli/plot/leaderboard-spec.js";
import { type PlotInput, renderLeaderboardSvg } from "../../../src/cli/plot/leaderboard-svg.js";

/** A leaderboard of `names` with Elo-like ratings and logistic win rates. */
function leaderboard(names: readonly string[]): PlotInput {
  const ratings = names.map((_, i) => 1200 - 7 * i);
  const systems = names.map((name, i) => {
    const r = ratings[i]!;
    return { name, rating: r, ciLower: r - 10 - i, ciUpper: r + 10 + i };
  });
  const matrix = ratings.map((a, i) =>
    ratings.map((b, j) => (i === j ? Number.NaN : 1 / (1 + 10 ** ((b - a) / 400)))),
  );
  return {
    title: "prefkit leaderboard — bt, 1000 bootstrap rounds",
    systems,
    winRate: { systems: names, matrix },
  };
}

const SIX = [
  "gpt-4o",
  "claude-3.5-sonnet",
  "llama-3.1-70b",
  "mistral-large",
  "qwen2-72b",
  "gemma-2-9b",
];
const many = (n: number) =>
  Array.from({ length: n }, (_, i) => `model-${String(i).padStart(3, "0")}`);

/** Minimal well-formedness check: balanced tags, quoted attributes, no stray `<` or `&`. */
function assertWellFormed(svg: string): void {
  expect(svg.startsWith("<svg")).toBe(true);
  expect(svg.endsWith("</svg>")).toBe(true);
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:-]*)([^<>]*?)(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(svg); m !== null; m = tag.exec(svg)) {
    const [, closing, name, attrs, selfClosing] = m;
    const text = svg.slice(last, m.index);
    expect(text).not.toMatch(/[<>]/);
    expect(text).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/);
    last = tag.lastIndex;
    if (closing) {
      expect(stack.pop()).toBe(name);
      continue;
    }
    expect(attrs).toMatch(/^(\s+[\w:-]+="[^"<>]*")*\s*$/);
    if (!selfClosing) stack.push(name!);
  }
  expect(last).toBe(svg.length);
  expect(stack).toEqual([]);
}

/** The element tags inside the mark group vega writes for the named Vega-Lite layer. */
function markItems(svg: string, layer: string): string[] {
  const start = svg.indexOf(`role-mark ${layer}_marks"`);
  if (start < 0) return [];
  const end = svg.indexOf("</g>", start);
  return svg.slice(start, end).match(/<(line|path|text)\b[^>]*>/g) ?? [];
}

const translate = (el: string): [number, number] => {
  const m = /transform="translate\(([-\d.e]+),([-\d.e]+)\)"/.exec(el);
  if (!m) throw new Error(`no translate in ${el}`);
  return [Number(m[1]), Number(m[2])];
};

const textsOf = (svg: string, layer: string) => {
  const start = svg.indexOf(`role-mark ${layer}_marks"`);
  const group = svg.slice(start, svg.indexOf("</g>", start));
  return [...group.matchAll(/<text\b([^>]*)>([^<]*)<\/text>/g)].map((m) => ({
    pos: translate(m[1]!),
    text: m[2]!,
  }));
};

describe("renderLeaderboardSvg", () => {
  it("renders a well-formed SVG with every system, one error bar each and n×(n−1) cells", async () => {
    const svg = await renderLeaderboardSvg(leaderboard(SIX));
    assertWellFormed(svg);
    for (const name of SIX) expect(svg).toContain(`>${name}</text>`);
    expect(markItems(svg, MARK.errorBars).filter((e) => e.startsWith("<line"))).toHaveLength(6);
    expect(markItems(svg, MARK.cells).filter((e) => e.startsWith("<path"))).toHaveLength(30);
    expect(textsOf(svg, MARK.cellLabels)).toHaveLength(30);
    expect(svg).toContain("prefkit leaderboard — bt, 1000 bootstrap rounds");
  });

  it("draws no error bars, only the points, when there are no intervals (--bootstrap 0)", async () => {
    const input = leaderboard(SIX);
    const svg = await renderLeaderboardSvg({
      ...input,
      systems: input.systems.map((s) => ({ ...s, ciLower: null, ciUpper: null })),
    });
    assertWellFormed(svg);
    expect(markItems(svg, MARK.errorBars)).toHaveLength(0);
    expect(markItems(svg, MARK.points)).toHaveLength(6);
    expect(svg).not.toContain("confidence interval");
    expect(svg).toContain("Rating (no bootstrap intervals)");
  });

  it("puts the best system at the top of the ratings chart", async () => {
    const svg = await renderLeaderboardSvg(leaderboard(SIX));
    const ys = markItems(svg, MARK.points).map((el) => translate(el)[1]);
    expect(ys).toHaveLength(6);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
  });

  it("labels cells with the rounded win rate of row over column", async () => {
    const svg = await renderLeaderboardSvg({
      title: "two",
      systems: [
        { name: "alpha", rating: 0.5, ciLower: 0.2, ciUpper: 0.8 },
        { name: "beta", rating: -0.5, ciLower: -0.9, ciUpper: -0.1 },
      ],
      winRate: {
        systems: ["alpha", "beta"],
        matrix: [
          [Number.NaN, 0.625],
          [0.375, Number.NaN],
        ],
      },
    });
    assertWellFormed(svg);
    const labels = textsOf(svg, MARK.cellLabels);
    expect(labels.map((l) => l.text).sort()).toEqual(["38%", "63%"]);
    const alphaBeatsBeta = labels.find((l) => l.text === "63%")!;
    const betaBeatsAlpha = labels.find((l) => l.text === "38%")!;
    // alpha is the top row and left column: its win over beta sits top right.
    expect(alphaBeatsBeta.pos[0]).toBeGreaterThan(betaBeatsAlpha.pos[0]);
    expect(alphaBeatsBeta.pos[1]).toBeLessThan(betaBeatsAlpha.pos[1]);
    expect(markItems(svg, MARK.cells)).toHaveLength(2);
  });

  it("is deterministic, also when renders overlap", async () => {
    const input = leaderboard(SIX);
    const first = await renderLeaderboardSvg(input);
    const [a, b] = await Promise.all([renderLeaderboardSvg(input), renderLeaderboardSvg(input)]);
    expect(a).toBe(first);
    expect(b).toBe(first);
  });

  it("escapes hostile system names", async () => {
    const hostile = `<script>alert(1)</script> & "quoted"`;
    const svg = await renderLeaderboardSvg(leaderboard([hostile, "plain"]));
    assertWellFormed(svg);
    expect(svg).not.toContain(hostile);
    expect(svg).not.toContain("<script");
    expect(svg).toContain(`>&lt;script&gt;alert(1)&lt;/script&gt; &amp; "quoted"</text>`);
  });

  it("inlines all data so vega never loads anything", () => {
    const json = JSON.stringify(buildLeaderboardSpec(leaderboard(SIX)));
    expect(json).not.toMatch(/"url"/);
  });

  // The time limit bounds a hung render only; machines differ, so no duration is asserted.
  it("renders 100 systems with small unlabelled cells", async () => {
    const svg = await renderLeaderboardSvg(leaderboard(many(100)));
    assertWellFormed(svg);
    expect(markItems(svg, MARK.errorBars)).toHaveLength(100);
    expect(markItems(svg, MARK.cells)).toHaveLength(9900);
    expect(markItems(svg, MARK.cellLabels)).toHaveLength(0);
    for (const name of many(100)) expect(svg).toContain(`>${name}</text>`);
  }, 30_000);
});
