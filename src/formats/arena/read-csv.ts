/** Arena battle logs in CSV, read as a stream (csv-parse) into the JSON Lines result shape. */
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";
import type { BattleFieldSpec } from "./battle-record.js";
import { ErrorLog, result } from "./error-log.js";
import { RecordProcessor } from "./record-processor.js";
import type { RangeResult } from "./scan-jsonl-range.js";

const JSON_COLUMNS = new Set(["conversation_a", "conversation_b", "conv_metadata"]);

/** CSV with a header row. Conversations, if present, are JSON text in their cells. */
export async function readCsv(
  path: string,
  spec: BattleFieldSpec,
  skipInvalid: boolean,
): Promise<RangeResult> {
  const processor = new RecordProcessor(spec);
  const log = new ErrorLog(skipInvalid);
  const values: unknown[] = [];
  const input = createReadStream(path);
  const parser = input.pipe(
    parse({
      columns: true,
      info: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: false,
    }),
  );
  let lines = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      lines = info.lines;
      processor.fromObject(record, values);
      fixCsvTypes(processor.fields, values);
      const error = processor.process(values);
      if (error && log.add(error, info.lines)) {
        input.destroy();
        return result(processor, lines, log, "");
      }
    }
  } catch (error) {
    const e = error as { message: string; lines?: number };
    log.add({ code: "invalid_json", message: `invalid CSV: ${e.message}` }, e.lines ?? lines + 1);
    return result(processor, lines, log, "");
  }
  return result(processor, lines, log, "");
}

function fixCsvTypes(fields: readonly string[], values: unknown[]): void {
  for (let k = 0; k < fields.length; k++) {
    const v = values[k];
    if (v === "" && k >= 3) values[k] = undefined;
    else if (typeof v === "string" && JSON_COLUMNS.has(fields[k]!)) {
      try {
        values[k] = JSON.parse(v);
      } catch {
        values[k] = undefined;
      }
    } else if (fields[k] === "tstamp" && typeof v === "string") values[k] = Number(v);
  }
}
