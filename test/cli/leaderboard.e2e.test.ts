/**
 * `prefkit leaderboard` end to end: spawns the built CLI (dist/, made by `npm run build`, which
 * `npm test` runs first). Only the built CLI has its worker files, so the parallel paths are
 * tested here.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, prefkit as runCli } from "./run-cli.js";

const SIMULATED = "test/fixtures/simulated/arena-sim-8.jsonl";
const DEMO = "examples/arena-demo.jsonl";
const SEGMENT = 32 << 20;
/** The columns of the table and Markdown reports. */
const COLUMNS = ["Rank", "Rank UB", "System", "Rating", "95% CI", "Battles", "Win rate"];

/** Runs `prefkit leaderboard ARGS` in `cwd` (the repository root by default). */
const prefkit = (args: readonly string[], cwd = ROOT) => runCli(["leaderboard", ...args], cwd);

/** Runs and expects success; returns stdout. */
async function ok(args: readonly string[], cwd = ROOT): Promise<string> {
  const run = await prefkit(args, cwd);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return run.stdout;
}

interface SystemRow {
  system: string;
  rating: number;
  ci_lower: number;
  ci_upper: number;
  rank: number;
  rank_ub: number;
  battles: number;
  wins: number;
  losses: number;
  ties: number;
  win_rate: number;
}
interface Board {
  group: string | null;
  battles: number;
  systems: SystemRow[];
  warnings: unknown[];
  style_coefficients?: Record<string, number>;
  tie_parameter?: number;
  bootstrap: { rounds: number; prior_fallback_rounds: number };
  matrices: {
    systems: string[];
    predicted_win_rate: (number | null)[][];
    observed_win_rate: (number | null)[][];
    battles: number[][];
  };
}
interface Report {
  prefkit: string;
  method: string;
  options: Record<string, unknown>;
  input: {
    file: string;
    format: string;
    bytes: number;
    sha256_tree: string;
    records: number;
    skipped: Record<string, number>;
  }[];
  filtered_out: number;
  ungrouped: number;
  leaderboards: Board[];
}

async function report(args: readonly string[], cwd = ROOT): Promise<Report> {
  return JSON.parse(await ok([...args, "--format", "json"], cwd)) as Report;
}

const ratingsOf = (board: Board | undefined) =>
  Object.fromEntries((board?.systems ?? []).map((s) => [s.system, s.rating]));

const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(ROOT, path), "utf8")) as T;

interface Expected {
  files: Record<
    string,
    {
      file: string;
      exact_mle: { ratings: Record<string, number> };
      fastchat_bt: { ratings: Record<string, number> };
      online_elo: { ratings: Record<string, number> };
    }
  >;
}
const expected = readJson<Expected>("test/fixtures/reference/expected.json");
const planted = readJson<{ planted_elo: Record<string, number> }>(
  "test/fixtures/simulated/planted.json",
);
const demoRecords = readFileSync(join(ROOT, DEMO), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as { language: string });

const dir = mkdtempSync(join(tmpdir(), "prefkit-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh working directory under the temp dir. */
let dirNumber = 0;
function workDir(): string {
  const path = join(dir, `w${dirNumber++}`);
  mkdirSync(path);
  return path;
}

describe("prefkit leaderboard: output", () => {
  it("prints a table of the 8 simulated systems in their planted order", async () => {
    const table = await ok([SIMULATED]);
    const lines = table.split("\n");
    const header = lines.findIndex((l) => l.startsWith("Rank"));
    expect(lines[header]!.split(/\s{2,}/)).toEqual(COLUMNS);
    expect(lines[header + 1]).toMatch(/^-+( +-+)+$/);
    const rows = lines.slice(header + 2, header + 10).map((l) => l.trim().split(/\s+/));
    const plantedOrder = Object.entries(planted.planted_elo)
      .sort((x, y) => y[1] - x[1])
      .map(([name]) => name);
    expect(rows.map((r) => r[2])).toEqual(plantedOrder);
    expect(rows.map((r) => r[0])).toEqual(["1", "2", "3", "4", "5", "6", "7", "8"]);
    expect(lines[header + 10]).toBe("bt, 20000 battles, 8 systems, 1000 bootstrap rounds, seed 0");
  });

  it("gives the documented JSON fields", async () => {
    const out = await report([SIMULATED, "--bootstrap", "100"]);
    const version = readJson<{ version: string }>("package.json").version;
    expect(Object.keys(out)).toEqual([
      "prefkit",
      "method",
      "options",
      "input",
      "filtered_out",
      "ungrouped",
      "leaderboards",
    ]);
    expect(out.prefkit).toBe(version);
    expect(out.method).toBe("bt");
    expect(out.options).toMatchObject({ ties: "half", bootstrap: 100, seed: 0, confidence: 0.95 });
    const bytes = readFileSync(join(ROOT, SIMULATED));
    const tree = createHash("sha256")
      .update(createHash("sha256").update(bytes).digest())
      .digest("hex");
    expect(out.input).toEqual([
      {
        file: SIMULATED,
        format: "jsonl",
        bytes: bytes.length,
        sha256_tree: tree,
        records: 20000,
        skipped: {},
      },
    ]);
    const board = out.leaderboards[0]!;
    expect(out.leaderboards).toHaveLength(1);
    expect(board.group).toBeNull();
    expect(board.battles).toBe(20000);
    expect(board.bootstrap.rounds).toBe(100);
    expect(board.warnings).toEqual([]);
    const n = board.systems.length;
    expect(n).toBe(8);
    for (const s of board.systems) {
      expect(Object.keys(s).sort()).toEqual(
        [
          "system",
          "rating",
          "ci_lower",
          "ci_upper",
          "rank",
          "rank_ub",
          "battles",
          "wins",
          "losses",
          "ties",
          "win_rate",
        ].sort(),
      );
      expect(s.ci_lower).toBeLessThanOrEqual(s.rating);
      expect(s.ci_upper).toBeGreaterThanOrEqual(s.rating);
      expect(s.wins + s.losses + s.ties).toBe(s.battles);
      expect(s.win_rate).toBeCloseTo((s.wins + s.ties / 2) / s.battles, 5);
      // rank: 1 + the number rated higher; rank_ub: 1 + the number wholly above the interval.
      expect(s.rank).toBe(1 + board.systems.filter((t) => t.rating > s.rating).length);
      expect(s.rank_ub).toBe(1 + board.systems.filter((t) => t.ci_lower > s.ci_upper).length);
    }
    const { systems, predicted_win_rate, observed_win_rate, battles } = board.matrices;
    expect(systems).toHaveLength(n);
    const rating = ratingsOf(board);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expect(battles[i]![j]).toBe(battles[j]![i]);
        if (i === j) continue;
        const p = 1 / (1 + 10 ** ((rating[systems[j]!]! - rating[systems[i]!]!) / 400));
        expect(predicted_win_rate[i]![j]).toBeCloseTo(p, 4);
        expect(observed_win_rate[i]![j]! + observed_win_rate[j]![i]!).toBeCloseTo(1, 5);
      }
    }
  });

  it.each(Object.keys(expected.files))(
    "matches the exact MLE within 0.01 Elo and FastChat within 0.5 (%s)",
    async (name) => {
      const reference = expected.files[name]!;
      const board = (await report([reference.file, "--bootstrap", "0"])).leaderboards[0];
      const rating = ratingsOf(board);
      expect(Object.keys(rating).sort()).toEqual(Object.keys(reference.exact_mle.ratings).sort());
      for (const [system, value] of Object.entries(reference.exact_mle.ratings))
        expect(Math.abs(rating[system]! - value), system).toBeLessThan(0.01);
      for (const [system, value] of Object.entries(reference.fastchat_bt.ratings))
        expect(Math.abs(rating[system]! - value), system).toBeLessThan(0.5);
      const elo = ratingsOf(
        (await report([reference.file, "--method", "elo", "--bootstrap", "0"])).leaderboards[0],
      );
      for (const [system, value] of Object.entries(reference.online_elo.ratings))
        expect(Math.abs(elo[system]! - value), system).toBeLessThan(1e-4);
    },
  );

  it("gives byte-identical JSON for the same seed, and other intervals for another seed", async () => {
    const args = [SIMULATED, "--format", "json", "--bootstrap", "200"];
    const [first, second, other] = await Promise.all([
      ok([...args, "--seed", "7"]),
      ok([...args, "--seed", "7"]),
      ok([...args, "--seed", "8"]),
    ]);
    expect(second).toBe(first);
    const a = (JSON.parse(first) as Report).leaderboards[0]!.systems;
    const b = (JSON.parse(other) as Report).leaderboards[0]!.systems;
    expect(b.map((s) => s.rating)).toEqual(a.map((s) => s.rating));
    expect(b.map((s) => [s.ci_lower, s.ci_upper])).not.toEqual(
      a.map((s) => [s.ci_lower, s.ci_upper]),
    );
  });

  it("writes CSV that parses back with the documented header", async () => {
    const [text, json] = await Promise.all([
      ok([SIMULATED, "--format", "csv", "--bootstrap", "50"]),
      report([SIMULATED, "--bootstrap", "50"]),
    ]);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(text.split("\n")[0]).toBe(
      "rank,rank_ub,system,rating,ci_lower,ci_upper,battles,wins,losses,ties,win_rate",
    );
    expect(rows).toHaveLength(8);
    const systems = json.leaderboards[0]!.systems;
    rows.forEach((row, k) => {
      const s = systems[k]!;
      expect(row.system).toBe(s.system);
      expect(Number(row.rating)).toBe(s.rating);
      expect(Number(row.ci_lower)).toBe(s.ci_lower);
      expect(Number(row.rank_ub)).toBe(s.rank_ub);
      expect(Number(row.losses)).toBe(s.losses);
    });
    const grouped = await ok([DEMO, "--by", "language", "--format", "csv", "--bootstrap", "0"]);
    const groupRows = parse(grouped, { columns: true }) as Record<string, string>[];
    expect(grouped.split("\n")[0]!.startsWith("group,rank,")).toBe(true);
    expect([...new Set(groupRows.map((r) => r.group))]).toEqual(["Chinese", "English", "German"]);
  });

  it("writes Markdown: a table with a header separator row", async () => {
    const text = await ok([SIMULATED, "--format", "markdown", "--bootstrap", "50"]);
    const lines = text.split("\n").filter((l) => l.startsWith("|"));
    const cells = (line: string) =>
      line
        .slice(1, -1)
        .split("|")
        .map((c) => c.trim());
    expect(cells(lines[0]!)).toEqual(COLUMNS);
    expect(cells(lines[1]!).every((c) => /^:?-{3,}:?$/.test(c))).toBe(true);
    expect(lines.slice(2).map((l) => cells(l)[2])).toHaveLength(8);
    expect(cells(lines[2]!)[2]).toBe("atlas-70b");
  });

  it("gives one leaderboard per language with --by language", async () => {
    const out = await report([DEMO, "--by", "language", "--bootstrap", "20"]);
    const count = (language: string) => demoRecords.filter((r) => r.language === language).length;
    expect(out.leaderboards.map((b) => [b.group, b.battles])).toEqual([
      ["Chinese", count("Chinese")],
      ["English", count("English")],
      ["German", count("German")],
    ]);
    expect(out.options.by).toBe("language");
    const table = await ok([DEMO, "--by", "language", "--bootstrap", "20"]);
    expect(table.split("\n").filter((l) => l.startsWith("language = "))).toEqual([
      "language = Chinese",
      "language = English",
      "language = German",
    ]);
  });

  it("keeps only matching battles with --where language=English", async () => {
    const english = demoRecords.filter((r) => r.language === "English").length;
    const out = await report([DEMO, "--where", "language=English", "--bootstrap", "0"]);
    expect(out.leaderboards[0]!.battles).toBe(english);
    expect(out.filtered_out).toBe(demoRecords.length - english);
    expect(out.options.where).toEqual([{ field: "language", value: "English" }]);
  });

  it("pins the anchor's rating with --anchor NAME=1200, in every bootstrap round", async () => {
    const [free, anchored] = await Promise.all([
      report([SIMULATED, "--bootstrap", "0"]),
      report([SIMULATED, "--anchor", "dune-8b=1200", "--bootstrap", "100"]),
    ]);
    const dune = anchored.leaderboards[0]!.systems.find((s) => s.system === "dune-8b")!;
    expect([dune.rating, dune.ci_lower, dune.ci_upper]).toEqual([1200, 1200, 1200]);
    const before = ratingsOf(free.leaderboards[0]);
    const after = ratingsOf(anchored.leaderboards[0]);
    for (const system of Object.keys(before))
      expect(after[system]! - before[system]!).toBeCloseTo(1200 - before["dune-8b"]!, 4);
    expect(anchored.options.anchor).toEqual({ system: "dune-8b", rating: 1200 });
  });

  it("runs --method elo, davidson and rao-kupper and --ties drop and davidson", async () => {
    const runs = await Promise.all(
      [
        ["--method", "elo"],
        ["--method", "davidson"],
        ["--method", "rao-kupper"],
        ["--ties", "drop"],
        ["--ties", "davidson"],
      ].map((flags) => report([SIMULATED, ...flags, "--bootstrap", "20"])),
    );
    expect(runs.map((r) => [r.method, r.options.ties])).toEqual([
      ["elo", "model"],
      ["davidson", "model"],
      ["rao-kupper", "model"],
      ["bt", "drop"],
      ["davidson", "model"],
    ]);
    for (const run of runs) {
      const systems = run.leaderboards[0]!.systems;
      expect(systems.map((s) => s.system)[0]).toBe("atlas-70b");
      expect(systems.every((s) => Number.isFinite(s.rating))).toBe(true);
    }
    expect(runs[1]!.leaderboards[0]!.tie_parameter).toBeGreaterThan(0);
    expect(runs[4]!.leaderboards[0]!.systems).toEqual(runs[1]!.leaderboards[0]!.systems);
  });

  it("reports style coefficients with --style-control", async () => {
    const out = await report([DEMO, "--style-control", "--bootstrap", "20"]);
    expect(out.method).toBe("bt+style");
    const coefficients = out.leaderboards[0]!.style_coefficients!;
    expect(Object.keys(coefficients)).toEqual(["tokens", "headers", "lists", "bold"]);
    expect(Object.values(coefficients).every(Number.isFinite)).toBe(true);
    const table = await ok([DEMO, "--style-control", "--bootstrap", "20"]);
    expect(table).toMatch(
      /\nstyle coefficients: tokens -?\d+\.\d{3}, headers -?\d+\.\d{3}, lists -?\d+\.\d{3}, bold -?\d+\.\d{3}\n/,
    );
  });

  it("draws an SVG with --plot, one per group with --by", async () => {
    const cwd = workDir();
    await ok([join(ROOT, DEMO), "--plot", "out.svg", "--bootstrap", "20"], cwd);
    const svg = readFileSync(join(cwd, "out.svg"), "utf8");
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(svg).toContain("aurora-70b");

    const grouped = workDir();
    await ok(
      [join(ROOT, DEMO), "--by", "language", "--plot", "out.svg", "--bootstrap", "20"],
      grouped,
    );
    for (const language of ["Chinese", "English", "German"]) {
      const path = join(grouped, `out-${language}.svg`);
      expect(readFileSync(path, "utf8").startsWith("<svg"), path).toBe(true);
    }
    expect(existsSync(join(grouped, "out.svg"))).toBe(false);
  });

  it("writes the output to a file with -o, and nothing to stdout", async () => {
    const cwd = workDir();
    const args = [join(ROOT, SIMULATED), "--format", "json", "--bootstrap", "20"];
    const [written, printed] = await Promise.all([
      ok([...args, "-o", "board.json"], cwd),
      ok(args),
    ]);
    expect(written).toBe("");
    expect(readFileSync(join(cwd, "board.json"), "utf8")).toBe(printed);
  });

  it("prints progress lines on stderr with --progress", async () => {
    const run = await prefkit([SIMULATED, "--progress", "--bootstrap", "100"]);
    expect(run.code).toBe(0);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines.some((l) => /^reading 100% \(\d+ MiB\/\d+ MiB\)$/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe("bootstrap 100% (100 rounds/100 rounds)");
    expect(lines.every((l) => /^(reading|bootstrap) \d+% \(/.test(l))).toBe(true);
    expect(run.stdout).toContain("atlas-70b");
  });
});

describe("prefkit leaderboard: usage errors (exit 2)", () => {
  it("rejects --ties drop with --method davidson", async () => {
    const run = await prefkit([SIMULATED, "--ties", "drop", "--method", "davidson"]);
    expect(run).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "prefkit: --ties drop applies to --method bt only (davidson models ties itself)
      ",
        "stdout": "",
      }
    `);
  });

  it("rejects a --seed past 2^53, which would silently name another seed", async () => {
    const run = await prefkit([SIMULATED, "--seed", "99999999999999999999", "--bootstrap", "2"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--seed must be below 2^53");
  });

  it("rejects --bootstrap abc", async () => {
    const run = await prefkit([SIMULATED, "--bootstrap", "abc"]);
    expect(run).toMatchInlineSnapshot(`
      {
        "code": 2,
        "stderr": "error: option '--bootstrap <rounds>' argument 'abc' is invalid. --bootstrap must be a whole number
      ",
        "stdout": "",
      }
    `);
  });
});

const battle = (model_a: unknown, model_b: unknown, winner: unknown) => ({
  model_a,
  model_b,
  winner,
});
const GOOD = battle("alpha", "beta", "model_a");
const fiveWith = (bad: unknown) => [GOOD, battle("beta", "gamma", "tie"), bad, GOOD, GOOD];
const jsonl = (records: readonly unknown[]) =>
  `${records.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n")}\n`;
const csv = (records: readonly { model_a: unknown; model_b: unknown; winner: unknown }[]) =>
  ["model_a,model_b,winner", ...records.map((r) => `${r.model_a},${r.model_b},${r.winner}`)]
    .join("\n")
    .concat("\n");
const parquet = (records: readonly { model_a: unknown; model_b: unknown; winner: unknown }[]) =>
  new Uint8Array(
    parquetWriteBuffer({
      columnData: (["model_a", "model_b", "winner"] as const).map((name) => ({
        name,
        data: records.map((r) => r[name] ?? null),
        type: "STRING" as const,
      })),
    }),
  );

const UNKNOWN_WINNER = battle("alpha", "beta", "model_c");
const B_NOT_TEXT = battle("alpha", 7, "tie");
const SELF = battle("alpha", "alpha", "model_a");

describe("prefkit leaderboard: bad input (exit 1, one line naming file, line and field)", () => {
  let cwd: string;
  beforeAll(() => {
    cwd = workDir();
    const files: Record<string, string | Uint8Array> = {
      "winner.jsonl": jsonl(fiveWith(UNKNOWN_WINNER)),
      "b-number.jsonl": jsonl(fiveWith(B_NOT_TEXT)),
      "self.jsonl": jsonl(fiveWith(SELF)),
      "truncated.jsonl": jsonl(fiveWith('{"model_a":"alpha","model_b":"be')),
      "unclosed.jsonl": jsonl(fiveWith('{"model_a":"alpha","model_b":"beta","winner":"tie"')),
      "winner.json": JSON.stringify(fiveWith(UNKNOWN_WINNER), null, 2),
      "b-number.json": JSON.stringify(fiveWith(B_NOT_TEXT), null, 2),
      "self.json": JSON.stringify(fiveWith(SELF), null, 2),
      "broken.json": JSON.stringify(
        fiveWith(battle("alpha", "beta", "__BROKEN__")),
        null,
        2,
      ).replace('"winner": "__BROKEN__"', '"winner" "tie"'),
      "winner.csv": csv(fiveWith(UNKNOWN_WINNER) as ReturnType<typeof battle>[]),
      "empty-a.csv": csv(fiveWith(battle("", "beta", "tie")) as ReturnType<typeof battle>[]),
      "self.csv": csv(fiveWith(SELF) as ReturnType<typeof battle>[]),
      "quote.csv": 'model_a,model_b,winner\nalpha,beta,tie\nalpha,beta,tie\nalpha,be"ta,tie\n',
      "winner.parquet": parquet(fiveWith(UNKNOWN_WINNER) as ReturnType<typeof battle>[]),
      "missing-a.parquet": parquet(
        fiveWith(battle(null, "beta", "tie")) as ReturnType<typeof battle>[],
      ),
      "self.parquet": parquet(fiveWith(SELF) as ReturnType<typeof battle>[]),
      "garbage.parquet": "not a parquet file\n",
      "empty.jsonl": "",
      "blank.jsonl": "\n \r\n\n",
      "empty.parquet": "",
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(join(cwd, name), content);
  });

  it("stops with exit code 1 and one line per case", async () => {
    const names = [
      "winner.jsonl",
      "b-number.jsonl",
      "self.jsonl",
      "truncated.jsonl",
      "unclosed.jsonl",
      "winner.json",
      "b-number.json",
      "self.json",
      "broken.json",
      "winner.csv",
      "empty-a.csv",
      "self.csv",
      "quote.csv",
      "winner.parquet",
      "missing-a.parquet",
      "self.parquet",
      "garbage.parquet",
      "empty.jsonl",
      "blank.jsonl",
      "empty.parquet",
      "no-such-file.jsonl",
    ];
    const runs = await Promise.all(names.map((name) => prefkit([name, "--bootstrap", "0"], cwd)));
    for (const [k, run] of runs.entries()) {
      expect(run.code, names[k]).toBe(1);
      expect(run.stdout, names[k]).toBe("");
      expect(run.stderr, names[k]).toMatch(/^prefkit: [^\n]+\n$/);
    }
    expect(Object.fromEntries(names.map((n, k) => [n, runs[k]!.stderr]))).toMatchInlineSnapshot(`
      {
        "b-number.json": "prefkit: b-number.json:12: model_b: expected text, got number
      ",
        "b-number.jsonl": "prefkit: b-number.jsonl:3: model_b: expected text, got number
      ",
        "blank.jsonl": "prefkit: blank.jsonl:1: no battle records in the file
      ",
        "broken.json": "prefkit: broken.json:15: invalid JSON: expected ':'
      ",
        "empty-a.csv": "prefkit: empty-a.csv:4: model_a: empty value
      ",
        "empty.jsonl": "prefkit: empty.jsonl:1: no battle records in the file
      ",
        "empty.parquet": "prefkit: empty.parquet:1: no battle records in the file
      ",
        "garbage.parquet": "prefkit: garbage.parquet:1: invalid Parquet: parquet file invalid (footer != PAR1)
      ",
        "missing-a.parquet": "prefkit: missing-a.parquet:3: model_a: missing field
      ",
        "no-such-file.jsonl": "prefkit: no-such-file.jsonl: no such file
      ",
        "quote.csv": "prefkit: quote.csv:4: invalid CSV: Invalid Opening Quote: a quote is found on field "model_b" at line 4, value is "be"
      ",
        "self.csv": "prefkit: self.csv:4: model_b: same system as model_a ("alpha")
      ",
        "self.json": "prefkit: self.json:12: model_b: same system as model_a ("alpha")
      ",
        "self.jsonl": "prefkit: self.jsonl:3: model_b: same system as model_a ("alpha")
      ",
        "self.parquet": "prefkit: self.parquet:3: model_b: same system as model_a ("alpha")
      ",
        "truncated.jsonl": "prefkit: truncated.jsonl:3: invalid JSON at column 33: unterminated string
      ",
        "unclosed.jsonl": "prefkit: unclosed.jsonl:3: invalid JSON at column 51: unexpected end of input: the object is not closed
      ",
        "winner.csv": "prefkit: winner.csv:4: winner: unknown value "model_c" (expected model_a, model_b, tie or tie (bothbad))
      ",
        "winner.json": "prefkit: winner.json:12: winner: unknown value "model_c" (expected model_a, model_b, tie or tie (bothbad))
      ",
        "winner.jsonl": "prefkit: winner.jsonl:3: winner: unknown value "model_c" (expected model_a, model_b, tie or tie (bothbad))
      ",
        "winner.parquet": "prefkit: winner.parquet:3: winner: unknown value "model_c" (expected model_a, model_b, tie or tie (bothbad))
      ",
      }
    `);
  });

  it("rejects a record without model_a or model_b in JSON Lines and in a JSON array", async () => {
    writeFileSync(
      join(cwd, "missing-a.jsonl"),
      jsonl(fiveWith({ model_b: "beta", winner: "tie" })),
    );
    writeFileSync(
      join(cwd, "missing-b.jsonl"),
      jsonl(fiveWith({ model_a: "alpha", winner: "tie" })),
    );
    writeFileSync(
      join(cwd, "missing-a.json"),
      JSON.stringify(fiveWith({ model_b: "beta", winner: "tie" }), null, 2),
    );
    const runs = await Promise.all(
      ["missing-a.jsonl", "missing-b.jsonl", "missing-a.json"].map((name) =>
        prefkit([name, "--bootstrap", "0"], cwd),
      ),
    );
    expect(runs.map((r) => [r.code, r.stderr])).toEqual([
      [1, "prefkit: missing-a.jsonl:3: model_a: missing field\n"],
      [1, "prefkit: missing-b.jsonl:3: model_b: missing field\n"],
      [1, "prefkit: missing-a.json:12: model_a: missing field\n"],
    ]);
  });

  it("skips bad records with --skip-invalid: exit 0, a summary on stderr, the leaderboard on stdout", async () => {
    const lines = [
      GOOD,
      battle("alpha", "beta", "model_c"),
      battle("beta", "gamma", "tie"),
      battle("gamma", "gamma", "tie"),
      battle("alpha", 3, "tie"),
      battle("gamma", "alpha", "model_b"),
      '{"model_a":',
      battle("alpha", "beta", "draw"),
    ];
    writeFileSync(join(cwd, "skip.jsonl"), jsonl(lines));
    const run = await prefkit(["skip.jsonl", "--skip-invalid", "--bootstrap", "0"], cwd);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatchInlineSnapshot(`
      "prefkit: skipped 5 invalid records in skip.jsonl (2 unknown winner, 1 self battle, 1 wrong type, 1 invalid json); first: skip.jsonl:2: winner: unknown value "model_c" (expected model_a, model_b, tie or tie (bothbad))
      "
    `);
    // Rank, then Rank UB: "-" without bootstrap rounds.
    expect(run.stdout.split("\n").filter((l) => /^\s+\d+\s+-\s/.test(l))).toHaveLength(3);
    expect(run.stdout).toContain("bt, 3 battles, 3 systems, 0 bootstrap rounds, seed 0");
  });
});

describe("prefkit leaderboard: a JSON Lines file of two 32 MiB segments", () => {
  let cwd: string;
  let line: number;

  beforeAll(() => {
    cwd = workDir();
    const simulated = readFileSync(join(ROOT, SIMULATED));
    const copies = Math.ceil((SEGMENT + (3 << 20)) / simulated.length);
    const big = Buffer.concat(Array.from({ length: copies }, () => simulated));
    writeFileSync(join(cwd, "big.jsonl"), big);
    // The same with one bad line in the second segment.
    const start = big.indexOf(0x0a, SEGMENT + (1 << 20)) + 1;
    const end = big.indexOf(0x0a, start) + 1;
    line = 1;
    for (let p = big.indexOf(0x0a); p >= 0 && p < start; p = big.indexOf(0x0a, p + 1)) line++;
    const bad = '{"model_a":"atlas-70b","model_b":"fjord-3b","winner":"model_c"}\n';
    writeFileSync(
      join(cwd, "big-bad.jsonl"),
      Buffer.concat([big.subarray(0, start), Buffer.from(bad), big.subarray(end)]),
    );
  });
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it("is read by worker threads in the built CLI", () => {
    expect(existsSync(join(ROOT, "dist/formats/arena/jsonl-worker.js"))).toBe(true);
    expect(existsSync(join(ROOT, "dist/parallel/bootstrap-worker.js"))).toBe(true);
  });

  it("gives byte-identical JSON with --threads 1 and --threads 2", async () => {
    for (const bootstrap of ["0", "200"]) {
      const args = ["big.jsonl", "--format", "json", "--bootstrap", bootstrap];
      const [one, two] = await Promise.all([
        ok([...args, "--threads", "1"], cwd),
        ok([...args, "--threads", "2"], cwd),
      ]);
      expect(two).toBe(one);
      const out = JSON.parse(one) as Report;
      expect(out.input[0]!.bytes).toBeGreaterThan(SEGMENT);
      expect(out.input[0]!.records % 20000).toBe(0);
      expect(out.leaderboards[0]!.bootstrap.rounds).toBe(Number(bootstrap));
    }
  });

  it("names the global line of a bad line in the second segment, with any number of threads", async () => {
    const runs = await Promise.all(
      ["1", "2"].map((threads) => prefkit(["big-bad.jsonl", "--threads", threads], cwd)),
    );
    for (const run of runs) {
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        `prefkit: big-bad.jsonl:${line}: winner: unknown value "model_c" (expected model_a, model_b, tie or tie (bothbad))\n`,
      );
    }
    const skipped = await prefkit(
      ["big-bad.jsonl", "--threads", "2", "--skip-invalid", "--bootstrap", "0"],
      cwd,
    );
    expect(skipped.code).toBe(0);
    expect(skipped.stderr).toBe(
      `prefkit: skipped 1 invalid record in big-bad.jsonl (1 unknown winner); first: big-bad.jsonl:${line}: winner: unknown value "model_c" (expected model_a, model_b, tie or tie (bothbad))\n`,
    );
  });
});

describe("prefkit leaderboard: invariances", () => {
  const lines = readFileSync(join(ROOT, SIMULATED), "utf8").trim().split("\n");
  type Report = { leaderboards: { systems: SystemRow[] }[]; input: unknown };
  const leaderboardOf = async (records: readonly string[], extra: readonly string[] = []) => {
    const path = join(workDir(), "log.jsonl");
    writeFileSync(path, `${records.join("\n")}\n`);
    const report = JSON.parse(
      await ok([path, "--format", "json", "--bootstrap", "100", ...extra]),
    ) as Report;
    return report.leaderboards[0]!.systems;
  };

  it("gives the same leaderboard, intervals included, for the battles in any order", async () => {
    // A seeded Fisher-Yates shuffle of the log's lines.
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const shuffled = [...lines];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    expect(await leaderboardOf(shuffled)).toEqual(await leaderboardOf(lines));
  });

  it("gives the same ratings, and narrower intervals, when every battle is logged twice", async () => {
    const once = await leaderboardOf(lines);
    const twice = await leaderboardOf([...lines, ...lines]);
    expect(twice.map((s) => s.system)).toEqual(once.map((s) => s.system));
    twice.forEach((s, k) => {
      expect(s.rating).toBeCloseTo(once[k]!.rating, 6);
      expect(s.battles).toBe(2 * once[k]!.battles);
      expect(s.ci_upper - s.ci_lower).toBeLessThan(once[k]!.ci_upper - once[k]!.ci_lower);
    });
  });
});
