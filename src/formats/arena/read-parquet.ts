/** Arena battle logs in Parquet, read a row group at a time (hyparquet). */
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from "hyparquet";
import type { BattleFieldSpec } from "./battle-record.js";
import { ErrorLog, result } from "./error-log.js";
import { RecordProcessor } from "./record-processor.js";
import type { RangeResult } from "./scan-jsonl-range.js";

/** Parquet, one row group at a time. Errors name the 1-based row. */
export async function readParquet(
  path: string,
  spec: BattleFieldSpec,
  skipInvalid: boolean,
): Promise<RangeResult> {
  const processor = new RecordProcessor(spec);
  const log = new ErrorLog(skipInvalid);
  const values: unknown[] = [];
  let rowStart = 0;
  try {
    const file = await asyncBufferFromFile(path);
    const metadata = await parquetMetadataAsync(file);
    const present = new Set(metadata.schema.slice(1).map((s) => s.name));
    const columns = processor.fields.filter((f) => present.has(f));
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      const rows = await parquetReadObjects({ file, metadata, columns, rowStart, rowEnd });
      for (let r = 0; r < rows.length; r++) {
        processor.fromObject(rows[r]!, values);
        for (let k = 0; k < values.length; k++)
          if (typeof values[k] === "bigint") values[k] = Number(values[k]);
        const error = processor.process(values);
        if (error && log.add(error, rowStart + r + 1))
          return result(processor, rowStart + r + 1, log, "");
      }
      rowStart = rowEnd;
    }
  } catch (error) {
    // A file hyparquet cannot decode is bad input (exit 1), not an internal error.
    const message = error instanceof Error ? error.message : String(error);
    log.add({ code: "invalid_json", message: `invalid Parquet: ${message}` }, rowStart + 1);
    return result(processor, rowStart, log, "");
  }
  return result(processor, rowStart, log, "");
}
