/**
 * `prefkit convert IN… --to FORMAT OUT`: rewrites a preference dataset in another format,
 * deriving what the target holds (pairs from ratings, rankings or battles; KTO examples from
 * pairs), with filters, duplicate and conflict reports, and leakage-free splits by prompt. The definition only;
 * the readers and writers load when the command runs (convert-run.ts).
 */
import { Command, Option } from "commander";
import { CONFLICT_POLICIES } from "../../core/dataset/conflicts.js";
import { DATASET_FORMATS } from "../../formats/dataset/dataset-formats.js";
import { HELPSTEER_ATTRIBUTES } from "../../formats/dataset/helpsteer-attributes.js";
import { addJudgmentOptions, assignment, positiveNumber, wholeNumber } from "../options.js";
import type { Flags } from "./convert-run.js";

export function convertCommand(): Command {
  const command = new Command("convert")
    .description(
      "Convert a preference dataset between formats (JSON Lines, JSON, CSV, Parquet; .gz), deriving pairs or KTO examples, filtering and splitting by prompt; repeated and contradictory judgments are kept and counted unless asked otherwise",
    )
    .argument(
      "<paths...>",
      "the datasets to read (files or folders; the format is detected, or give --from), then the file to write (its extension picks the file type)",
    )
    .addOption(
      new Option("--to <format>", "the dataset format to write")
        .choices(DATASET_FORMATS)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option(
        "--style <style>",
        "TRL output: plain text or message lists (default: like the input)",
      ).choices(["text", "conversational"]),
    )
    .addOption(
      new Option(
        "--pairs <strategy>",
        "pairs from ratings and rankings: every pair, or best against worst",
      )
        .choices(["all", "best-vs-worst"])
        .default("all"),
    )
    .option(
      "--min-margin <score>",
      "smallest score difference that makes a pair",
      positiveNumber("--min-margin"),
    )
    .option(
      "--criterion <name>",
      "UltraFeedback and prefkit ratings: the score to pair by (overall_score, fine-grained_score, an aspect, or mean)",
      "mean",
    )
    .addOption(
      new Option("--attribute <name>", "HelpSteer: the attribute to pair by")
        .choices(HELPSTEER_ATTRIBUTES)
        .default("helpfulness"),
    )
    .option(
      "--split <name=share,…>",
      "split by prompt, e.g. train=0.9,test=0.1 (one output file per split)",
    )
    .option("--seed <n>", "seed of the split", wholeNumber("--seed"), 0)
    .option(
      "--where <field=value>",
      "keep records whose field equals value (repeatable; dotted paths)",
      assignment("--where"),
      [],
    )
    .option(
      "--drop-duplicates",
      "leave out records that repeat an earlier record byte for byte (kept by default, and counted)",
    )
    .option("--keep-duplicates", "the default, kept for old scripts: repeated records are kept")
    .addOption(
      new Option(
        "--conflicts <policy>",
        "pairs preferred both ways, KTO examples labelled both ways: keep them (counted), keep the majority direction (an even split is left out), or drop every one",
      )
        .choices(CONFLICT_POLICIES)
        .default("keep"),
    )
    .option("--keep-identical", "keep pairs whose chosen and rejected responses are the same")
    .option("--drop-empty", "leave out items with an empty response")
    .option(
      "--max-chars <n>",
      "leave out items with more characters of text",
      wholeNumber("--max-chars"),
    )
    .option("--skip-invalid", "write invalid records to a rejects report and go on")
    .option(
      "--rejects <file>",
      "where --skip-invalid writes its report (default OUTPUT.rejects.jsonl)",
    )
    .option("--judge <model>", "prefkit output: the judgments were made by this AI judge")
    .option(
      "--annotator <name>",
      "prefkit output: the annotator the judgments are credited to",
      "import",
    )
    .addOption(
      new Option("--format <format>", "summary format").choices(["text", "json"]).default("text"),
    )
    .option("--progress", "show progress on stderr even when it is not a terminal");
  return addJudgmentOptions(command).action(async (paths: string[], flags: Flags) => {
    const { runConvert } = await import("./convert-run.js");
    await runConvert(paths, flags);
  });
}
