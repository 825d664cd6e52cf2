/**
 * Gold-labelled response pairs used to evaluate judges and reward models: RewardBench
 * (`prompt`, `chosen`, `rejected`, `subset`, `chosen_model`, `rejected_model`, `id`;
 * allenai/reward-bench) and LLMBar (`input`, `output_1`, `output_2`, `label` ∈ {1, 2};
 * princeton-nlp/LLMBar). Both become preference pairs with a text prompt.
 */
import { z } from "zod";
import type { PreferencePair } from "../../core/dataset/preference.js";
import { type FieldIssue, zodIssues } from "./field-issue.js";
import { numberLike } from "./text-values.js";
import { withUnmodelled } from "./unmodelled-fields.js";

const REWARDBENCH_FIELDS = [
  "prompt",
  "chosen",
  "rejected",
  "subset",
  "chosen_model",
  "rejected_model",
  "id",
];
const LLMBAR_FIELDS = ["input", "output_1", "output_2", "label"];

const rewardBench = z.object({
  prompt: z.string(),
  chosen: z.string(),
  rejected: z.string(),
  subset: z.string().optional(),
  chosen_model: z.string().optional(),
  rejected_model: z.string().optional(),
  id: z.union([z.string(), z.number()]).optional(),
});

const llmBar = z.object({
  input: z.string(),
  output_1: z.string(),
  output_2: z.string(),
  label: numberLike.pipe(z.union([z.literal(1), z.literal(2)])),
});

export type GoldParsed = { ok: true; value: PreferencePair } | { ok: false; issues: FieldIssue[] };

const pair = (prompt: string, chosen: string, rejected: string) => ({
  prompt: [{ role: "user" as const, content: prompt }],
  chosen: [{ role: "assistant" as const, content: chosen }],
  rejected: [{ role: "assistant" as const, content: rejected }],
});

export function parseRewardBench(record: unknown): GoldParsed {
  const parsed = rewardBench.safeParse(record);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const r = parsed.data;
  return {
    ok: true,
    value: {
      ...pair(r.prompt, r.chosen, r.rejected),
      ...(r.subset !== undefined ? { subset: r.subset } : {}),
      ...(r.chosen_model !== undefined ? { chosenModel: r.chosen_model } : {}),
      ...(r.rejected_model !== undefined ? { rejectedModel: r.rejected_model } : {}),
      ...(r.id !== undefined ? { id: String(r.id) } : {}),
      ...withUnmodelled(record, REWARDBENCH_FIELDS),
    },
  };
}

/** LLMBar's `label` names the better output: 1 → output_1 is chosen. */
export function parseLlmBar(record: unknown, subset?: string): GoldParsed {
  const parsed = llmBar.safeParse(record);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const r = parsed.data;
  const [chosen, rejected] = r.label === 1 ? [r.output_1, r.output_2] : [r.output_2, r.output_1];
  return {
    ok: true,
    value: {
      ...pair(r.input, chosen, rejected),
      chosenFirst: r.label === 1,
      ...(subset !== undefined ? { subset } : {}),
      ...withUnmodelled(record, LLMBAR_FIELDS),
    },
  };
}
