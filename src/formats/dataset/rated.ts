/**
 * Rated completions: UltraFeedback (`instruction`, `completions[]` with `model`, `response`,
 * per-aspect `annotations[aspect].Rating`, `overall_score`, `fine-grained_score`;
 * openbmb/UltraFeedback) and HelpSteer (one row per response with `prompt`, `response` and
 * 0–4 attribute scores; nvidia/HelpSteer). Both become `RatedCompletions` scored by one
 * chosen criterion, ready for `ratedToPairs`.
 */
import { z } from "zod";
import type { RatedCompletions } from "../../core/dataset/derive.js";
import { type FieldIssue, zodIssues } from "./field-issue.js";

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

export const HELPSTEER_ATTRIBUTES = [
  "helpfulness",
  "correctness",
  "coherence",
  "complexity",
  "verbosity",
] as const;
const helpSteer = z.object({
  prompt: z.string(),
  response: z.string(),
  ...Object.fromEntries(HELPSTEER_ATTRIBUTES.map((a) => [a, z.number()])),
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
      })),
    },
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

/** Groups HelpSteer rows by prompt (first-seen order), scoring each response by `attribute`. */
export function groupHelpSteer(
  rows: readonly unknown[],
  attribute: (typeof HELPSTEER_ATTRIBUTES)[number] = "helpfulness",
): { groups: RatedCompletions[]; errors: { index: number; issues: FieldIssue[] }[] } {
  const byPrompt = new Map<
    string,
    { messages: { role: "assistant"; content: string }[]; score: number }[]
  >();
  const errors: { index: number; issues: FieldIssue[] }[] = [];
  rows.forEach((row, index) => {
    const parsed = helpSteer.safeParse(row);
    if (!parsed.success) {
      errors.push({ index, issues: zodIssues(parsed.error) });
      return;
    }
    const data = parsed.data as { prompt: string; response: string } & Record<string, number>;
    const list = byPrompt.get(data.prompt) ?? [];
    list.push({
      messages: [{ role: "assistant", content: data.response }],
      score: data[attribute]!,
    });
    byPrompt.set(data.prompt, list);
  });
  const groups = [...byPrompt].map(([prompt, completions]) => ({
    prompt: [{ role: "user" as const, content: prompt }],
    completions,
  }));
  return { groups, errors };
}
