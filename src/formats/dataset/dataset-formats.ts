/**
 * The dataset formats prefkit reads and writes, without their schemas: what the CLI's option
 * definitions offer as choices before any reader is loaded.
 */
export type DatasetFormat =
  | "arena"
  | "hh-rlhf"
  | "rewardbench"
  | "llmbar"
  | "trl-preference"
  | "trl-unpaired"
  | "ultrafeedback"
  | "helpsteer"
  | "prefkit"
  | "alpacaeval"
  | "mt-bench"
  | "fastchat-review"
  | "arena-hard-judgment"
  | "annotator-table"
  | "mapped";

export const DATASET_FORMATS: readonly DatasetFormat[] = [
  "trl-preference",
  "trl-unpaired",
  "hh-rlhf",
  "rewardbench",
  "llmbar",
  "arena",
  "ultrafeedback",
  "helpsteer",
  "prefkit",
  "alpacaeval",
  "mt-bench",
  "fastchat-review",
  "arena-hard-judgment",
  "annotator-table",
  "mapped",
];
