/**
 * Records as CSV (RFC 4180): a header row from the first record's fields, then one row per
 * record. Written here rather than with csv-stringify, which is not a dependency: quoting is the
 * only rule, and it is small and tested.
 */
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

function csvValue(value: unknown, field: string, number: number): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    throw new Error(
      `record ${number}: field "${field}" holds a nested value (object or array), which CSV cannot hold; write .jsonl, .json or .parquet instead`,
    );
  }
  return String(value);
}

/**
 * CSV with the header taken from the first record. Values: strings as they are, numbers and
 * booleans as text, null and undefined (or a missing field) as an empty field. CSV has no types:
 * read back, every value is a string.
 *
 * @throws {Error} naming the record and field, for a nested value or a field not in the header.
 */
export function csvEncoding(): TextEncoding<Record<string, unknown>> {
  let header: string[] = [];
  let known = new Set<string>();
  return {
    encode(record, number) {
      const first = number === 1;
      if (first) {
        header = Object.keys(record);
        known = new Set(header);
      } else {
        const extra = Object.keys(record).find((key) => !known.has(key));
        if (extra !== undefined) {
          throw new Error(
            `record ${number}: field "${extra}" is not in the CSV header, which the first record fixed as: ${header.join(", ")}`,
          );
        }
      }
      const row = csvRow(header.map((field) => csvValue(record[field], field, number)));
      return first ? csvRow(header) + row : row;
    },
    end: () => "",
  };
}
