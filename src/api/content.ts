/**
 * A project's prompts and candidates: bulk adds of canonical records (`type` may be left out,
 * so an exported line can be posted back as it is), single reads, and a dataset file's import.
 */
import { z } from "zod";
import { candidateRecord, promptRecord } from "../formats/dataset/prefkit-canonical-schema.js";
import { datasetFormat, flag, label } from "./fields.js";

/** Most items one bulk request may hold (the body limit usually binds first). */
export const MAX_BULK_ITEMS = 10_000;

export const promptInput = promptRecord.extend({ type: z.literal("prompt").optional() });
export const candidateInput = candidateRecord.extend({ type: z.literal("candidate").optional() });
export const promptsBody = z.array(promptInput).min(1).max(MAX_BULK_ITEMS);
export const candidatesBody = z.array(candidateInput).min(1).max(MAX_BULK_ITEMS);

export const addedResponse = z.object({ added: z.number().int() });
export const promptResponse = z.object({ prompt: promptRecord });
export const candidateResponse = z.object({ candidate: candidateRecord });

export const importQuery = z.strictObject({
  format: datasetFormat
    .optional()
    .describe("The dataset format; detected from the first record when left out"),
  filename: z
    .string()
    .regex(
      /\.(jsonl|ndjson|json|csv)(\.gz)?$|\.parquet$/i,
      "a dataset file name: .jsonl, .ndjson, .json, .csv (optionally .gz) or .parquet",
    )
    .describe("The uploaded file's name: its extension tells the file type")
    .optional(),
  annotator: label.default("import").describe("Converted judgments: the annotator"),
  judge: label.optional().describe("Converted judgments: made by this AI judge"),
  criterion: label.default("mean"),
  dry_run: flag
    .default(false)
    .describe("Read and check the whole file and answer with a preview; store nothing"),
});

export const importSummary = z.object({
  format: z.string(),
  records: z.number().int(),
  added: z.object({
    prompts: z.number().int(),
    systems: z.number().int(),
    candidates: z.number().int(),
    judgments: z.number().int(),
  }),
});

/** How many prompts a dry run shows, and how much of each. */
export const PREVIEW = { items: 5, chars: 300 } as const;

export const importPreview = z.object({
  format: z.string(),
  records: z.number().int(),
  found: importSummary.shape.added,
  sample: z
    .array(
      z.object({ prompt: z.string(), category: z.string().optional(), candidates: z.number() }),
    )
    .describe(
      `The first ${PREVIEW.items} prompts: their first turn's text, cut at ${PREVIEW.chars} characters`,
    ),
});
