/**
 * `prefkit worker --db URL`: runs queued jobs until SIGINT or SIGTERM. Several workers, on one
 * machine or many, share one PostgreSQL store's queue. The definition only (worker-run.ts).
 */
import { Command, Option } from "commander";
import { wholeNumber } from "../options.js";
import type { WorkerFlags } from "./worker-run.js";

export function workerCommand(): Command {
  return new Command("worker")
    .description(
      "Run the store's queued jobs until SIGINT or SIGTERM (which finish the items in flight and give the rest back); several workers share a PostgreSQL store's queue",
    )
    .requiredOption("--db <url>", "the store: sqlite:PATH or postgres://USER@HOST/DB")
    .option("--concurrency <n>", "items in flight at once", wholeNumber("--concurrency"), 32)
    .option("--kinds <kinds>", "only jobs of these kinds, comma-separated (default: every kind)")
    .option(
      "--poll <ms>",
      "how long an idle worker waits between looks",
      wholeNumber("--poll"),
      1000,
    )
    .option("--progress", "show progress on stderr even when it is not a terminal")
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json"]).default("text"),
    )
    .action(async (flags: WorkerFlags) => {
      const { runWorker } = await import("./worker-run.js");
      await runWorker(flags);
    });
}
