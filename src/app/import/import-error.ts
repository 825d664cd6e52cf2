/**
 * Why a file cannot be imported, as data: a machine `code` (the store's, or `invalid` for a bad
 * record), where in the file, the field and the reason. Each shell turns it into text — the
 * server into a 4xx whose message reads `line N: field: reason`, the CLI into
 * `file:line: field: reason`.
 */
import { IssueError } from "../../core/issue.js";
import type { RecordLocation } from "../../formats/dataset/read-located.js";
import type { StoreError } from "../../store/store.js";

export type ImportErrorCode = StoreError["code"];

/** "line 3", or "row 3 (row group 0)" for Parquet: where a record is, as messages name it. */
export function describeRecordLocation(location: RecordLocation): string {
  return location.rowGroup === undefined
    ? `line ${location.line}`
    : `row ${location.line} (row group ${location.rowGroup})`;
}

export class ImportError extends IssueError {
  declare readonly code: ImportErrorCode;
  /** The record at fault, as its `location` names it; undefined for the whole file. */
  readonly record: RecordLocation | undefined;

  /**
   * @param location the record at fault; none for a problem of the whole file.
   * @param field "(record)" for the record as a whole, which the message then leaves out.
   */
  constructor(
    code: ImportErrorCode,
    location: RecordLocation | undefined,
    readonly field: string,
    readonly reason: string,
  ) {
    super({ code, message: reason, location: { ...location, field } });
    const what = field === "(record)" ? reason : `${field}: ${reason}`;
    // Parquet rows read "row 3 (row group 0)" here, where describeIssue words them otherwise.
    this.message = location === undefined ? what : `${describeRecordLocation(location)}: ${what}`;
    this.record = location;
    this.name = "ImportError";
  }
}
