/**
 * `prefkit inspect FILE…`: what a dataset file is (detected format and why), how many records,
 * which fields, a sample, and a quality report of the preference data it holds. The definition
 * only; the readers load when the command runs (inspect-run.ts).
 */
import { Command, Option } from "commander";
import { addJudgmentOptions, type JudgmentFlags } from "../options.js";

export function inspectCommand(): Command {
  const command = new Command("inspect")
    .description(
      "Describe preference datasets and judgment files (JSON Lines, JSON, CSV, each optionally .gz, or Parquet): format, fields, quality, labels, prompts shared between splits",
    )
    .argument(
      "<paths...>",
      "dataset files or folders (every dataset file under them); several files are taken as splits of one dataset",
    )
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json"]).default("text"),
    );
  return addJudgmentOptions(command, "every file's dataset format, instead of detecting it").action(
    async (paths: string[], flags: { format: "text" | "json" } & JudgmentFlags) => {
      const { runInspect } = await import("./inspect-run.js");
      await runInspect(paths, flags);
    },
  );
}
