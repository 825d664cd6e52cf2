/**
 * Records as CSV (RFC 4180): a header row from the first record's fields, then one row per
 * record. Written here rather than with csv-stringify, which is not a dependency: quoting is the
 * only rule, and it is small and tested.
 */
import { RecordWriteError } from "./write-error.js";
import type { TextEncoding } from "./write-text.js";

const NEEDS_QUOTES = /[",\r\n]/;

/** A field as RFC 4180 writes it: quoted when it holds a comma, quote, CR or LF; quotes doubled. */
export function csvField(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One row of fields. A row of one empty field is written `""`: an empty line would be read back
 * as no row at all.
 */
export function csvRow(fields: readonly string[]): string {
  const row = fields.map(csvField).join(",");
  return `${row === "" ? '""' : row}\n`;
}

function csvValue(value: unknown, field: string): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    throw new RecordWriteError(
      "nested_value",
      field,
      "holds a nested value (object or array), which CSV cannot hold; write .jsonl, .json or .parquet instead",
    );
  }
  return String(value);
}

/**
 * CSV with the header taken from the first record (or, with no record, from `emptyFields`). Values: strings as they are, numbers and
 * booleans as text, null and undefined (or a missing field) as an empty field — so a field that
 * is null in the first record may hold text later. CSV has no types: read back, every value is
 * a string.
 *
 * @throws {RecordWriteError} for a nested value ("nested_value") or a field not in the header
 * ("new_field"), before anything of the record is encoded; the header is fixed only by the
 * first record accepted.
 */
export function csvEncoding(
  emptyFields?: () => readonly Record<string, unknown>[],
): TextEncoding<Record<string, unknown>> {
  let header: string[] = [];
  let known = new Set<string>();
  return {
    encode(record, number) {
      const first = number === 1;
      if (first) {
        const fields = Object.keys(record);
        const row = csvRow(fields.map((field) => csvValue(record[field], field)));
        header = fields;
        known = new Set(fields);
        return csvRow(header) + row;
      }
      const extra = Object.keys(record).find((key) => !known.has(key));
      if (extra !== undefined) {
        throw new RecordWriteError(
          "new_field",
          extra,
          `not in the CSV header, which the first record fixed as: ${header.join(", ")}; a CSV file cannot add a column later — write .jsonl or .parquet for records whose fields vary`,
        );
      }
      return csvRow(header.map((field) => csvValue(record[field], field)));
    },
    // A file of no record still has its header, when the caller knows the fields.
    end: (count) => {
      if (count > 0 || !emptyFields) return "";
      const fields = new Set(emptyFields().flatMap((record) => Object.keys(record)));
      return fields.size > 0 ? csvRow([...fields]) : "";
    },
  };
}
