/**
 * How much of a dataset file a reader may take in: decompressed bytes and records. A caller
 * that must stay responsive (the server's import route) sets them; the command line reads
 * without limits. Reaching one is not bad data but a refusal to read further, so it is thrown
 * (`ReadLimitError`), never yielded as a located record error.
 */
import { IssueError } from "../../core/issue.js";
import { positiveInteger } from "../positive-integer.js";
import { describeByteSize } from "./describe-size.js";

export interface ReadLimits {
  /**
   * The most bytes read: after decompression for .gz files; for Parquet, the uncompressed size
   * of the column data (as the footer declares it, and as the pages decompressed add up).
   */
  maxBytes?: number;
  /** The most records read (for Parquet, rows: checked against the footer before decoding). */
  maxRecords?: number;
  /**
   * Parquet: the longest a row group may take to decode, ms (by default 10 s plus 1 s per MiB
   * its footer declares); one that takes longer is a located error (see read-parquet-records.ts).
   */
  maxDecodeMs?: number;
}

/** A reader stopped at a limit of `ReadLimits`: a body too large, not bad data. */
export class ReadLimitError extends IssueError {
  constructor(
    readonly limit: "maxBytes" | "maxRecords",
    readonly max: number,
  ) {
    super({
      code: "body_too_large",
      message:
        limit === "maxBytes"
          ? `the file holds more than ${describeByteSize(max)} decompressed`
          : `the file holds more than ${max} records`,
    });
    this.name = "ReadLimitError";
  }
}

/**
 * @throws {IssueError} `usage` unless each limit given is a positive safe integer.
 */
export function checkReadLimits(limits: ReadLimits): void {
  for (const [name, value] of Object.entries(limits)) {
    if (value !== undefined) positiveInteger(name, value);
  }
}

/**
 * The records of `records`, but a `ReadLimitError` instead of record `maxRecords + 1`: the
 * reader is closed (`return`) there, so it reads no further.
 */
export async function* limitRecords<T>(
  records: AsyncIterable<T>,
  maxRecords: number | undefined,
): AsyncGenerator<T> {
  if (maxRecords === undefined) {
    yield* records;
    return;
  }
  let count = 0;
  for await (const record of records) {
    if (++count > maxRecords) throw new ReadLimitError("maxRecords", maxRecords);
    yield record;
  }
}
