/**
 * `prefkit route --db URL --project P --budget N`: sends the pairs where a project's AI judges
 * are least to be trusted to humans (the pairwise queue and the arena serve them first), with
 * an audit sample drawn at random from the rest; `prefkit route --report` tells, once humans
 * have voted, how many AI labels routing corrected against random selection. The definition
 * only; the store and the scoring load when the command runs (route-run.ts).
 */
import { Command, Option } from "commander";
import { wholeNumber } from "../options.js";
import type { RouteFlags } from "./route-run.js";

export function routeCommand(): Command {
  return new Command("route")
    .description(
      "Route the pairs a project's AI judges are least sure of to human annotators under a budget, and report what routing bought (--report)",
    )
    .requiredOption("--db <url>", "the store: sqlite:PATH or postgres://USER@HOST/DB")
    .requiredOption("--project <id>", "the project whose judge jobs' judgments are read")
    .option(
      "--budget <n>",
      "pairs to route (the ones that most need a human)",
      wholeNumber("--budget"),
    )
    .option(
      "--audit <m>",
      "pairs drawn at random from the rest, to measure the gain (default: min(budget, 50))",
      wholeNumber("--audit"),
    )
    .option("--seed <n>", "random seed of the audit sample", wholeNumber("--seed"), 0)
    .option("--dry-run", "score and pick, but route nothing")
    .option("--report", "once humans have voted: disagreement with the AI on routed vs audit pairs")
    .option("--route <id>", "--report: only this route's pairs (default: every route)")
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json"]).default("text"),
    )
    .addHelpText(
      "after",
      `
A pair's score is the estimated chance that its AI label is wrong: min(p, 1 - p), p the mean
preference for one side over every game (both orders) of every judge. Ties go to pairs with a
judge that contradicts itself across the orders, then to pairs the judges disagree on. Pairs a
human has judged, and pairs routed before, are left out.

Examples:
  prefkit route --db sqlite:prefs.db --project p1 --budget 200 --seed 7
  prefkit route --db sqlite:prefs.db --project p1 --report`,
    )
    .action(async (flags: RouteFlags) => {
      const { runRoute } = await import("./route-run.js");
      await runRoute(flags);
    });
}
