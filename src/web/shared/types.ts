/** The API's JSON, as the UI reads it (see /api/openapi.json for the whole contract). */
export type ContentPart = { type: "text"; text: string } | { type: "image_url"; url: string };
export interface Message {
  role: "system" | "user" | "assistant";
  content: string | ContentPart[];
}

export interface Annotator {
  id: string;
  name: string;
  role: "admin" | "annotator" | "viewer";
  attributes: Record<string, string>;
  projects: string[];
  created_at: string;
}

export interface Criterion {
  id: string;
  label?: string;
  min: number;
  max: number;
}

export interface ProjectSettings {
  mode: "arena" | "queue";
  task: "pair" | "ranking" | "rating" | "binary";
  strength: boolean;
  ranking_size: number;
  criteria: Criterion[];
  instructions?: string;
  [key: string]: unknown;
}

export interface Project {
  id: string;
  name: string;
  settings: ProjectSettings;
  created_at: string;
}

export interface TaskPrompt {
  id: string;
  messages: Message[];
  category?: string;
}

export interface TaskCandidate {
  id: string;
  messages: Message[];
}

export interface Task {
  kind: string;
  prompt: TaskPrompt;
  candidates: TaskCandidate[];
}

export interface StoredJudgment {
  judgment: { id: string; kind: string; [key: string]: unknown };
  created: boolean;
  reveal?: { a: string; b: string };
}

export interface LeaderboardRow {
  system: string;
  rating: number;
  ci_lower: number;
  ci_upper: number;
  rank: number;
  rank_ub: number;
  battles: number;
  wins: number;
  losses: number;
  ties: number;
  win_rate: number;
}

export interface LeaderboardGroup {
  group: string | null;
  battles: number;
  warnings: { code: string; message: string }[];
  systems: LeaderboardRow[];
  matrices: {
    systems: string[];
    predicted_win_rate: (number | null)[][];
    observed_win_rate: (number | null)[][];
    battles: number[][];
  };
}

export interface LeaderboardReport {
  judgment_version: string;
  leaderboards: LeaderboardGroup[];
  skipped: { group: string | null; reason: string }[];
}
