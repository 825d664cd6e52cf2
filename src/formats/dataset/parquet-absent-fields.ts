/**
 * Parquet is columnar: a record without a field still has a cell in that field's column, and the
 * cell can only be null. So that a file mixing record shapes (implicit and explicit prompts, the
 * entry types of the canonical format) reads back as it was written, the writer lists in the
 * file's key-value metadata the columns whose nulls all stand for a missing field, and the reader
 * drops those nulls. A column that held both explicit nulls and missing fields keeps its nulls:
 * the two can no longer be told apart. Other tools ignore the key and see ordinary nulls.
 */
import type { FileMetaData, KeyValue } from "hyparquet";

const KEY = "prefkit.absent_fields";

/** Tracks, column by column, whether the values written were null, missing, or both. */
export class AbsentFieldTracker {
  private readonly withNull = new Set<string>();
  private readonly withMissing = new Set<string>();

  /** Notes one column's values for a group of records. */
  add(name: string, records: readonly Record<string, unknown>[]): void {
    for (const record of records) {
      const value = record[name];
      // An undefined field is missing, as JSON.stringify would leave it out.
      if (value === undefined) this.withMissing.add(name);
      else if (value === null) this.withNull.add(name);
    }
  }

  /** The metadata entry naming the columns whose nulls are all missing fields, if any. */
  metadata(names: readonly string[]): KeyValue[] {
    const absent = names.filter((n) => this.withMissing.has(n) && !this.withNull.has(n));
    return absent.length === 0 ? [] : [{ key: KEY, value: JSON.stringify(absent) }];
  }
}

/** The columns a prefkit writer marked as holding missing fields, not nulls (none if unmarked). */
export function absentFieldsOf(metadata: FileMetaData): ReadonlySet<string> {
  const value = metadata.key_value_metadata?.find((kv) => kv.key === KEY)?.value;
  if (value === undefined) return new Set();
  try {
    const names: unknown = JSON.parse(value);
    return new Set(Array.isArray(names) ? names.filter((n) => typeof n === "string") : []);
  } catch {
    return new Set(); // a damaged hint only costs the distinction between null and missing
  }
}

/** Removes the null cells of absent-field columns: the record as it was written. */
export function dropAbsentFields(record: Record<string, unknown>, absent: ReadonlySet<string>) {
  for (const name of absent) if (record[name] === null) delete record[name];
}
