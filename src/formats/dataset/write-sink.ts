/**
 * The contract every dataset writer keeps: values are pushed into a temporary file beside the
 * target, which is renamed onto the target only when the caller commits. Several sinks fed from
 * one input (train/test splits) can so be finished first and committed together, and a failure
 * anywhere leaves neither a partial file nor a temporary one.
 */
import { randomBytes } from "node:crypto";
import { rename, rm } from "node:fs/promises";

/** A file being written; see `RecordSink`. */
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
}

/**
 * A dataset file being written one record at a time: `write` each record, `finish`, then
 * `commit` — or `abort` at any point. Nothing appears at the target path before `commit`.
 * Always end with `commit` or `abort`: an abandoned sink leaves its temporary file behind.
 */
export type RecordSink = Sink<Record<string, unknown>>;

/**
 * The temporary file beside a target and its one-way life: written, finished, then renamed onto
 * the target or removed. Beside the target, because a rename is only atomic within a filesystem.
 */
export class TemporaryFile {
  readonly path: string;
  private state: "writing" | "finished" | "committed" | "removed" = "writing";

  constructor(readonly target: string) {
    this.path = `${target}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  }

  /** @throws {Error} once the file is finished, committed or removed. */
  assertWriting(): void {
    if (this.state !== "writing")
      throw new Error(`${this.target}: the sink is already ${this.state}`);
  }

  markFinished(): void {
    this.assertWriting();
    this.state = "finished";
  }

  async commit(): Promise<void> {
    if (this.state !== "finished") {
      throw new Error(`${this.target}: commit() needs a finished sink, but it is ${this.state}`);
    }
    await rename(this.path, this.target);
    this.state = "committed";
  }

  /** Removes the temporary file unless it was committed; safe to repeat. */
  async remove(): Promise<void> {
    if (this.state === "committed") return;
    this.state = "removed";
    await rm(this.path, { force: true });
  }
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
