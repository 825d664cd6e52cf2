/**
 * `prefkit jobs [list]`, `jobs show ID`, `jobs cancel ID`, `jobs retry ID`, `jobs resume ID`:
 * the durable jobs of a store (long model work that survives a killed process). The definition
 * only; the store and the runner load when a subcommand runs (jobs-run.ts).
 */
import { Command, Option } from "commander";
import { wholeNumber } from "../options.js";
import type { JobsFlags, ResumeFlags } from "./jobs-run.js";

const withStore = (command: Command) =>
  command
    // Commander's own errors (a missing --db) reach main.ts's boundary, as the parent's do.
    .exitOverride()
    .requiredOption("--db <url>", "the store: sqlite:PATH or postgres://USER@HOST/DB")
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json"]).default("text"),
    );

export function jobsCommand(): Command {
  const jobs = new Command("jobs").description(
    "List, show, cancel, retry and resume the durable jobs of a store (generation, judging)",
  );
  jobs.addCommand(
    withStore(new Command("list"))
      .description("The jobs, newest first: id, kind, status, items done, failures, cost")
      .option("--limit <n>", "at most this many jobs", wholeNumber("--limit"), 50)
      .action(async (flags: JobsFlags & { limit: number }) => {
        const { listJobsCommand } = await import("./jobs-run.js");
        await listJobsCommand(flags);
      }),
    { isDefault: true },
  );
  jobs.addCommand(
    withStore(new Command("show"))
      .description("A job's counts, usage, message, spec, and its first failed items with errors")
      .argument("<id>", "the job's id (prefkit jobs list)")
      .action(async (id: string, flags: JobsFlags) => {
        const { showJobCommand } = await import("./jobs-run.js");
        await showJobCommand(id, flags);
      }),
  );
  jobs.addCommand(
    withStore(new Command("cancel"))
      .description("Cancel a job: its pending and running items are not done")
      .argument("<id>", "the job's id")
      .action(async (id: string, flags: JobsFlags) => {
        const { cancelJobCommand } = await import("./jobs-run.js");
        await cancelJobCommand(id, flags);
      }),
  );
  jobs.addCommand(
    withStore(new Command("retry"))
      .description("Make a job's failed items pending again (then resume it, or run a worker)")
      .argument("<id>", "the job's id")
      .action(async (id: string, flags: JobsFlags) => {
        const { retryJobCommand } = await import("./jobs-run.js");
        await retryJobCommand(id, flags);
      }),
  );
  jobs.addCommand(
    withStore(new Command("resume"))
      .description(
        "Run a job to its end in this process: after a kill, a budget stop or a retry; items another process holds are taken over when its lease expires",
      )
      .argument("<id>", "the job's id")
      .option("--concurrency <n>", "items in flight at once", wholeNumber("--concurrency"), 32)
      .option("--progress", "show progress on stderr even when it is not a terminal")
      .action(async (id: string, flags: ResumeFlags) => {
        const { resumeJobCommand } = await import("./jobs-run.js");
        await resumeJobCommand(id, flags);
      }),
  );
  return jobs;
}
