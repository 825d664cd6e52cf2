import { describe, expect, it } from "vitest";
import { agreementTable } from "../../src/app/evaluate/agreement-table.js";
import {
  goldPreferences,
  isRewardModel,
  rewardModelTable,
  verdictTable,
} from "../../src/app/evaluate/verdict-tables.js";
import type { ComparisonLabel } from "../../src/core/dataset/comparison.js";
import { ComparisonJoin } from "../../src/core/dataset/join-comparisons.js";

const l = (labeller: string, preference: number | null, more: Partial<ComparisonLabel> = {}) =>
  ({ labeller, preference, ...more }) as ComparisonLabel;

/** Three items: PandaLM-like annotators h1..h3 and a judge that saw each pair in both orders. */
function items() {
  const join = new ComparisonJoin();
  const add = (id: string, subset: string, labels: ComparisonLabel[]) =>
    join.add({
      id,
      prompt: [],
      a: [{ role: "assistant", content: "aa" }],
      b: [{ role: "assistant", content: "b" }],
      subset,
      labels,
      extra: {},
    });
  add("1", "x", [l("h1", 1), l("h2", 1), l("h3", 0), l("j", 1), l("j", 1, { shownSwapped: true })]);
  add("2", "x", [
    l("h1", 0.5),
    l("h2", 0),
    l("h3", 1),
    l("j", 0),
    l("j", null, { shownSwapped: true }),
  ]);
  add("3", "y", [l("h1", 0), l("h2", 0), l("j", 1), l("j", 0, { shownSwapped: true })]);
  return join.joined();
}

describe("verdict tables", () => {
  it("takes the gold majority of several labellers and leaves out items without one", () => {
    const { preference, counts } = goldPreferences(items(), ["h1", "h2", "h3"]);
    // Item 1: a, a, b → a. Item 2: tie, b, a → no majority. Item 3: b, b → b.
    expect(Array.from(preference)).toEqual([1, Number.NaN, 0]);
    expect(counts).toEqual({ gold: 2, noMajority: 1, noGold: 0 });
  });

  it("splits a judge's labels by the order shown and flags unreadable ones", () => {
    const all = items();
    const gold = Float64Array.of(1, 0, 0);
    const t = verdictTable(all, gold, "j");
    expect(t?.n).toBe(3);
    expect(Array.from(t!.shownInOrder)).toEqual([1, 0, 1]);
    expect(Array.from(t!.shownSwapped)).toEqual([1, Number.NaN, 0]);
    expect(Array.from(t!.unparsed)).toEqual([0, 2, 0]);
    expect(t!.subsetNames).toEqual(["x", "y"]);
    expect(Array.from(t!.lengthA!)).toEqual([2, 2, 2]);
    expect(verdictTable(all, gold, "nobody")).toBeNull();
  });

  it("reads reward models from scored labels", () => {
    const join = new ComparisonJoin();
    join.add({
      id: "1",
      prompt: [],
      labels: [l("gold", 1), l("rm", null, { scores: [0.5, 2] })],
      extra: {},
    });
    const joined = join.joined();
    expect(isRewardModel(joined, "rm")).toBe(true);
    expect(isRewardModel(joined, "gold")).toBe(false);
    const t = rewardModelTable(joined, Float64Array.of(1), "rm");
    expect([t?.scoreA[0], t?.scoreB[0], t?.gold[0]]).toEqual([0.5, 2, 1]);
  });
});

describe("agreement table", () => {
  it("gives each labeller's combined verdict per item (b = 0, tie = 1, a = 2)", () => {
    const t = agreementTable(items());
    expect(t.raters).toEqual(["h1", "h2", "h3", "j"]);
    // Judge on item 2: only the in-order label parsed (b); on item 3, a then b: a tie.
    const cells = Array.from(t.item, (item, k) => [item, t.raters[t.rater[k]!], t.category[k]]);
    expect(cells).toEqual([
      [0, "h1", 2],
      [0, "h2", 2],
      [0, "h3", 0],
      [0, "j", 2],
      [1, "h1", 1],
      [1, "h2", 0],
      [1, "h3", 2],
      [1, "j", 0],
      [2, "h1", 0],
      [2, "h2", 0],
      [2, "j", 1],
    ]);
  });

  it("with separate orders, a judge is two raters", () => {
    const t = agreementTable(items(), { labellers: ["j"], orders: "separate" });
    expect(t.raters).toEqual(["j", "j (swapped)"]);
    expect(t.unparsed).toBe(1);
    expect(t.item.length).toBe(5);
  });
});
