import type { DatasetFormat } from "./dataset-formats.js";
import { labelColumns, responseColumns } from "./judgments/annotator-table.js";
import { CANONICAL_TYPES } from "./prefkit-canonical-schema.js";

export { DATASET_FORMATS, type DatasetFormat } from "./dataset-formats.js";

/**
 * Recognises a preference dataset's format from one record's fields, and says why — the
 * answer `prefkit inspect` gives before anything else.
 */
export interface Detection {
  format: DatasetFormat;
  reason: string;
}

const has = (record: Record<string, unknown>, ...keys: string[]) => keys.every((k) => k in record);
const isTranscript = (v: unknown) => typeof v === "string" && v.startsWith("\n\nHuman: ");

/** The format of a record, or undefined when its fields match none. Most specific shape first. */
export function detectDatasetFormat(record: Record<string, unknown>): Detection | undefined {
  if (
    typeof record.type === "string" &&
    (CANONICAL_TYPES as readonly string[]).includes(record.type) &&
    has(record, "id")
  )
    return { format: "prefkit", reason: `prefkit canonical entry (type "${record.type}", id)` };
  if (has(record, "model_a", "model_b", "winner"))
    return { format: "arena", reason: "fields model_a, model_b, winner" };
  const judgment = detectJudgmentFormat(record);
  if (judgment) return judgment;
  if (has(record, "input", "output_1", "output_2", "label")) {
    return { format: "llmbar", reason: "fields input, output_1, output_2, label" };
  }
  if (has(record, "instruction", "completions"))
    return { format: "ultrafeedback", reason: "fields instruction, completions" };
  if (has(record, "prompt", "response", "helpfulness")) {
    return {
      format: "helpsteer",
      reason: "fields prompt, response and attribute scores (helpfulness, …)",
    };
  }
  if (has(record, "chosen", "rejected")) {
    if (!has(record, "prompt") && isTranscript(record.chosen) && isTranscript(record.rejected)) {
      return {
        format: "hh-rlhf",
        reason: 'chosen and rejected are "\\n\\nHuman: … \\n\\nAssistant: …" transcripts',
      };
    }
    if (has(record, "prompt", "subset"))
      return { format: "rewardbench", reason: "fields prompt, chosen, rejected, subset" };
    return {
      format: "trl-preference",
      reason: `fields ${has(record, "prompt") ? "prompt, " : ""}chosen, rejected`,
    };
  }
  if (has(record, "prompt", "completion", "label"))
    return { format: "trl-unpaired", reason: "fields prompt, completion, label" };
  return undefined;
}

/** Judgment files: each record a comparison with its labels. */
function detectJudgmentFormat(record: Record<string, unknown>): Detection | undefined {
  if (has(record, "model_1", "model_2", "g1_winner", "g2_winner"))
    return {
      format: "mt-bench",
      reason: "fields model_1, model_2, g1_winner, g2_winner (MT-Bench judgments)",
    };
  if (has(record, "model", "judge", "games") && Array.isArray(record.games))
    return {
      format: "arena-hard-judgment",
      reason: "fields model, judge, games (arena-hard-auto judgments)",
    };
  if (has(record, "answer1_id", "answer2_id", "score"))
    return {
      format: "fastchat-review",
      reason: "fields answer1_id, answer2_id, score (FastChat reviews)",
    };
  if (has(record, "instruction", "output_1", "output_2", "preference"))
    return {
      format: "alpacaeval",
      reason: "fields instruction, output_1, output_2, preference (AlpacaEval annotations)",
    };
  const responses = responseColumns(record);
  const labels = labelColumns(record);
  if (responses && labels.length > 0) {
    return {
      format: "annotator-table",
      reason: `fields ${responses.join(", ")} and a column per labeller (${labels.join(", ")})`,
    };
  }
  return undefined;
}
