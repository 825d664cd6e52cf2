/**
 * A reader that goes away early (`prefkit … | head -1`) ends the command quietly: exit status 0,
 * as ripgrep and most Unix tools that handle SIGPIPE do, and nothing on stderr — no stack trace.
 * The pipe is closed before the CLI writes, so every write meets EPIPE, whatever the timing.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./run-cli.js";

const ARENA = "test/fixtures/arena-hard/arena_hard_battles_74e8b6f.jsonl";

/** Runs the built CLI with its stdout's reading end already closed; the exit status and stderr. */
function withClosedStdout(
  args: readonly string[],
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "dist/cli/main.js"), ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("a closed stdout (EPIPE)", () => {
  it.each([
    ["leaderboard --format csv", ["leaderboard", ARENA, "--bootstrap", "0", "--format", "csv"]],
    [
      "leaderboard --by (a long table)",
      ["leaderboard", ARENA, "--bootstrap", "0", "--by", "question_id"],
    ],
    ["inspect", ["inspect", ARENA]],
    ["inspect --format json", ["inspect", ARENA, "--format", "json"]],
    ["--help", ["--help"]],
  ])("%s exits 0 with nothing on stderr", async (_, args) => {
    expect(await withClosedStdout(args)).toEqual({ code: 0, stderr: "" });
  });

  it("still reports a real error on stderr with its exit status", async () => {
    const run = await withClosedStdout(["leaderboard", "no-such-file.jsonl"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("no-such-file.jsonl");
  });
});
