import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/cli/errors.js";
import { exitCode } from "../../src/cli/exit-code.js";
import { IssueError } from "../../src/core/issue.js";

/** The exit code and what went to stderr. */
async function boundary(error: unknown): Promise<{ code: number; stderr: string }> {
  let stderr = "";
  const code = await exitCode(error, (text) => {
    stderr += text;
  });
  return { code, stderr };
}

describe("the CLI's error boundary (exitCode)", () => {
  it("prints every issue as prefkit: file:line: field: reason, headline first; data problems exit 1", async () => {
    const error = new IssueError(
      {
        code: "invalid",
        message: "expected text",
        location: { file: "a.jsonl", line: 3, field: "model_b" },
      },
      {
        code: "invalid",
        message: "missing field",
        location: { file: "a.jsonl", line: 9, field: "winner" },
      },
    );
    expect(await boundary(error)).toMatchInlineSnapshot(`
      {
        "code": 1,
        "stderr": "prefkit: a.jsonl:3: model_b: expected text
      prefkit: a.jsonl:9: winner: missing field
      ",
      }
    `);
  });

  it("exits 2 for a usage issue (UsageError is one) and 70 for an internal one", async () => {
    expect(await boundary(new UsageError("--ties davidson conflicts with --method elo"))).toEqual({
      code: 2,
      stderr: "prefkit: --ties davidson conflicts with --method elo\n",
    });
    expect(
      await boundary(new IssueError({ code: "internal", message: "the worker died" })),
    ).toEqual({
      code: 70,
      stderr: "prefkit: the worker died\n",
    });
  });

  it("names the file of a file-system error the user can fix (exit 1)", async () => {
    const missing = Object.assign(new Error("ENOENT: no such file or directory"), {
      code: "ENOENT",
      path: "battles.jsonl",
    });
    expect(await boundary(missing)).toEqual({
      code: 1,
      stderr: "prefkit: battles.jsonl: no such file\n",
    });
  });

  it("leaves commander's own messages alone: exit 0 for --help and --version, 2 otherwise", async () => {
    expect(
      await boundary(new CommanderError(0, "commander.helpDisplayed", "(outputHelp)")),
    ).toEqual({
      code: 0,
      stderr: "",
    });
    expect(await boundary(new CommanderError(1, "commander.unknownOption", "x"))).toEqual({
      code: 2,
      stderr: "",
    });
  });

  it("reports anything else as an internal error with its stack (exit 70)", async () => {
    const { code, stderr } = await boundary(new TypeError("x is undefined"));
    expect(code).toBe(70);
    expect(stderr).toMatch(/^prefkit: internal error: TypeError: x is undefined\n {4}at /);
  });
});
