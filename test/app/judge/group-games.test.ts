/**
 * GroupCollector: a group is handed out when it holds the games the spec asks for, whatever
 * the key order; groups short of games come out at the end; a game too many is refused.
 */
import { describe, expect, it } from "vitest";
import { GroupCollector } from "../../../src/app/judge/group-games.js";
import { answer, doneGame, failedGame, listPayload, pairPayload, pairVerdict } from "./fixture.js";

const x = answer("c1", "s1", "one");
const y = answer("c2", "s2", "two");
const game = (judge: string, n: 1 | 2) =>
  doneGame(pairPayload(judge, "p1", x, y, n), pairVerdict(1));

describe("GroupCollector", () => {
  it("hands a pair out at its second game, with the other judge's games in between", () => {
    const c = new GroupCollector("job", { orders: "both", permutations: 1 });
    expect(c.add(game("j1", 1))).toBeUndefined();
    expect(c.add(game("j2", 1))).toBeUndefined();
    expect(c.add(failedGame(pairPayload("j1", "p1", x, y, 2)))?.map((g) => g.key)).toEqual([
      "j1/p1|c1|c2/1",
      "j1/p1|c1|c2/2",
    ]);
    expect(c.drain().map((gs) => gs.map((g) => g.key))).toEqual([["j2/p1|c1|c2/1"]]);
  });

  it("a list of k answers is complete after min(permutations, k) games", () => {
    const c = new GroupCollector("job", { orders: "both", permutations: 3 });
    const list = (g: number) =>
      doneGame(listPayload("j1", "p1", [x, y], g === 0 ? [0, 1] : [1, 0], g), {
        mode: "listwise",
        order: [0, 1],
        label: "",
      });
    expect(c.add(list(0))).toBeUndefined();
    expect(c.add(list(1))).toHaveLength(2);
  });

  it("refuses a game arriving after its group was handed out", () => {
    const c = new GroupCollector("job-7", { orders: "one", permutations: 1 });
    c.add(game("j1", 1));
    expect(() => c.add(game("j1", 2))).toThrow(
      "job job-7: item j1/p1|c1|c2/2 is one game too many for judge j1 on p1|c1|c2 (the spec asks for 1)",
    );
  });
});
