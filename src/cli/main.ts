#!/usr/bin/env node
/** The composition root: parses argv, runs a command, turns errors into one-line messages. */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { IssueError } from "../core/issue.js";
import { ArenaReadError } from "../formats/arena/read-arena.js";
import { DatasetRecordError } from "../formats/dataset/dataset-error.js";
import { TargetError } from "../formats/dataset/write-records.js";
import { convertCommand } from "./commands/convert.js";
import { importCommand } from "./commands/import.js";
import { inspectCommand } from "./commands/inspect.js";
import { leaderboardCommand } from "./commands/leaderboard.js";
import { serveCommand } from "./commands/serve.js";
import { UsageError } from "./errors.js";

const { version } = JSON.parse(
  readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
) as { version: string };

const program = new Command("prefkit")
  .description("Preference data engine: from votes to leaderboards and training data")
  .version(version)
  .exitOverride()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) });
program.addCommand(leaderboardCommand(version).exitOverride());
program.addCommand(inspectCommand().exitOverride());
program.addCommand(convertCommand().exitOverride());
program.addCommand(importCommand().exitOverride());
program.addCommand(serveCommand(version).exitOverride());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCode(error);
}

function exitCode(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (
    error instanceof ArenaReadError ||
    error instanceof DatasetRecordError ||
    error instanceof TargetError
  ) {
    process.stderr.write(`prefkit: ${error.message}\n`);
    return 1;
  }
  // A `usage` issue (a store URL, a missing optional package) is the command line's to fix.
  const usage = error instanceof IssueError && error.code === "usage";
  if (error instanceof UsageError || error instanceof RangeError || usage) {
    process.stderr.write(`prefkit: ${error.message}\n`);
    return 2;
  }
  const e = error as NodeJS.ErrnoException;
  // File-system problems with a named file are the user's to fix, not internal errors.
  const fileProblem: Record<string, string> = {
    ENOENT: "no such file",
    EISDIR: "is a directory",
    EACCES: "permission denied",
    ENOTDIR: "a part of the path is not a directory",
  };
  if (e.code && fileProblem[e.code] && e.path) {
    process.stderr.write(`prefkit: ${e.path}: ${fileProblem[e.code]}\n`);
    return 1;
  }
  process.stderr.write(`prefkit: internal error: ${e.stack ?? String(e)}\n`);
  return 70;
}
