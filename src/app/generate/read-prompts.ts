/**
 * The prompts to generate for: from dataset files in any format prefkit reads that holds
 * prompts (canonical prompt records, TRL preference pairs, arena logs with their conversations,
 * …; the import path reads them, app/import), or from a project of the store. Prompts with the
 * same id are taken once and counted; prompts with no user text cannot be sent and are left out,
 * counted too.
 */
import type { Prompt } from "../../core/types.js";
import { DatasetRecordError } from "../../formats/dataset/dataset-error.js";
import type { DatasetFormat } from "../../formats/dataset/dataset-formats.js";
import { readDatasetRecords } from "../../formats/dataset/read-records.js";
import type { ExportStore } from "../../store/port/export.js";
import { ImportError } from "../import/import-error.js";
import { planImport } from "../import/plan-import.js";
import { dedupePrompts } from "./plan.js";

export interface PromptSet {
  prompts: Prompt[];
  /** Prompts read, before anything was left out. */
  read: number;
  /** Left out: an id seen before (`conflicting` of them with other content than the first). */
  duplicates: number;
  conflicting: number;
  /** Left out: no message to send. */
  empty: number;
}

/** A prompt can be sent when it has at least one message with content. */
const sendable = (p: Prompt) =>
  p.messages.some((m) => (typeof m.content === "string" ? m.content !== "" : m.content.length > 0));

function promptSet(all: Prompt[]): PromptSet {
  const withText = all.filter(sendable);
  const { prompts, duplicates, conflicting } = dedupePrompts(withText);
  return {
    prompts,
    read: all.length,
    duplicates,
    conflicting,
    empty: all.length - withText.length,
  };
}

/**
 * The prompts of dataset files, in file order.
 * @throws {DatasetRecordError} naming the file and its first bad record; the readers' errors.
 */
export async function readPromptFiles(
  files: readonly string[],
  options: { format?: DatasetFormat; formatOption?: string } = {},
): Promise<PromptSet> {
  const all: Prompt[] = [];
  for (const file of files) {
    const plan = await planImport(readDatasetRecords(file), {
      format: options.format,
      formatOption: options.formatOption ?? "--format",
      annotator: "generate",
      criterion: "mean",
    }).catch((error: unknown) => {
      if (!(error instanceof ImportError)) throw error;
      // `file:line: field: reason`, as every dataset command reports a record.
      throw new DatasetRecordError(file, error.record, error.field, error.reason);
    });
    all.push(...plan.prompts);
  }
  return promptSet(all);
}

/** The prompts of a project (its export's prompt entries, which come first). */
export async function readProjectPrompts(
  store: ExportStore,
  projectId: string,
): Promise<PromptSet> {
  const all: Prompt[] = [];
  for await (const entry of store.exportEntries(projectId)) {
    if (entry.type !== "prompt") break;
    all.push(entry.prompt);
  }
  return promptSet(all);
}
