import { describe, expect, it } from "vitest";
import type { Comparison, ComparisonLabel } from "../../../src/core/dataset/comparison.js";
import { ComparisonJoin, flipLabel } from "../../../src/core/dataset/join-comparisons.js";

const user = (content: string) => [{ role: "user" as const, content }];
const reply = (content: string) => [{ role: "assistant" as const, content }];
const label = (labeller: string, preference: number | null, more: Partial<ComparisonLabel> = {}) =>
  ({ labeller, preference, ...more }) as ComparisonLabel;

describe("ComparisonJoin", () => {
  it("puts both orders of a pair (PRD's two files) on one item, the second flipped", () => {
    const join = new ComparisonJoin();
    const ab: Comparison = {
      id: "1",
      prompt: [],
      systemA: "gpt4",
      systemB: "claude",
      labels: [label("claude-reviewer", 1)],
      extra: {},
    };
    const ba: Comparison = {
      ...ab,
      systemA: "claude",
      systemB: "gpt4",
      labels: [label("claude-reviewer", 1)],
    };
    join.add(ab);
    join.add(ba);
    const items = join.joined();
    expect(items).toHaveLength(1);
    expect(items[0]?.systemA).toBe("gpt4");
    // The second file said its first system (claude) was better: gpt4 loses, seen swapped.
    expect(items[0]?.labels.map((l) => [l.preference, l.shownSwapped])).toEqual([
      [1, undefined],
      [0, true],
    ]);
    expect(join.counts()).toEqual({ comparisons: 2, labels: 2, flipped: 1, unverifiedOrder: 0 });
  });

  it("keeps different pairs of systems on one question apart", () => {
    const join = new ComparisonJoin();
    const base = { id: "7", prompt: [], labels: [label("j", 1)], extra: {} };
    join.add({ ...base, systemA: "x", systemB: "y" });
    join.add({ ...base, systemA: "x", systemB: "z" });
    expect(join.joined()).toHaveLength(2);
  });

  it("joins verdicts to gold by id across files, and learns responses and subset from either", () => {
    const join = new ComparisonJoin();
    join.add({ id: "42", prompt: [], labels: [label("judge", 0)], extra: {} });
    join.add({
      id: "42",
      prompt: user("q"),
      a: reply("four"),
      b: reply("seven!"),
      subset: "math",
      labels: [label("gold", 1, { source: "gold" })],
      extra: {},
    });
    const [item] = join.joined();
    expect(item?.labels.map((l) => l.labeller)).toEqual(["judge", "gold"]);
    expect([item?.subset, item?.lengthA, item?.lengthB]).toEqual(["math", 4, 6]);
    expect(join.counts().unverifiedOrder).toBe(1);
  });

  it("without ids, joins by prompt and responses in either order", () => {
    const join = new ComparisonJoin();
    const c: Comparison = {
      prompt: user("q"),
      a: reply("A"),
      b: reply("B"),
      labels: [label("gold", 1)],
      extra: {},
    };
    join.add(c);
    join.add({
      ...c,
      a: reply("B"),
      b: reply("A"),
      labels: [label("judge", 0.25, { probability: 0.3, scores: [1, 2] })],
    });
    const [item] = join.joined();
    expect(join.joined()).toHaveLength(1);
    expect(item?.labels[1]).toMatchObject({
      preference: 0.75,
      probability: 0.7,
      scores: [2, 1],
      shownSwapped: true,
    });
  });

  it("splits a record's labels by turn (MT-Bench judges each turn)", () => {
    const join = new ComparisonJoin();
    join.add({
      id: "81",
      prompt: [],
      systemA: "a",
      systemB: "b",
      labels: [label("gpt-4", 1, { turn: 1 }), label("gpt-4", 0, { turn: 2 })],
      extra: {},
    });
    expect(join.joined().map((i) => i.turn)).toEqual([1, 2]);
  });

  it("tells candidates of one system apart by their responses (a table's system 'unknown')", () => {
    const join = new ComparisonJoin();
    const pair = (a: string, b: string): Comparison => ({
      prompt: user("q"),
      a: reply(a),
      b: reply(b),
      systemA: "unknown",
      systemB: "unknown",
      labels: [label("h", 1)],
      extra: {},
    });
    join.add(pair("x", "y"));
    join.add(pair("x", "z"));
    join.add(pair("y", "x"));
    const items = join.joined();
    expect(items).toHaveLength(2);
    // The third lists the first pair the other way round: its label is flipped onto it.
    expect(items[0]?.labels.map((l) => l.preference)).toEqual([1, 0]);
  });

  it("flipping twice gives the label back, unparsed stays unparsed", () => {
    const l = label("j", 0.25, { shownSwapped: false, probability: 0.125, scores: [3, 4] });
    expect(flipLabel(flipLabel(l))).toEqual(l);
    expect(flipLabel(label("j", null)).preference).toBeNull();
  });
});
