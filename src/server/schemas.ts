/**
 * The API's zod schemas: request bodies and queries (validated), responses (documented). The
 * records of prompts, candidates and judgments are prefkit's canonical ones
 * (formats/dataset/prefkit-canonical-schema.ts), with `type` optional, so an exported line can
 * be posted back as it is.
 */
import { z } from "zod";
import { DATASET_FORMATS, type DatasetFormat } from "../formats/dataset/detect.js";
import { FIELD_LIMITS } from "../formats/dataset/field-limits.js";
import {
  attributes,
  candidateRecord,
  type JUDGMENT_KINDS,
  judgmentRecords,
  promptRecord,
} from "../formats/dataset/prefkit-canonical-schema.js";
import { TASK_KINDS } from "../store/store.js";
import { EXPORT_TYPES } from "./export-stream.js";
import { projectSettings, projectSettingsPatch } from "./project-settings.js";

/** Ids that go in URLs: letters, digits, `.`, `_`, `-`. */
export const urlId = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,128}$/, "use 1 to 128 letters, digits, '.', '_' or '-'");

const roles = z.enum(["admin", "annotator", "viewer"]);
/** A name that becomes a field of stored judgments: a label (FIELD_LIMITS). */
const label = z.string().min(1).max(FIELD_LIMITS.label, `at most ${FIELD_LIMITS.label} characters`);

const projectName = z.string().min(1).max(200);

export const projectInput = z.strictObject({
  id: urlId.optional(),
  name: projectName,
  settings: projectSettings.optional().describe("Left out: every setting at its default"),
});

export const projectPatch = z.strictObject({
  name: projectName.optional(),
  settings: projectSettingsPatch
    .optional()
    .describe("The settings to change; the others keep their values"),
});

export const projectOutput = z.object({
  id: z.string(),
  name: z.string(),
  settings: projectSettings.describe("Every setting, defaults filled in"),
  created_at: z.string(),
});

export const annotatorInput = z.strictObject({
  name: z.string().min(1).max(200),
  role: roles,
  attributes: attributes.optional(),
  projects: z.array(urlId).max(1000).optional(),
});

/** Any of an annotator's fields; `attributes` and `projects` replace the whole set. */
export const annotatorPatch = annotatorInput.partial();

export const annotatorOutput = z.object({
  id: z.string(),
  name: z.string(),
  role: roles,
  attributes,
  projects: z.array(z.string()),
  created_at: z.string(),
});

/** Most items one bulk request may hold (the body limit usually binds first). */
export const MAX_BULK_ITEMS = 10_000;
/** Most judgments one batch may hold. */
export const MAX_BATCH_JUDGMENTS = 1000;

export const promptInput = promptRecord.extend({ type: z.literal("prompt").optional() });
export const candidateInput = candidateRecord.extend({ type: z.literal("candidate").optional() });
export const promptsBody = z.array(promptInput).min(1).max(MAX_BULK_ITEMS);
export const candidatesBody = z.array(candidateInput).min(1).max(MAX_BULK_ITEMS);

/** A submitted judgment: a canonical judgment record whose `type`, `id` and `source` may be left out. */
function submitted<K extends (typeof JUDGMENT_KINDS)[number]>(kind: K) {
  const { shape } = judgmentRecords[kind];
  return z.strictObject({
    ...shape,
    type: z.literal("judgment").optional(),
    id: shape.id.optional(),
    source: shape.source.optional(),
  });
}

export const judgmentInput = z.discriminatedUnion("kind", [
  submitted("pairwise"),
  submitted("ranking"),
  submitted("rating"),
  submitted("binary"),
]);

export const judgmentSubmission = z.union([
  judgmentInput,
  z.strictObject({ judgments: z.array(judgmentInput).min(1).max(MAX_BATCH_JUDGMENTS) }),
]);

export const judgmentOutput = z.discriminatedUnion("kind", [
  judgmentRecords.pairwise,
  judgmentRecords.ranking,
  judgmentRecords.rating,
  judgmentRecords.binary,
]);

const reveal = z
  .object({ a: z.string(), b: z.string() })
  .describe("The systems of candidates a and b: sent only once the vote is stored.");

export const storedJudgment = z.object({
  judgment: judgmentOutput,
  created: z.boolean().describe("false when the idempotency key was already stored"),
  reveal: reveal.optional(),
});

export const judgmentsResult = z.union([
  storedJudgment,
  z.object({ judgments: z.array(storedJudgment) }),
]);

const taskCandidates = z.array(
  z.object({
    id: z.string().describe("A handle for annotators (vote with it), the candidate id for admins"),
    messages: candidateRecord.shape.messages,
  }),
);
const taskPrompt = promptRecord.omit({ type: true, metadata: true });

export const taskOutput = z.object({
  task: z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("pair"),
      prompt: taskPrompt,
      candidates: taskCandidates.length(2).describe("The two responses, without their systems."),
    }),
    z.object({
      kind: z.literal("ranking"),
      prompt: taskPrompt,
      candidates: taskCandidates.describe("The responses to order, without their systems."),
    }),
    z.object({
      kind: z.literal("rating"),
      prompt: taskPrompt,
      candidates: taskCandidates
        .length(1)
        .describe("The one response to score on each of the project's criteria."),
    }),
    z.object({
      kind: z.literal("binary"),
      prompt: taskPrompt,
      candidates: taskCandidates.length(1).describe("The one response to give a thumb to."),
    }),
  ]),
});

const taskKind = z.enum(TASK_KINDS);

/** Most prompts one tasks/next request may skip. */
export const MAX_SKIPPED = 100;

export const taskQuery = z.strictObject({
  kind: taskKind.default("pair"),
  size: z.coerce
    .number()
    .int()
    .min(2)
    .max(20)
    .optional()
    .describe("Candidates in a ranking task (default: the project's `settings.ranking_size`)"),
  skip: z
    .union([z.string(), z.array(z.string())])
    .transform((ids) => [ids].flat())
    .pipe(
      z.array(z.string().min(1).max(1000)).max(MAX_SKIPPED, `at most ${MAX_SKIPPED} prompt ids`),
    )
    .optional()
    .describe(
      "A prompt id the caller skipped, once per prompt (`skip=p1&skip=p2`): no task of those prompts is offered (the queue's Skip)",
    ),
});

export const taskProgressQuery = z.strictObject({ kind: taskKind.default("pair") });

export const taskProgressOutput = z.object({
  done: z.number().int().describe("The caller's judgments of this kind in the project"),
  total: z
    .number()
    .int()
    .describe(
      "Tasks of this kind in the project: candidate pairs of two systems (pair), prompts with two or more candidates (ranking), candidates (rating, binary)",
    ),
});

const flag = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

export const leaderboardQuery = z.strictObject({
  bootstrap: z.coerce.number().int().min(0).max(10_000).default(1000),
  seed: z.coerce.number().int().min(0).default(0),
  method: z.enum(["bt", "davidson", "rao-kupper"]).default("bt"),
  ties: z.enum(["half", "drop"]).default("half"),
  confidence: z.coerce.number().gt(0).lt(1).default(0.95),
  min_battles: z.coerce.number().int().min(0).default(0),
  source: z.enum(["human", "ai"]).optional(),
  category: label.optional(),
  attribute: z
    .string()
    .max(2 * FIELD_LIMITS.label + 1)
    .regex(/^[^=]+=.*$/, "use NAME=VALUE")
    .optional()
    .describe("Judgments by annotators with this attribute, e.g. language=de"),
  by: z.literal("category").optional().describe("One leaderboard per prompt category"),
  graded: flag
    .default(true)
    .describe("Include battles derived from rankings and ratings (every pair of candidates)"),
});

const leaderboardRow = z.object({
  system: z.string(),
  rating: z.number(),
  ci_lower: z.number(),
  ci_upper: z.number(),
  rank: z.number(),
  rank_ub: z.number(),
  battles: z.number(),
  wins: z.number(),
  losses: z.number(),
  ties: z.number(),
  win_rate: z.number(),
});

export const leaderboardOutput = z.object({
  prefkit: z.string(),
  project: z.string(),
  judgment_version: z.string(),
  method: z.string(),
  options: z.record(z.string(), z.unknown()),
  leaderboards: z.array(
    z.object({
      group: z.string().nullable(),
      battles: z.number(),
      prior: z.number(),
      tie_parameter: z.number().optional(),
      bootstrap: z.object({ rounds: z.number(), prior_fallback_rounds: z.number() }),
      warnings: z.array(
        z.object({
          code: z.string(),
          message: z.string(),
          systems: z.array(z.string()).optional(),
        }),
      ),
      systems: z.array(leaderboardRow),
      matrices: z.object({
        systems: z.array(z.string()),
        predicted_win_rate: z.array(z.array(z.number().nullable())),
        observed_win_rate: z.array(z.array(z.number().nullable())),
        battles: z.array(z.array(z.number())),
      }),
    }),
  ),
  skipped: z.array(z.object({ group: z.string().nullable(), reason: z.string() })),
});

const datasetFormat = z.enum(DATASET_FORMATS as [DatasetFormat, ...DatasetFormat[]]);

export const exportQuery = z.strictObject({
  format: datasetFormat.default("prefkit"),
  type: z
    .enum(EXPORT_TYPES)
    .default("jsonl")
    .describe("File type, also the file name's extension; .gz types are gzip-compressed"),
  style: z.enum(["text", "conversational"]).default("conversational").describe("TRL formats"),
});

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

export const judgmentsQuery = z.strictObject({
  annotator: z.string().min(1).optional(),
  after: z.string().min(1).optional().describe("The last judgment id of the previous page"),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

export const annotatorsQuery = z.strictObject({ project: urlId.optional() });

export const errorOutput = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    field: z.string().optional(),
    index: z.number().int().optional().describe("The item of a list or batch"),
    line: z.number().int().optional().describe("The line of an imported file"),
  }),
});

export const addedOutput = z.object({ added: z.number().int() });
