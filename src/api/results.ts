/**
 * What a project's judgments add up to: the leaderboard (the JSON `prefkit leaderboard --format
 * json` gives too, built by core/rating/leaderboard-json.ts), its prompt categories, and the
 * export's options.
 */
import { z } from "zod";
import { FIELD_LIMITS } from "../formats/dataset/field-limits.js";
import { datasetFormat, flag, label } from "./fields.js";

export const leaderboardQuery = z.strictObject({
  bootstrap: z.coerce.number().int().min(0).max(10_000).default(1000),
  seed: z.coerce.number().int().min(0).default(0),
  method: z.enum(["bt", "davidson", "rao-kupper"]).default("bt"),
  ties: z.enum(["half", "drop"]).default("half"),
  confidence: z.coerce.number().gt(0).lt(1).default(0.95),
  min_battles: z.coerce.number().int().min(0).default(0),
  source: z.enum(["human", "ai"]).optional(),
  judge: label
    .optional()
    .describe(
      "One AI judge's judgments only: the model they were stored under (a judge job's judge, or jury:<method>); see judges",
    ),
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

export const leaderboardRow = z.object({
  system: z.string(),
  rating: z.number(),
  ci_lower: z.number().nullable().describe("null without bootstrap rounds: no interval"),
  ci_upper: z.number().nullable().describe("null without bootstrap rounds: no interval"),
  rank: z.number().describe("1 + the number of systems rated higher"),
  rank_ub: z
    .number()
    .nullable()
    .describe("1 + the number of systems whose interval lies wholly above; null without rounds"),
  battles: z.number(),
  wins: z.number(),
  losses: z.number(),
  ties: z.number(),
  win_rate: z.number(),
});

export const leaderboardGroup = z.object({
  group: z.string().nullable(),
  battles: z.number(),
  prior: z.number(),
  tie_parameter: z.number().optional(),
  style_coefficients: z.record(z.string(), z.number()).optional(),
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
});

export const leaderboardOutput = z.object({
  prefkit: z.string(),
  project: z.string(),
  judgment_version: z.string(),
  method: z.string(),
  options: z.record(z.string(), z.unknown()),
  leaderboards: z.array(leaderboardGroup),
  skipped: z.array(z.object({ group: z.string().nullable(), reason: z.string() })),
});

export const categoriesOutput = z.object({
  categories: z.array(z.object({ name: z.string(), prompts: z.number().int() })),
});

export const judgesOutput = z.object({
  judges: z.array(
    z.object({
      name: z.string().describe("The leaderboard's `judge` filter names it so"),
      judgments: z.number().int().describe("Its judgments of every kind"),
    }),
  ),
});

/** The file types of an export; each is also the extension of its file name. */
export const EXPORT_TYPES = [
  "jsonl",
  "json",
  "csv",
  "parquet",
  "jsonl.gz",
  "json.gz",
  "csv.gz",
] as const;
export type ExportType = (typeof EXPORT_TYPES)[number];

export const exportQuery = z.strictObject({
  format: datasetFormat.default("prefkit"),
  type: z
    .enum(EXPORT_TYPES)
    .default("jsonl")
    .describe("File type, also the file name's extension; .gz types are gzip-compressed"),
  style: z.enum(["text", "conversational"]).default("conversational").describe("TRL formats"),
});
