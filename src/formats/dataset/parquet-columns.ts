/**
 * How records become Parquet columns: each column's type is inferred from the values of the
 * first row group, then every later value must fit it.
 *
 * | values (nulls aside)                         | column                                   |
 * | -------------------------------------------- | ---------------------------------------- |
 * | all strings                                  | STRING (BYTE_ARRAY, UTF8)                |
 * | all booleans                                 | BOOLEAN                                  |
 * | all safe integers                            | INT64                                    |
 * | all numbers                                  | DOUBLE                                   |
 * | all lists of `{role, content}` string pairs  | LIST of struct<role: STRING, content: STRING> |
 * | anything else, or only nulls                 | JSON (BYTE_ARRAY, JSON), stringified     |
 *
 * The message list is the conversational format of Hugging Face / TRL datasets, and is written
 * as `datasets` (pyarrow) writes it, so other tools see a real nested column. A column of only
 * nulls becomes JSON because JSON fits any value that comes later. Every column is nullable.
 */
import type { SchemaElement } from "hyparquet-writer";
import { RecordWriteError } from "./write-error.js";

export type ColumnType = "STRING" | "BOOLEAN" | "INT64" | "DOUBLE" | "MESSAGES" | "JSON";

export interface ParquetColumn {
  readonly name: string;
  readonly type: ColumnType;
}

const isMessage = (value: unknown): boolean => {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const { role, content } = value as { role?: unknown; content?: unknown };
  return keys.length === 2 && typeof role === "string" && typeof content === "string";
};

/** An array whose every element is exactly `{ role: string, content: string }`. */
export const isMessageList = (value: unknown): value is { role: string; content: string }[] =>
  Array.isArray(value) && value.every(isMessage);

/** The type of a column holding `values`; see the table above. */
export function inferColumnType(values: readonly unknown[]): ColumnType {
  let present = 0;
  let strings = 0;
  let booleans = 0;
  let numbers = 0;
  let integers = 0;
  let messageLists = 0;
  let messages = 0;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    present++;
    if (typeof value === "string") strings++;
    else if (typeof value === "boolean") booleans++;
    else if (typeof value === "number") {
      numbers++;
      if (Number.isSafeInteger(value)) integers++;
    } else if (isMessageList(value)) {
      messageLists++;
      messages += value.length;
    }
  }
  if (present === 0) return "JSON";
  if (strings === present) return "STRING";
  if (booleans === present) return "BOOLEAN";
  if (numbers === present) return integers === present ? "INT64" : "DOUBLE";
  // Only empty lists say nothing about what the lists hold: JSON keeps every option open.
  if (messageLists === present && messages > 0) return "MESSAGES";
  return "JSON";
}

/** The columns of a group of records: every field, in first-seen order, with its inferred type. */
export function inferColumns(records: readonly Record<string, unknown>[]): ParquetColumn[] {
  const names = new Set<string>();
  for (const record of records) for (const name of Object.keys(record)) names.add(name);
  return [...names].map((name) => ({
    name,
    type: inferColumnType(records.map((record) => record[name])),
  }));
}

const optionalString = (name: string): SchemaElement => ({
  name,
  type: "BYTE_ARRAY",
  converted_type: "UTF8",
  repetition_type: "OPTIONAL",
});

function columnSchema({ name, type }: ParquetColumn): SchemaElement[] {
  switch (type) {
    case "STRING":
      return [optionalString(name)];
    case "JSON":
      return [{ name, type: "BYTE_ARRAY", converted_type: "JSON", repetition_type: "OPTIONAL" }];
    case "BOOLEAN":
    case "INT64":
    case "DOUBLE":
      return [{ name, type, repetition_type: "OPTIONAL" }];
    case "MESSAGES":
      // The three-level LIST of the Parquet spec, as pyarrow writes list<struct<...>>.
      return [
        { name, repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        { name: "element", repetition_type: "OPTIONAL", num_children: 2 },
        optionalString("role"),
        optionalString("content"),
      ];
  }
}

/** The file's schema: the root, then each column's elements in order. */
export function parquetSchema(columns: readonly ParquetColumn[]): SchemaElement[] {
  return [{ name: "root", num_children: columns.length }, ...columns.flatMap(columnSchema)];
}

/** Whether a value can be written to a column of this type (null and undefined always can). */
export function fitsColumn(type: ColumnType, value: unknown): boolean {
  if (value === null || value === undefined) return true;
  switch (type) {
    case "STRING":
      return typeof value === "string";
    case "BOOLEAN":
      return typeof value === "boolean";
    case "INT64":
      return Number.isSafeInteger(value);
    case "DOUBLE":
      return typeof value === "number";
    case "MESSAGES":
      return isMessageList(value);
    case "JSON":
      return true;
  }
}

/** A column's values for a group of records, as hyparquet-writer takes them. */
export function columnValues(column: ParquetColumn, records: readonly Record<string, unknown>[]) {
  return records.map((record) => {
    const value = record[column.name];
    if (value === null || value === undefined) return null;
    // hyparquet-writer writes INT64 from bigints only.
    return column.type === "INT64" ? BigInt(value as number) : value;
  });
}

const TYPE_NAMES: Record<ColumnType, string> = {
  STRING: "STRING (text)",
  BOOLEAN: "BOOLEAN",
  INT64: "INT64 (integers)",
  DOUBLE: "DOUBLE (numbers)",
  MESSAGES: "a list of {role, content} messages",
  JSON: "JSON",
};

/** The column type as error messages name it. */
export const describeColumnType = (type: ColumnType): string => TYPE_NAMES[type];

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "number") return `the number ${value}`;
  return `a ${typeof value}`;
}

/**
 * Why a record cannot join a file whose columns are fixed — a field that is not a column, or a
 * value that does not fit its column — or undefined when it fits. `fixedBy` is the number of
 * records that fixed the columns (the first row group), for the message.
 */
export function recordMismatch(
  columns: readonly ParquetColumn[],
  names: ReadonlySet<string>,
  record: Record<string, unknown>,
  fixedBy: number,
): RecordWriteError | undefined {
  const from = `the file's first ${fixedBy} records (its first row group)`;
  for (const name of Object.keys(record)) {
    if (!names.has(name)) {
      return new RecordWriteError(
        "new_field",
        name,
        `not a column of the Parquet file, whose columns were fixed by ${from}; write .jsonl or .json for records whose fields vary`,
      );
    }
  }
  for (const { name, type } of columns) {
    const value = record[name];
    if (!fitsColumn(type, value)) {
      return new RecordWriteError(
        "type_mismatch",
        name,
        `holds ${describeValue(value)}, but its Parquet column is ${describeColumnType(type)}, inferred from ${from}; write .jsonl or .json for fields whose types vary`,
      );
    }
  }
  return undefined;
}
