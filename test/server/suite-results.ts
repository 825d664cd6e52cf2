/**
 * Leaderboards, exports and imports.
 * Part of the API suite (api-suite.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { parseCanonicalEntry } from "../../src/formats/dataset/prefkit-canonical.js";
import { writeRecordsAtomically } from "../../src/formats/dataset/write-records.js";
import type { Api } from "./api-suite.js";
import { json, type Loose, SYSTEMS } from "./helpers.js";
import { scratchProject } from "./suite-settings.js";

export function resultTests(api: Api): void {
  const { call, vote, judgmentCount, fixture: fx } = api;

  describe("leaderboard", () => {
    it("fits every system with bootstrap intervals, like the CLI's JSON report", async () => {
      const r = await call("viewer", "GET", "/api/projects/p1/leaderboard?bootstrap=50&seed=3");
      expect(r.statusCode).toBe(200);
      const report = json(r);
      expect(report).toMatchObject({
        project: "p1",
        method: "bt",
        options: { bootstrap: 50, seed: 3 },
      });
      const [board] = report.leaderboards;
      expect(board.group).toBeNull();
      expect(board.systems.map((s: { system: string }) => s.system).sort()).toEqual(
        [...SYSTEMS].sort(),
      );
      for (const s of board.systems) expect(s.ci_lower).toBeLessThanOrEqual(s.ci_upper);
      expect(board.bootstrap.rounds).toBe(50);
    });

    it("with bootstrap=0 gives no intervals: ci_lower, ci_upper and rank_ub are null", async () => {
      const r = await call("viewer", "GET", "/api/projects/p1/leaderboard?bootstrap=0");
      expect(r.statusCode).toBe(200);
      const [board] = json(r).leaderboards;
      expect(board.bootstrap.rounds).toBe(0);
      for (const s of board.systems) {
        expect(s).toMatchObject({ ci_lower: null, ci_upper: null, rank_ub: null });
        expect(s.rank).toBeGreaterThanOrEqual(1);
      }
    });

    it("answers from its cache until a judgment changes the version", async () => {
      const spy = vi.spyOn(fx().store, "battleCounts");
      const url = "/api/projects/p1/leaderboard?bootstrap=20";
      const first = await call("admin", "GET", url);
      const calls = spy.mock.calls.length;
      const second = await call("admin", "GET", url);
      expect(second.body).toBe(first.body);
      expect(spy.mock.calls.length).toBe(calls);
      await vote("admin", {
        kind: "pairwise",
        prompt: "p0",
        a: "c0-2",
        b: "c0-1",
        outcome: "a",
      });
      const third = await call("admin", "GET", url);
      expect(spy.mock.calls.length).toBeGreaterThan(calls);
      expect(json(third).judgment_version).not.toBe(json(first).judgment_version);
      spy.mockRestore();
    });

    it("lists the prompts' categories with their counts, for readers only", async () => {
      // helpers.prompts(4): p0 and p2 are "even", p1 and p3 "odd".
      const r = await call("viewer", "GET", "/api/projects/p1/categories");
      expect(r.statusCode).toBe(200);
      expect(json(r)).toEqual({
        categories: [
          { name: "even", prompts: 2 },
          { name: "odd", prompts: 2 },
        ],
      });
      expect((await call("annotator", "GET", "/api/projects/p1/categories")).statusCode).toBe(403);
    });

    it("groups by category and filters by source and attribute", async () => {
      const grouped = json(
        await call("admin", "GET", "/api/projects/p1/leaderboard?bootstrap=0&by=category"),
      );
      expect(grouped.leaderboards.map((b: { group: string }) => b.group)).toEqual(["even", "odd"]);
      // One AI verdict was stored ("lets an admin submit an AI judge's verdict").
      const ai = json(
        await call(
          "admin",
          "GET",
          "/api/projects/p1/leaderboard?bootstrap=0&source=ai&graded=false",
        ),
      );
      expect(ai.leaderboards[0].battles).toBe(1);
      const none = json(await call("admin", "GET", "/api/projects/p1/leaderboard?category=none"));
      expect(none.leaderboards).toEqual([]);
      expect(none.skipped).toEqual([
        { group: null, reason: "a leaderboard needs battles between at least two systems" },
      ]);
      const de = json(
        await call(
          "admin",
          "GET",
          "/api/projects/p1/leaderboard?bootstrap=0&attribute=language%3Dde&graded=false",
        ),
      );
      const human = json(
        await call(
          "admin",
          "GET",
          "/api/projects/p1/leaderboard?bootstrap=0&source=human&graded=false",
        ),
      );
      const battles = (report: Loose) => (report.leaderboards[0]?.battles ?? 0) as number;
      expect(battles(de)).toBeLessThan(battles(human));
    });

    it("lists the AI judges and filters the leaderboard by one of them", async () => {
      const q = await scratchProject(api, "by-judge", { j0: ["x", "y"], j1: ["x", "y"] });
      const url = `/api/projects/${q.id}`;
      const pair = (prompt: string, outcome: string, source?: object) => ({
        kind: "pairwise",
        prompt,
        a: `${prompt}-0`,
        b: `${prompt}-1`,
        outcome,
        ...(source ? { source } : {}),
      });
      const judge = (model: string) => ({ kind: "ai", model });
      const stored = await q.asAdmin("POST", `${url}/judgments`, {
        judgments: [
          pair("j0", "a", judge("judge-1")),
          pair("j1", "a", judge("judge-1")),
          pair("j0", "b", judge("judge-2")),
          pair("j1", "b", judge("jury:majority")),
          pair("j1", "b"),
        ],
      });
      expect(stored.statusCode).toBe(201);
      const judges = await q.asAdmin("GET", `${url}/judges`);
      expect(json(judges)).toEqual({
        judges: [
          { name: "judge-1", judgments: 2 },
          { name: "judge-2", judgments: 1 },
          { name: "jury:majority", judgments: 1 },
        ],
      });
      expect((await q.asAnnotator("GET", `${url}/judges`)).statusCode).toBe(403);

      const board = async (filter: string) =>
        json(await q.asAdmin("GET", `${url}/leaderboard?bootstrap=0&${filter}`));
      const one = await board("judge=judge-1");
      expect(one.options.judge).toBe("judge-1");
      // judge-1 preferred x (system "x") on both prompts.
      expect(one.leaderboards[0].systems.map((r: Loose) => [r.system, r.wins, r.losses])).toEqual([
        ["x", 2, 0],
        ["y", 0, 2],
      ]);
      const jury = await board("judge=jury%3Amajority&source=ai");
      expect(jury.leaderboards[0].battles).toBe(1);
      const refused = await q.asAdmin("GET", `${url}/leaderboard?judge=judge-1&source=human`);
      expect(refused.statusCode).toBe(400);
      expect(json(refused).error.field).toBe("judge");
    });

    it("counts battles derived from rankings and ratings unless graded=false", async () => {
      const graded = json(await call("admin", "GET", "/api/projects/p1/leaderboard?bootstrap=0"));
      const plain = json(
        await call("admin", "GET", "/api/projects/p1/leaderboard?bootstrap=0&graded=false"),
      );
      // The batch's ranking [[c2-1], [c2-0, c2-2]] adds three battles.
      expect(graded.leaderboards[0].battles).toBe(plain.leaderboards[0].battles + 3);
    });
  });

  describe("export", () => {
    it("streams every canonical entry as prefkit JSON Lines", async () => {
      const r = await call("admin", "GET", "/api/projects/p1/export");
      expect(r.statusCode).toBe(200);
      expect(r.headers["content-type"]).toMatch(/^application\/x-ndjson/);
      expect(r.headers["transfer-encoding"]).toBe("chunked");
      const lines = r.body
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      for (const line of lines) expect(parseCanonicalEntry(line).ok).toBe(true);
      const count = (type: string) => lines.filter((l) => l.type === type).length;
      expect(count("prompt")).toBe(4);
      expect(count("candidate")).toBe(12);
      expect(count("judgment")).toBe(await judgmentCount());
    });

    it("derives TRL preference pairs (ties left out) and every other writer format", async () => {
      const trl = await call("admin", "GET", "/api/projects/p1/export?format=trl-preference");
      const pairs = trl.body
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l));
      expect(pairs.length).toBeGreaterThan(0);
      expect(Object.keys(pairs[0]).sort()).toEqual(["chosen", "prompt", "rejected"]);
      for (const format of [
        "trl-unpaired",
        "hh-rlhf",
        "rewardbench",
        "llmbar",
        "arena",
        "ultrafeedback",
        "helpsteer",
      ]) {
        const r = await call("admin", "GET", `/api/projects/p1/export?format=${format}&style=text`);
        expect(r.statusCode, format).toBe(200);
      }
      const bad = await call("admin", "GET", "/api/projects/p1/export?format=parquet");
      expect(bad.statusCode).toBe(400);
      expect(json(bad).error.field).toBe("format");
    });
  });

  describe("import", () => {
    const demo = readFileSync(new URL("../../examples/canonical-demo.jsonl", import.meta.url));
    const post = (
      project: string,
      body: string | Buffer,
      query = "",
      type = "application/x-ndjson",
    ) =>
      call("admin", "POST", `/api/projects/${project}/import${query}`, body, {
        "content-type": type,
      });

    it("imports a canonical file and a TRL file, detecting their formats", async () => {
      await call("admin", "POST", "/api/projects", { id: "imp", name: "Imported" });
      const r = await post("imp", demo, "?filename=canonical-demo.jsonl");
      expect(r.statusCode).toBe(201);
      const summary = json(r);
      expect(summary.format).toBe("prefkit");
      expect(summary.added.prompts).toBeGreaterThan(0);
      expect(summary.added.judgments).toBeGreaterThan(0);
      // TRL lines written out per case (the dry run's adds a prompt asked twice).
      const trl = [
        { prompt: "2+2?", chosen: "4", rejected: "5" },
        { prompt: "Capital of France?", chosen: "Paris", rejected: "Lyon" },
      ]
        .map((x) => JSON.stringify(x))
        .join("\n");
      const t = await post("imp", trl, "", "text/plain");
      expect(t.statusCode).toBe(201);
      expect(json(t)).toMatchObject({
        format: "trl-preference",
        records: 2,
        added: { judgments: 2 },
      });
    });

    it("previews a file with dry_run (counts and first prompts) and stores nothing", async () => {
      await call("admin", "POST", "/api/projects", { id: "dry", name: "Preview" });
      const trl = [
        { prompt: "2+2?", chosen: "4", rejected: "5" },
        { prompt: "Capital of France?", chosen: "Paris", rejected: "Lyon" },
        { prompt: "2+2?", chosen: "four", rejected: "five" },
      ]
        .map((x) => JSON.stringify(x))
        .join("\n");
      const r = await post("dry", trl, "?dry_run=true", "text/plain");
      expect(r.statusCode).toBe(200);
      // Two prompts (one asked twice), four distinct answers each from an unnamed system.
      expect(json(r)).toMatchObject({
        format: "trl-preference",
        records: 3,
        found: { prompts: 2, candidates: 6, judgments: 3 },
        sample: [
          { prompt: "2+2?", candidates: 4 },
          { prompt: "Capital of France?", candidates: 2 },
        ],
      });
      expect(json(await call("admin", "GET", "/api/projects/dry/judgments")).judgments).toEqual([]);
      expect((await call("admin", "GET", "/api/projects/dry/tasks/next")).statusCode).toBe(204);
      const bad = await post("dry", `${trl}\n{"prompt": 3}`, "?dry_run=true", "text/plain");
      expect(bad.statusCode).toBe(400);
      expect(json(bad).error).toMatchObject({ line: 4 });
    });

    it("names the line and field of a bad record and stores nothing", async () => {
      await call("admin", "POST", "/api/projects", { id: "imp2", name: "Bad import" });
      const lines = demo.toString("utf8").trim().split("\n");
      const judgment = lines.findIndex((l) => l.includes('"type":"judgment"'));
      lines[judgment] = lines[judgment]!.replace(/"outcome":"\w+"/, '"outcome":"maybe"');
      const r = await post("imp2", lines.join("\n"));
      expect(r.statusCode).toBe(400);
      expect(json(r).error).toMatchObject({
        code: "invalid",
        line: judgment + 1,
        field: "outcome",
      });
      expect(json(r).error.message).toMatch(new RegExp(`^line ${judgment + 1}: outcome: `));
      const entries = (await call("admin", "GET", "/api/projects/imp2/export")).body;
      expect(entries).toBe("");
      const garbled = await post("imp2", '{"type":"prompt"\n');
      expect(json(garbled).error).toMatchObject({ line: 1, field: "(record)" });
    });

    it("stores nothing of a file whose later line the store refuses (one transaction)", async () => {
      await call("admin", "POST", "/api/projects", { id: "imp4", name: "All or nothing" });
      const lines = [
        { type: "prompt", id: "fresh", messages: [{ role: "user", content: "New?" }] },
        {
          type: "candidate",
          id: "fresh-c",
          prompt: "fresh",
          system: "s",
          messages: [{ role: "assistant", content: "Yes." }],
        },
        {
          type: "judgment",
          id: "j-ghost",
          kind: "binary",
          prompt: "fresh",
          candidate: "ghost",
          approved: true,
          source: { kind: "human", annotator: "a" },
        },
      ];
      const r = await post("imp4", lines.map((l) => JSON.stringify(l)).join("\n"));
      expect(r.statusCode).toBe(404);
      expect(json(r).error).toMatchObject({ line: 3, field: "candidate" });
      const prompt = await call("admin", "GET", "/api/projects/imp4/prompts/fresh");
      expect(prompt.statusCode).toBe(404);
    });

    it("imports CSV and Parquet uploads by their file name, and refuses other types", async () => {
      await call("admin", "POST", "/api/projects", { id: "imp3", name: "Files" });
      const csv = await post(
        "imp3",
        'prompt,chosen,rejected\n"2+2?",4,5\n"Capital of France?",Paris,Lyon\n',
        "?filename=pairs.csv",
        "text/csv",
      );
      expect(csv.statusCode).toBe(201);
      expect(json(csv)).toMatchObject({ format: "trl-preference", records: 2 });
      const dir = mkdtempSync(join(tmpdir(), "prefkit-upload-"));
      const parquet = join(dir, "pairs.parquet");
      await writeRecordsAtomically(parquet, [
        { prompt: "Largest planet?", chosen: "Jupiter", rejected: "Mars" },
      ]);
      const p = await post(
        "imp3",
        readFileSync(parquet),
        "?filename=pairs.parquet",
        "application/vnd.apache.parquet",
      );
      rmSync(dir, { recursive: true, force: true });
      expect(p.statusCode).toBe(201);
      expect(json(p)).toMatchObject({
        format: "trl-preference",
        records: 1,
        added: { judgments: 1 },
      });
      const garbage = await post(
        "imp3",
        "{}",
        "?filename=data.parquet",
        "application/octet-stream",
      );
      expect(garbage.statusCode).toBe(400);
      expect(json(garbage).error.message).toMatch(/invalid Parquet/);
      const name = await post("imp3", "{}", "?filename=data.txt");
      expect(json(name).error).toMatchObject({ code: "invalid", field: "filename" });
      const type = await post("imp3", "{}", "", "application/xml");
      expect(type.statusCode).toBe(415);
    });
  });
}
