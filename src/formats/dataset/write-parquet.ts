/**
 * A Parquet sink: records are buffered into row groups (2,000 records or about 64 MB, whichever
 * comes first), each written out and released before the next, so memory does not grow with the
 * file. The first group fixes the columns and their types (see parquet-columns.ts); every later
 * record is checked against them by `write`, before it is buffered, so a record that does not
 * fit is refused on its own (a `RecordWriteError`) and the sink goes on.
 */
import { type FileHandle, open } from "node:fs/promises";
import { ByteWriter, type ColumnSource, ParquetWriter } from "hyparquet-writer";
import { AbsentFieldTracker } from "./parquet-absent-fields.js";
import {
  columnValues,
  describeColumnType,
  inferColumns,
  type ParquetColumn,
  parquetSchema,
  recordMismatch,
} from "./parquet-columns.js";
import { FileByteWriter } from "./parquet-file-writer.js";
import { type RecordSink, TemporaryFile } from "./write-sink.js";

/** Example records whose fields a file given no record still declares (see RecordSinkOptions). */
export type EmptyFields = () => readonly Record<string, unknown>[];

export interface ParquetSinkOptions {
  /** Records per row group (default 2,000). */
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

/** The open file and the writer over it, created with the first row group's columns. */
interface OpenParquet {
  columns: readonly ParquetColumn[];
  names: ReadonlySet<string>;
  /** How many records the first row group held: the records that fixed the columns. */
  firstGroup: number;
  writer: ParquetWriter;
}

/**
 * The column that hyparquet-writer failed to encode, found by encoding each column of the group
 * alone in memory — done only after a failure, to name the field.
 */
function failingColumn(
  columns: readonly ParquetColumn[],
  columnData: readonly ColumnSource[],
  rows: number,
): ParquetColumn | undefined {
  return columns.find((column, k) => {
    try {
      const writer = new ParquetWriter({
        writer: new ByteWriter(),
        schema: parquetSchema([column]),
      });
      writer.write({ columnData: [columnData[k]!], rowGroupSize: rows });
      return false;
    } catch {
      return true;
    }
  });
}

export class ParquetFileSink implements RecordSink {
  readonly temporary: TemporaryFile;
  /** The temporary file, opened when the first row group is written. */
  private handle: Promise<FileHandle> | undefined;
  private readonly rowGroupRecords: number;
  private readonly rowGroupBytes: number;
  private readonly absentFields = new AbsentFieldTracker();
  private parquet: OpenParquet | undefined;
  private group: Record<string, unknown>[] = [];
  private groupBytes = 0;
  private count = 0;

  constructor(
    target: string,
    options: ParquetSinkOptions = {},
    private readonly emptyFields?: EmptyFields,
  ) {
    this.rowGroupRecords = options.rowGroupRecords ?? 2_000;
    this.rowGroupBytes = options.rowGroupBytes ?? 64 * 1024 * 1024;
    this.temporary = new TemporaryFile(target);
  }

  /**
   * @throws {RecordWriteError} once the columns are fixed, for a record that does not fit them;
   * nothing of it is buffered. Records of the first row group fit by construction.
   */
  async write(record: Record<string, unknown>): Promise<void> {
    this.temporary.assertWriting();
    const parquet = this.parquet;
    if (parquet) {
      const mismatch = recordMismatch(parquet.columns, parquet.names, record, parquet.firstGroup);
      if (mismatch) throw mismatch;
    }
    this.group.push(record);
    this.count++;
    this.groupBytes += approximateSize(record);
    if (this.group.length >= this.rowGroupRecords || this.groupBytes >= this.rowGroupBytes) {
      await this.writeGroup();
    }
  }

  async finish(): Promise<number> {
    this.temporary.assertWriting();
    try {
      // No records at all still makes a valid file: zero rows, no row groups, and the columns
      // of `emptyFields` (none without it).
      if (this.group.length > 0 || !this.parquet) await this.writeGroup();
      const parquet = this.parquet!;
      // Metadata is written with the footer, so it can describe every record.
      parquet.writer.kvMetadata = this.absentFields.metadata(parquet.columns.map((c) => c.name));
      await parquet.writer.finish();
      await (await this.handle!).close();
    } catch (error) {
      throw this.temporary.fail(error);
    }
    this.temporary.markFinished();
    return this.count;
  }

  commit(): Promise<void> {
    return this.temporary.commit();
  }

  async abort(): Promise<void> {
    const handle = await this.handle?.catch(() => undefined);
    // Closing twice (after finish) is harmless: FileHandle.close() is idempotent.
    await handle?.close();
    await this.temporary.remove();
  }

  /** Writes the buffered group; any error fails the sink (see `Sink`). */
  private async writeGroup(): Promise<void> {
    const records = this.group;
    this.group = [];
    this.groupBytes = 0;
    try {
      const parquet = this.parquet ?? (await this.openParquet(records));
      if (records.length === 0) return;
      const columnData = parquet.columns.map((column) => ({
        name: column.name,
        data: columnValues(column, records),
        // Min/max of JSON text orders nothing useful, and hyparquet-writer never truncates it:
        // every row group's largest value would be copied into the footer.
        statistics: column.type !== "JSON",
      }));
      let flushed: Promise<void> | void;
      try {
        // Encodes the whole group into memory, then flushes it: a failure to encode leaves
        // nothing of the group in the file.
        flushed = parquet.writer.write({ columnData, rowGroupSize: records.length });
      } catch (error) {
        throw this.encodingError(parquet.columns, columnData, records.length, error);
      }
      await flushed;
      for (const { name } of parquet.columns) this.absentFields.add(name, records);
    } catch (error) {
      throw this.temporary.fail(error);
    }
  }

  private encodingError(
    columns: readonly ParquetColumn[],
    columnData: readonly ColumnSource[],
    rows: number,
    error: unknown,
  ): Error {
    const column = failingColumn(columns, columnData, rows);
    const what = column
      ? `field "${column.name}" cannot be written to its ${describeColumnType(column.type)} column`
      : "a row group cannot be written";
    const cause = error instanceof Error ? error.message : String(error);
    return new Error(
      `${this.temporary.target}: ${what} (${cause}); none of the row group's ${rows} records was written`,
      { cause: error },
    );
  }

  private async openParquet(firstGroup: Record<string, unknown>[]): Promise<OpenParquet> {
    const columns = inferColumns(firstGroup.length > 0 ? firstGroup : (this.emptyFields?.() ?? []));
    // "wx": never write into a file that is already there.
    this.handle = open(this.temporary.path, "wx");
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
}
