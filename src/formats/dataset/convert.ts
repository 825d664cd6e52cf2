/**
 * File-to-file conversion between dataset formats, streaming, in four steps per record:
 * parse it in the input's format; assemble items that span records (HelpSteer groups,
 * canonical references); derive items of the kind the output holds; filter, de-duplicate,
 * route to a split by prompt and write. Every output file is written to a temporary file and
 * renamed only once the whole input has been read, so a failure leaves nothing behind.
 */
import type { PairStrategy } from "../../core/dataset/derive.js";
import { isBlank, textLength } from "../../core/dataset/preference.js";
import type { SplitSpec } from "../../core/dataset/split.js";
import { ItemAssembler } from "./assemble.js";
import {
  CODECS,
  type CodecOptions,
  DEFAULT_CODEC_OPTIONS,
  type HelpSteerAttribute,
} from "./codecs.js";
import { DatasetRecordError } from "./dataset-error.js";
import { type DatasetFormat, detectDatasetFormat } from "./detect.js";
import { EntryMaker, type JudgmentSourceSpec } from "./entry-maker.js";
import type { FieldIssue } from "./field-issue.js";
import { digestOf, isIdentical, SplitRouter, textsOf } from "./item-keys.js";
import type { DatasetItem } from "./items.js";
import { describeLocation, type RecordLocation, readDatasetRecords } from "./read-records.js";
import { type Derived, deriveItems } from "./transform.js";
import type { TrlStyle } from "./trl.js";
import { openRecordSink, type RecordSink } from "./write-records.js";

export interface ConvertOptions {
  readonly from?: DatasetFormat;
  readonly to: DatasetFormat;
  /** TRL output style; by default the input's (text for text-only formats). */
  readonly style?: TrlStyle;
  readonly strategy: PairStrategy;
  /** Smallest score difference that makes a pair (> 0). */
  readonly minMargin: number;
  readonly criterion: string;
  readonly attribute: HelpSteerAttribute;
  /** Keep records whose field (dotted path) has this value, as text. */
  readonly where: readonly { field: string; value: string }[];
  readonly split?: SplitSpec;
  readonly keepDuplicates: boolean;
  readonly keepIdentical: boolean;
  readonly dropEmpty: boolean;
  /** Drop items with more characters of text than this. */
  readonly maxChars?: number;
  /** Go on past invalid records, writing each to this JSON Lines report. */
  readonly rejects?: string;
  /** Who made the judgments of data converted into prefkit's format. */
  readonly source: JudgmentSourceSpec;
  /** Called now and then with the number of records read so far. */
  readonly onProgress?: (records: number) => void;
}

export interface ConvertSummary {
  input: string;
  format: DatasetFormat;
  to: DatasetFormat;
  records: number;
  invalid: number;
  /** Records written, by output file. */
  written: Record<string, number>;
  /** Items left out, by reason. */
  dropped: Record<string, number>;
  rejects?: string;
}

/** `out.jsonl` with split "train" → `out.train.jsonl` (before a .gz too). */
export function splitPath(path: string, split: string): string {
  const match = /(\.[^./\\]+)(\.gz)?$/i.exec(path);
  return match ? `${path.slice(0, match.index)}.${split}${match[0]}` : `${path}.${split}`;
}

function lookup(record: Record<string, unknown>, path: string): unknown {
  let value: unknown = record;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const asText = (value: unknown): string =>
  typeof value === "string" ? value : value === undefined ? "" : JSON.stringify(value);

const TEXT_FORMATS: readonly DatasetFormat[] = [
  "rewardbench",
  "llmbar",
  "ultrafeedback",
  "helpsteer",
];

/** TRL output keeps the input's style: text from text formats and TRL text records. */
function inputStyle(format: DatasetFormat, first: Record<string, unknown>): TrlStyle {
  if (TEXT_FORMATS.includes(format)) return "text";
  if (format === "trl-preference")
    return typeof first.chosen === "string" ? "text" : "conversational";
  if (format === "trl-unpaired")
    return typeof first.completion === "string" ? "text" : "conversational";
  return "conversational";
}

export async function convertDataset(
  input: string,
  output: string,
  options: ConvertOptions,
): Promise<ConvertSummary> {
  const target = CODECS[options.to];
  const router = options.split && new SplitRouter(options.split);
  const paths = new Map<string, string>(
    router ? router.names.map((s) => [s, splitPath(output, s)]) : [["", output]],
  );
  for (const path of [...paths.values(), options.rejects]) {
    if (path === input) throw new RangeError(`${path}: the output would overwrite the input`);
  }
  const summary: ConvertSummary = {
    input,
    format: options.from ?? options.to,
    to: options.to,
    records: 0,
    invalid: 0,
    written: Object.fromEntries([...paths.values()].map((p) => [p, 0])),
    dropped: {},
    ...(options.rejects ? { rejects: options.rejects } : {}),
  };
  const drop = (reason: string): false => {
    summary.dropped[reason] = (summary.dropped[reason] ?? 0) + 1;
    return false;
  };
  // Opening a sink checks the extension (a RangeError for an unsupported one) before any work.
  const sinks = new Map<string, RecordSink>(
    [...paths].map(([name, path]) => [name, openRecordSink(path)]),
  );
  const rejects = options.rejects ? openRecordSink(options.rejects) : undefined;
  const all = [...sinks.values(), ...(rejects ? [rejects] : [])];
  const seen = new Set<string>();
  const entries = new EntryMaker(options.source, options.criterion);
  let codecOptions: CodecOptions = { ...DEFAULT_CODEC_OPTIONS, ...options };
  let assembler: ItemAssembler | undefined;
  let format = options.from;

  const reject = async (location: RecordLocation, issue: FieldIssue): Promise<void> => {
    const where = describeLocation(input, location);
    if (!rejects) throw new DatasetRecordError(where, issue.field, issue.message);
    summary.invalid++;
    await rejects.write({ location: where, field: issue.field, reason: issue.message });
  };

  /** Quality filters and de-duplication; false when the item is left out. */
  const keep = (item: DatasetItem): boolean => {
    if (!options.keepIdentical && isIdentical(item)) return drop("identical chosen and rejected");
    const texts = textsOf(item);
    if (options.dropEmpty && texts.responses.some(isBlank)) return drop("empty response");
    if (options.maxChars !== undefined) {
      const length = texts.all.reduce((n, m) => n + textLength(m), 0);
      if (length > options.maxChars) return drop("longer than --max-chars");
    }
    if (!options.keepDuplicates) {
      const digest = digestOf(item);
      if (seen.has(digest)) return drop("duplicate");
      seen.add(digest);
    }
    return true;
  };

  const write = async (item: DatasetItem, location: RecordLocation): Promise<void> => {
    const records = target.write(item, codecOptions);
    if (!records.ok) return reject(location, records.issues[0]!);
    for (const name of router ? router.route(item) : [""]) {
      const path = paths.get(name)!;
      for (const record of records.value) await sinks.get(name)!.write(record);
      summary.written[path]! += records.value.length;
    }
  };

  const emit = async (item: DatasetItem, location: RecordLocation): Promise<void> => {
    // Canonical output is filtered before it becomes entries: a pair left out leaves out its
    // candidates and judgment together.
    if (target.holds === "entry" && !keep(item)) return;
    const derived: Derived =
      target.holds === "entry" ? entries.make(item) : deriveItems(item, target.holds, options);
    if (!derived.ok) return reject(location, derived.issues[0]!);
    if (derived.items.length === 0 && derived.empty) drop(derived.empty);
    for (const out of derived.items) {
      if (target.holds === "entry" || keep(out)) await write(out, location);
    }
  };

  try {
    for await (const located of readDatasetRecords(input)) {
      summary.records++;
      if ((summary.records & 4095) === 0) options.onProgress?.(summary.records);
      if (!located.ok) {
        await reject(located, { field: "(record)", message: located.message });
        continue;
      }
      if (!format || !assembler) {
        if (!format) {
          const detected = detectDatasetFormat(located.record);
          if (!detected) {
            throw new DatasetRecordError(
              describeLocation(input, located),
              "(record)",
              `unknown dataset format (fields: ${Object.keys(located.record).join(", ")}); name it with --from`,
            );
          }
          format = detected.format;
        }
        summary.format = format;
        codecOptions = {
          ...codecOptions,
          style: options.style ?? inputStyle(format, located.record),
        };
        assembler = new ItemAssembler(format, target.holds, options.criterion);
      }
      if (options.where.some((w) => asText(lookup(located.record, w.field)) !== w.value)) {
        drop("--where");
        continue;
      }
      const parsed = CODECS[format].read(located.record, codecOptions);
      if (!parsed.ok) {
        await reject(located, parsed.issues[0]!);
        continue;
      }
      for (const item of parsed.value) {
        const assembled = assembler.add(item, located);
        if (!assembled.ok) {
          await reject(located, assembled.issues[0]!);
          continue;
        }
        if (assembled.ready.length === 0 && assembled.empty) drop(assembled.empty);
        for (const { item: ready, location } of assembled.ready) await emit(ready, location);
      }
    }
    for (const { item, location } of assembler?.flush() ?? []) await emit(item, location);
    for (const sink of all) await sink.finish();
    for (const sink of all) await sink.commit();
  } catch (error) {
    await Promise.all(all.map((sink) => sink.abort()));
    throw error;
  }
  options.onProgress?.(summary.records);
  return summary;
}
