/**
 * A judge job's inputs (judge-inputs.ts) read from dataset files — any format prefkit reads,
 * through the import path (app/import planImport), as app/generate/read-prompts.ts reads
 * prompts: canonical records, TRL pairs, arena logs with their conversations, … — or from a
 * project of the store (its export: prompts, systems, candidates, judgments).
 */
import { DatasetRecordError } from "../../formats/dataset/dataset-error.js";
import type { DatasetFormat } from "../../formats/dataset/dataset-formats.js";
import { readDatasetRecords } from "../../formats/dataset/read-records.js";
import { isLiveRow } from "../../store/live-rows.js";
import type { ExportStore } from "../../store/port/export.js";
import { ImportError } from "../import/import-error.js";
import { planImport } from "../import/plan-import.js";
import { type JudgeInputs, JudgeInputsCollector } from "./judge-inputs.js";

/** Who the labels of a format that names no labeller are credited to (a human: judge-inputs.ts). */
export const INPUT_ANNOTATOR = "input";

/**
 * The judge's inputs from dataset files, in file order. References resolve across the files
 * (a file of judgments may name another file's candidates).
 *
 * @example const inputs = await readJudgeInputFiles(["pairs.jsonl"]);
 * @throws {DatasetRecordError} naming the file, its first bad record and field; the readers' errors.
 */
export async function readJudgeInputFiles(
  files: readonly string[],
  options: { format?: DatasetFormat; formatOption?: string } = {},
): Promise<JudgeInputs> {
  const collector = new JudgeInputsCollector();
  for (const file of files) {
    const plan = await planImport(readDatasetRecords(file), {
      format: options.format,
      formatOption: options.formatOption ?? "--input-format",
      annotator: INPUT_ANNOTATOR,
      criterion: "mean",
    }).catch((error: unknown) => {
      if (!(error instanceof ImportError)) throw error;
      // `file:line: field: reason`, as every dataset command reports a record.
      throw new DatasetRecordError(file, error.record, error.field, error.reason);
    });
    for (const prompt of plan.prompts) collector.add({ type: "prompt", prompt });
    for (const system of plan.systems) collector.add({ type: "system", system });
    for (const candidate of plan.candidates) collector.add({ type: "candidate", candidate });
    for (const judgment of plan.judgments) collector.addJudgment(judgment);
  }
  return collector.finish();
}

/**
 * The judge's inputs from a project: its prompts, systems, candidates and pairwise judgments.
 * @throws the store's error when the project does not exist.
 */
export async function readJudgeInputProject(
  store: ExportStore,
  projectId: string,
): Promise<JudgeInputs> {
  const collector = new JudgeInputsCollector();
  for await (const entry of store.exportEntries(projectId)) {
    // A live conversation's answers are private to it (the queue never serves them): counted.
    if (entry.type === "candidate" && isLiveRow(entry.candidate)) collector.leaveOutLive();
    else collector.add(entry);
  }
  return collector.finish();
}
