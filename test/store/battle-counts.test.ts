import { beforeAll, expect, it } from "vitest";
import type { Judgment } from "../../src/core/types.js";
import type { BattleFilter } from "../../src/store/store.js";
import { ai, cid, describeStore, human, pid, seedArena, vote } from "./fixture.js";

const hash = (n: number) => n.toString(16).padStart(64, "0");

describeStore("battleCounts and listGradedJudgments", (fx) => {
  let projectId = "";
  let de = "";
  let en = "";

  beforeAll(async () => {
    projectId = await fx.project();
    // p0, p2, p4 are "math"; p1, p3, p5 are "code".
    await seedArena(fx.store, projectId, {
      prompts: 6,
      systems: ["s0", "s1", "s2"],
      categories: ["math", "code"],
    });
    // Two annotators named after their language; both live in country "x".
    const speaker = async (language: string, token: number) =>
      (
        await fx.store.createAnnotator({
          name: language,
          role: "annotator",
          attributes: { language, country: "x" },
          tokenHash: hash(token),
        })
      ).id;
    de = await speaker("de", 1);
    en = await speaker("en", 2);
    await fx.store.addJudgments(projectId, [
      vote("p0", "s0", "s1", "a", human(de)), // 1 math human de
      vote("p1", "s0", "s1", "a", human(en)), // 2 code human en
      vote("p2", "s0", "s1", "b", ai("judge")), // 3 math ai
      vote("p3", "s1", "s0", "tie", human(de)), // 4 code human de
      vote("p4", "s0", "s2", "both_bad", human(de)), // 5 math human de
      vote("p5", "s0", "s1", "a", ai("judge")), // 6 code ai
      vote("p0", "s0", "s1", "a", human("ghost")), // 7 math human, not a registered annotator
      {
        kind: "ranking",
        promptId: pid("p0"),
        order: [[cid("p0-s2")], [cid("p0-s0")]],
        source: human(de),
      },
      {
        kind: "rating",
        promptId: pid("p1"),
        scores: [{ candidateId: cid("p1-s1"), criterion: "overall", score: 3 }],
        source: ai("judge"),
      },
      {
        kind: "binary",
        promptId: pid("p1"),
        candidateId: cid("p1-s0"),
        approved: true,
        source: human(en),
      },
    ]);
    // Another project's judgments never count.
    const other = await fx.project();
    await seedArena(fx.store, other, { prompts: 1, systems: ["s0", "s1"] });
    await fx.store.addJudgments(other, [vote("p0", "s0", "s1", "b")]);
  });

  /** The rows in the order given, "<system A> <system B> <outcome> <count>", "; " apart. */
  const counts = (filter?: BattleFilter) =>
    fx.store
      .battleCounts(projectId, filter)
      .then((rows) => rows.map((r) => `${r.systemA} ${r.systemB} ${r.outcome} ${r.count}`))
      .then((rows) => rows.join("; "));

  it("counts every pairwise outcome by system pair, in the order the pair was shown", async () => {
    expect(await counts()).toBe("s0 s1 a 4; s0 s1 b 1; s0 s2 both_bad 1; s1 s0 tie 1");
  });

  it("filters by source", async () => {
    expect(await counts({ source: "human" })).toBe("s0 s1 a 3; s0 s2 both_bad 1; s1 s0 tie 1");
    expect(await counts({ source: "ai" })).toBe("s0 s1 a 1; s0 s1 b 1");
  });

  it("filters by prompt category", async () => {
    expect(await counts({ category: "math" })).toBe("s0 s1 a 2; s0 s1 b 1; s0 s2 both_bad 1");
    expect(await counts({ category: "code" })).toBe("s0 s1 a 2; s1 s0 tie 1");
    expect(await counts({ category: "poetry" })).toBe("");
  });

  it("filters by an attribute of the annotator", async () => {
    const language = (value: string) => ({ annotatorAttribute: { name: "language", value } });
    expect(await counts(language("de"))).toBe("s0 s1 a 1; s0 s2 both_bad 1; s1 s0 tie 1");
    expect(await counts(language("en"))).toBe("s0 s1 a 1");
    expect(await counts(language("fr"))).toBe("");
    // Several annotators share country "x": each judgment still counts once.
    expect(await counts({ annotatorAttribute: { name: "country", value: "x" } })).toBe(
      "s0 s1 a 2; s0 s2 both_bad 1; s1 s0 tie 1",
    );
  });

  it("combines filters", async () => {
    const filter: BattleFilter = {
      source: "human",
      category: "math",
      annotatorAttribute: { name: "language", value: "de" },
    };
    expect(await counts(filter)).toBe("s0 s1 a 1; s0 s2 both_bad 1");
  });

  it("is empty for a project without judgments", async () => {
    expect(await fx.store.battleCounts(await fx.project())).toEqual([]);
  });

  it("lists ranking and rating judgments under the same filters", async () => {
    const kinds = async (filter?: BattleFilter) => {
      const out: Judgment["kind"][] = [];
      for await (const j of fx.store.listGradedJudgments(projectId, filter)) out.push(j.kind);
      return out;
    };
    expect(await kinds()).toEqual(["ranking", "rating"]);
    expect(await kinds({ source: "human" })).toEqual(["ranking"]);
    expect(await kinds({ category: "code" })).toEqual(["rating"]);
    expect(await kinds({ annotatorAttribute: { name: "language", value: "de" } })).toEqual([
      "ranking",
    ]);
  });
});

describeStore("battleCounts by judge", (fx) => {
  it("counts one AI judge's judgments only, a jury's under its own name", async () => {
    const projectId = await fx.project();
    await seedArena(fx.store, projectId, { prompts: 3, systems: ["s0", "s1"] });
    await fx.store.addJudgments(projectId, [
      vote("p0", "s0", "s1", "a", ai("judge-1")),
      vote("p1", "s0", "s1", "a", ai("judge-1")),
      vote("p2", "s0", "s1", "b", ai("judge-2")),
      vote("p0", "s0", "s1", "tie", ai("jury:majority")),
      // A human whose annotator id is a judge's name is still a human.
      vote("p1", "s0", "s1", "b", human("judge-1")),
      {
        kind: "ranking",
        promptId: pid("p0"),
        order: [[cid("p0-s1")], [cid("p0-s0")]],
        source: ai("judge-2"),
      },
    ]);
    const counts = async (filter: BattleFilter) =>
      (await fx.store.battleCounts(projectId, filter))
        .map((r) => `${r.systemA} ${r.systemB} ${r.outcome} ${r.count}`)
        .join("; ");
    expect(await counts({ judge: "judge-1" })).toBe("s0 s1 a 2");
    expect(await counts({ judge: "judge-2" })).toBe("s0 s1 b 1");
    expect(await counts({ judge: "jury:majority" })).toBe("s0 s1 tie 1");
    expect(await counts({ judge: "nobody" })).toBe("");
    // With the source: a judge is an AI source, so "human" and a judge match nothing.
    expect(await counts({ judge: "judge-1", source: "human" })).toBe("");
    expect(await counts({ judge: "judge-1", source: "ai" })).toBe("s0 s1 a 2");
    const graded: string[] = [];
    for await (const j of fx.store.listGradedJudgments(projectId, { judge: "judge-2" })) {
      graded.push(j.kind);
    }
    expect(graded).toEqual(["ranking"]);
    for await (const _ of fx.store.listGradedJudgments(projectId, { judge: "judge-1" })) {
      throw new Error("judge-1 made no graded judgment");
    }
    // The judges a filter can name: AI judges only, every kind of judgment counted.
    expect(await fx.store.projectJudges(projectId)).toEqual([
      { judge: "judge-1", judgments: 2 },
      { judge: "judge-2", judgments: 2 },
      { judge: "jury:majority", judgments: 1 },
    ]);
    expect(await fx.store.projectJudges(await fx.project())).toEqual([]);
  });
});
