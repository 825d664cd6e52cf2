/**
 * A Parquet sink: records are buffered into row groups (10,000 records or about 64 MB, whichever
 * comes first), each written out and released before the next, so memory does not grow with the
 * file. The first group fixes the columns and their types (see parquet-columns.ts); every later
 * record is checked against them as it arrives, so an error names the record that broke the rule.
 */
import { type FileHandle, open } from "node:fs/promises";
import { ParquetWriter } from "hyparquet-writer";
import { AbsentFieldTracker } from "./parquet-absent-fields.js";
import {
  columnValues,
  describeColumnType,
  fitsColumn,
  inferColumns,
  type ParquetColumn,
  parquetSchema,
} from "./parquet-columns.js";
import { FileByteWriter } from "./parquet-file-writer.js";
import { type RecordSink, TemporaryFile } from "./write-sink.js";

export interface ParquetSinkOptions {
  /** Records per row group (default 10,000). */
  rowGroupRecords?: number;
  /** Approximate in-memory size at which a row group is written early (default 64 MB). */
  rowGroupBytes?: number;
}

/** A rough size of a value in memory; it only decides when a large group is written early. */
function approximateSize(value: unknown): number {
  let size = 8;
  if (typeof value === "string") size += value.length;
  else if (Array.isArray(value)) for (const item of value) size += approximateSize(item);
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) size += key.length + approximateSize(item);
  }
  return size;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "number") return `the number ${value}`;
  return `a ${typeof value}`;
}

/** The open file and the writer over it, created with the first row group's columns. */
interface OpenParquet {
  columns: readonly ParquetColumn[];
  names: ReadonlySet<string>;
  /** How many records the first row group held: the records that fixed the columns. */
  firstGroup: number;
  writer: ParquetWriter;
}

export class ParquetFileSink implements RecordSink {
  private readonly temporary: TemporaryFile;
  private readonly handle: Promise<FileHandle>;
  private readonly rowGroupRecords: number;
  private readonly rowGroupBytes: number;
  private readonly absentFields = new AbsentFieldTracker();
  private parquet: OpenParquet | undefined;
  private group: Record<string, unknown>[] = [];
  private groupBytes = 0;
  private count = 0;

  constructor(target: string, options: ParquetSinkOptions = {}) {
    this.rowGroupRecords = options.rowGroupRecords ?? 10_000;
    this.rowGroupBytes = options.rowGroupBytes ?? 64 * 1024 * 1024;
    this.temporary = new TemporaryFile(target);
    // "wx": never write into a file that is already there.
    this.handle = open(this.temporary.path, "wx");
    // Seen when the first group is written or the sink is aborted; not unhandled before then.
    this.handle.catch(() => {});
  }

  async write(record: Record<string, unknown>): Promise<void> {
    this.temporary.assertWriting();
    const number = this.count + 1;
    if (this.parquet) this.check(record, number, this.parquet);
    this.group.push(record);
    this.count = number;
    this.groupBytes += approximateSize(record);
    if (this.group.length >= this.rowGroupRecords || this.groupBytes >= this.rowGroupBytes) {
      await this.writeGroup();
    }
  }

  async finish(): Promise<number> {
    this.temporary.assertWriting();
    // No records at all still makes a valid file: no columns, no row groups, zero rows.
    if (this.group.length > 0 || !this.parquet) await this.writeGroup();
    const parquet = this.parquet!;
    // Metadata is written with the footer, so it can describe every record.
    parquet.writer.kvMetadata = this.absentFields.metadata(parquet.columns.map((c) => c.name));
    await parquet.writer.finish();
    await (await this.handle).close();
    this.temporary.markFinished();
    return this.count;
  }

  commit(): Promise<void> {
    return this.temporary.commit();
  }

  async abort(): Promise<void> {
    const handle = await this.handle.catch(() => undefined);
    // Closing twice (after finish) is harmless: FileHandle.close() is idempotent.
    await handle?.close();
    await this.temporary.remove();
  }

  private async writeGroup(): Promise<void> {
    const records = this.group;
    this.group = [];
    this.groupBytes = 0;
    const parquet = this.parquet ?? (await this.openParquet(records));
    if (records.length === 0) return;
    for (const { name } of parquet.columns) this.absentFields.add(name, records);
    const columnData = parquet.columns.map((column) => ({
      name: column.name,
      data: columnValues(column, records),
      // Min/max of JSON text orders nothing useful, and hyparquet-writer never truncates it:
      // every row group's largest value would be copied into the footer.
      statistics: column.type !== "JSON",
    }));
    await parquet.writer.write({ columnData, rowGroupSize: records.length });
  }

  private async openParquet(firstGroup: Record<string, unknown>[]): Promise<OpenParquet> {
    const columns = inferColumns(firstGroup);
    const writer = new ParquetWriter({
      writer: new FileByteWriter(await this.handle),
      schema: parquetSchema(columns),
      createdBy: "prefkit",
    });
    this.parquet = {
      columns,
      names: new Set(columns.map((c) => c.name)),
      firstGroup: firstGroup.length,
      writer,
    };
    return this.parquet;
  }

  /** @throws {Error} naming the record and field, when the record does not fit the columns. */
  private check(record: Record<string, unknown>, number: number, parquet: OpenParquet): void {
    const fixedBy = `the first row group (records 1–${parquet.firstGroup})`;
    for (const name of Object.keys(record)) {
      if (!parquet.names.has(name)) {
        throw new Error(
          `record ${number}: field "${name}" is not a column of the Parquet file, whose columns were fixed by ${fixedBy}; write .jsonl or .json for records whose fields vary`,
        );
      }
    }
    for (const { name, type } of parquet.columns) {
      const value = record[name];
      if (!fitsColumn(type, value)) {
        throw new Error(
          `record ${number}: field "${name}" holds ${describeValue(value)}, but its Parquet column is ${describeColumnType(type)}, inferred from ${fixedBy}; write .jsonl or .json for fields whose types vary`,
        );
      }
    }
  }
}
