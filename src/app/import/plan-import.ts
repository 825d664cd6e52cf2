/**
 * The records of a dataset file, in any format prefkit reads, made into canonical entries
 * (EntryMaker) — the path `prefkit convert --to prefkit` takes — for the import route and
 * `prefkit import` alike. Records are taken one at a time from the reader and only the entries
 * made of them are kept; each record is checked as the API checks JSON bodies (NUL, lone
 * surrogates, nesting; value-hygiene.ts) before anything reads it, and the first bad one ends
 * the planning with an `ImportError` naming its line and field.
 */
import type { CanonicalEntry } from "../../core/dataset/canonical.js";
import { ItemAssembler } from "../../formats/dataset/assemble.js";
import { DEFAULT_CODEC_OPTIONS, readRecord } from "../../formats/dataset/codecs.js";
import { type DatasetFormat, detectDatasetFormat } from "../../formats/dataset/detect.js";
import { EntryMaker } from "../../formats/dataset/entry-maker.js";
import type { FieldIssue } from "../../formats/dataset/field-issue.js";
import type { DatasetItem } from "../../formats/dataset/items.js";
import type { LocatedRecord, RecordLocation } from "../../formats/dataset/read-located.js";
import { valueIssue } from "../../formats/value-hygiene.js";
import { ImportError } from "./import-error.js";
import { type ImportPlan, locationOf, noteRowGroup } from "./import-plan.js";

// `| undefined` on the optional fields: shells pass their (optional) flags straight through.
export interface ImportOptions {
  format?: DatasetFormat | undefined;
  /** How the caller names the format, for the message when it cannot be detected. */
  formatOption?: string;
  /** Who made the judgments of converted data (canonical judgments carry their own source). */
  annotator: string;
  judge?: string | undefined;
  criterion: string;
  /** Called after each record with the number read so far (for progress). */
  onRecord?: (records: number) => void;
}

const recordError = (location: RecordLocation, issue: FieldIssue): ImportError =>
  new ImportError("invalid", location, issue.field, issue.message);

/**
 * Reads `records` to their end and returns what to store. Errors the reader throws (an I/O
 * error, a `ReadLimitError`) pass through as they are.
 *
 * @example const plan = await planImport(readDatasetRecords("pairs.csv"), { annotator: "me", criterion: "mean" });
 * @throws ImportError (`invalid`) naming the first bad record (and field), or the empty file.
 * Memory: the entries made, not the records read.
 */
export async function planImport(
  records: AsyncIterable<LocatedRecord>,
  options: ImportOptions,
): Promise<ImportPlan> {
  let format = options.format;
  const plan: ImportPlan = {
    format: format ?? "prefkit",
    records: 0,
    prompts: [],
    systems: [],
    candidates: [],
    judgments: [],
    lines: { prompts: [], systems: [], candidates: [], judgments: [] },
    rowGroups: [],
  };
  const maker = new EntryMaker(
    options.judge === undefined
      ? { kind: "human", annotator: options.annotator }
      : { kind: "ai", model: options.judge },
    options.criterion,
  );
  const codecOptions = { ...DEFAULT_CODEC_OPTIONS, criterion: options.criterion };
  let assembler: ItemAssembler | undefined;
  const take = (item: DatasetItem, line: number) => {
    const made = maker.make(item);
    if (!made.ok) throw recordError(locationOf(plan, line), made.issues[0]!);
    for (const out of made.items) if (out.kind === "entry") addEntry(plan, out.entry, line);
  };
  for await (const r of records) {
    if (!r.ok) throw recordError(r, { field: r.field ?? "(record)", message: r.message });
    const issue = valueIssue(r.record);
    if (issue) throw recordError(r, issue);
    noteRowGroup(plan, r);
    plan.records++;
    options.onRecord?.(plan.records);
    if (format === undefined) {
      const detected = detectDatasetFormat(r.record);
      if (!detected) {
        throw recordError(r, {
          field: "(record)",
          message: `unknown dataset format (fields: ${Object.keys(r.record).join(", ")}); name it with ${options.formatOption ?? "the format option"}`,
        });
      }
      format = detected.format;
      plan.format = format;
    }
    const parsed = readRecord(format, r.record, codecOptions);
    if (!parsed.ok) throw recordError(r, parsed.issues[0]!);
    for (const item of parsed.value) {
      // Canonical entries go in as they are: their references may name what the project holds.
      if (item.kind === "entry") {
        addEntry(plan, item.entry, r.line);
        continue;
      }
      assembler ??= new ItemAssembler(format, "entry", options.criterion);
      const assembled = assembler.add(item, r);
      if (!assembled.ok) throw recordError(r, assembled.issues[0]!);
      for (const ready of assembled.ready) take(ready.item, ready.location.line);
    }
  }
  if (plan.records === 0) {
    throw new ImportError("invalid", undefined, "(record)", "the file holds no records");
  }
  for (const ready of assembler?.flush() ?? []) take(ready.item, ready.location.line);
  return plan;
}

function addEntry(plan: ImportPlan, entry: CanonicalEntry, line: number): void {
  // A switch, not a table keyed by type: each case keeps `entry` narrowed without a cast.
  switch (entry.type) {
    case "prompt":
      plan.prompts.push(entry.prompt);
      plan.lines.prompts.push(line);
      return;
    case "system":
      plan.systems.push(entry.system);
      plan.lines.systems.push(line);
      return;
    case "candidate":
      plan.candidates.push(entry.candidate);
      plan.lines.candidates.push(line);
      return;
    case "judgment":
      plan.judgments.push(entry.judgment);
      plan.lines.judgments.push(line);
  }
}
