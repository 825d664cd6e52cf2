/**
 * Whether a file can be written at a path, checked when its sink is opened: a conversion that
 * cannot write its output should say so before it reads its input, naming the file the user
 * asked for — never the temporary file beside it.
 */
import { accessSync, constants, statSync } from "node:fs";
import { dirname } from "node:path";
import { IssueError } from "../../core/issue.js";

export type TargetErrorCode =
  /** The target's directory does not exist. */
  | "missing_directory"
  /** The target's "directory" (or a directory above it) is a file. */
  | "not_a_directory"
  /** The target is an existing directory. */
  | "is_directory"
  /** The target's directory cannot be written to (permissions, a read-only filesystem). */
  | "not_writable";

/** An output file that cannot be written, named as the caller named it: an `io` issue. */
export class TargetError extends IssueError {
  constructor(
    /** Which of the ways a target cannot be written this is. */
    readonly kind: TargetErrorCode,
    /** The target path, as given. */
    readonly path: string,
    readonly reason: string,
  ) {
    super({ code: "io", message: reason, location: { file: path } });
    this.name = "TargetError";
  }
}

const CODES: Record<string, TargetErrorCode> = {
  ENOENT: "missing_directory",
  ENOTDIR: "not_a_directory",
  EISDIR: "is_directory",
  EACCES: "not_writable",
  EPERM: "not_writable",
  EROFS: "not_writable",
};

function targetError(code: TargetErrorCode, path: string): TargetError {
  const dir = dirname(path);
  switch (code) {
    case "missing_directory":
      return new TargetError(code, path, `directory ${dir} does not exist`);
    case "not_a_directory":
      return new TargetError(code, path, `${dir} is not a directory`);
    case "is_directory":
      return new TargetError(code, path, "is a directory, not a file");
    case "not_writable":
      return new TargetError(code, path, `directory ${dir} is not writable`);
  }
}

/**
 * The `TargetError` for a system error met while creating a file beside `path` or renaming onto
 * it, or undefined when the error says nothing about the target (a full disk, say).
 */
export function targetErrorOf(path: string, error: unknown): TargetError | undefined {
  const code = CODES[(error as NodeJS.ErrnoException | undefined)?.code ?? ""];
  return code === undefined ? undefined : targetError(code, path);
}

/**
 * Throws unless a file can be created at `path` and later renamed onto it: its directory exists
 * and is writable, and `path` is not a directory. An existing file is fine (it will be replaced).
 * Synchronous — a few system calls — so that `openRecordSink` can fail at once.
 *
 * @example checkWritableTarget("out/train.parquet"); // before reading any input
 * @throws {TargetError} naming `path`, for each case above.
 */
export function checkWritableTarget(path: string): void {
  const dir = dirname(path);
  try {
    if (!statSync(dir).isDirectory()) throw targetError("not_a_directory", path);
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      throw targetError("is_directory", path);
    }
    // Creating the temporary file needs write and search permission on the directory.
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (error) {
    if (error instanceof TargetError) throw error;
    throw targetErrorOf(path, error) ?? error;
  }
}
