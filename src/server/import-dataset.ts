/**
 * `POST /api/projects/{id}/import`: a dataset file's JSON Lines text, in any format the
 * datasets work reads, parsed with its codecs and made into canonical entries (EntryMaker) —
 * the same path `prefkit convert --to prefkit` takes. Every line is read and checked before
 * anything is stored; a bad one is reported as `line N: field: reason`.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CanonicalEntry } from "../core/dataset/canonical.js";
import type { Candidate, Prompt, System } from "../core/types.js";
import { ItemAssembler } from "../formats/dataset/assemble.js";
import { DEFAULT_CODEC_OPTIONS, readRecord } from "../formats/dataset/codecs.js";
import { type DatasetFormat, detectDatasetFormat } from "../formats/dataset/detect.js";
import { EntryMaker } from "../formats/dataset/entry-maker.js";
import type { FieldIssue } from "../formats/dataset/field-issue.js";
import type { DatasetItem } from "../formats/dataset/items.js";
import { JsonLinesScanner } from "../formats/dataset/read-jsonl.js";
import { type LocatedRecord, readDatasetRecords } from "../formats/dataset/read-records.js";
import type { NewJudgment, Store } from "../store/store.js";
import { StoreError } from "../store/store.js";
import { ApiError } from "./errors.js";

export interface ImportOptions {
  format?: DatasetFormat;
  /** Who made the judgments of converted data (canonical judgments carry their own source). */
  annotator: string;
  judge?: string;
  criterion: string;
}

/** Entries to store, each kind with the line every item came from. */
export interface ImportPlan {
  format: DatasetFormat;
  records: number;
  prompts: Prompt[];
  systems: System[];
  candidates: Candidate[];
  judgments: NewJudgment[];
  lines: { prompts: number[]; systems: number[]; candidates: number[]; judgments: number[] };
}

const lineError = (line: number, issue: FieldIssue): ApiError =>
  new ApiError(
    "invalid",
    issue.field === "(record)"
      ? `line ${line}: ${issue.message}`
      : `line ${line}: ${issue.field}: ${issue.message}`,
    { field: issue.field, line },
  );

/**
 * The records of an uploaded file. JSON Lines is read from memory; any other file type the
 * datasets work reads (.json, .csv, .parquet, .gz) goes through its reader from a temporary
 * file, named by `filename`'s extension, removed afterwards.
 */
export async function recordsOfUpload(
  body: Buffer,
  filename: string | undefined,
): Promise<LocatedRecord[]> {
  const name = filename ?? "upload.jsonl";
  if (/\.(jsonl|ndjson)$/i.test(name)) {
    const scanner = new JsonLinesScanner();
    return [...scanner.push(body), ...scanner.end()];
  }
  const dir = await mkdtemp(join(tmpdir(), "prefkit-import-"));
  try {
    const path = join(dir, `upload${/(\.[a-z]+)(\.gz)?$/i.exec(name)?.[0] ?? ""}`);
    await writeFile(path, body);
    const records: LocatedRecord[] = [];
    for await (const r of readDatasetRecords(path)) records.push(r);
    return records;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** @throws ApiError (400) naming the first bad line (or Parquet row). */
export function planImport(located: readonly LocatedRecord[], options: ImportOptions): ImportPlan {
  const first = located[0];
  if (first === undefined) throw new ApiError("invalid", "the body holds no records");
  let format = options.format;
  const plan: ImportPlan = {
    format: format ?? "prefkit",
    records: located.length,
    prompts: [],
    systems: [],
    candidates: [],
    judgments: [],
    lines: { prompts: [], systems: [], candidates: [], judgments: [] },
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
    if (!made.ok) throw lineError(line, made.issues[0]!);
    for (const out of made.items) if (out.kind === "entry") addEntry(plan, out.entry, line);
  };
  for (const r of located) {
    if (!r.ok) throw lineError(r.line, { field: "(record)", message: r.message });
    if (format === undefined) {
      const detected = detectDatasetFormat(r.record);
      if (!detected) {
        throw lineError(r.line, {
          field: "(record)",
          message: `unknown dataset format (fields: ${Object.keys(r.record).join(", ")}); name it with ?format=`,
        });
      }
      format = detected.format;
      plan.format = format;
    }
    const parsed = readRecord(format, r.record, codecOptions);
    if (!parsed.ok) throw lineError(r.line, parsed.issues[0]!);
    for (const item of parsed.value) {
      // Canonical entries go in as they are: their references may name what the project holds.
      if (item.kind === "entry") {
        addEntry(plan, item.entry, r.line);
        continue;
      }
      assembler ??= new ItemAssembler(format, "entry", options.criterion);
      const assembled = assembler.add(item, r);
      if (!assembled.ok) throw lineError(r.line, assembled.issues[0]!);
      for (const ready of assembled.ready) take(ready.item, ready.location.line);
    }
  }
  for (const ready of assembler?.flush() ?? []) take(ready.item, ready.location.line);
  return plan;
}

function addEntry(plan: ImportPlan, entry: CanonicalEntry, line: number): void {
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

export interface ImportSummary {
  format: DatasetFormat;
  records: number;
  added: { prompts: number; systems: number; candidates: number; judgments: number };
}

/**
 * Stores a plan: prompts, systems, candidates, then judgments, each kind in one transaction.
 * A refusal is reported at the line of the item it names.
 */
export async function storeImport(
  store: Store,
  projectId: string,
  plan: ImportPlan,
): Promise<ImportSummary> {
  // One transaction: a refused line leaves nothing of the file stored.
  const added = await store
    .addEntries(projectId, {
      prompts: plan.prompts,
      systems: plan.systems,
      candidates: plan.candidates,
      judgments: plan.judgments,
    })
    .catch((error: unknown) => {
      if (!(error instanceof StoreError) || error.index === undefined || !error.part) throw error;
      const line = plan.lines[error.part][error.index];
      const { code, field, reason } = error;
      throw new ApiError(code, `line ${line}: ${field}: ${reason}`, {
        field,
        ...(line === undefined ? {} : { line }),
      });
    });
  return {
    format: plan.format,
    records: plan.records,
    added: {
      prompts: added.prompts,
      systems: added.systems,
      candidates: added.candidates,
      judgments: added.judgments.filter((s) => s.created).length,
    },
  };
}
