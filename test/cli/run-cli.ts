/** Runs the built CLI (`dist/cli/main.js`) from the repository root, as a user would. */
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

export function prefkit(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [MAIN, ...args],
      { cwd: ROOT, encoding: "utf8" },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: unknown }).code) : 0, stdout, stderr });
      },
    );
  });
}
