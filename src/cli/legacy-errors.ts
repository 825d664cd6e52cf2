/**
 * Errors of the layers below that are not `IssueError`s yet, as issues — loaded only when a
 * command fails, so `prefkit --version` never loads the readers. Issue 11 turns the formats'
 * error classes into `IssueError` subclasses and their RangeErrors for user-given values (an
 * unsupported file type, a bad `--split`, an output that would overwrite an input) into
 * `usage` issues; once that has landed, this module goes.
 */
import type { Issue } from "../core/issue.js";

export async function legacyIssue(error: unknown): Promise<Issue | undefined> {
  const [{ ArenaReadError }, { DatasetRecordError }, { TargetError }] = await Promise.all([
    import("../formats/arena/read-arena.js"),
    import("../formats/dataset/dataset-error.js"),
    import("../formats/dataset/write-records.js"),
  ]);
  if (
    error instanceof ArenaReadError ||
    error instanceof DatasetRecordError ||
    error instanceof TargetError
  ) {
    return { code: "invalid", message: error.message };
  }
  if (error instanceof RangeError) return { code: "usage", message: error.message };
  return undefined;
}
