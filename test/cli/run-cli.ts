/** Runs the built CLI (`dist/cli/main.js`) as a user would, from the repository root by default. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = join(ROOT, "dist/cli/main.js");

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
      [MAIN, ...args],
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
