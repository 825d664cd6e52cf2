/** Runs the built CLI (`dist/cli/main.js`) as a user would, from the repository root by default. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = join(ROOT, "dist/cli/main.js");

/**
 * Node 20 can deadlock at process exit when a concurrent TurboFan job waits for a GC that the
 * exiting main thread never runs (nodejs/node#54918; gdb on a hung `prefkit leaderboard` showed
 * exactly that, about once in 40–80 quick runs under load, and it failed CI twice as a 180 s
 * timeout). Compiling on the main thread removes the wait cycle: 160 runs, no hang. This keeps
 * the suite about prefkit's behaviour; the CLI itself still runs with Node's defaults.
 */
export const NODE_FLAGS = ["--no-concurrent-recompilation"];

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Resolves with the exit code and output; rejects only when the process could not run. */
export function prefkit(args: readonly string[], cwd = ROOT): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...NODE_FLAGS, MAIN, ...args],
      { cwd, encoding: "utf8", maxBuffer: 256 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        if (typeof code !== "number") reject(error);
        else resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Flags written as on a command line, one space apart: `flags("--to trl-preference --seed 7")`. */
export const flags = (line: string): string[] => line.split(" ");
