import { describe, expect, it } from "vitest";
import { connectivity } from "../../../src/core/rating/connectivity.js";
import { type Row, tableOf } from "./helpers.js";

/** Components as sorted lists, in a canonical order, so tests do not depend on Tarjan's order. */
function canonical(components: number[][]): number[][] {
  return components.map((c) => [...c].sort((x, y) => x - y)).sort((x, y) => x[0]! - y[0]!);
}

interface Case {
  title: string;
  systemCount: number;
  rows: readonly Row[];
  /** Who met whom; left out where the case is about strong components only. */
  components?: number[][];
  strongComponents: number[][];
}

// Hand-worked graphs: each case its own known answer, alike in shape only.
// Ties count as edges both ways here (the default); see the tie cases below.
const CASES: Case[] = [
  {
    title: "finds one strong component when every system beat and lost to someone around a cycle",
    // 0 beat 1, 1 beat 2, 2 beat 0: a 3-cycle; 3 beat 0 and lost to 2.
    systemCount: 4,
    rows: [
      [0, 1, 2, 0, 0],
      [1, 2, 1, 0, 0],
      [0, 2, 0, 3, 0],
      [0, 3, 0, 1, 0],
      [2, 3, 1, 0, 0],
    ],
    components: [[0, 1, 2, 3]],
    strongComponents: [[0, 1, 2, 3]],
  },
  {
    title: "splits a star whose centre always wins into singletons (not strongly connected)",
    // Centre 0 beat each leaf every time.
    systemCount: 4,
    rows: [
      [0, 1, 5, 0, 0],
      [0, 2, 3, 0, 0],
      [0, 3, 7, 0, 0],
    ],
    components: [[0, 1, 2, 3]],
    strongComponents: [[0], [1], [2], [3]],
  },
  {
    title:
      "makes a star strongly connected once every leaf has both won and lost against the centre",
    systemCount: 4,
    rows: [
      [0, 1, 5, 1, 0],
      [0, 2, 3, 2, 0],
      [0, 3, 7, 1, 0],
    ],
    strongComponents: [[0, 1, 2, 3]],
  },
  {
    title: "reports two disconnected components, each strongly connected on its own",
    systemCount: 5,
    rows: [
      [0, 1, 2, 1, 0],
      [3, 4, 1, 4, 0],
      [2, 3, 1, 1, 0],
    ],
    components: [
      [0, 1],
      [2, 3, 4],
    ],
    strongComponents: [
      [0, 1],
      [2, 3, 4],
    ],
  },
  {
    title: "gives a system with no battles a component of its own",
    systemCount: 3,
    rows: [[0, 1, 2, 2, 0]],
    components: [[0, 1], [2]],
    strongComponents: [[0, 1], [2]],
  },
];

describe("connectivity", () => {
  for (const { title, systemCount, rows, components, strongComponents } of CASES) {
    it(title, () => {
      const graph = connectivity(tableOf(systemCount, rows));
      if (components !== undefined) expect(canonical(graph.components)).toEqual(components);
      expect(canonical(graph.strongComponents)).toEqual(strongComponents);
    });
  }

  it("ignores pair rows whose counts are all zero (e.g. a bootstrap resample)", () => {
    const table = tableOf(3, [
      [0, 1, 2, 2, 0],
      [1, 2, 0, 0, 0],
    ]);
    expect(canonical(connectivity(table).components)).toEqual([[0, 1], [2]]);
  });

  it("counts a tie as an edge both ways by default, and not at all when ties are excluded", () => {
    // 0 beat 1 only; 1 and 2 only tied.
    const table = tableOf(3, [
      [0, 1, 4, 0, 0],
      [1, 2, 0, 0, 3],
      [0, 2, 0, 1, 0],
    ]);
    // With ties: 1 ↔ 2 (tie), 2 → 0, 0 → 1: one strong component.
    expect(canonical(connectivity(table).strongComponents)).toEqual([[0, 1, 2]]);
    expect(canonical(connectivity(table, true).strongComponents)).toEqual([[0, 1, 2]]);
    // Without ties: 2 → 0 → 1 is a path, not a cycle.
    const noTies = connectivity(table, false);
    expect(canonical(noTies.strongComponents)).toEqual([[0], [1], [2]]);
    // Who met whom does not depend on how ties are treated.
    expect(canonical(noTies.components)).toEqual([[0, 1, 2]]);
  });

  it("keeps a pair that only tied in the same undirected component when ties are excluded", () => {
    const table = tableOf(2, [[0, 1, 0, 0, 2]]);
    expect(canonical(connectivity(table, false).components)).toEqual([[0, 1]]);
    expect(canonical(connectivity(table, false).strongComponents)).toEqual([[0], [1]]);
  });

  it("returns each component sorted", () => {
    const table = tableOf(4, [
      [2, 3, 1, 1, 0],
      [1, 3, 1, 1, 0],
      [0, 3, 1, 1, 0],
    ]);
    const graph = connectivity(table);
    for (const c of [...graph.components, ...graph.strongComponents]) {
      expect(c).toEqual([...c].sort((x, y) => x - y));
    }
  });

  it("handles a long chain of 20,000 systems without overflowing the stack", () => {
    const n = 20_000;
    const rows: [number, number, number, number, number][] = [];
    for (let k = 0; k + 1 < n; k++) rows.push([k, k + 1, 1, 1, 0]);
    const graph = connectivity(tableOf(n, rows));
    expect(graph.strongComponents).toHaveLength(1);
    expect(graph.strongComponents[0]).toHaveLength(n);
    // One-way chain: every system is its own strong component.
    const oneWay = connectivity(
      tableOf(
        n,
        rows.map(([i, j]) => [i, j, 1, 0, 0] as const),
      ),
    );
    expect(oneWay.strongComponents).toHaveLength(n);
    expect(oneWay.components).toHaveLength(1);
  });

  it("handles an empty table", () => {
    expect(connectivity(tableOf(0, []))).toEqual({ components: [], strongComponents: [] });
  });
});
