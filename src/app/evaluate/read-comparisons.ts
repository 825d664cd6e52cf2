/**
 * Labelled comparisons from dataset files of any format prefkit reads — judgment files, gold
 * pairs (LLMBar, RewardBench), arena logs, canonical entries — joined into items
 * (core/dataset/join-comparisons.ts). The input of `prefkit agreement` and `prefkit evaluate`.
 * The first invalid record stops reading with its location, unless `skipInvalid`.
 */
import { ComparisonJoin, type JoinKey } from "../../core/dataset/join-comparisons.js";
import { asComparisons } from "../../formats/dataset/as-comparisons.js";
import { ItemAssembler } from "../../formats/dataset/assemble.js";
import {
  type CodecOptions,
  DEFAULT_CODEC_OPTIONS,
  readRecord,
} from "../../formats/dataset/codecs.js";
import { DatasetRecordError } from "../../formats/dataset/dataset-error.js";
import type { DatasetFormat } from "../../formats/dataset/dataset-formats.js";
import { detectDatasetFormat } from "../../formats/dataset/detect.js";
import type { DatasetItem } from "../../formats/dataset/items.js";
import { type RecordLocation, readDatasetRecords } from "../../formats/dataset/read-records.js";

export interface ReadComparisonsOptions {
  /** Every file's format; detected per file from its first record when absent. */
  readonly from?: DatasetFormat;
  /**
   * The format of files whose format is not detected (a mapping given without --from): gold
   * files keep their own format while undetectable verdict files are read through the mapping.
   */
  readonly fallback?: DatasetFormat;
  readonly codec?: Partial<CodecOptions>;
  readonly join?: JoinKey;
  /** Go on past invalid records, counting them and keeping the first few messages. */
  readonly skipInvalid?: boolean;
  /** Called now and then with the number of records read so far. */
  readonly onProgress?: (records: number) => void;
}

export interface FileSummary {
  readonly file: string;
  readonly format: DatasetFormat | null;
  readonly records: number;
  readonly comparisons: number;
  readonly invalid: number;
}

export interface ReadComparisons {
  readonly join: ComparisonJoin;
  readonly files: readonly FileSummary[];
  /** The first invalid records' messages (`file:line: field: reason`), at most 20. */
  readonly errors: readonly string[];
  readonly invalid: number;
}

const MAX_ERRORS = 20;

export async function readComparisons(
  files: readonly string[],
  options: ReadComparisonsOptions = {},
): Promise<ReadComparisons> {
  const join = new ComparisonJoin(options.join ?? "auto");
  const summaries: FileSummary[] = [];
  const errors: string[] = [];
  let invalid = 0;
  let records = 0;
  const fail = (error: DatasetRecordError): void => {
    if (!options.skipInvalid) throw error;
    invalid++;
    if (errors.length < MAX_ERRORS) errors.push(error.message);
  };
  for (const file of files) {
    let format = options.from;
    let assembler: ItemAssembler | undefined;
    const codec: CodecOptions & { file: string } = {
      ...DEFAULT_CODEC_OPTIONS,
      ...options.codec,
      file,
    };
    const summary = { file, format: format ?? null, records: 0, comparisons: 0, invalid: 0 };
    const add = (item: DatasetItem, location: RecordLocation): void => {
      const read = asComparisons(item);
      if (!read.ok) {
        const issue = read.issues[0]!;
        summary.invalid++;
        fail(new DatasetRecordError(file, location, issue.field, issue.message));
        return;
      }
      for (const c of read.value) join.add(c);
      summary.comparisons += read.value.length;
    };
    for await (const r of readDatasetRecords(file)) {
      summary.records++;
      if ((++records & 4095) === 0) options.onProgress?.(records);
      if (!r.ok) {
        summary.invalid++;
        fail(new DatasetRecordError(file, r, r.field ?? "(record)", r.message));
        continue;
      }
      if (format === undefined) {
        const detected = detectDatasetFormat(r.record)?.format ?? options.fallback;
        if (!detected) {
          throw new DatasetRecordError(
            file,
            r,
            "(record)",
            `unknown dataset format (fields: ${Object.keys(r.record).join(", ")}); name it with --from or read it with --map`,
          );
        }
        format = detected;
        summary.format = format;
      }
      assembler ??= new ItemAssembler(format, "comparison", codec.criterion);
      const parsed = readRecord(format, r.record, codec);
      if (!parsed.ok) {
        const issue = parsed.issues[0]!;
        summary.invalid++;
        fail(new DatasetRecordError(file, r, issue.field, issue.message));
        continue;
      }
      for (const item of parsed.value) {
        const assembled = assembler.add(item, r);
        if (!assembled.ok) {
          const issue = assembled.issues[0]!;
          summary.invalid++;
          fail(new DatasetRecordError(file, r, issue.field, issue.message));
          continue;
        }
        for (const ready of assembled.ready) add(ready.item, ready.location);
      }
    }
    for (const ready of assembler?.flush() ?? []) add(ready.item, ready.location);
    summaries.push(summary);
  }
  options.onProgress?.(records);
  return { join, files: summaries, errors, invalid };
}
