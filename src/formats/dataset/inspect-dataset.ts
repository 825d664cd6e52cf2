/**
 * What a dataset holds and what is wrong with it, in one streaming pass per file: detected
 * format and why, record and field counts, a sample, located invalid records, a quality report
 * of its preference pairs, outcome balance, per-system counts, and prompts that appear in more
 * than one split (a file's `split` field, or one split per file when several are given).
 */
import { basename } from "node:path";
import { textDigest } from "../../core/dataset/dedupe.js";
import { ratedToPairs } from "../../core/dataset/derive.js";
import type { PreferencePair } from "../../core/dataset/preference.js";
import { QualityAccumulator, type QualityReport } from "../../core/dataset/quality.js";
import { battleToPair } from "./arena-pairs.js";
import { ItemAssembler } from "./assemble.js";
import { CODECS, DEFAULT_CODEC_OPTIONS } from "./codecs.js";
import { DatasetRecordError } from "./dataset-error.js";
import { type DatasetFormat, detectDatasetFormat } from "./detect.js";
import { promptKeyOf } from "./item-keys.js";
import type { DatasetItem } from "./items.js";
import { describeLocation, readDatasetRecords } from "./read-records.js";

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
  format: DatasetFormat;
  reason: string;
  records: number;
  invalid: number;
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
  splits?: {
    prompts: Record<string, number>;
    /** Prompts found in two or more splits: leakage between train and test. */
    shared: number;
    examples: string[];
  };
}

class Tally {
  readonly quality = new QualityAccumulator();
  readonly outcomes = new Map<string, number>();
  readonly systems = new Map<string, SystemCounts>();
  readonly splitPrompts = new Map<string, Set<string>>();
  readonly promptText = new Map<string, string>();
  unpaired = 0;
  desirable = 0;
  rated = 0;
  completions = 0;

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
      case "entry":
        return;
    }
  }

  add(item: DatasetItem, split: string | undefined): void {
    this.item(item);
    if (split !== undefined) this.split(split, item);
  }

  private split(name: string, item: DatasetItem): void {
    if (item.kind === "entry") return;
    const key = promptKeyOf(item)!;
    const digest = textDigest(key);
    let prompts = this.splitPrompts.get(name);
    if (!prompts) {
      prompts = new Set();
      this.splitPrompts.set(name, prompts);
    }
    prompts.add(digest);
    if (this.promptText.size < 10_000 && !this.promptText.has(digest))
      this.promptText.set(digest, key);
  }
}

/** Inspects one or more files (each may be in its own format). */
export async function inspectDataset(files: readonly string[]): Promise<InspectReport> {
  const tally = new Tally();
  const fields = new Map<string, number>();
  const errors: string[] = [];
  const reports: FileReport[] = [];
  let sample: unknown;
  const note = (where: string, field: string, message: string, report: FileReport) => {
    report.invalid++;
    if (errors.length < MAX_ERRORS) errors.push(`${where}: ${field}: ${message}`);
  };

  for (const file of files) {
    let report: FileReport | undefined;
    let assembler: ItemAssembler | undefined;
    let invalidBeforeFormat = 0;
    let lastSplit: string | undefined;
    for await (const located of readDatasetRecords(file)) {
      if (!located.ok) {
        if (report) note(describeLocation(file, located), "(record)", located.message, report);
        else {
          invalidBeforeFormat++;
          if (errors.length < MAX_ERRORS)
            errors.push(`${describeLocation(file, located)}: (record): ${located.message}`);
        }
        continue;
      }
      if (!report || !assembler) {
        const detected = detectDatasetFormat(located.record);
        if (!detected) {
          throw new DatasetRecordError(
            describeLocation(file, located),
            "(record)",
            `unknown dataset format (fields: ${Object.keys(located.record).join(", ")})`,
          );
        }
        report = {
          file,
          format: detected.format,
          reason: detected.reason,
          records: invalidBeforeFormat,
          invalid: invalidBeforeFormat,
        };
        reports.push(report);
        assembler = new ItemAssembler(detected.format, "pair", DEFAULT_CODEC_OPTIONS.criterion);
        sample ??= located.record;
      }
      report.records++;
      for (const key of Object.keys(located.record)) fields.set(key, (fields.get(key) ?? 0) + 1);
      const parsed = CODECS[report.format].read(located.record, DEFAULT_CODEC_OPTIONS);
      if (!parsed.ok) {
        const issue = parsed.issues[0]!;
        note(describeLocation(file, located), issue.field, issue.message, report);
        continue;
      }
      const split =
        typeof located.record.split === "string"
          ? located.record.split
          : files.length > 1
            ? basename(file)
            : undefined;
      // HelpSteer rows are grouped by prompt and canonical judgments resolved before counting.
      for (const item of parsed.value) {
        const assembled = assembler.add(item, located);
        if (!assembled.ok) {
          const issue = assembled.issues[0]!;
          note(describeLocation(file, located), issue.field, issue.message, report);
          continue;
        }
        for (const ready of assembled.ready) tally.add(ready.item, split);
      }
      lastSplit = split;
    }
    if (!report) throw new DatasetRecordError(file, "(file)", "no records");
    for (const ready of assembler?.flush() ?? []) tally.add(ready.item, lastSplit);
  }

  const first = reports[0]!;
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
    ...(tally.splitPrompts.size > 0 ? { splits: sharedPrompts(tally) } : {}),
  };
}

function sharedPrompts(tally: Tally): NonNullable<InspectReport["splits"]> {
  const count = new Map<string, number>();
  for (const prompts of tally.splitPrompts.values())
    for (const p of prompts) count.set(p, (count.get(p) ?? 0) + 1);
  const shared = [...count].filter(([, n]) => n > 1).map(([p]) => p);
  return {
    prompts: Object.fromEntries([...tally.splitPrompts].map(([name, set]) => [name, set.size])),
    shared: shared.length,
    examples: shared
      .slice(0, MAX_SHARED_EXAMPLES)
      .map((p) => String(truncate(tally.promptText.get(p) ?? p))),
  };
}

function truncate(value: unknown): unknown {
  if (typeof value === "string") return value.length > 120 ? `${value.slice(0, 117)}...` : value;
  if (Array.isArray(value)) return value.slice(0, 3).map(truncate);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, truncate(v)]));
  return value;
}
