/**
 * `prefkit inspect FILE…`: what a dataset file is (detected format and why), how many records,
 * which fields, a sample, and a quality report of the preference data it holds. The definition
 * only; the readers load when the command runs (inspect-run.ts).
 */
import { Command, Option } from "commander";

export function inspectCommand(): Command {
  return new Command("inspect")
    .description(
      "Describe preference datasets (JSON Lines, JSON, CSV, each optionally .gz, or Parquet): format, fields, quality, prompts shared between splits",
    )
    .argument("<files...>", "dataset files; several files are taken as splits of one dataset")
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json"]).default("text"),
    )
    .action(async (files: string[], flags: { format: "text" | "json" }) => {
      const { runInspect } = await import("./inspect-run.js");
      await runInspect(files, flags.format);
    });
}
