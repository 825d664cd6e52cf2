/**
 * `prefkit generate PROMPTS… --systems CONFIG`: candidates for prompts × systems × samples, with
 * diversity options, as a durable job (resumed when the same command runs again). The definition
 * only; the model clients, the store and the job runner load when the command runs
 * (generate-run.ts).
 */
import { Command, InvalidArgumentError, Option } from "commander";
import { DATASET_FORMATS } from "../../formats/dataset/dataset-formats.js";
import { positiveNumber, wholeNumber } from "../options.js";
import type { Flags } from "./generate-run.js";

/** Numbers separated by commas ("0.2,0.7,1.0"). */
const numberList = (name: string, integer: boolean) => (value: string) => {
  const items = value.split(",").map((v) => v.trim());
  const numbers = items.map(Number);
  if (
    items.some((v) => v === "") ||
    numbers.some((x) => !Number.isFinite(x) || (integer && !Number.isSafeInteger(x)))
  ) {
    throw new InvalidArgumentError(
      `${name} takes ${integer ? "integers" : "numbers"} separated by commas`,
    );
  }
  return numbers;
};

const positiveInteger = (name: string) => (value: string) => {
  const n = wholeNumber(name)(value);
  if (n < 1) throw new InvalidArgumentError(`${name} must be at least 1`);
  return n;
};

export function generateCommand(): Command {
  return new Command("generate")
    .description(
      "Generate candidates for prompts × systems × samples from OpenAI-compatible endpoints, as a durable job: killed, it resumes where it stopped when the same command runs again",
    )
    .argument(
      "[prompts...]",
      "dataset files holding prompts (canonical prompt records, TRL pairs, arena logs, …; any format prefkit reads), or none with --from-project",
    )
    .requiredOption(
      "--systems <config>",
      "the systems: a YAML or JSON file (systems: { id: { model, base_url, api_key_env, params, price, … } })",
    )
    .option("--n <n>", "samples per prompt, system and variant", positiveInteger("--n"), 1)
    .option(
      "--temperatures <list>",
      "sample at each of these temperatures (× --n), e.g. 0.2,0.7,1.0",
      numberList("--temperatures", false),
    )
    .option(
      "--seeds <list>",
      "sample with each of these seeds (× --n; params.seed), e.g. 1,2,3",
      numberList("--seeds", true),
    )
    .option(
      "--nc <k>",
      "negatively-correlated sampling: one call asks for k answers that deliberately differ",
      positiveInteger("--nc"),
    )
    .option(
      "--nc-sequential <k>",
      "negatively-correlated sampling: k calls, each told to answer differently from the ones before",
      positiveInteger("--nc-sequential"),
    )
    .option(
      "--out <file>",
      "write the prompts, systems and candidates to this file as canonical records (.jsonl, .json, .csv, .parquet; .gz)",
    )
    .option(
      "--db <url>",
      "the store (sqlite:PATH or postgres://…): with --project, where the candidates go; also where the job lives",
    )
    .option("--project <id>", "write the candidates into this project of --db (it must exist)")
    .option("--from-project", "generate for the prompts of --project (instead of files)")
    .option(
      "--jobs-db <url>",
      "without --db: where the job and the request cache live (default sqlite:.prefkit-jobs.db beside --out)",
    )
    .addOption(
      new Option(
        "--input-format <format>",
        "the prompt files' dataset format, when detection is not enough",
      ).choices(DATASET_FORMATS),
    )
    .option(
      "--dry-run",
      "count calls, tokens (a real tokenizer for OpenAI models, an estimate elsewhere) and cost, and what the cache already answers; send nothing",
    )
    .option(
      "--max-cost <usd>",
      "a budget in US dollars (every system needs a price): an item starts only while its estimated cost fits, and the calls in flight at the stop finish and are counted, so a run ends at most about one item past it",
      positiveNumber("--max-cost"),
    )
    .option(
      "--fresh",
      "do not reuse cached answers: sample anew (a resumed --fresh job still reuses its own)",
    )
    .option(
      "--concurrency <n>",
      "requests in flight at once (each system's own limit applies too)",
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
The job and the request cache live in the database: --db when given, else --jobs-db, else a
SQLite file .prefkit-jobs.db in the directory of --out. Running the same command again finds the
unfinished job and resumes it; an answer that already succeeded is never requested again (in any
later job either) unless --fresh.

API keys are read from the environment variables the config names (api_key_env), never from the
config itself; every unset variable is reported before any call is made.

Exit codes: 0 every item done; 1 some items failed (their errors: prefkit jobs show ID), or the
job failed (a rejected key, an unknown model: the message says what to fix); 2 a usage error
(including a malformed --systems file); 75 stopped before the end — by a signal or cancelled: run
the same command again (or prefkit jobs resume ID) to go on; at --max-cost: run it again with a
higher --max-cost, or without it.`,
    )
    .action(async (prompts: string[], flags: Flags) => {
      const { runGenerate } = await import("./generate-run.js");
      await runGenerate(prompts, flags);
    });
}
