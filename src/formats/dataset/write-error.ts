/**
 * Why a record cannot go into an output file, as data: the output format cannot hold it (a
 * nested value in CSV), or it does not fit what earlier records fixed (the CSV header, the
 * Parquet columns). The writer knows only the output; the caller names the input record, as
 * `DatasetRecordError` does for a record that cannot be read.
 */
import { IssueError } from "../../core/issue.js";

export type RecordWriteErrorCode =
  /** CSV: an object or array, where CSV holds only text. */
  | "nested_value"
  /** CSV or Parquet: a field the header or the columns, fixed by earlier records, lack. */
  | "new_field"
  /** Parquet: a value of another type than its column's, inferred from earlier records. */
  | "type_mismatch"
  /** JSON: a value JSON cannot hold (a bigint, a cycle). */
  | "unencodable_value";

/**
 * A record the sink refused. Thrown by `sink.write(record)` before any of the record is
 * written: the sink stays usable, and the caller may report the record and write the next one.
 *
 * @example
 * try { await sink.write(record); }
 * catch (error) {
 *   if (!(error instanceof RecordWriteError)) throw error;
 *   report(`${input}:${line}: ${error.field}: ${error.reason}`);
 * }
 */
export class RecordWriteError extends IssueError {
  constructor(
    /** Which of the ways a record cannot be written this is (the issue's code is `invalid`). */
    readonly kind: RecordWriteErrorCode,
    /** The field at fault, or "(record)" when the record as a whole is. */
    readonly field: string,
    readonly reason: string,
  ) {
    super({ code: "invalid", message: reason, location: { field } });
    // describeIssue leaves "(record)" out; this message has always named it.
    this.message = `${field}: ${reason}`;
    this.name = "RecordWriteError";
  }
}
