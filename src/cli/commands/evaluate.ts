/**
 * `prefkit evaluate FILE…`: judges and reward models against gold or human labels, side by
 * side. The definition only; reading and the metrics load when it runs (evaluate-run.ts).
 */
import { Command, Option } from "commander";
import { wholeNumber } from "../options.js";
import type { EvaluateFlags } from "./evaluate-run.js";
import { addLabelOptions, nameList, nonNegative } from "./label-options.js";

export function evaluateCommand(): Command {
  const command = new Command("evaluate")
    .description(
      "Evaluate LLM judges and reward models against gold or human labels: accuracy per order, position and length bias, calibration, per subset with bootstrap intervals",
    )
    .argument(
      "<paths...>",
      "judgment files and gold files (joined by id or content: see --join); folders: every dataset file under them",
    )
    .option(
      "--gold <labellers>",
      "the labellers whose labels are gold (their majority when several); default: gold-labelled data (LLMBar's label, RewardBench's chosen)",
      nameList("--gold"),
    )
    .option(
      "--judges <labellers>",
      "the labellers to evaluate (default: every other one)",
      nameList("--judges"),
    )
    .addOption(
      new Option("--ties <mode>", "gold ties: a third class the judge must match, or left out")
        .choices(["count-as-class", "exclude-gold-ties"])
        .default("count-as-class"),
    )
    .option(
      "--length-threshold <chars>",
      "length bias: a response is longer when it has more than this many characters more",
      nonNegative("--length-threshold"),
      0,
    )
    .option("--bins <n>", "calibration: equal-width probability bins", wholeNumber("--bins"), 10)
    .option("--rewardbench", "also score reward models' subsets as RewardBench v1's sections")
    .option(
      "--plot <file.svg>",
      "also draw each judge's accuracy, position consistency and calibration",
    );
  return addLabelOptions(command).action(async (paths: string[], flags: EvaluateFlags) => {
    const { runEvaluate } = await import("./evaluate-run.js");
    await runEvaluate(paths, flags);
  });
}
