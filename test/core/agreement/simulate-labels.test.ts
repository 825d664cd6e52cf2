import { describe, expect, it } from "vitest";
import { simulateLabels } from "../../../src/core/agreement/simulate-labels.js";
import { createRandom } from "../../../src/core/random/index.js";

const confusion = [
  [
    [0.7, 0.1],
    [0.3, 0.9],
  ],
  [
    [1, 0],
    [0, 1],
  ],
];

describe("simulateLabels", () => {
  it("draws truths from the priors and labels from the confusion columns, with coverage", () => {
    const { table, truth } = simulateLabels({
      itemCount: 20000,
      priors: [0.25, 0.75],
      confusion,
      coverage: [0.6, 1],
      random: createRandom(4),
    });
    const share1 = truth.reduce((s, z) => s + z, 0) / truth.length;
    expect(Math.abs(share1 - 0.75)).toBeLessThan(0.01); // SD 0.003
    const said = [
      [0, 0],
      [0, 0],
    ]; // rater 0: [truth][label]
    let labels0 = 0;
    table.item.forEach((i, t) => {
      if (table.rater[t] === 0) {
        said[truth[i]!]![table.category[t]!]! += 1;
        labels0++;
      } else expect(table.category[t]).toBe(truth[i]); // the perfect rater
    });
    expect(Math.abs(labels0 / 20000 - 0.6)).toBeLessThan(0.015);
    expect(Math.abs(said[0]![1]! / (said[0]![0]! + said[0]![1]!) - 0.3)).toBeLessThan(0.03);
    expect(Math.abs(said[1]![0]! / (said[1]![0]! + said[1]![1]!) - 0.1)).toBeLessThan(0.015);
  });

  it("is reproducible under a seed", () => {
    const run = () =>
      simulateLabels({ itemCount: 50, priors: [0.5, 0.5], confusion, random: createRandom(9) });
    expect(run()).toEqual(run());
  });

  it("refuses distributions that do not sum to 1, negative entries and wrong shapes", () => {
    const random = createRandom(1);
    const base = { itemCount: 5, priors: [0.5, 0.5], confusion, random };
    expect(() => simulateLabels({ ...base, priors: [0.5, 0.6] })).toThrow(RangeError);
    expect(() => simulateLabels({ ...base, priors: [1.5, -0.5] })).toThrow(RangeError);
    expect(() =>
      simulateLabels({
        ...base,
        confusion: [
          [
            [0.5, 0.5],
            [0.4, 0.5],
          ],
        ],
      }),
    ).toThrow(RangeError);
    expect(() => simulateLabels({ ...base, confusion: [[[1, 0]]] })).toThrow(RangeError);
    expect(() => simulateLabels({ ...base, coverage: 1.2 })).toThrow(RangeError);
  });
});
