/**
 * `prefkit judge [FILES…] --judges CONFIG`: LLM judges over dataset files or a project's
 * candidates — pairwise in both orders, pointwise, listwise, juries — as a durable job (resumed
 * when the same command runs again), with a bias report after every run. The definition only;
 * the judges, the store and the job runner load when the command runs (judge-run.ts).
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { DATASET_FORMATS } from "../../formats/dataset/dataset-formats.js";
import { positiveNumber, wholeNumber } from "../options.js";
import type { Flags, PairsFlag } from "./judge-flags.js";

const positiveInteger = (name: string) => (value: string) => {
  const n = wholeNumber(name)(value);
  if (n < 1) throw new InvalidArgumentError(`${name} must be at least 1`);
  return n;
};

/** `given`, `all`, `baseline:SYSTEM` or `sample:K`. */
export function pairsFlag(value: string): PairsFlag {
  if (value === "given" || value === "all") return { kind: value };
  const baseline = /^baseline:(.+)$/.exec(value);
  if (baseline) return { kind: "baseline", system: baseline[1]! };
  const sample = /^sample:(\d+)$/.exec(value);
  if (sample && Number(sample[1]) >= 1 && Number.isSafeInteger(Number(sample[1])))
    return { kind: "sample", perPrompt: Number(sample[1]) };
  throw new InvalidArgumentError(
    "--pairs takes given, all, baseline:SYSTEM or sample:K (K pairs per prompt, at least 1)",
  );
}

/** Ids separated by commas. */
function idList(value: string): string[] {
  const ids = value.split(",").map((v) => v.trim());
  if (ids.some((id) => id === ""))
    throw new InvalidArgumentError("--only takes ids separated by commas");
  return ids;
}

export function judgeCommand(): Command {
  return new Command("judge")
    .description(
      "Judge candidates with LLM judges (pairwise in both orders, pointwise, listwise; juries) from OpenAI-compatible endpoints, as a durable job: killed, it resumes where it stopped when the same command runs again. Prints a bias report per judge after every run",
    )
    .argument(
      "[files...]",
      "dataset files holding prompts and candidates (canonical records, TRL pairs, arena logs with conversations, …; any format prefkit reads), or none with --from-project",
    )
    .requiredOption(
      "--judges <config>",
      "the judges: a YAML or JSON file (systems: { id: { model, base_url, api_key_env, params, price, family, … } }), as --systems of prefkit generate",
    )
    .option("--only <ids>", "only these judges of the file, e.g. gpt-4o,llama-70b", idList)
    .option(
      "--template <name|file>",
      "a built-in template (arena-hard, mt-bench-pairwise, alpaca-eval, pairwise-json, prd-pairwise, mt-bench-single, mt-bench-single-reference, mt-bench-single-multiturn, listwise) or a template file (default: arena-hard)",
    )
    .option(
      "--pairs <which>",
      "pairwise: given (the pairs the input's judgments name), all (every pair of different systems), baseline:SYSTEM (each other system against SYSTEM), sample:K (K pairs per prompt at random; --seed). Default: given when the input has pairwise judgments, else all",
      pairsFlag,
    )
    .addOption(
      new Option(
        "--orders <orders>",
        "pairwise: show each pair in both orders (default), or in one order drawn at random per pair (--seed)",
      ).choices(["both", "one"]),
    )
    .addOption(
      new Option(
        "--combine <rule>",
        "pairwise, both orders: arena-hard (each order one judgment; a strong verdict counts --strong-weight times), mt-bench (one judgment a pair; orders that disagree are a tie), both (each order its own judgment, strength ignored). Default: arena-hard for templates with strong labels, else mt-bench (always mt-bench for --output-format trl)",
      ).choices(["arena-hard", "mt-bench", "both"]),
    )
    .option(
      "--strong-weight <n>",
      "--combine arena-hard: judgments written for a strong verdict (default 3, as arena-hard-auto)",
      positiveInteger("--strong-weight"),
    )
    .addOption(
      new Option(
        "--jury <method>",
        "several judges: also write the jury's judgments — majority, mean (of preferences, scores or ranks), or weighted (by each judge's accuracy against the input's human labels)",
      ).choices(["majority", "mean", "weighted"]),
    )
    .option(
      "--permutations <n>",
      "listwise: orders shown per list, cyclic shifts of a seeded shuffle (default 1: the list as given; its length puts each answer once at each position)",
      positiveInteger("--permutations"),
    )
    .option(
      "--reference-system <system>",
      "templates with a {{reference}}: this system's candidate is each prompt's reference answer (not judged)",
    )
    .option(
      "--parse-attempts <n>",
      "calls per item whose answer gives no verdict before the item fails with the judge's text (never a tie)",
      positiveInteger("--parse-attempts"),
      3,
    )
    .option(
      "--seed <seed>",
      "seeds --orders one, --pairs sample:K and listwise shuffles (default 0)",
      wholeNumber("--seed"),
    )
    .option(
      "--out <file>",
      "write the judgments to this file (.jsonl, .json, .parquet; .gz; arena and trl also .csv)",
    )
    .addOption(
      new Option(
        "--output-format <format>",
        "--out's records: canonical (default: prompts, candidates and judgments with the judge's record), arena (a battle log), trl (prompt/chosen/rejected: one row per pair and judge, both orders merged as --combine mt-bench, or the jury's only with --jury; ties and contradicting orders left out)",
      ).choices(["canonical", "arena", "trl"]),
    )
    .option(
      "--db <url>",
      "the store (sqlite:PATH or postgres://…): with --project, where the judgments go; also where the job lives",
    )
    .option("--project <id>", "write the judgments into this project of --db (it must exist)")
    .option("--from-project", "judge the candidates of --project (instead of files)")
    .option(
      "--jobs-db <url>",
      "without --db: where the job and the request cache live (default sqlite:.prefkit-jobs.db beside --out)",
    )
    .addOption(
      new Option(
        "--input-format <format>",
        "the input files' dataset format, when detection is not enough",
      ).choices(DATASET_FORMATS),
    )
    .option(
      "--dry-run",
      "count calls, tokens and cost, and what the cache already answers; send nothing",
    )
    .option(
      "--max-cost <usd>",
      "a budget in US dollars (every judge needs a price): an item starts only while its estimated cost fits; the calls in flight at the stop finish and are counted",
      positiveNumber("--max-cost"),
    )
    .option(
      "--fresh",
      "do not reuse cached verdicts: ask anew (a resumed --fresh job still reuses its own)",
    )
    .option(
      "--concurrency <n>",
      "requests in flight at once (each judge's own limit applies too)",
      positiveInteger("--concurrency"),
      16,
    )
    .option(
      "--no-run",
      "create the job and its items, then stop: `prefkit worker` processes run it",
    )
    .addOption(
      new Option("--format <format>", "the summary's format")
        .choices(["text", "json"])
        .default("text"),
    )
    .option("--quiet", "no progress line")
    .addHelpText(
      "after",
      `
Every judgment says who made it: the judge's id, the template and its version, the order shown,
the judge's text, tokens, cost and latency. An answer that gives no verdict is asked again (up to
--parse-attempts calls), then its item fails with the judge's text: a failure is never a tie.

The job and the request cache live in the database: --db when given, else --jobs-db, else a
SQLite file .prefkit-jobs.db in the directory of --out. Running the same command again finds the
unfinished job and resumes it; a verdict that already came back is never asked for again (in any
later job either) unless --fresh.

API keys are read from the environment variables the config names (api_key_env), never from the
config itself; every unset variable is reported before any call is made.

Exit codes: 0 every item done; 1 some items failed (their errors: prefkit jobs show ID), or the
job failed (a rejected key, an unknown model: the message says what to fix); 2 a usage error
(including a malformed --judges or template file); 75 stopped before the end — by a signal or
cancelled: run the same command again (or prefkit jobs resume ID) to go on; at --max-cost: run
it again with a higher --max-cost, or without it.`,
    )
    .action(async (files: string[], flags: Flags) => {
      const { runJudge } = await import("./judge-run.js");
      await runJudge(files, flags);
    });
}
