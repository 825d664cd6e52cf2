/**
 * `prefkit agreement FILE…`: how far annotators and judges agree on the same comparisons. The
 * definition only; reading and the statistics load when it runs (agreement-run.ts).
 */
import { Command, Option } from "commander";
import type { AgreementFlags } from "./agreement-run.js";
import { addLabelOptions, nameList } from "./label-options.js";

export function agreementCommand(): Command {
  const command = new Command("agreement")
    .description(
      "Agreement between annotators and judges on the same comparisons: percent agreement, Cohen's and Fleiss' κ, Krippendorff's α with bootstrap intervals, consensus labels, Dawid–Skene annotator quality and the label-flip rate",
    )
    .argument(
      "<paths...>",
      "files with several labels per comparison (annotator tables, judgment files, arena logs with a judge field), joined across files by id or content (see --join); folders: every dataset file under them",
    )
    .option(
      "--labellers <names>",
      "the labellers to compare (default: all)",
      nameList("--labellers"),
    )
    .addOption(
      new Option(
        "--orders <mode>",
        "a judge that saw a pair in both orders: one combined label (mean preference, so a then b is a tie), or one rater per order",
      )
        .choices(["combine", "separate"])
        .default("combine"),
    )
    .addOption(
      new Option("--weights <weights>", "Cohen's κ weights over the ordered verdicts b < tie < a")
        .choices(["none", "linear", "quadratic"])
        .default("none"),
    )
    .addOption(
      new Option(
        "--tie-rule <rule>",
        "consensus when the majority is split: no label (unresolved), a tie, or the lowest category (b)",
      )
        .choices(["unresolved", "tie", "lowest"])
        .default("unresolved"),
    )
    .addOption(
      new Option(
        "--model <model>",
        "Dawid–Skene: a confusion matrix per labeller, or one accuracy (one-coin)",
      )
        .choices(["full", "one-coin"])
        .default("full"),
    )
    .option(
      "--items <file.jsonl>",
      "also write each item's consensus: majority label, Dawid–Skene label and posterior",
    );
  return addLabelOptions(command).action(async (paths: string[], flags: AgreementFlags) => {
    const { runAgreement } = await import("./agreement-run.js");
    await runAgreement(paths, flags);
  });
}
