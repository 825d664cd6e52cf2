/**
 * What a dataset holds and what is wrong with it, in one streaming pass per file: detected
 * format and why, record and field counts, a sample, located invalid records, a quality report
 * of its preference pairs, outcome balance, per-system counts, and prompts that appear in more
 * than one split (a file's `split` field, or one split per file when several are given).
 */

import { ratedToPairs } from "../../core/dataset/derive.js";
import { Digest64, DigestSet } from "../../core/dataset/digest-set.js";
import type { PreferencePair } from "../../core/dataset/preference.js";
import { QualityAccumulator, type QualityReport } from "../../core/dataset/quality.js";
import { battleToPair } from "./arena-pairs.js";
import { ItemAssembler } from "./assemble.js";
import { CODECS, type CodecOptions, DEFAULT_CODEC_OPTIONS } from "./codecs.js";
import { DatasetRecordError } from "./dataset-error.js";
import { type DatasetFormat, detectDatasetFormat } from "./detect.js";
import { promptKeyOf } from "./item-keys.js";
import type { DatasetItem } from "./items.js";
import { comparisonToPair } from "./judgments/comparison-derive.js";
import { type RecordLocation, readDatasetRecords } from "./read-records.js";

const MAX_ERRORS = 5;
const MAX_SHARED_EXAMPLES = 3;

export interface SystemCounts {
  appearances: number;
  wins: number;
  losses: number;
  ties: number;
}

export interface FileReport {
  file: string;
  /** null when the file has no valid record to tell its format by (an empty split, say). */
  format: DatasetFormat | null;
  reason: string;
  records: number;
  invalid: number;
}

/** Labelled comparisons (judgment files): how many labels, by whom, with what verdicts. */
export interface ComparisonCounts {
  items: number;
  labels: number;
  /** Labels whose answer could not be read (null preference). */
  unparsed: number;
  /** Strong verdicts (arena-hard's A>>B, B>>A). */
  strong: number;
  /** Labels with a fractional preference (weighted judges). */
  fractional: number;
  /** Labels by labeller, most first. */
  labellers: Record<string, number>;
  /** Parsed labels by verdict for `a`: a, b, tie, both_bad. */
  verdicts: Record<string, number>;
}

export interface InspectOptions {
  /** Every file's format, instead of detecting it. */
  readonly from?: DatasetFormat;
  /** Judgment files: systems, baseline, mapping, label codes. */
  readonly codec?: Partial<Pick<CodecOptions, "systems" | "baseline" | "mapping" | "labelValues">>;
}

export interface InspectReport {
  files: FileReport[];
  format: DatasetFormat;
  reason: string;
  records: number;
  invalid: number;
  /** The first few invalid records, as file:line: field: reason. */
  errors: string[];
  /** How many records have each field, most common first. */
  fields: Record<string, number>;
  sample: unknown;
  quality: QualityReport;
  outcomes?: Record<string, number>;
  systems?: Record<string, SystemCounts>;
  unpaired?: { examples: number; desirableShare: number };
  rated?: { items: number; completions: number };
  comparisons?: ComparisonCounts;
  splits?: {
    prompts: Record<string, number>;
    /** Prompts found in two or more splits: leakage between train and test. */
    shared: number;
    examples: string[];
  };
}

const digestId = (d: { hi: number; lo: number }) => `${d.hi}:${d.lo}`;

class Tally {
  readonly quality = new QualityAccumulator();
  readonly outcomes = new Map<string, number>();
  readonly systems = new Map<string, SystemCounts>();
  readonly splitPrompts = new Map<string, DigestSet>();
  /** Texts of the first prompts seen, to show examples of leakage. */
  readonly promptText = new Map<string, string>();
  unpaired = 0;
  desirable = 0;
  rated = 0;
  completions = 0;
  readonly comparisons: ComparisonCounts = {
    items: 0,
    labels: 0,
    unparsed: 0,
    strong: 0,
    fractional: 0,
    labellers: {},
    verdicts: {},
  };

  comparison(item: Extract<DatasetItem, { kind: "comparison" }>): void {
    const c = item.comparison;
    const counts = this.comparisons;
    counts.items++;
    for (const label of c.labels) {
      counts.labels++;
      counts.labellers[label.labeller] = (counts.labellers[label.labeller] ?? 0) + 1;
      const p = label.preference;
      if (p === null) {
        counts.unparsed++;
        continue;
      }
      if (label.strong) counts.strong++;
      if (p !== 0 && p !== 0.5 && p !== 1) counts.fractional++;
      const verdict = label.bothBad ? "both_bad" : p > 0.5 ? "a" : p < 0.5 ? "b" : "tie";
      counts.verdicts[verdict] = (counts.verdicts[verdict] ?? 0) + 1;
      const tie = verdict === "tie" || verdict === "both_bad";
      this.system(c.systemA, tie ? "ties" : verdict === "a" ? "wins" : "losses");
      this.system(c.systemB, tie ? "ties" : verdict === "b" ? "wins" : "losses");
    }
    // The quality report looks at the majority pair, when the file holds the responses.
    const pair = c.a && c.b ? comparisonToPair(c) : undefined;
    if (pair?.ok && !("empty" in pair.value)) this.quality.add(pair.value);
  }

  system(name: string | undefined, result: "wins" | "losses" | "ties" | undefined): void {
    if (name === undefined) return;
    let counts = this.systems.get(name);
    if (!counts) {
      counts = { appearances: 0, wins: 0, losses: 0, ties: 0 };
      this.systems.set(name, counts);
    }
    counts.appearances++;
    if (result) counts[result]++;
  }

  pair(pair: PreferencePair, systemsCounted: boolean): void {
    this.quality.add(pair);
    if (systemsCounted) return;
    this.system(pair.chosenModel, "wins");
    this.system(pair.rejectedModel, "losses");
  }

  item(item: DatasetItem): void {
    switch (item.kind) {
      case "pair":
        this.pair(item.pair, false);
        return;
      case "unpaired":
        this.unpaired++;
        if (item.example.label) this.desirable++;
        this.system(item.example.model, undefined);
        return;
      case "rated":
        this.rated++;
        this.completions += item.rated.completions.length;
        for (const c of item.rated.completions) this.system(c.model, undefined);
        for (const pair of ratedToPairs(item.rated, "all")) this.quality.add(pair);
        return;
      case "battle": {
        const { modelA, modelB, winner } = item.battle;
        this.outcomes.set(winner, (this.outcomes.get(winner) ?? 0) + 1);
        const tie = winner !== "model_a" && winner !== "model_b";
        this.system(modelA, tie ? "ties" : winner === "model_a" ? "wins" : "losses");
        this.system(modelB, tie ? "ties" : winner === "model_b" ? "wins" : "losses");
        const pair = item.battle.conversationA ? battleToPair(item.battle) : undefined;
        if (pair?.ok && pair.value) this.pair(pair.value, true);
        return;
      }
      case "comparison":
        this.comparison(item);
        return;
      case "entry":
        return;
    }
  }

  add(item: DatasetItem, split: string | undefined): void {
    this.item(item);
    // Judgment files are not training splits: a folder of them judges the same questions.
    if (split !== undefined && item.kind !== "comparison") this.split(split, item);
  }

  private split(name: string, item: DatasetItem): void {
    if (item.kind === "entry") return;
    const key = promptKeyOf(item)!;
    const digest = new Digest64().text(key);
    let prompts = this.splitPrompts.get(name);
    if (!prompts) {
      prompts = new DigestSet();
      this.splitPrompts.set(name, prompts);
    }
    prompts.add(digest);
    const id = digestId(digest);
    if (this.promptText.size < 10_000 && !this.promptText.has(id)) this.promptText.set(id, key);
  }
}

/** Inspects one or more files (each may be in its own format, unless `options.from` names it). */
export async function inspectDataset(
  files: readonly string[],
  options: InspectOptions = {},
): Promise<InspectReport> {
  const tally = new Tally();
  const fields = new Map<string, number>();
  const errors: string[] = [];
  const reports: FileReport[] = [];
  let sample: unknown;
  const note = (
    file: string,
    at: RecordLocation,
    field: string,
    message: string,
    report: FileReport,
  ) => {
    report.invalid++;
    // Worded as the converter's errors: a problem with a whole record names no field.
    if (errors.length < MAX_ERRORS)
      errors.push(new DatasetRecordError(file, at, field, message).message);
  };

  const splitNames = fileSplitNames(files);
  for (const [index, file] of files.entries()) {
    const fileSplit = splitNames[index]!;
    const report: FileReport = { file, format: null, reason: "no records", records: 0, invalid: 0 };
    reports.push(report);
    let format: DatasetFormat | undefined;
    let assembler: ItemAssembler | undefined;
    let lastSplit: string | undefined;
    const codec: CodecOptions = { ...DEFAULT_CODEC_OPTIONS, ...options.codec, file };
    for await (const located of readDatasetRecords(file)) {
      report.records++;
      if (!located.ok) {
        note(file, located, located.field ?? "(record)", located.message, report);
        continue;
      }
      if (!format || !assembler) {
        const detected = options.from
          ? {
              format: options.from,
              reason:
                options.from === "mapped" ? "read through the given mapping" : "named with --from",
            }
          : detectDatasetFormat(located.record);
        if (!detected) {
          throw new DatasetRecordError(
            file,
            located,
            "(record)",
            `unknown dataset format (fields: ${Object.keys(located.record).join(", ")})`,
          );
        }
        format = detected.format;
        report.format = format;
        report.reason = detected.reason;
        // As battles, canonical pairwise judgments keep their ties for the outcome balance.
        assembler = new ItemAssembler(format, "battle", DEFAULT_CODEC_OPTIONS.criterion);
        sample ??= located.record;
      }
      for (const key of Object.keys(located.record)) fields.set(key, (fields.get(key) ?? 0) + 1);
      const parsed = CODECS[format].read(located.record, codec);
      if (!parsed.ok) {
        const issue = parsed.issues[0]!;
        note(file, located, issue.field, issue.message, report);
        continue;
      }
      const split =
        typeof located.record.split === "string"
          ? located.record.split
          : files.length > 1
            ? fileSplit
            : undefined;
      // HelpSteer rows are grouped by prompt and canonical judgments resolved before counting.
      for (const item of parsed.value) {
        const assembled = assembler.add(item, located);
        if (!assembled.ok) {
          const issue = assembled.issues[0]!;
          note(file, located, issue.field, issue.message, report);
          continue;
        }
        for (const ready of assembled.ready) tally.add(ready.item, split);
      }
      lastSplit = split;
    }
    if (!format && report.records > 0) report.reason = "no valid records";
    for (const ready of assembler?.flush() ?? []) tally.add(ready.item, lastSplit);
  }

  const first = reports.find((r) => r.format !== null);
  if (!first?.format) {
    const why = errors.length > 0 ? ` (first: ${errors[0]})` : "";
    throw new DatasetRecordError(
      files.join(", "),
      undefined,
      "(record)",
      `${reports[0]!.reason}${why}`,
    );
  }
  return {
    files: reports,
    format: first.format,
    reason: first.reason,
    records: reports.reduce((n, r) => n + r.records, 0),
    invalid: reports.reduce((n, r) => n + r.invalid, 0),
    errors,
    fields: Object.fromEntries([...fields].sort((a, b) => b[1] - a[1])),
    sample: truncate(sample),
    quality: tally.quality.report(),
    ...(tally.outcomes.size > 0
      ? { outcomes: Object.fromEntries([...tally.outcomes].sort()) }
      : {}),
    ...(tally.systems.size > 0
      ? {
          systems: Object.fromEntries(
            [...tally.systems].sort(
              (a, b) => b[1].appearances - a[1].appearances || (a[0] < b[0] ? -1 : 1),
            ),
          ),
        }
      : {}),
    ...(tally.unpaired > 0
      ? { unpaired: { examples: tally.unpaired, desirableShare: tally.desirable / tally.unpaired } }
      : {}),
    ...(tally.rated > 0 ? { rated: { items: tally.rated, completions: tally.completions } } : {}),
    ...(tally.comparisons.items > 0 ? { comparisons: sortedLabellers(tally.comparisons) } : {}),
    ...(tally.splitPrompts.size > 0 ? { splits: sharedPrompts(tally) } : {}),
  };
}

/** Each file's split name: the path as given, numbered when a path is given twice. */
function fileSplitNames(files: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return files.map((file) => {
    const n = (seen.get(file) ?? 0) + 1;
    seen.set(file, n);
    return n === 1 ? file : `${file} #${n}`;
  });
}

function sharedPrompts(tally: Tally): NonNullable<InspectReport["splits"]> {
  const sets = [...tally.splitPrompts.values()];
  const shared: string[] = [];
  let count = 0;
  // A prompt is shared when a later split has it too; each is counted at its first split.
  sets.forEach((prompts, k) => {
    prompts.forEach((digest) => {
      if (sets.slice(0, k).some((earlier) => earlier.has(digest))) return;
      if (!sets.slice(k + 1).some((later) => later.has(digest))) return;
      count++;
      if (shared.length < MAX_SHARED_EXAMPLES) shared.push(digestId(digest));
    });
  });
  return {
    prompts: Object.fromEntries([...tally.splitPrompts].map(([name, set]) => [name, set.size])),
    shared: count,
    examples: shared.map((id) => String(truncate(tally.promptText.get(id) ?? id))),
  };
}

function truncate(value: unknown): unknown {
  if (typeof value === "string") return value.length > 120 ? `${value.slice(0, 117)}...` : value;
  if (Array.isArray(value)) return value.slice(0, 3).map(truncate);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, truncate(v)]));
  return value;
}

function sortedLabellers(counts: ComparisonCounts): ComparisonCounts {
  const labellers = Object.entries(counts.labellers).sort(
    (x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1),
  );
  return { ...counts, labellers: Object.fromEntries(labellers) };
}
