/**
 * How much of a dataset file a reader may take in: decompressed bytes and records. A caller
 * that must stay responsive (the server's import route) sets them; the command line reads
 * without limits. Reaching one is not bad data but a refusal to read further, so it is thrown
 * (`ReadLimitError`), never yielded as a located record error.
 */
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

/** A reader stopped at a limit of `ReadLimits`. */
export class ReadLimitError extends Error {
  constructor(
    readonly limit: "maxBytes" | "maxRecords",
    readonly max: number,
  ) {
    super(
      limit === "maxBytes"
        ? `the file holds more than ${describeByteSize(max)} decompressed`
        : `the file holds more than ${max} records`,
    );
    this.name = "ReadLimitError";
  }
}

/**
 * @throws {RangeError} unless each limit given is a positive safe integer.
 */
export function checkReadLimits(limits: ReadLimits): void {
  for (const [name, value] of Object.entries(limits)) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
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
