#!/usr/bin/env node
/**
 * The composition root: parses argv, runs a command, turns errors into one-line messages
 * (exit-code.ts). Each command's definition is light — its options and help — and loads what it
 * runs only when it runs, so `prefkit --version` or `--help` start as fast as Node itself and
 * `prefkit leaderboard` never loads the server (test/architecture.test.ts checks this).
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { quietOnBrokenPipe } from "./broken-pipe.js";
import { agreementCommand } from "./commands/agreement.js";
import { convertCommand } from "./commands/convert.js";
import { evaluateCommand } from "./commands/evaluate.js";
import { generateCommand } from "./commands/generate.js";
import { importCommand } from "./commands/import.js";
import { inspectCommand } from "./commands/inspect.js";
import { jobsCommand } from "./commands/jobs.js";
import { judgeCommand } from "./commands/judge.js";
import { leaderboardCommand } from "./commands/leaderboard.js";
import { routeCommand } from "./commands/route.js";
import { serveCommand } from "./commands/serve.js";
import { winrateCommand } from "./commands/winrate.js";
import { workerCommand } from "./commands/worker.js";
import { exitCode } from "./exit-code.js";

// `prefkit … | head -1`: the reader going away ends nothing but stdout (broken-pipe.ts).
quietOnBrokenPipe(process.stdout, "stdout");

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
program.addCommand(agreementCommand().exitOverride());
program.addCommand(evaluateCommand().exitOverride());
program.addCommand(winrateCommand().exitOverride());
program.addCommand(serveCommand(version).exitOverride());
program.addCommand(generateCommand().exitOverride());
program.addCommand(judgeCommand().exitOverride());
program.addCommand(jobsCommand().exitOverride());
program.addCommand(workerCommand().exitOverride());
program.addCommand(routeCommand().exitOverride());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCode(error);
}
