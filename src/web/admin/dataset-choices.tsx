/** The dataset formats and file types an admin may upload or export. */
import type { ExportType } from "../../api";

export const FORMATS = [
  ["prefkit", "prefkit canonical (everything)"],
  ["trl-preference", "TRL preference (DPO, reward models)"],
  ["trl-unpaired", "TRL unpaired (KTO)"],
  ["hh-rlhf", "HH-RLHF"],
  ["rewardbench", "RewardBench"],
  ["llmbar", "LLMBar"],
  ["arena", "Chatbot Arena battles"],
  ["ultrafeedback", "UltraFeedback"],
  ["helpsteer", "HelpSteer"],
] as const;

export const TYPES: readonly ExportType[] = [
  "jsonl",
  "jsonl.gz",
  "json",
  "json.gz",
  "csv",
  "csv.gz",
  "parquet",
];

export function FormatOptions() {
  return FORMATS.map(([value, label]) => (
    <option key={value} value={value}>
      {label}
    </option>
  ));
}
