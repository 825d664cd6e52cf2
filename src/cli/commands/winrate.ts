/**
 * `prefkit winrate FILE… --baseline SYSTEM`: each system's win rate against a baseline, as
 * AlpacaEval and arena-hard report it. The definition only (winrate-run.ts runs it).
 */
import { Command } from "commander";
import { addLabelOptions, nameList } from "./label-options.js";
import type { WinRateFlags } from "./winrate-run.js";

export function winrateCommand(): Command {
  const command = new Command("winrate")
    .description(
      "Win rates against a baseline system: AlpacaEval's mean preference with its standard error, discrete win rate and length-controlled win rate, and arena-hard's score with a bootstrap interval",
    )
    .argument(
      "<paths...>",
      "judgment files (AlpacaEval annotations, arena-hard judgments, MT-Bench, battle logs …); folders: every dataset file under them",
    )
    .option(
      "--judges <labellers>",
      "the judges whose verdicts count (default: each one, separately)",
      nameList("--judges"),
    );
  return addLabelOptions(command).action(async (paths: string[], flags: WinRateFlags) => {
    const { runWinRate } = await import("./winrate-run.js");
    await runWinRate(paths, flags);
  });
}
