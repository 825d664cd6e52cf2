/**
 * The contract every dataset writer keeps: values are pushed into a temporary file beside the
 * target, which is renamed onto the target only when the caller commits. Several sinks fed from
 * one input (train/test splits) can so be finished first and committed together (`commitAll`),
 * and a failure anywhere leaves neither a partial file nor a temporary one.
 */
import { randomBytes } from "node:crypto";
import { rename, rm } from "node:fs/promises";
import { checkWritableTarget, targetErrorOf } from "./write-target.js";

/**
 * A file being written; see `RecordSink`.
 *
 * Errors, and when they come:
 * - `TargetError` at once, from the constructor (`openRecordSink`), when the target cannot be
 *   written (see `checkWritableTarget`); it may also come later, from `write`, `finish` or
 *   `commit`, should the directory change meanwhile.
 * - `RecordWriteError` only from `write(record)` — the rejection of the promise it returns,
 *   decided before its first await and before any of the record is written or buffered: the
 *   record does not fit the format (CSV: a nested value, a field not in the header; Parquet,
 *   after the first row group: a field not a column, a value not of its column's type). The
 *   sink stays usable; it never comes from `finish`.
 * - Anything else (a full disk, a value hyparquet-writer fails to encode) from `write` or
 *   `finish` leaves the sink failed: every later `write` or `finish` throws, and only `abort`
 *   remains. A Parquet sink writes its records a row group at a time, so such an error comes
 *   from the `write` that fills a group — not necessarily the record at fault — or from
 *   `finish`; an encoding failure names the field, and nothing of its group reaches the file.
 */
export interface Sink<T> {
  /**
   * Appends one value (respects backpressure). A Parquet sink holds records until their row
   * group is written: do not change a record after writing it.
   */
  write(value: T): Promise<void>;
  /** Flushes and closes the temporary file; returns the number of values written. */
  finish(): Promise<number>;
  /** Renames the finished temporary file onto the target path. */
  commit(): Promise<void>;
  /** Removes the temporary file (safe to call at any point, and twice). */
  abort(): Promise<void>;
  /** The temporary file and its target, as `commitAll` renames them; not for writing. */
  readonly temporary: TemporaryFile;
}

/**
 * A dataset file being written one record at a time: `write` each record, `finish`, then
 * `commit` (or `commitAll` for several) — or `abort` at any point. Nothing appears at the target
 * path before the commit. Always end with a commit or `abort`: an abandoned sink leaves its
 * temporary file behind.
 */
export type RecordSink = Sink<Record<string, unknown>>;

export type TemporaryFileState = "writing" | "failed" | "finished" | "committed" | "removed";

/**
 * The temporary file beside a target and its one-way life: written (or failed), finished, then
 * renamed onto the target or removed. Beside the target, because a rename is only atomic within
 * a filesystem.
 */
export class TemporaryFile {
  readonly path: string;
  private current: TemporaryFileState = "writing";
  private failure: unknown;

  /** @throws {TargetError} when the target cannot be written (`checkWritableTarget`). */
  constructor(readonly target: string) {
    checkWritableTarget(target);
    this.path = `${target}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  }

  get state(): TemporaryFileState {
    return this.current;
  }

  /** @throws {Error} once the file is failed, finished, committed or removed. */
  assertWriting(): void {
    if (this.current === "failed") {
      const cause = this.failure instanceof Error ? this.failure.message : String(this.failure);
      throw new Error(`${this.target}: the sink failed earlier (${cause}); abort it`, {
        cause: this.failure,
      });
    }
    if (this.current !== "writing") {
      throw new Error(`${this.target}: the sink is already ${this.current}`);
    }
  }

  /**
   * Marks the file failed by `error` (no more writing), and returns the error to throw: a
   * `TargetError` naming the target when the temporary file could not be created beside it.
   */
  fail(error: unknown): unknown {
    const explained =
      (error as NodeJS.ErrnoException | undefined)?.path === this.path
        ? (targetErrorOf(this.target, error) ?? error)
        : error;
    if (this.current === "writing") {
      this.current = "failed";
      this.failure = explained;
    }
    return explained;
  }

  markFinished(): void {
    this.assertWriting();
    this.current = "finished";
  }

  /** For `commitAll`, once it has renamed the file onto its target. */
  markCommitted(): void {
    this.current = "committed";
  }

  async commit(): Promise<void> {
    if (this.current !== "finished") {
      throw new Error(`${this.target}: commit() needs a finished sink, but it is ${this.current}`);
    }
    try {
      await rename(this.path, this.target);
    } catch (error) {
      throw renameError(this.target, error);
    }
    this.current = "committed";
  }

  /** Removes the temporary file unless it was committed; safe to repeat. */
  async remove(): Promise<void> {
    if (this.current === "committed") return;
    this.current = "removed";
    await rm(this.path, { force: true });
  }
}

/**
 * The error to throw when renaming onto `target` failed: a `TargetError` when the target is a
 * directory or its directory cannot be written. (ENOENT is left alone: it may mean that the
 * temporary file, not the directory, is gone.)
 */
export function renameError(target: string, error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code === "ENOENT" ? undefined : targetErrorOf(target, error)) ?? error;
}

/**
 * Writes every value into the sink, finishes and commits it; on any error — from the values'
 * source or from writing — aborts the sink and rethrows. Returns the number of values written.
 */
export async function writeAllAtomically<T>(
  sink: Sink<T>,
  values: Iterable<T> | AsyncIterable<T>,
): Promise<number> {
  try {
    for await (const value of values) await sink.write(value);
    const count = await sink.finish();
    await sink.commit();
    return count;
  } catch (error) {
    // The first error is the one worth reporting; a failed cleanup must not replace it.
    await sink.abort().catch(() => {});
    throw error;
  }
}
