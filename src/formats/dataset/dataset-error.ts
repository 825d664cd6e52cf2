/** A dataset record that cannot be read or converted, named by file, line (or row) and field. */
export class DatasetRecordError extends Error {
  constructor(
    readonly where: string,
    readonly field: string,
    readonly reason: string,
  ) {
    // A problem with the record as a whole names no field.
    super(field === "(record)" ? `${where}: ${reason}` : `${where}: ${field}: ${reason}`);
    this.name = "DatasetRecordError";
  }
}
