import { IssueError } from "../../core/issue.js";
import { describeLocation, type RecordLocation } from "./read-located.js";

/**
 * A dataset record that cannot be read or converted, named by file, line (or row) and field.
 * Its message keeps the readers' "file:row N (row group g)" wording for Parquet rows, which
 * `describeIssue` words differently; the location itself is data.
 */
export class DatasetRecordError extends IssueError {
  constructor(
    /** The file, as the user named it (or a list of files, for a problem they share). */
    file: string,
    /** The record; none for a problem of the whole file. */
    location: RecordLocation | undefined,
    readonly field: string,
    readonly reason: string,
  ) {
    super({ code: "invalid", message: reason, location: { file, ...location, field } });
    const where = location === undefined ? file : describeLocation(file, location);
    // A problem with the record as a whole names no field.
    this.message = field === "(record)" ? `${where}: ${reason}` : `${where}: ${field}: ${reason}`;
    this.name = "DatasetRecordError";
  }
}
