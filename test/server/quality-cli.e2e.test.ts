/**
 * The server's quality reports give the numbers `prefkit agreement` and `prefkit evaluate` (the
 * built CLI) give on an export of the same project: the export is read back through the
 * canonical reader and the CLI's own join, a path independent of the server's.
 *
 * The canonical reader does not carry a prompt's category into the comparisons, so the CLI's
 * judge bootstrap is not stratified by category where the server's is: on the project with
 * categories only the point figures can match; on the same project without categories,
 * everything does, intervals included.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prefkit } from "../cli/run-cli.js";
import { type Fixture, type Loose, setup } from "./helpers.js";
import { injectAs, JUDGE, type Planted, plant } from "./quality-plant.js";

describe("quality reports against the CLI on the project's export", () => {
  let f: Fixture | undefined;
  const planted: Record<string, Planted> = {};
  const files: Record<string, string> = {};
  let dir = "";
  beforeAll(async () => {
    f = await setup();
    const admin = injectAs(f.app, f.tokens.admin);
    dir = mkdtempSync(join(tmpdir(), "prefkit-quality-"));
    for (const [project, categories] of [
      ["q", true],
      ["flat", false],
    ] as const) {
      planted[project] = await plant(admin, project, categories);
      const exported = await f.app.inject({
        url: `/api/projects/${project}/export?format=prefkit&type=jsonl`,
        headers: { authorization: `Bearer ${f.tokens.admin}` },
      });
      expect(exported.statusCode).toBe(200);
      files[project] = join(dir, `${project}.jsonl`);
      writeFileSync(files[project], exported.body);
    }
  });
  afterAll(async () => {
    await f?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const server = async (url: string): Promise<Loose> => {
    const r = await injectAs(f!.app, f!.tokens.admin)("GET", url);
    expect(r.status).toBe(200);
    return r.body;
  };
  const cli = async (...args: string[]): Promise<Loose> => {
    const run = await prefkit([...args, "--format", "json"]);
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout);
  };
  /** A summary row without its intervals. */
  const points = (row: Loose) =>
    Object.fromEntries(
      Object.entries(row).map(([k, v]) => [
        k,
        v && typeof v === "object" ? { value: v.value, n: v.n } : v,
      ]),
    );

  it("agreement: the same report, intervals included", async () => {
    const served = await server("/api/projects/q/agreement?rounds=300&seed=5");
    const local = await cli("agreement", files.q!, "--bootstrap", "300", "--seed", "5");
    expect(served.report).toEqual(local.report);
    expect(served.report.cohen.pairs).toHaveLength(6);
  });

  it("agreement with source=human: the CLI's --labellers with the annotators", async () => {
    const served = await server(
      "/api/projects/q/agreement?rounds=100&source=human&orders=separate",
    );
    const humans = Object.values(planted.q!.ids).join(",");
    const local = await cli(
      "agreement",
      files.q!,
      "--labellers",
      humans,
      "--orders",
      "separate",
      "--bootstrap",
      "100",
    );
    expect(served.report).toEqual(local.report);
  });

  for (const project of ["flat", "q"]) {
    it(`judge quality on ${project}: the judge against every human, a human against the others`, async () => {
      const served = await server(`/api/projects/${project}/judge-quality?rounds=250&seed=9`);
      const rows = served.result.rows as Loose[];
      const { h1, h2, h3 } = planted[project]!.ids;
      const evaluate = (gold: string[], judge: string) =>
        cli(
          "evaluate",
          files[project]!,
          "--gold",
          gold.join(","),
          "--judges",
          judge,
          "--bootstrap",
          "250",
          "--seed",
          "9",
        );
      const judge = (await evaluate([h1, h2, h3], JUDGE)).report;
      const human = (await evaluate([h2, h3], h1)).report;
      expect(rows[0]!.labeller.id).toBe(JUDGE);
      expect(rows[1]!.labeller.id).toBe(h1);
      if (project === "flat") {
        expect(rows[0]!.summary).toEqual(judge.summary[0]);
        expect(rows[1]!.summary).toEqual(human.summary[0]);
        expect(rows[0]!.categories).toEqual([]);
      } else {
        expect(points(rows[0]!.summary)).toEqual(points(judge.summary[0]));
        expect(points(rows[1]!.summary)).toEqual(points(human.summary[0]));
        expect(rows[0]!.categories.map((c: Loose) => c.category)).toEqual(["math", "code"]);
      }
    });
  }
});
