/** `prefkit leaderboard FILE…`: a leaderboard with bootstrap intervals from arena battle logs. */
import { renameSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Command, InvalidArgumentError, Option } from "commander";
import { finishLeaderboard } from "../../core/rating/finish-leaderboard.js";
import { DEFAULT_OPTIONS, type LeaderboardOptions } from "../../core/rating/leaderboard-types.js";
import { prepareLeaderboard } from "../../core/rating/prepare-leaderboard.js";
import { readArena } from "../../formats/arena/read-arena.js";
import { UsageError } from "../errors.js";
import { render } from "../output/render.js";
import { buildReport, type GroupBoard } from "../output/report.js";
import { parallelBootstrap } from "../parallel/parallel-bootstrap.js";
import { Progress } from "../progress.js";

interface Flags {
  method: "bt" | "elo" | "davidson" | "rao-kupper";
  ties?: "half" | "davidson" | "drop";
  bootstrap: number;
  seed: number;
  prior: number | "auto";
  confidence: number;
  k: number;
  styleControl?: boolean;
  by?: string;
  where: { field: string; value: string }[];
  anchor?: { system: string; rating: number };
  minBattles: number;
  format: "table" | "json" | "csv" | "markdown";
  output?: string;
  plot?: string;
  skipInvalid?: boolean;
  threads: number;
  progress?: boolean;
}

const whole = (name: string) => (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number`);
  return Number(value);
};
const assignment =
  (name: string) =>
  (value: string, previous: { field: string; value: string }[] = []) => {
    const eq = value.indexOf("=");
    if (eq <= 0) throw new InvalidArgumentError(`${name} takes FIELD=VALUE`);
    return [...previous, { field: value.slice(0, eq), value: value.slice(eq + 1) }];
  };

export function leaderboardCommand(version: string): Command {
  return new Command("leaderboard")
    .description(
      "Rate systems from Chatbot Arena battle logs (JSON Lines, JSON, CSV, Parquet) with bootstrap confidence intervals",
    )
    .argument(
      "<files...>",
      "battle logs with model_a, model_b, winner (model_a | model_b | tie | tie (bothbad))",
    )
    .addOption(
      new Option("--method <method>", "rating model")
        .choices(["bt", "elo", "davidson", "rao-kupper"])
        .default("bt"),
    )
    .addOption(
      new Option(
        "--ties <mode>",
        "ties in bt: half a win each way, a Davidson tie model, or dropped",
      ).choices(["half", "davidson", "drop"]),
    )
    .option(
      "--bootstrap <rounds>",
      "bootstrap rounds (0 for none)",
      whole("--bootstrap"),
      DEFAULT_OPTIONS.bootstrapRounds,
    )
    .option("--seed <n>", "random seed of the bootstrap", whole("--seed"), 0)
    .option(
      "--prior <lambda>",
      "L2 prior on strengths, or auto (none unless the MLE is infinite)",
      (v) => {
        if (v === "auto") return "auto" as const;
        const x = Number(v);
        if (!(x >= 0) || !Number.isFinite(x))
          throw new InvalidArgumentError("--prior takes a number >= 0 or auto");
        return x;
      },
      "auto" as const,
    )
    .option(
      "--confidence <level>",
      "interval level",
      (v) => {
        const x = Number(v);
        if (!(x > 0 && x < 1))
          throw new InvalidArgumentError("--confidence must be between 0 and 1");
        return x;
      },
      0.95,
    )
    .option(
      "--k <k>",
      "K factor of online Elo",
      (v) => {
        const x = Number(v);
        if (!(x > 0)) throw new InvalidArgumentError("--k must be > 0");
        return x;
      },
      4,
    )
    .option(
      "--style-control",
      "control for response length and markdown (needs conversations or conv_metadata)",
    )
    .option(
      "--by <field>",
      "one leaderboard per value of this field (dotted paths reach into objects)",
    )
    .option(
      "--where <field=value>",
      "keep battles whose field equals value (repeatable)",
      assignment("--where"),
      [],
    )
    .option("--anchor <system=rating>", "pin one system's rating", (v) => {
      const eq = v.lastIndexOf("=");
      const rating = Number(v.slice(eq + 1));
      if (eq <= 0 || !Number.isFinite(rating))
        throw new InvalidArgumentError("--anchor takes SYSTEM=RATING");
      return { system: v.slice(0, eq), rating };
    })
    .option("--min-battles <n>", "leave out systems with fewer battles", whole("--min-battles"), 0)
    .addOption(
      new Option("--format <format>", "output format")
        .choices(["table", "json", "csv", "markdown"])
        .default("table"),
    )
    .option("-o, --output <file>", "write the output to a file instead of stdout")
    .option(
      "--plot <file.svg>",
      "also draw ratings with intervals and the win-rate matrix (one file per group)",
    )
    .option("--skip-invalid", "skip invalid records, and report how many and why")
    .option(
      "--threads <n>",
      "worker threads",
      whole("--threads"),
      Math.max(1, availableParallelism()),
    )
    .option("--progress", "show progress on stderr even when it is not a terminal")
    .action(async (files: string[], flags: Flags) => {
      await runLeaderboard(files, flags, version);
    });
}

async function runLeaderboard(files: string[], flags: Flags, version: string): Promise<void> {
  let method = flags.method;
  let ties: "half" | "drop" = "half";
  if (flags.ties === "davidson") {
    if (method !== "bt" && method !== "davidson")
      throw new UsageError(`--ties davidson conflicts with --method ${method}`);
    method = "davidson";
  } else if (flags.ties) {
    if (method !== "bt")
      throw new UsageError(
        `--ties ${flags.ties} applies to --method bt only (${method} models ties itself)`,
      );
    ties = flags.ties;
  }
  if (flags.styleControl && method !== "bt")
    throw new UsageError("--style-control works with --method bt");
  const options: LeaderboardOptions = {
    ...DEFAULT_OPTIONS,
    method,
    ties,
    bootstrapRounds: flags.bootstrap,
    seed: flags.seed,
    prior: flags.prior,
    confidence: flags.confidence,
    eloK: flags.k,
    styleControl: flags.styleControl ?? false,
    minBattles: flags.minBattles,
    ...(flags.anchor ? { anchor: flags.anchor } : {}),
  };
  const progress = new Progress(flags.progress ?? process.stderr.isTTY === true);
  const spec = {
    ...(flags.by ? { by: flags.by } : {}),
    where: flags.where,
    timestamps: method === "elo",
    style: options.styleControl,
  };
  const data = await readArena(files, {
    spec,
    skipInvalid: flags.skipInvalid ?? false,
    threads: flags.threads,
    onProgress: (done, total) => progress.update("reading", done, total, "B"),
  });
  progress.done();
  for (const f of data.files) {
    const skipped = Object.values(f.skipped).reduce((s, n) => s + (n ?? 0), 0);
    if (skipped > 0) {
      const why = Object.entries(f.skipped)
        .map(([code, n]) => `${n} ${code.replace(/_/g, " ")}`)
        .join(", ");
      process.stderr.write(
        `prefkit: skipped ${skipped} invalid record${skipped === 1 ? "" : "s"} in ${f.path} (${why}); first: ${f.firstSkipped}\n`,
      );
    }
  }
  if (data.groups.size === 0) throw new UsageError("no battles left after filtering");

  const boards: GroupBoard[] = [];
  for (const [group, input] of data.groups) {
    const problem = prepareLeaderboard(input, options);
    let done = 0;
    const samples = await parallelBootstrap(problem, flags.threads, (rounds) => {
      done += rounds;
      progress.update(
        group ? `bootstrap ${group}` : "bootstrap",
        done,
        options.bootstrapRounds,
        " rounds",
      );
    });
    progress.done();
    boards.push({ group: flags.by ? group : null, board: finishLeaderboard(problem, samples) });
  }
  const report = buildReport(
    {
      version,
      options,
      ...(flags.by ? { by: flags.by } : {}),
      where: flags.where,
      files: data.files,
      filtered: data.filtered,
      ungrouped: data.ungrouped,
    },
    boards,
  );
  const text =
    flags.format === "json" ? `${JSON.stringify(report, null, 2)}\n` : render(report, flags.format);
  if (flags.output) writeAtomically(flags.output, text);
  else process.stdout.write(text);
  if (flags.plot) {
    // Loaded on demand: vega is large and most runs draw nothing.
    const { renderLeaderboardSvg } = await import("../plot/leaderboard-svg.js");
    for (const { group, board } of boards) {
      const path =
        group === null
          ? flags.plot
          : flags.plot.replace(/(\.svg)?$/i, `-${group.replace(/[^\w.-]+/g, "_")}.svg`);
      const title = `prefkit ${report.method}${group === null ? "" : ` — ${flags.by} = ${group}`} (${options.bootstrapRounds} bootstrap rounds)`;
      const svg = await renderLeaderboardSvg({
        title,
        systems: board.rows.map((r) => ({
          name: r.system,
          rating: r.rating,
          ciLower: r.ciLower,
          ciUpper: r.ciUpper,
        })),
        winRate: { systems: board.systems, matrix: board.predictedWinRate },
      });
      writeAtomically(path, svg);
    }
  }
}

/** Writes to a temporary file and renames it, so a failure never leaves half a file. */
function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}
