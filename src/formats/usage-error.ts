import { IssueError } from "../core/issue.js";

/**
 * A caller's option that cannot work (a limit that is not a positive integer, a file type
 * prefkit does not handle, outputs that would overwrite each other): the command line's to fix,
 * as its exit code 2 says, where bad data is exit code 1.
 */
export const usageError = (message: string): IssueError =>
  new IssueError({ code: "usage", message });

/** `value` when it is a positive safe integer; a usage error naming `name` otherwise. */
export function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw usageError(`${name} must be a positive integer, got ${value}`);
  }
  return value;
}
