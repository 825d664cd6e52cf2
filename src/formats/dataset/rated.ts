/**
 * Rated completions: UltraFeedback (`instruction`, `completions[]` with `model`, `response`,
 * per-aspect `annotations[aspect].Rating`, `overall_score`, `fine-grained_score`;
 * openbmb/UltraFeedback) and HelpSteer (one row per response with `prompt`, `response` and
 * 0–4 attribute scores; nvidia/HelpSteer). Both become `RatedCompletions` scored by one
 * chosen criterion, ready for `ratedToPairs`.
 */
import { z } from "zod";
import { conversationKey } from "../../core/dataset/dedupe.js";
import type { RatedCompletions } from "../../core/dataset/derive.js";
import { messageText } from "../../core/dataset/preference.js";
import { type FieldIssue, zodIssues } from "./field-issue.js";
import { HELPSTEER_ATTRIBUTES } from "./helpsteer-attributes.js";
import { numberLike } from "./text-values.js";

const rating = z.union([z.number(), z.string()]);
const ultraCompletion = z.object({
  model: z.string().optional(),
  response: z.string(),
  overall_score: z.number().nullable().optional(),
  "fine-grained_score": z.number().nullable().optional(),
  annotations: z.record(z.string(), z.object({ Rating: rating }).loose()).optional(),
});
const ultraFeedback = z.object({
  instruction: z.string(),
  completions: z.array(ultraCompletion),
  id: z.string().optional(),
});

export { HELPSTEER_ATTRIBUTES };

const helpSteer = z.object({
  prompt: z.string(),
  response: z.string(),
  ...Object.fromEntries(HELPSTEER_ATTRIBUTES.map((a) => [a, numberLike])),
});

export type RatedParsed =
  | { ok: true; value: RatedCompletions }
  | { ok: false; issues: FieldIssue[] };

/**
 * Scores each UltraFeedback completion by `criterion`: "overall_score", "fine-grained_score",
 * an annotation aspect ("helpfulness", "honesty", "instruction_following", "truthfulness"), or
 * "mean" (the mean of the aspect ratings). Unrated completions ("N/A") get NaN and never pair.
 */
export function parseUltraFeedback(record: unknown, criterion = "mean"): RatedParsed {
  const parsed = ultraFeedback.safeParse(record);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const { instruction, completions, id } = parsed.data;
  return {
    ok: true,
    value: {
      prompt: [{ role: "user", content: instruction }],
      ...(id !== undefined ? { id } : {}),
      completions: completions.map((c) => ({
        messages: [{ role: "assistant" as const, content: c.response }],
        score: scoreOf(c, criterion),
        ...(c.model !== undefined ? { model: c.model } : {}),
        criteria: criteriaOf(c),
      })),
    },
  };
}

const SCORE_FIELDS = ["overall_score", "fine-grained_score"] as const;

function criteriaOf(c: z.infer<typeof ultraCompletion>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [aspect, a] of Object.entries(c.annotations ?? {})) out[aspect] = Number(a.Rating);
  for (const field of SCORE_FIELDS) {
    const value = c[field];
    if (value !== undefined && value !== null) out[field] = value;
  }
  return out;
}

/**
 * Writes rated completions as an UltraFeedback record: each criterion becomes an annotation
 * rating ("N/A" when NaN) except the two score fields, which stay fields. Completions without
 * criteria get their score as `overall_score`.
 */
export function toUltraFeedback(rated: RatedCompletions): Record<string, unknown> {
  return {
    instruction: rated.prompt.map(messageText).join("\n\n"),
    ...(rated.id !== undefined ? { id: rated.id } : {}),
    completions: rated.completions.map((c) => {
      const criteria = c.criteria ?? { overall_score: c.score };
      const annotations: Record<string, { Rating: string }> = {};
      const scores: Record<string, number> = {};
      for (const [name, value] of Object.entries(criteria)) {
        if ((SCORE_FIELDS as readonly string[]).includes(name)) scores[name] = value;
        else annotations[name] = { Rating: Number.isNaN(value) ? "N/A" : String(value) };
      }
      return {
        ...(c.model !== undefined ? { model: c.model } : {}),
        response: c.messages.map(messageText).join("\n\n"),
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
        ...scores,
      };
    }),
  };
}

function scoreOf(c: z.infer<typeof ultraCompletion>, criterion: string): number {
  if (criterion === "overall_score") return c.overall_score ?? Number.NaN;
  if (criterion === "fine-grained_score") return c["fine-grained_score"] ?? Number.NaN;
  const ratings = Object.entries(c.annotations ?? {}).map(
    ([aspect, a]) => [aspect, Number(a.Rating)] as const,
  );
  if (criterion === "mean") {
    const valid = ratings.map(([, r]) => r).filter(Number.isFinite);
    return valid.length > 0 ? valid.reduce((s, r) => s + r, 0) / valid.length : Number.NaN;
  }
  return ratings.find(([aspect]) => aspect === criterion)?.[1] ?? Number.NaN;
}

/** One HelpSteer row: a rated item with one completion, scored by `attribute`. */
export function parseHelpSteerRow(
  row: unknown,
  attribute: (typeof HELPSTEER_ATTRIBUTES)[number] = "helpfulness",
): RatedParsed {
  const parsed = helpSteer.safeParse(row);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const data = parsed.data as { prompt: string; response: string } & Record<string, number>;
  const criteria = Object.fromEntries(HELPSTEER_ATTRIBUTES.map((a) => [a, data[a]!]));
  return {
    ok: true,
    value: {
      prompt: [{ role: "user", content: data.prompt }],
      completions: [
        {
          messages: [{ role: "assistant", content: data.response }],
          score: data[attribute]!,
          criteria,
        },
      ],
    },
  };
}

/** HelpSteer rows, one per completion. @returns an issue when a completion lacks an attribute. */
export function toHelpSteerRows(
  rated: RatedCompletions,
): { ok: true; rows: Record<string, unknown>[] } | { ok: false; issues: FieldIssue[] } {
  const prompt = rated.prompt.map(messageText).join("\n\n");
  const rows: Record<string, unknown>[] = [];
  for (const [k, c] of rated.completions.entries()) {
    const missing = HELPSTEER_ATTRIBUTES.filter((a) => !Number.isFinite(c.criteria?.[a]));
    if (missing.length > 0) {
      return {
        ok: false,
        issues: [
          {
            field: `completions.${k}.${missing[0]}`,
            message: `HelpSteer rows need scores for ${HELPSTEER_ATTRIBUTES.join(", ")}`,
          },
        ],
      };
    }
    const scores = Object.fromEntries(HELPSTEER_ATTRIBUTES.map((a) => [a, c.criteria![a]!]));
    rows.push({ prompt, response: c.messages.map(messageText).join("\n\n"), ...scores });
  }
  return { ok: true, rows };
}

/**
 * Groups rated items by prompt, first-seen order: HelpSteer's one-row-per-response shape
 * becomes one item per prompt. Holds every group until the end, so it is for whole files that
 * fit in memory; the streaming converter merges only consecutive rows of a prompt instead.
 */
export function groupByPrompt(items: readonly RatedCompletions[]): RatedCompletions[] {
  const byPrompt = new Map<string, RatedCompletions>();
  for (const item of items) {
    const key = conversationKey(item.prompt);
    const group = byPrompt.get(key);
    byPrompt.set(
      key,
      group ? { ...group, completions: [...group.completions, ...item.completions] } : item,
    );
  }
  return [...byPrompt.values()];
}

/** Groups HelpSteer rows by prompt (first-seen order), scoring each response by `attribute`. */
export function groupHelpSteer(
  rows: readonly unknown[],
  attribute: (typeof HELPSTEER_ATTRIBUTES)[number] = "helpfulness",
): { groups: RatedCompletions[]; errors: { index: number; issues: FieldIssue[] }[] } {
  const items: RatedCompletions[] = [];
  const errors: { index: number; issues: FieldIssue[] }[] = [];
  for (const [index, row] of rows.entries()) {
    const parsed = parseHelpSteerRow(row, attribute);
    if (parsed.ok) items.push(parsed.value);
    else errors.push({ index, issues: parsed.issues });
  }
  return { groups: groupByPrompt(items), errors };
}
