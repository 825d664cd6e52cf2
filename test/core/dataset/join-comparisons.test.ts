import fc from "fast-check";
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
    expect(join.counts()).toEqual({
      comparisons: 2,
      labels: 2,
      flipped: 1,
      unverifiedOrder: 0,
      ambiguous: 0,
    });
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

  it("keeps one prompt's different answers by the same two systems apart; either order of one pair of answers joins", () => {
    const join = new ComparisonJoin();
    const battle = (
      [systemA, a]: [string, string],
      [systemB, b]: [string, string],
      l: ComparisonLabel,
    ): Comparison => ({
      prompt: user("q"),
      a: reply(a),
      b: reply(b),
      systemA,
      systemB,
      labels: [l],
      extra: {},
    });
    // An arena log asks one question many times: x and y answer it twice, differently.
    join.add(battle(["x", "short"], ["y", "long one"], label("human", 1)));
    join.add(battle(["x", "other"], ["y", "long one"], label("human", 0)));
    // A judge saw the first pair with y first.
    join.add(battle(["y", "long one"], ["x", "short"], label("judge", 0)));
    const items = join.joined();
    expect(items.map((i) => i.labels.map((l) => [l.labeller, l.preference]))).toEqual([
      [
        ["human", 1],
        ["judge", 1],
      ],
      [["human", 0]],
    ]);
    expect(items.map((i) => [i.lengthA, i.lengthB])).toEqual([
      [5, 8],
      [5, 8],
    ]);
  });

  it("joins a comparison without responses to the one item of its prompt and systems that has them, and counts it when there are several", () => {
    const answered = (a: string, labeller: string): Comparison => ({
      prompt: user("q"),
      a: reply(a),
      b: reply("B"),
      systemA: "x",
      systemB: "y",
      labels: [label(labeller, 1)],
      extra: {},
    });
    const bare = (prompt: string): Comparison => ({
      prompt: user(prompt),
      systemA: "y",
      systemB: "x",
      labels: [label("table", 1, { turn: 1 }), label("table", 0)],
      extra: {},
    });
    const one = new ComparisonJoin();
    one.add(bare("q"));
    one.add(answered("A", "gold"));
    const items = one.joined();
    // The turn-1 label has no item with responses on turn 1: it stays on its own.
    expect(items.map((i) => i.turn)).toEqual([1, undefined]);
    const item = items[1];
    // "y better" on the table is "x worse" on the item, whose a is x.
    expect(item?.labels.map((l) => [l.labeller, l.preference, l.shownSwapped])).toEqual([
      ["gold", 1, undefined],
      ["table", 1, true],
    ]);
    expect(one.counts()).toMatchObject({ flipped: 1, ambiguous: 0 });

    const two = new ComparisonJoin();
    two.add(answered("A", "gold"));
    two.add(answered("A2", "gold"));
    two.add(bare("q"));
    two.add(bare("another prompt"));
    expect(two.joined()).toHaveLength(6);
    expect(two.counts()).toMatchObject({ flipped: 0, ambiguous: 1 });
    // Asking again moves nothing twice.
    expect(two.joined()).toHaveLength(6);
    expect(two.counts().ambiguous).toBe(1);
  });

  it("puts every label on the item of its own prompt and answers, whatever order the comparisons come in (property)", () => {
    // A small universe so pairs repeat: 2 prompts, 3 systems, 2 answers each, either order.
    const comparison = fc
      .record({
        prompt: fc.integer({ min: 0, max: 1 }),
        x: fc.integer({ min: 0, max: 2 }),
        d: fc.integer({ min: 1, max: 2 }),
        answerX: fc.integer({ min: 0, max: 1 }),
        answerY: fc.integer({ min: 0, max: 1 }),
        swap: fc.boolean(),
        preference: fc.constantFrom(0, 0.5, 1),
      })
      .map((r) => ({ ...r, y: (r.x + r.d) % 3 }));
    fc.assert(
      fc.property(fc.array(comparison, { maxLength: 25 }), fc.boolean(), (list, reverse) => {
        const join = new ComparisonJoin();
        const ordered = reverse ? [...list].reverse() : list;
        ordered.forEach((r) => {
          const sx: [string, string] = [`s${r.x}`, `${r.x}:${r.answerX}`];
          const sy: [string, string] = [`s${r.y}`, `${r.y}:${r.answerY}`];
          const [[systemA, a], [systemB, b]] = r.swap ? [sy, sx] : [sx, sy];
          join.add({
            prompt: user(`p${r.prompt}`),
            a: reply(a),
            b: reply(b),
            systemA,
            systemB,
            // The label names its comparison; its preference is for `a` as listed.
            labels: [label(JSON.stringify(r), r.preference)],
            extra: {},
          });
        });
        const items = join.joined();
        // One item per distinct (prompt, {system: answer}) ...
        const keyOf = (r: (typeof list)[number]) =>
          [r.prompt, `${r.x}:${r.answerX}`, `${r.y}:${r.answerY}`].sort().join("/");
        expect(items).toHaveLength(new Set(list.map(keyOf)).size);
        for (const item of items) {
          const rs = item.labels.map((l) => JSON.parse(l.labeller) as (typeof list)[number]);
          expect(new Set(rs.map(keyOf)).size).toBe(1);
          // ... and each label stated for the item's a: flipped exactly when its comparison listed
          // the item's a second.
          for (const [k, l] of item.labels.entries()) {
            const r = rs[k]!;
            const listedFirst = r.swap ? `s${r.y}` : `s${r.x}`;
            const expected = listedFirst === item.systemA ? r.preference : 1 - r.preference;
            expect(l.preference).toBe(expected);
          }
        }
      }),
    );
  });

  it("flipping twice gives the label back, unparsed stays unparsed", () => {
    const l = label("j", 0.25, { shownSwapped: false, probability: 0.125, scores: [3, 4] });
    expect(flipLabel(flipLabel(l))).toEqual(l);
    expect(flipLabel(label("j", null)).preference).toBeNull();
  });
});
