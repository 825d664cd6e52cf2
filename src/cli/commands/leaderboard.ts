/**
 * `prefkit leaderboard FILE…`: a leaderboard with bootstrap intervals from arena battle logs.
 * The definition only; the readers and the fit load when the command runs (leaderboard-run.ts).
 */
import { availableParallelism } from "node:os";
import { Command, InvalidArgumentError, Option } from "commander";
import { DEFAULT_OPTIONS } from "../../core/rating/leaderboard-types.js";
import { addJudgmentOptions, assignment, type JudgmentFlags, wholeNumber } from "../options.js";
import type { Flags } from "./leaderboard-run.js";

export function leaderboardCommand(version: string): Command {
  const command = new Command("leaderboard")
    .description(
      "Rate systems from Chatbot Arena battle logs or judgment files (JSON Lines, JSON, CSV, Parquet) with bootstrap confidence intervals",
    )
    .argument(
      "<paths...>",
      "battle logs with model_a, model_b, winner (model_a | model_b | tie | tie (bothbad)), or judgment files (see --from); folders: every dataset file under them",
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
      wholeNumber("--bootstrap"),
      DEFAULT_OPTIONS.bootstrapRounds,
    )
    .option("--seed <n>", "random seed of the bootstrap", wholeNumber("--seed"), 0)
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
    .option(
      "--min-battles <n>",
      "leave out systems with fewer battles",
      wholeNumber("--min-battles"),
      0,
    )
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
      wholeNumber("--threads"),
      Math.max(1, availableParallelism()),
    )
    .option("--progress", "show progress on stderr even when it is not a terminal");
  return addJudgmentOptions(
    command,
    "the files' dataset format: arena logs are detected and read on the fast path; judgment files give a battle per label",
  ).action(async (paths: string[], flags: Flags & JudgmentFlags) => {
    const { runLeaderboard } = await import("./leaderboard-run.js");
    await runLeaderboard(paths, flags, version);
  });
}
