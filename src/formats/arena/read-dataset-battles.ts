/**
 * Battles from files that are not arena logs — judgment files (AlpacaEval, MT-Bench, arena-hard,
 * FastChat reviews, annotator tables, mapped tables), gold-labelled pairs with models, canonical
 * entries — read through the dataset readers and derived as `prefkit convert --to arena` derives
 * them (one battle per parsed label; a strong verdict three). Each battle then goes through the
 * same validation, filters and counting as a log's record (RecordProcessor), so `--where`, `--by`,
 * `--style-control` and the error codes mean the same. Arena logs keep the fast path.
 */

import { toArenaRecord } from "../dataset/arena-pairs.js";
import { ItemAssembler } from "../dataset/assemble.js";
import type { CodecOptions } from "../dataset/codecs.js";
import { readRecord } from "../dataset/codecs.js";
import type { DatasetFormat } from "../dataset/dataset-formats.js";
import { detectDatasetFormat } from "../dataset/detect.js";
import type { FieldIssue } from "../dataset/field-issue.js";
import type { DatasetItem } from "../dataset/items.js";
import { readDatasetRecords } from "../dataset/read-records.js";
import { deriveItems } from "../dataset/transform.js";
import type { BattleFieldSpec, RecordError } from "./battle-record.js";
import { ErrorLog, type RangeResult, result } from "./error-log.js";
import { RecordProcessor } from "./record-processor.js";

export interface DatasetBattles extends RangeResult {
  format: DatasetFormat;
  /** Labels left out and decisions made on the way (unparsed labels, strong verdicts), by reason. */
  derived: Record<string, number>;
}

/**
 * The dataset format of a file that is not an arena log (see `readsAsDataset`): `from` when
 * given, else what its first record looks like; undefined when no format matches (the fast
 * path then reports the file as a bad arena log).
 */
export async function datasetFormatOf(
  path: string,
  from: DatasetFormat | undefined,
): Promise<DatasetFormat | undefined> {
  if (from !== undefined) return from;
  for await (const r of readDatasetRecords(path, { maxRecords: 1 })) {
    return r.ok ? detectDatasetFormat(r.record)?.format : undefined;
  }
  return undefined;
}

const issueError = (issue: FieldIssue): RecordError => ({
  code: /^missing/.test(issue.message) ? "missing_field" : "wrong_type",
  field: issue.field,
  message: issue.message,
});

const DERIVE = { strategy: "all", minMargin: Number.MIN_VALUE } as const;

export async function readDatasetBattles(
  path: string,
  format: DatasetFormat,
  codec: CodecOptions,
  spec: BattleFieldSpec,
  skipInvalid: boolean,
): Promise<DatasetBattles> {
  const processor = new RecordProcessor(spec);
  const log = new ErrorLog(skipInvalid);
  const assembler = new ItemAssembler(format, "battle", codec.criterion);
  const options = { ...codec, file: path };
  const derived: Record<string, number> = {};
  const values: unknown[] = [];
  let lines = 0;
  const count = (counts: Record<string, number> | undefined) => {
    for (const [reason, n] of Object.entries(counts ?? {}))
      derived[reason] = (derived[reason] ?? 0) + n;
  };
  /** Counts an item's battles; true when reading must stop. */
  const add = (item: DatasetItem, line: number): boolean => {
    const d = deriveItems(item, "battle", DERIVE);
    if (!d.ok) return log.add(issueError(d.issues[0]!), line);
    if (d.items.length === 0 && d.empty) count({ [d.empty]: 1 });
    count(d.dropped);
    count(d.notes);
    for (const out of d.items) {
      if (out.kind !== "battle") continue;
      const error = processor.process(processor.fromObject(toArenaRecord(out.battle), values));
      if (error && log.add(error, line)) return true;
    }
    return false;
  };
  read: for await (const r of readDatasetRecords(path)) {
    lines = r.line;
    if (!r.ok) {
      const error: RecordError = {
        code: "invalid_json",
        message: r.message,
        ...(r.field ? { field: r.field } : {}),
      };
      if (log.add(error, r.line)) break;
      continue;
    }
    const parsed = readRecord(format, r.record, options);
    if (!parsed.ok) {
      if (log.add(issueError(parsed.issues[0]!), r.line)) break;
      continue;
    }
    for (const item of parsed.value) {
      const assembled = assembler.add(item, r);
      if (!assembled.ok) {
        if (log.add(issueError(assembled.issues[0]!), r.line)) break read;
        continue;
      }
      for (const ready of assembled.ready) if (add(ready.item, ready.location.line)) break read;
    }
  }
  for (const ready of assembler.flush()) if (add(ready.item, ready.location.line)) break;
  return { ...result(processor, lines, log, ""), format, derived };
}
