/**
 * How good a project's stored judgments are: agreement among its labellers (the `report` is
 * `prefkit agreement --format json`'s, built by app/evaluate/agree-items.ts) and each AI judge
 * and human annotator against the human majority (the `summary` rows of `prefkit evaluate`,
 * app/evaluate/evaluate-items.ts). Key names inside those reports are the core's (camelCase),
 * so the CLI's JSON and the server's can be compared field by field.
 */
import { z } from "zod";

/** Most bootstrap rounds one report may ask for (as the leaderboard's `bootstrap`). */
export const MAX_QUALITY_ROUNDS = 10_000;

const rounds = z.coerce
  .number()
  .int()
  .min(0)
  .max(MAX_QUALITY_ROUNDS)
  .default(1000)
  .describe("Bootstrap rounds over items for the intervals (0: point estimates only)");
const seed = z.coerce.number().int().min(0).default(0).describe("Seed of the bootstrap");
const confidence = z.coerce.number().gt(0).lt(1).default(0.95).describe("Interval coverage");

export const agreementQuery = z.strictObject({
  rounds,
  seed,
  confidence,
  orders: z
    .enum(["combine", "separate"])
    .default("combine")
    .describe(
      "A judge that saw a pair in both orders: one label (the mean preference, so a then b is a tie), or one rater per order",
    ),
  source: z
    .enum(["human", "ai", "all"])
    .default("all")
    .describe("Whose labels: humans', AI judges', or everyone's"),
});

export const judgeQualityQuery = z.strictObject({ rounds, seed, confidence });

const labellerKind = z.enum(["human", "ai"]);

/** Who a rater of the report is: a readable name (untrusted text), human or AI, which order. */
export const qualityLabeller = z.object({
  /** The rater's name in `report.raters` (the labeller's id, with " (swapped)" for an order). */
  rater: z.string(),
  /** The annotator's id, or the judge's model (and template). */
  id: z.string(),
  /** The annotator's name where the store has one, else the id. */
  name: z.string(),
  kind: labellerKind,
  order: z.enum(["all", "in-order", "swapped"]),
});

const undefinedStatistic = z.object({
  ok: z.literal(false),
  reason: z.string(),
  message: z.string(),
});

/** A statistic with its bootstrap interval, or the reason the data leave it undefined. */
export const agreementEstimate = z.discriminatedUnion("ok", [
  z.object({
    ok: z.literal(true),
    value: z.number(),
    items: z.number(),
    interval: z
      .object({
        lower: z.number(),
        upper: z.number(),
        definedRounds: z.number(),
        undefinedRounds: z.number(),
      })
      .nullable(),
  }),
  undefinedStatistic,
]);

export const agreementRaterRow = z.object({
  rater: z.number().int(),
  labels: z.number(),
  consensusItems: z.number(),
  consensusAgreement: z.number().nullable(),
  chanceAgreement: z.number().nullable(),
  consensusKappa: z.number().nullable(),
  dsAccuracy: z.number().nullable(),
  outlier: z.enum(["no_better_than_chance", "low_agreement"]).nullable(),
  flipRate: z.number().nullable(),
});

export const agreementReportOutput = z.object({
  categories: z.array(z.string()),
  raters: z.array(z.string()),
  counts: z.object({
    items: z.number(),
    labelledItems: z.number(),
    pairableItems: z.number(),
    labels: z.number(),
    raters: z.number(),
    categories: z.number(),
    patterns: z.number(),
    labelsPerItem: z.object({ min: z.number(), max: z.number() }),
  }),
  bootstrap: z.object({ rounds: z.number(), seed: z.number(), confidence: z.number() }).nullable(),
  percentAgreement: agreementEstimate,
  fleissKappa: agreementEstimate,
  krippendorffAlpha: z.object({
    nominal: agreementEstimate.optional(),
    ordinal: agreementEstimate.optional(),
  }),
  cohen: z.object({
    weights: z.string(),
    intervalsSkipped: z.boolean(),
    pairs: z.array(
      z.object({
        raterA: z.number().int(),
        raterB: z.number().int(),
        items: z.number(),
        agreement: z.number(),
        kappa: agreementEstimate,
      }),
    ),
  }),
  consensus: z.object({
    tieRule: z.string(),
    counts: z.array(z.number()),
    unresolved: z.number(),
    tiesBroken: z.number(),
    unlabelled: z.number(),
  }),
  dawidSkene: z.discriminatedUnion("ok", [
    z.object({
      ok: z.literal(true),
      model: z.enum(["full", "one-coin"]),
      priors: z.array(z.number()),
      confusion: z.array(z.array(z.array(z.number()))),
      iterations: z.number(),
      converged: z.boolean(),
      elbo: z.number().nullable(),
      labelCounts: z.array(z.number()),
    }),
    undefinedStatistic,
  ]),
  flipRate: z.discriminatedUnion("ok", [
    z.object({
      ok: z.literal(true),
      decisive: z.array(z.number()),
      overall: z.number(),
      decisiveLabels: z.number(),
    }),
    undefinedStatistic,
  ]),
  raterTable: z.array(agreementRaterRow),
  orders: z.enum(["combine", "separate"]),
  unparsed: z.number(),
});

/** What was read: the pairwise judgments as joined items, and the judgments of other kinds. */
const qualityInput = z.object({
  comparisons: z.number().describe("Pairwise judgments read"),
  items: z.number().describe("Prompt (and criterion) × pair of candidates"),
  otherJudgments: z.number().describe("Rankings, ratings and thumbs: not part of these reports"),
});

export const agreementOutput = z.object({
  prefkit: z.string(),
  project: z.string(),
  judgment_version: z.string(),
  options: z.object({
    rounds: z.number(),
    seed: z.number(),
    confidence: z.number(),
    orders: z.enum(["combine", "separate"]),
    source: z.enum(["human", "ai", "all"]),
    scale: z.literal("ordinal"),
    weights: z.literal("none"),
    tie_rule: z.literal("unresolved"),
    model: z.literal("full"),
  }),
  input: qualityInput,
  /** One per rater of the report, in its order. */
  labellers: z.array(qualityLabeller),
  report: agreementReportOutput,
});

/** A figure of a judge against gold, with its interval (null without rounds). */
export const judgeEstimate = z.object({
  value: z.number(),
  n: z.number(),
  ci: z.object({ lower: z.number(), upper: z.number() }).nullable(),
});

export const judgeSummaryRow = z.object({
  judge: z.string(),
  n: z.number(),
  accuracy: judgeEstimate.nullable(),
  accuracyMeanOfOrders: judgeEstimate.nullable(),
  consistency: judgeEstimate.nullable(),
  positionBias: judgeEstimate.nullable(),
  macroF1: judgeEstimate.nullable(),
  judgeLongerWins: judgeEstimate.nullable(),
  ece: judgeEstimate.nullable(),
  unparsed: z.number(),
});

export const judgeQualityRow = z.object({
  labeller: qualityLabeller.omit({ rater: true, order: true }),
  against: z
    .enum(["humans", "other_humans"])
    .describe(
      "AI judges: the majority of every human's labels; a human: the majority of the other humans' (leave-one-out)",
    ),
  summary: judgeSummaryRow,
  /** Per category of the prompts (items without one count in `summary` only). */
  categories: z.array(
    z.object({
      category: z.string(),
      n: z.number(),
      accuracy: judgeEstimate.nullable(),
      consistency: judgeEstimate.nullable(),
    }),
  ),
});

export const judgeQualityOutput = z.object({
  prefkit: z.string(),
  project: z.string(),
  judgment_version: z.string(),
  options: z.object({
    rounds: z.number(),
    seed: z.number(),
    confidence: z.number(),
    ties: z.literal("count-as-class"),
  }),
  input: qualityInput,
  gold_rule: z.string(),
  humans: z.number().describe("Human annotators with pairwise labels"),
  gold: z
    .object({
      items: z.number().describe("Items with a gold label (the majority of every human)"),
      noMajority: z.number().describe("Items whose human labels had no strict majority"),
      noGold: z.number().describe("Items no human labelled"),
    })
    .nullable()
    .describe("The AI judges' gold (the majority of every human); null when nothing is scored"),
  result: z.discriminatedUnion("ok", [
    z.object({
      ok: z.literal(true),
      rows: z.array(judgeQualityRow),
      /** Labellers who labelled no item that has gold. */
      unmatched: z.array(qualityLabeller.omit({ rater: true, order: true })),
    }),
    z.object({
      ok: z.literal(false),
      reason: z.enum(["no_pairwise_judgments", "no_human_labels", "nothing_to_evaluate"]),
      message: z.string(),
    }),
  ]),
});
