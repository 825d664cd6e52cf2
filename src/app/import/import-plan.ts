/** What an import stores, each entry with the record it came from. */
import type { Candidate, Prompt, System } from "../../core/types.js";
import type { DatasetFormat } from "../../formats/dataset/detect.js";
import type { RecordLocation } from "../../formats/dataset/read-located.js";
import type { NewJudgment } from "../../store/store.js";

export type EntryPart = "prompts" | "systems" | "candidates" | "judgments";

/** Entries to store, each kind with the line (or Parquet row) every item came from. */
export interface ImportPlan {
  format: DatasetFormat;
  records: number;
  prompts: Prompt[];
  systems: System[];
  candidates: Candidate[];
  judgments: NewJudgment[];
  lines: Record<EntryPart, number[]>;
  /**
   * For Parquet: each row group read and its first row, in order, so that a row's group can be
   * named without keeping a location object per entry. Empty for text files.
   */
  rowGroups: { rowGroup: number; firstRow: number }[];
}

/** Notes a Parquet record's row group when it starts a new one. */
export function noteRowGroup(plan: ImportPlan, location: RecordLocation): void {
  if (location.rowGroup === undefined) return;
  if (plan.rowGroups.at(-1)?.rowGroup !== location.rowGroup) {
    plan.rowGroups.push({ rowGroup: location.rowGroup, firstRow: location.line });
  }
}

/** The location of a record by its line (or Parquet row). Time: O(row groups). */
export function locationOf(plan: ImportPlan, line: number): RecordLocation {
  let rowGroup: number | undefined;
  for (const group of plan.rowGroups) if (group.firstRow <= line) rowGroup = group.rowGroup;
  return rowGroup === undefined ? { line } : { line, rowGroup };
}

/** Where the entry `index` of `part` came from. */
export function entryLocation(
  plan: ImportPlan,
  part: EntryPart,
  index: number,
): RecordLocation | undefined {
  const line = plan.lines[part][index];
  return line === undefined ? undefined : locationOf(plan, line);
}
