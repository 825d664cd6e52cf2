/**
 * File-to-file conversion between dataset formats, streaming, in four steps per record:
 * parse it in the input's format; assemble items that span records (HelpSteer groups,
 * canonical references); derive items of the kind the output holds; filter, settle
 * contradictions, route to a split by prompt and write. Every output is written to a temporary
 * file, and all are renamed together only once the whole input has been read: a failure leaves
 * nothing.
 *
 * Nothing changes silently: repeated judgments are data and are kept (a record repeated byte for
 * byte is counted, and left out only with `dropDuplicates`); contradictory preferences are
 * counted and kept unless `conflicts` says otherwise; every item left out is counted under its
 * reason. Decisions that need the whole input (`conflicts: "majority" | "drop"`, `where` on
 * canonical input written as canonical entries) read the input twice: a first pass tallies
 * (convert-tally.ts), the second writes.
 */

import { conflictTotals } from "../../core/dataset/conflicts.js";
import type { PairStrategy } from "../../core/dataset/derive.js";
import { Digest64, DigestSet } from "../../core/dataset/digest-set.js";
import type { SplitSpec } from "../../core/dataset/split.js";
import { usageError } from "../../core/issue.js";
import { matchesWhere } from "../record-fields.js";
import { ItemAssembler } from "./assemble.js";
import {
  CODECS,
  type CodecOptions,
  DEFAULT_CODEC_OPTIONS,
  type HelpSteerAttribute,
  readRecord,
  writeItem,
} from "./codecs.js";
import { type FilterOptions, ItemFilters, type Pass } from "./convert-filters.js";
import { planOutputs } from "./convert-paths.js";
import { ConversionTally } from "./convert-tally.js";
import { DatasetRecordError } from "./dataset-error.js";
import { type DatasetFormat, detectDatasetFormat } from "./detect.js";
import { emptyFieldsOf } from "./empty-fields.js";
import { EntryMaker, type JudgmentSourceSpec, judgmentSourceOf } from "./entry-maker.js";
import type { FieldIssue } from "./field-issue.js";
import { isIdentical } from "./item-keys.js";
import type { DatasetItem } from "./items.js";
import { describeLocation, type RecordLocation, readDatasetRecords } from "./read-records.js";
import { SplitRouter } from "./split-router.js";
import { deriveItems, underivable } from "./transform.js";
import type { TrlStyle } from "./trl.js";
import { commitAll, openRecordSink, type RecordSink, RecordWriteError } from "./write-records.js";

export { splitPath } from "./convert-paths.js";

export interface ConvertOptions extends FilterOptions {
  readonly from?: DatasetFormat;
  readonly to: DatasetFormat;
  /** TRL output style; by default the input's (text for text formats and for CSV output). */
  readonly style?: TrlStyle;
  readonly strategy: PairStrategy;
  /** Smallest score difference that makes a pair (> 0). */
  readonly minMargin: number;
  readonly criterion: string;
  readonly attribute: HelpSteerAttribute;
  readonly split?: SplitSpec;
  /** Leave out records repeating an earlier record byte for byte (same fields, same values). */
  readonly dropDuplicates: boolean;
  /** Go on past invalid records, writing each to this JSON Lines report. */
  readonly rejects?: string;
  /** Who made the judgments of data converted into prefkit's format. */
  readonly source: JudgmentSourceSpec;
  /** Judgment files: their systems, arena-hard's baseline, a field mapping, label codes. */
  readonly codec?: Partial<Pick<CodecOptions, "systems" | "baseline" | "mapping" | "labelValues">>;
  /** Called now and then with the number of records read so far. */
  readonly onProgress?: (records: number) => void;
}

export interface ConvertSummary {
  /** The input, or the inputs joined by ", " when there are several (each listed in `inputs`). */
  input: string;
  inputs?: string[];
  /** The input's format; null when the input held no valid record. */
  format: DatasetFormat | null;
  to: DatasetFormat;
  records: number;
  /** Records rejected (each counted once, however many of its items failed). */
  invalid: number;
  /** Records written, by output file. */
  written: Record<string, number>;
  /** Items left out, by reason. */
  dropped: Record<string, number>;
  /** Records repeating an earlier record byte for byte: kept unless `dropDuplicates`. */
  duplicates: number;
  /** Groups preferred both ways (see conflict-keys.ts), and the items in them. */
  conflicts: { groups: number; items: number };
  /** Decisions made while deriving (strong verdicts written as three battles, …), by decision. */
  notes?: Record<string, number>;
  rejects?: string;
}

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

/**
 * Converts one input file, or several read one after the other as one dataset (each may be in
 * the same format only: detected per file, or `from`).
 */
export async function convertDataset(
  input: string | readonly string[],
  output: string,
  options: ConvertOptions,
): Promise<ConvertSummary> {
  const inputs = typeof input === "string" ? [input] : [...input];
  const splits = options.split?.fractions.map(([name]) => name) ?? [];
  const paths = await planOutputs(inputs, output, splits, options.rejects);
  const tally = new ConversionTally();
  const twoPasses =
    options.conflicts !== "keep" ||
    (options.where.length > 0 &&
      options.to === "prefkit" &&
      (await inputFormat(inputs[0]!, options)) === "prefkit");
  if (twoPasses) await new Conversion(inputs, paths, options, tally, "tally").run();
  return new Conversion(
    inputs,
    paths,
    options,
    tally,
    twoPasses ? "write" : "tally and write",
  ).run();
}

/** The input's format: as named, or as its first valid record says. */
async function inputFormat(
  input: string,
  options: ConvertOptions,
): Promise<DatasetFormat | undefined> {
  if (options.from) return options.from;
  for await (const located of readDatasetRecords(input))
    if (located.ok) return detectDatasetFormat(located.record)?.format;
  return undefined;
}

class Conversion {
  private readonly target;
  private readonly router: SplitRouter | undefined;
  private readonly sinks = new Map<string, RecordSink>();
  private readonly rejects: RecordSink | undefined;
  /** Digests of the records read, to find records repeated byte for byte. */
  private readonly seen = new DigestSet();
  private readonly entries: EntryMaker;
  private readonly summary: ConvertSummary;
  private readonly filters: ItemFilters;
  private codecOptions: CodecOptions;
  private format: DatasetFormat | undefined;
  private assembler: ItemAssembler | undefined;
  /** The record last rejected, so a record with several bad items counts once. */
  private lastRejected: RecordLocation | undefined;
  /** Criteria seen in rated items, to tell a misspelt --criterion from unrated data. */
  private readonly criteria = new Set<string>();
  private ratedItems = 0;
  /** The file being read, and its format once its first record is seen. */
  private input: string;
  private fileFormat: DatasetFormat | undefined;

  constructor(
    private readonly inputs: readonly string[],
    private readonly paths: ReadonlyMap<string, string>,
    private readonly options: ConvertOptions,
    private readonly tally: ConversionTally,
    private readonly pass: Pass,
  ) {
    this.input = inputs[0]!;
    this.target = CODECS[options.to];
    this.router = options.split && new SplitRouter(options.split);
    const writing = pass !== "tally";
    // An output given no record still declares the target's fields (Parquet columns, CSV header).
    const emptyFields = () => emptyFieldsOf(options.to, this.codecOptions);
    if (writing)
      for (const [name, path] of paths) this.sinks.set(name, openRecordSink(path, { emptyFields }));
    this.rejects = writing && options.rejects ? openRecordSink(options.rejects) : undefined;
    this.entries = new EntryMaker(options.source, options.criterion);
    this.codecOptions = { ...DEFAULT_CODEC_OPTIONS, ...options, ...options.codec };
    this.format = options.from;
    this.summary = {
      input: inputs.join(", "),
      ...(inputs.length > 1 ? { inputs: [...inputs] } : {}),
      format: options.from ?? null,
      to: options.to,
      records: 0,
      invalid: 0,
      written: Object.fromEntries([...paths.values()].map((p) => [p, 0])),
      dropped: {},
      duplicates: 0,
      conflicts: { groups: 0, items: 0 },
      ...(options.rejects ? { rejects: options.rejects } : {}),
    };
    this.filters = new ItemFilters(options, tally, pass, this.summary.dropped);
  }

  async run(): Promise<ConvertSummary> {
    const all = [...this.sinks.values(), ...(this.rejects ? [this.rejects] : [])];
    try {
      for (const input of this.inputs) {
        this.input = input;
        this.fileFormat = this.options.from;
        this.codecOptions = { ...this.codecOptions, file: input };
        for await (const located of readDatasetRecords(input)) {
          this.summary.records++;
          if ((this.summary.records & 4095) === 0 && this.pass !== "tally")
            this.options.onProgress?.(this.summary.records);
          if (!located.ok)
            await this.reject(located, {
              field: located.field ?? "(record)",
              message: located.message,
            });
          else await this.record(located.record, located);
        }
      }
      for (const { item, location } of this.assembler?.flush() ?? [])
        await this.emit(item, location);
      this.checkCriterion();
      for (const sink of all) await sink.finish();
      await commitAll(all);
    } catch (error) {
      await Promise.all(all.map((sink) => sink.abort()));
      throw error;
    }
    this.summary.conflicts = conflictTotals(this.tally.conflicts);
    if (this.pass !== "tally") this.options.onProgress?.(this.summary.records);
    return this.summary;
  }

  private async record(record: Record<string, unknown>, location: RecordLocation): Promise<void> {
    const format = this.fileFormat ?? this.detect(record, location);
    if (!this.assembler) this.start(format, record);
    if (!this.seen.add(new Digest64().text(JSON.stringify(record)))) {
      this.summary.duplicates++;
      if (this.options.dropDuplicates) {
        this.drop("duplicate record (--drop-duplicates)");
        return;
      }
    }
    // Canonical filters choose judgments: the entries they use are read whatever the filter.
    const filtered = format !== "prefkit" || record.type === "judgment";
    if (filtered && !matchesWhere(record, this.options.where)) {
      this.drop("--where");
      return;
    }
    const parsed = readRecord(format, record, this.codecOptions);
    if (!parsed.ok) return this.reject(location, parsed.issues[0]!);
    for (const item of parsed.value) {
      const assembled = this.assembler!.add(item, location);
      if (!assembled.ok) {
        await this.reject(location, assembled.issues[0]!);
        continue;
      }
      if (assembled.ready.length === 0 && assembled.empty) this.drop(assembled.empty);
      for (const ready of assembled.ready) await this.emit(ready.item, ready.location);
    }
  }

  private detect(record: Record<string, unknown>, location: RecordLocation): DatasetFormat {
    const detected = detectDatasetFormat(record);
    if (!detected) {
      throw new DatasetRecordError(
        this.input,
        location,
        "(record)",
        `unknown dataset format (fields: ${Object.keys(record).join(", ")}); name it with --from`,
      );
    }
    if (this.format !== undefined && detected.format !== this.format) {
      throw usageError(
        `${this.input} holds ${detected.format} records, the files before it ${this.format}: convert them separately, or name the format with --from`,
      );
    }
    this.format = detected.format;
    this.fileFormat = detected.format;
    return detected.format;
  }

  /** Settles what depends on the input's format, once its first valid record is seen. */
  private start(format: DatasetFormat, first: Record<string, unknown>): void {
    this.summary.format = format;
    const holds = CODECS[format].holds;
    const impossible = underivable(holds, this.target.holds);
    if (impossible)
      throw usageError(`cannot write ${this.options.to} from ${format}: ${impossible}`);
    if (format === "prefkit" && this.options.to === "prefkit") {
      const { dropEmpty, maxChars, conflicts } = this.options;
      if (dropEmpty || maxChars !== undefined) {
        throw usageError(
          "prefkit → prefkit copies entries as they are: --drop-empty and --max-chars would leave judgments without their candidates",
        );
      }
      if (conflicts !== "keep") {
        throw usageError(
          `prefkit → prefkit copies judgments as they are: --conflicts ${conflicts} applies to the pairs, examples or battles they derive`,
        );
      }
    }
    const csv = [...this.paths.values()].some((p) => /\.csv(\.gz)?$/i.test(p));
    this.codecOptions = {
      ...this.codecOptions,
      style: this.options.style ?? (csv ? "text" : inputStyle(format, first)),
    };
    const { criterion, source } = this.options;
    this.assembler = new ItemAssembler(
      format,
      this.target.holds,
      criterion,
      judgmentSourceOf(source),
    );
  }

  private drop(reason: string): false {
    return this.filters.drop(reason);
  }

  private async reject(location: RecordLocation, issue: FieldIssue): Promise<void> {
    if (!this.options.rejects)
      throw new DatasetRecordError(this.input, location, issue.field, issue.message);
    // A first pass leaves the report to the second.
    if (!this.rejects) return;
    const where = describeLocation(this.input, location);
    if (this.lastRejected === location) return;
    this.lastRejected = location;
    this.summary.invalid++;
    await this.rejects.write({ location: where, field: issue.field, reason: issue.message });
  }

  private async emit(item: DatasetItem, location: RecordLocation): Promise<void> {
    if (item.kind === "rated") {
      this.ratedItems++;
      for (const c of item.rated.completions)
        for (const name of Object.keys(c.criteria ?? {})) this.criteria.add(name);
    }
    const toEntries = this.target.holds === "entry";
    // An identical pair carries no preference whatever it becomes (KTO would label one answer
    // both ways); canonical output is filtered before it becomes entries, so a pair left out
    // leaves out its candidates and judgment together.
    if (item.kind === "pair" && !this.options.keepIdentical && isIdentical(item)) {
      this.drop("identical chosen and rejected");
      return;
    }
    const { filters } = this;
    if (toEntries && item.kind !== "entry" && !(filters.keep(item) && filters.settle(item))) return;
    const derived = toEntries
      ? this.entries.make(item)
      : deriveItems(item, this.target.holds, this.options);
    if (!derived.ok) return this.reject(location, derived.issues[0]!);
    if (derived.items.length === 0 && derived.empty) this.drop(derived.empty);
    for (const [reason, n] of Object.entries(derived.omitted ?? {})) filters.drop(reason, n);
    for (const [reason, n] of Object.entries(derived.dropped ?? {})) filters.drop(reason, n);
    for (const [note, n] of Object.entries(derived.notes ?? {})) {
      this.summary.notes ??= {};
      this.summary.notes[note] = (this.summary.notes[note] ?? 0) + n;
    }
    const canonical = this.format === "prefkit";
    for (const out of derived.items) {
      if (toEntries ? out.kind !== "entry" || filters.keepEntry(out, canonical) : filters.keep(out))
        await this.write(out, location);
    }
  }

  private async write(item: DatasetItem, location: RecordLocation): Promise<void> {
    const records = writeItem(this.options.to, item, this.codecOptions);
    if (!records.ok) return this.reject(location, records.issues[0]!);
    if (item.kind !== "entry" && !this.filters.settle(item)) return;
    if (this.pass === "tally") return;
    for (const name of this.router ? this.router.route(item) : [""]) {
      const path = this.paths.get(name)!;
      const sink = this.sinks.get(name)!;
      for (const record of records.value) {
        try {
          await sink.write(record);
        } catch (error) {
          // A record the output file type cannot hold (a nested value in CSV, a new column in
          // Parquet) is that record's problem, located at its input line.
          if (!(error instanceof RecordWriteError)) throw error;
          return this.reject(location, { field: error.field, message: error.reason });
        }
        this.summary.written[path]! += 1;
      }
    }
  }

  /** A --criterion no rated completion has is a typo, not data without ratings. */
  private checkCriterion(): void {
    const { criterion } = this.options;
    if (this.ratedItems === 0 || criterion === "mean" || this.criteria.has(criterion)) return;
    if (this.format === "helpsteer") return;
    throw usageError(
      `--criterion ${criterion}: no completion has it (criteria in this file: ${[...this.criteria].sort().join(", ") || "none"})`,
    );
  }
}
