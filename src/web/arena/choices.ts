/** The arena's vote choices, shared by the replay and the live arena. */
import type { StoredJudgment } from "../../api";

export type Outcome = Extract<StoredJudgment["judgment"], { kind: "pairwise" }>["outcome"];

export const CHOICES: { outcome: Outcome; label: string; keys: string }[] = [
  { outcome: "a", label: "A is better", keys: "1 or A" },
  { outcome: "b", label: "B is better", keys: "2 or B" },
  { outcome: "tie", label: "Tie", keys: "3 or T" },
  { outcome: "both_bad", label: "Both are bad", keys: "4 or X" },
];
