/** Runs `prefkit import` (its definition: import.ts). */
import { stat } from "node:fs/promises";
import { projectSettings, urlId } from "../../api/index.js";
import {
  ImportError,
  type ImportPlan,
  type ImportSummary,
  planImport,
  storeImport,
} from "../../app/import/index.js";
import { DatasetRecordError } from "../../formats/dataset/dataset-error.js";
import type { DatasetFormat } from "../../formats/dataset/dataset-formats.js";
import { readDatasetRecords } from "../../formats/dataset/read-records.js";
import { UsageError } from "../errors.js";
import { openDatabase } from "../open-database.js";
import { Progress } from "../progress.js";

/** The parsed command-line flags of `prefkit import`. */
export interface Flags {
  db: string;
  project: string;
  create?: true | string;
  format?: DatasetFormat;
  annotator: string;
  judge?: string;
  criterion: string;
  dryRun?: boolean;
  json?: boolean;
  progress?: boolean;
}

/** What an import did, or with --dry-run would do. */
type Outcome = ImportSummary & { file: string; project: string; dryRun: boolean; created: boolean };

/** Imports (or checks, with --dry-run), then prints what it did: JSON on stdout, or text on stderr. */
export async function runImport(file: string, flags: Flags): Promise<void> {
  const outcome = await importFile(file, flags);
  if (flags.json) process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
  else process.stderr.write(renderOutcome(outcome));
}

async function importFile(file: string, flags: Flags): Promise<Outcome> {
  if (!urlId.safeParse(flags.project).success) {
    throw new UsageError("--project must be 1 to 128 letters, digits, '.', '_' or '-'");
  }
  if (typeof flags.create === "string" && flags.create.trim() === "") {
    throw new UsageError("--create takes the project's name, or nothing for its id");
  }
  // Checked before the store is opened (which may create a SQLite file): an unsupported file
  // type is a usage error, a missing file a file problem.
  const records = readDatasetRecords(file);
  await stat(file);
  const store = await openDatabase(flags.db);
  const progress = new Progress(flags.progress === true || process.stderr.isTTY === true);
  try {
    const existing = await store.getProject(flags.project);
    if (!existing && flags.create === undefined) {
      throw new UsageError(
        `the store has no project "${flags.project}": create it with --create [name]`,
      );
    }
    const plan = await planImport(records, {
      format: flags.format,
      formatOption: "--format",
      annotator: flags.annotator,
      judge: flags.judge,
      criterion: flags.criterion,
      onRecord: (n) => progress.count("reading", n, " records"),
    });
    progress.done();
    const base = { file, project: flags.project, dryRun: flags.dryRun === true };
    if (flags.dryRun) return { ...base, created: false, ...found(plan) };
    // Created only once the whole file has been read and checked.
    if (!existing) {
      await store.createProject({
        id: flags.project,
        name: flags.create === true || flags.create === undefined ? flags.project : flags.create,
        settings: projectSettings.parse({}),
      });
    }
    if (progress.enabled) process.stderr.write(`storing ${entryCount(plan)} entries…\n`);
    return { ...base, created: !existing, ...(await storeImport(store, flags.project, plan)) };
  } catch (error) {
    throw error instanceof ImportError ? located(file, error) : error;
  } finally {
    progress.done();
    await store.close();
  }
}

/** `file:line: field: reason`, as every dataset command reports a record. */
function located(file: string, error: ImportError): DatasetRecordError {
  return new DatasetRecordError(file, error.record, error.field, error.reason);
}

const found = (plan: ImportPlan): ImportSummary => ({
  format: plan.format,
  records: plan.records,
  added: {
    prompts: plan.prompts.length,
    systems: plan.systems.length,
    candidates: plan.candidates.length,
    judgments: plan.judgments.length,
  },
});

const entryCount = (plan: ImportPlan) =>
  plan.prompts.length + plan.systems.length + plan.candidates.length + plan.judgments.length;

function renderOutcome(o: Outcome): string {
  const { prompts, systems, candidates, judgments } = o.added;
  const counts = `${prompts} prompts, ${systems} systems, ${candidates} candidates, ${judgments} judgments`;
  const into = `project "${o.project}"${o.created ? " (created)" : ""}`;
  return o.dryRun
    ? `${o.file} (${o.format}): ${o.records} records read and checked; would add up to ${counts} to ${into} (dry run: nothing stored)\n`
    : `${o.file} (${o.format}): ${o.records} records read; added ${counts} to ${into}\n`;
}
