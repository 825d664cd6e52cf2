/**
 * The quality routes over a real store, run on SQLite (quality.test.ts) and PostgreSQL
 * (quality.pg.test.ts): agreement and judge quality of a planted project against values worked
 * by hand (methods.md §B6) and by an independent numpy script (quality_planted.py), the same
 * numbers as the app functions on items built by hand, access, bounds, the cache, and the
 * degenerate projects (no judgment, one labeller, no human).
 */
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { agreeItems } from "../../src/app/evaluate/agree-items.js";
import { evaluateItems } from "../../src/app/evaluate/evaluate-items.js";
import type { JoinedItem } from "../../src/core/dataset/join-comparisons.js";
import { bearer, type Fixture, json, type Loose, type StoreTarget, setup } from "./helpers.js";
import {
  expectBracketed,
  injectAs,
  JUDGE,
  NAMES,
  PLANTED,
  type Planted,
  plant,
} from "./quality-plant.js";

const KEYS = ["h1", "h2", "h3"] as const;

export function describeQuality(target: StoreTarget, skip?: string): void {
  const title = `quality reports on ${target.name}${skip ? ` (skipped: ${skip})` : ""}`;
  describe.skipIf(skip !== undefined)(title, () => {
    let f: Fixture | undefined;
    let planted: Planted | undefined;
    let viewer = "";
    beforeAll(async () => {
      f = await setup(target);
      const admin = injectAs(f.app, f.tokens.admin);
      planted = await plant(admin);
      await admin("POST", "/api/projects", { id: "empty", name: "Empty" });
      await plantSolo(admin, "solo", { kind: "human", annotator: "ghost-7" });
      await plantSolo(admin, "robots", { kind: "ai", model: "judge-z" });
      const made = await admin("POST", "/api/annotators", {
        name: "Reader",
        role: "viewer",
        projects: ["q", "empty", "solo", "robots"],
      });
      viewer = made.body.token;
    });
    afterAll(async () => {
      await f?.close();
    });
    const get = (url: string, token = viewer): Promise<LightMyRequestResponse> =>
      f!.app.inject({ method: "GET", url, headers: bearer(token) });
    const ok = async (url: string) => {
      const r = await get(url);
      expect(r.statusCode, r.body).toBe(200);
      return json(r);
    };
    /** The report's rater index of each planted labeller. */
    const raterIndex = (answer: Loose) => {
      const ids = planted!.ids;
      const key = (id: string) => KEYS.find((k) => ids[k] === id) ?? (id === JUDGE ? "judge" : id);
      return new Map(answer.labellers.map((l: Loose, r: number) => [key(l.id), r]));
    };
    const expectAgreement = (answer: Loose, expected: Loose) => {
      const { report } = answer;
      expect(report.percentAgreement.value).toBeCloseTo(expected.percentAgreement, 12);
      expect(report.fleissKappa.value).toBeCloseTo(expected.fleissKappa, 12);
      expect(report.krippendorffAlpha.nominal.value).toBeCloseTo(expected.alphaNominal, 12);
      expect(report.krippendorffAlpha.ordinal.value).toBeCloseTo(expected.alphaOrdinal, 12);
      const index = raterIndex(answer);
      for (const [pair, want] of Object.entries(expected.cohen as Record<string, Loose>)) {
        const [a, b] = pair.split("|").map((k) => index.get(k));
        const found = report.cohen.pairs.find(
          (p: Loose) => (p.raterA === a && p.raterB === b) || (p.raterA === b && p.raterB === a),
        );
        expect(found.agreement, pair).toBeCloseTo(want.agreement, 12);
        expect(found.kappa.value, pair).toBeCloseTo(want.kappa, 12);
        expectBracketed(found.kappa.value, found.kappa.interval);
      }
      for (const [rater, want] of Object.entries(expected.raterTable as Record<string, Loose>)) {
        const row = report.raterTable[index.get(rater) as number];
        expect(row.consensusItems, rater).toBe(want.consensusItems);
        expect(row.consensusAgreement, rater).toBeCloseTo(want.consensusAgreement, 12);
        expect(row.consensusKappa, rater).toBeCloseTo(want.consensusKappa, 12);
      }
      for (const s of [report.percentAgreement, report.fleissKappa]) {
        expectBracketed(s.value, s.interval);
      }
    };

    describe("agreement", () => {
      it("gives every labeller's κ and the overall figures, as numpy computes them", async () => {
        const answer = await ok("/api/projects/q/agreement?rounds=200&seed=1");
        expect(answer.options).toMatchObject({ rounds: 200, seed: 1, orders: "combine" });
        expect(answer.input).toEqual({ comparisons: 50, items: 10, otherJudgments: 0 });
        expect(answer.report.counts).toMatchObject({ items: 10, labels: 40, raters: 4 });
        expectAgreement(answer, PLANTED.all);
        // methods.md §B6 worked by hand: r1 = AAABBBAABA, r2 = AABBBBAAAA → κ = 0.583333.
        const index = raterIndex(answer);
        const pair = answer.report.cohen.pairs.find(
          (p: Loose) => p.raterA === index.get("h1") && p.raterB === index.get("h2"),
        );
        expect(pair.kappa.value).toBeCloseTo(0.583333, 6);
        expect(pair.kappa.interval.definedRounds + pair.kappa.interval.undefinedRounds).toBe(200);
      });

      it("names each labeller, human or AI, with the annotator's name as stored", async () => {
        const answer = await ok("/api/projects/q/agreement?rounds=0");
        const byId = new Map(answer.labellers.map((l: Loose) => [l.id, l]));
        for (const key of KEYS) {
          expect(byId.get(planted!.ids[key])).toEqual({
            rater: planted!.ids[key],
            id: planted!.ids[key],
            name: NAMES[key],
            kind: "human",
            order: "all",
          });
        }
        expect(byId.get(JUDGE)).toMatchObject({ name: JUDGE, kind: "ai", order: "all" });
        expect(answer.report.bootstrap).toBeNull();
        expect(answer.report.percentAgreement.interval).toBeNull();
      });

      it("restricts to the humans' labels with source=human", async () => {
        const answer = await ok("/api/projects/q/agreement?rounds=100&source=human");
        expect(answer.labellers.map((l: Loose) => l.kind)).toEqual(["human", "human", "human"]);
        expectAgreement(answer, PLANTED.humans);
      });

      it("counts a lone AI judge's agreement as undefined, not as an error", async () => {
        const answer = await ok("/api/projects/q/agreement?rounds=50&source=ai");
        expect(answer.report.counts.raters).toBe(1);
        expect(answer.report.percentAgreement).toMatchObject({
          ok: false,
          reason: "no_pairable_items",
        });
        expect(answer.report.cohen.pairs).toEqual([]);
      });

      it("makes a judge two raters with orders=separate: its κ with itself across orders", async () => {
        const answer = await ok("/api/projects/q/agreement?rounds=0&source=ai&orders=separate");
        expect(answer.labellers).toEqual([
          { rater: JUDGE, id: JUDGE, name: JUDGE, kind: "ai", order: "in-order" },
          { rater: `${JUDGE} (swapped)`, id: JUDGE, name: JUDGE, kind: "ai", order: "swapped" },
        ]);
        // In order AAABABBAAA (7 A), swapped AABBABBAAA (6 A): p_o = 0.9,
        // p_e = 0.7·0.6 + 0.3·0.4 = 0.54, κ = 0.36/0.46.
        const [pair] = answer.report.cohen.pairs;
        expect(pair.agreement).toBeCloseTo(0.9, 12);
        expect(pair.kappa.value).toBeCloseTo(0.36 / 0.46, 12);
      });

      it("gives the numbers agreeItems gives on the same labels built by hand", async () => {
        const answer = await ok("/api/projects/q/agreement?rounds=0");
        const items = handItems(
          planted!,
          answer.labellers.map((l: Loose) => l.id),
        );
        const direct = agreeItems(items, {
          rounds: 0,
          scale: "ordinal",
          weights: "none",
          tieRule: "unresolved",
          dawidSkene: { model: "full" },
        });
        const { sourceItems: _s, ...summary } = direct;
        expect(answer.report).toEqual(JSON.parse(JSON.stringify(summary)));
      });
    });

    describe("judge quality", () => {
      it("scores the judge against the human majority and each human against the others", async () => {
        const answer = await ok("/api/projects/q/judge-quality?rounds=200&seed=2");
        expect(answer.humans).toBe(3);
        expect(answer.gold).toEqual({ items: 10, noMajority: 0, noGold: 0 });
        expect(answer.gold_rule).toMatch(/more than half/);
        expect(answer.result.ok).toBe(true);
        const rows = answer.result.rows as Loose[];
        expect(rows.map((r) => r.labeller.name)).toEqual([JUDGE, ...KEYS.map((k) => NAMES[k])]);
        const [judge, ...humans] = rows;
        const want = PLANTED.judge;
        expect(judge!.against).toBe("humans");
        expect(judge!.summary.n).toBe(10);
        expect(judge!.summary.accuracy.value).toBeCloseTo(want.accuracy, 12);
        expect(judge!.summary.accuracyMeanOfOrders.value).toBeCloseTo(
          want.accuracyMeanOfOrders,
          12,
        );
        expect(judge!.summary.consistency.value).toBeCloseTo(want.consistency, 12);
        expectBracketed(judge!.summary.accuracy.value, judge!.summary.accuracy.ci);
        for (const category of judge!.categories) {
          const planted = want.categories[category.category];
          expect(category.n).toBe(planted.n);
          expect(category.accuracy.value).toBeCloseTo(planted.accuracy, 12);
          expect(category.consistency.value).toBeCloseTo(planted.consistency, 12);
        }
        expect(judge!.categories.map((c: Loose) => c.category).sort()).toEqual(["code", "math"]);
        // Worked by hand: h1 matches 5 of the 6 items where h2 and h3 agree, h3 5 of 8.
        const loo = PLANTED.leaveOneOut;
        KEYS.forEach((key, k) => {
          expect(humans[k]!.against).toBe("other_humans");
          expect(humans[k]!.summary.n).toBe(loo[key].n);
          expect(humans[k]!.summary.accuracy.value).toBeCloseTo(loo[key].accuracy, 12);
          // A human judged each pair once: no second order to be consistent with.
          expect(humans[k]!.summary.consistency).toBeNull();
        });
        expect(humans[2]!.summary.accuracy.value).toBeCloseTo(5 / 8, 12);
        expect(answer.result.unmatched).toEqual([]);
      });
    });

    describe("judge quality, as evaluateItems", () => {
      it("gives evaluateItems' rows, intervals included, on the labels built by hand", async () => {
        const answer = await ok("/api/projects/q/judge-quality?rounds=150&seed=7");
        const { h1, h2, h3 } = planted!.ids;
        const items = handItems(planted!, [h1, h2, h3, JUDGE]);
        const options = { rounds: 150, seed: 7 };
        const judge = evaluateItems(items, { ...options, gold: [h1, h2, h3], judges: [JUDGE] });
        const rows = answer.result.rows as Loose[];
        expect(rows[0]!.summary).toEqual(JSON.parse(JSON.stringify(judge.summary[0])));
        // Leave-one-out: h2 against h1 and h3, on the items h2 labelled (all ten).
        const human = evaluateItems(items, { ...options, gold: [h1, h3], judges: [h2] });
        expect(rows[2]!.summary).toEqual(JSON.parse(JSON.stringify(human.summary[0])));
        expect(rows[2]!.categories.map((c: Loose) => c.accuracy)).toEqual(
          human.judges[0]!.evaluation.subsets.map((s) => s.accuracy),
        );
      });
    });

    describe("access and bounds", () => {
      it("refuses annotators (403) and callers without a token (401); viewers may read", async () => {
        for (const path of ["agreement", "judge-quality"]) {
          const url = `/api/projects/q/${path}?rounds=0`;
          const annotator = await get(url, planted!.tokens.h1);
          expect(annotator.statusCode).toBe(403);
          expect(json(annotator).error.code).toBe("forbidden");
          const none = await f!.app.inject({ method: "GET", url });
          expect(none.statusCode).toBe(401);
          expect((await get(url)).statusCode).toBe(200);
          expect((await get(url, f!.tokens.admin)).statusCode).toBe(200);
        }
      });

      it.each([
        ["agreement?rounds=10001", "rounds"],
        ["agreement?rounds=-1", "rounds"],
        ["agreement?rounds=2.5", "rounds"],
        ["agreement?seed=-3", "seed"],
        ["agreement?confidence=1", "confidence"],
        ["agreement?orders=both", "orders"],
        ["agreement?source=robots", "source"],
        ["agreement?rounds=10&labellers=x", "labellers"],
        ["judge-quality?rounds=10001", "rounds"],
        ["judge-quality?seed=x", "seed"],
      ])("answers %s with a 400 naming %s", async (query, field) => {
        const r = await get(`/api/projects/q/${query}`);
        expect(r.statusCode).toBe(400);
        expect(json(r).error).toMatchObject({ code: "invalid", field });
      });

      it("takes 10,000 rounds, the most it allows", async () => {
        const answer = await ok("/api/projects/q/judge-quality?rounds=10000");
        expect(answer.options.rounds).toBe(10_000);
      });
    });

    describe("degenerate projects", () => {
      it("answers a project without judgments with every statistic undefined", async () => {
        const agreement = await ok("/api/projects/empty/agreement");
        expect(agreement.input).toEqual({ comparisons: 0, items: 0, otherJudgments: 0 });
        expect(agreement.labellers).toEqual([]);
        for (const s of [agreement.report.percentAgreement, agreement.report.fleissKappa]) {
          expect(s).toMatchObject({ ok: false, reason: "no_pairable_items" });
        }
        expect(agreement.report.dawidSkene).toMatchObject({ ok: false, reason: "no_labels" });
        const judges = await ok("/api/projects/empty/judge-quality");
        expect(judges.result).toMatchObject({ ok: false, reason: "no_pairwise_judgments" });
        expect(judges.gold).toBeNull();
      });

      it("answers one labeller's project, named by id when the store has no such person", async () => {
        const agreement = await ok("/api/projects/solo/agreement?rounds=20");
        expect(agreement.labellers).toEqual([
          { rater: "ghost-7", id: "ghost-7", name: "ghost-7", kind: "human", order: "all" },
        ]);
        expect(agreement.report.fleissKappa).toMatchObject({ ok: false });
        expect(agreement.report.raterTable[0].consensusAgreement).toBeNull();
        const judges = await ok("/api/projects/solo/judge-quality?rounds=20");
        expect(judges.result).toMatchObject({ ok: false, reason: "nothing_to_evaluate" });
      });

      it("has no gold when only AI judges labelled", async () => {
        const judges = await ok("/api/projects/robots/judge-quality?rounds=20");
        expect(judges.result).toMatchObject({ ok: false, reason: "no_human_labels" });
      });
    });

    describe("cache", () => {
      it("answers from its cache until a new judgment, then counts it", async () => {
        const spy = vi.spyOn(f!.store, "exportEntries");
        const url = "/api/projects/q/agreement?rounds=30&seed=4";
        const first = await get(url);
        const reads = spy.mock.calls.length;
        const second = await get(url);
        expect(second.body).toBe(first.body);
        expect(spy.mock.calls.length).toBe(reads);
        const admin = injectAs(f!.app, f!.tokens.admin);
        const added = await admin("POST", "/api/projects/q/judgments", {
          kind: "pairwise",
          prompt: "q0",
          a: "q0-x",
          b: "q0-y",
          outcome: "tie",
          source: { kind: "ai", model: "judge-late" },
        });
        expect(added.status).toBe(201);
        const third = json(await get(url));
        expect(spy.mock.calls.length).toBeGreaterThan(reads);
        expect(third.judgment_version).not.toBe(json(first).judgment_version);
        expect(third.report.counts.labels).toBe(json(first).report.counts.labels + 1);
        spy.mockRestore();
      });
    });
  });
}

/** The planted labels as joined items, built without the store, labellers in `order`. */
function handItems(planted: Planted, order: readonly string[]): JoinedItem[] {
  const strings: Record<string, { verdicts: string; swapped?: boolean }[]> = {
    [planted.ids.h1]: [{ verdicts: PLANTED.data.h1 }],
    [planted.ids.h2]: [{ verdicts: PLANTED.data.h2 }],
    [planted.ids.h3]: [{ verdicts: PLANTED.data.h3 }],
    [JUDGE]: [
      { verdicts: PLANTED.data.judge_in_order, swapped: false },
      { verdicts: PLANTED.data.judge_swapped, swapped: true },
    ],
  };
  return PLANTED.data.category.map((subset: string, i: number) => ({
    key: `q${i}`,
    id: `q${i}`,
    subset,
    labels: order.flatMap((labeller) =>
      (strings[labeller] ?? []).map(({ verdicts, swapped }) => ({
        labeller,
        source: labeller === JUDGE ? ("ai" as const) : ("human" as const),
        preference: verdicts[i] === "A" ? 1 : 0,
        ...(swapped === undefined ? {} : { shownSwapped: swapped }),
      })),
    ),
  }));
}

/** A project whose every judgment comes from one labeller. */
async function plantSolo(send: ReturnType<typeof injectAs>, id: string, source: object) {
  await send("POST", "/api/projects", { id, name: id });
  await send(
    "POST",
    `/api/projects/${id}/prompts`,
    [0, 1, 2].map((i) => ({ id: `s${i}`, messages: [{ role: "user", content: `S${i}` }] })),
  );
  await send(
    "POST",
    `/api/projects/${id}/candidates`,
    [0, 1, 2].flatMap((i) =>
      ["x", "y"].map((side) => ({
        id: `s${i}-${side}`,
        prompt: `s${i}`,
        system: side,
        messages: [{ role: "assistant", content: side }],
      })),
    ),
  );
  const r = await send("POST", `/api/projects/${id}/judgments`, {
    judgments: [0, 1, 2].map((i) => ({
      kind: "pairwise",
      prompt: `s${i}`,
      a: `s${i}-x`,
      b: `s${i}-y`,
      outcome: i === 1 ? "b" : "a",
      source,
    })),
  });
  expect(r.status).toBe(201);
}
