/**
 * Domain values as the API's JSON (snake_case, as the canonical records are), and canonical
 * records from request bodies as domain values. The canonical writer (formats/) returns plain
 * records; here they take the API's types, which the API suite checks against the schemas.
 */
import type { z } from "zod";
import type {
  annotatorOutput,
  candidateResponse,
  judgmentOutput,
  projectOutput,
  promptResponse,
  task as taskSchema,
} from "../api/index.js";
import type { CanonicalEntry } from "../core/dataset/canonical.js";
import type { Candidate, Judgment, Prompt } from "../core/types.js";
import { parseCanonicalEntry, toCanonicalRecord } from "../formats/dataset/prefkit-canonical.js";
import type {
  AnnotatorRecord,
  PairTask,
  Project,
  RankingTask,
  Role,
  SingleTask,
} from "../store/store.js";
import { readSettings } from "./project-settings.js";
import { invalidRecord } from "./validate.js";

/**
 * A project as a caller sees it. Only admins read `live_systems`: system ids are what an arena
 * hides from annotators until their vote, so others learn only whether the arena is `live`.
 */
export const projectJson = (p: Project, role: Role): z.input<typeof projectOutput> => {
  const { live_systems: live = [], ...settings } = readSettings(p.settings);
  return {
    id: p.id,
    name: p.name,
    settings: role === "admin" && live.length > 0 ? { ...settings, live_systems: live } : settings,
    live: live.length > 0,
    created_at: p.createdAt,
  };
};

export const annotatorJson = (a: AnnotatorRecord): z.input<typeof annotatorOutput> => ({
  id: a.id,
  name: a.name,
  role: a.role,
  attributes: { ...a.attributes },
  projects: [...a.projects],
  created_at: a.createdAt,
});

export const judgmentJson = (judgment: Judgment) =>
  toCanonicalRecord({ type: "judgment", judgment }) as z.input<typeof judgmentOutput>;

export const promptJson = (prompt: Prompt) =>
  toCanonicalRecord({ type: "prompt", prompt }) as z.input<typeof promptResponse>["prompt"];

export const candidateJson = (candidate: Candidate) =>
  toCanonicalRecord({ type: "candidate", candidate }) as z.input<
    typeof candidateResponse
  >["candidate"];

/**
 * A task as an annotator receives it: the prompt without its free metadata, and the candidates
 * (two, several, or one to rate or thumb) as id and messages only — nothing that names or
 * hints at a system.
 */
export function taskJson(task: PairTask | RankingTask | SingleTask): {
  task: z.input<typeof taskSchema>;
} {
  const { id, messages, category, language, criterion, context } = task.prompt;
  const prompt = promptJson({
    id,
    messages,
    ...(category === undefined ? {} : { category }),
    ...(language === undefined ? {} : { language }),
    ...(criterion === undefined ? {} : { criterion }),
    ...(context === undefined ? {} : { context }),
  });
  const { type: _type, ...shown } = prompt;
  const candidates = task.candidates.map((c) => ({
    id: c.id,
    messages: candidateJson(c).messages,
  }));
  return { task: { kind: task.kind, prompt: shown, candidates } };
}

/**
 * A validated record of `type` as its domain entry. The record has passed the API schema; the
 * canonical reader adds what a schema cannot say (e.g. a candidate ranked twice).
 */
export function entryOf<T extends "prompt" | "candidate">(
  type: T,
  record: object,
  index?: number,
): Extract<CanonicalEntry, { type: T }> {
  const parsed = parseCanonicalEntry({ ...record, type });
  if (!parsed.ok) throw invalidRecord([parsed.issues[0]!, ...parsed.issues.slice(1)], index);
  return parsed.entry as Extract<CanonicalEntry, { type: T }>;
}
