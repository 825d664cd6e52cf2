/**
 * What every dataset reader yields: a record, or an error as data, with where it is in the file.
 * Callers decide between failing and skipping; `describeLocation` gives the "file:line" prefix.
 */
import { repeatedKey } from "../json/duplicate-key.js";

/**
 * Where a record is: its 1-based line in a text file (where it ends, for CSV; where it starts,
 * for a JSON array), or for Parquet its 1-based row in the file with the 0-based row group that
 * holds it.
 */
export interface RecordLocation {
  line: number;
  rowGroup?: number;
}

/** A record, or why there is none; an error about one field of it names that field. */
export type LocatedRecord =
  | ({ ok: true; record: Record<string, unknown> } & RecordLocation)
  | ({ ok: false; message: string; field?: string } & RecordLocation);

/** "file:17", or "file:row 17 (row group 0)" for Parquet: the prefix of every record error. */
export function describeLocation(file: string, location: RecordLocation): string {
  return location.rowGroup === undefined
    ? `${file}:${location.line}`
    : `${file}:row ${location.line} (row group ${location.rowGroup})`;
}

/** One JSON text that must hold an object: the record, or why it is not one. */
export function parseJsonRecord(text: string, line: number): LocatedRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, line, message: `invalid JSON: ${(error as Error).message}` };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return { ok: false, line, message: "expected a JSON object" };
  }
  const repeated = repeatedKey(text, value);
  if (repeated !== undefined) return { ok: false, line, field: repeated, message: "duplicate key" };
  return { ok: true, line, record: value as Record<string, unknown> };
}
