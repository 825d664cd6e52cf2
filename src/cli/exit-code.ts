/**
 * The CLI's one error boundary: a thrown value becomes lines on stderr and an exit code.
 * Issues are rendered as `prefkit: file:line: field: reason`, one line each, headline first;
 * the code picks the exit status (sysexits: 2 for usage, 70 for an internal error, else 1 —
 * the data or a file needs fixing). Anything else is a bug and gets its stack.
 */
import { CommanderError } from "commander";
import { describeIssue, type Issue, type IssueCode, IssueError } from "../core/issue.js";

const EXIT_CODES: Partial<Record<IssueCode, number>> = { usage: 2, internal: 70 };

/** Node's codes for a named file the user can fix, and how to say so. */
const FILE_PROBLEMS: Record<string, string> = {
  ENOENT: "no such file",
  EISDIR: "is a directory",
  EACCES: "permission denied",
  ENOTDIR: "a part of the path is not a directory",
};

/** Writes what went wrong to `stderr` and answers the process's exit code. */
export function exitCode(
  error: unknown,
  stderr: (text: string) => void = (text) => process.stderr.write(text),
): number {
  // Commander has printed its own message (or the help, or the version: exit code 0).
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  const report = reportOf(error);
  if (report === undefined) {
    const e = error as Error;
    stderr(`prefkit: internal error: ${e.stack ?? String(e)}\n`);
    return 70;
  }
  for (const line of report.lines) stderr(`prefkit: ${line}\n`);
  return EXIT_CODES[report.code] ?? 1;
}

/** The headline's code and the lines to print; undefined for an unexpected error. */
function reportOf(error: unknown): { code: IssueCode; lines: string[] } | undefined {
  if (error instanceof IssueError) {
    // The headline is the error's message: a subclass may word it as its own tests pin it.
    const [, ...rest] = error.issues;
    return { code: error.code, lines: [error.message, ...rest.map(describeIssue)] };
  }
  const issue = fileIssue(error);
  return issue === undefined ? undefined : { code: issue.code, lines: [describeIssue(issue)] };
}

function fileIssue(error: unknown): Issue | undefined {
  const { code, path } = error as NodeJS.ErrnoException;
  const problem = code === undefined ? undefined : FILE_PROBLEMS[code];
  if (problem === undefined || path === undefined) return undefined;
  return { code: "io", message: problem, location: { file: path } };
}
