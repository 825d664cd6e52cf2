/**
 * Rows ↔ domain values for projects, prompts, systems and candidates (judgments:
 * judgment-rows.ts). A value written and read back is the value given, with absent optional
 * fields absent (never `undefined` or `null`).
 */
import type { Selectable } from "kysely";
import type {
  Candidate,
  CandidateId,
  Metadata,
  Prompt,
  PromptId,
  System,
  SystemId,
} from "../core/types.js";
import { defined } from "../formats/dataset/prefkit-canonical-write.js";
import type { CandidatesTable, ProjectsTable, PromptsTable, SystemsTable } from "./schema.js";
import type { Project } from "./store.js";

export const toJson = (value: unknown): string => JSON.stringify(value);
export const fromJson = <T>(text: string): T => JSON.parse(text) as T;
const toJsonOrNull = (value: unknown): string | null =>
  value === undefined ? null : JSON.stringify(value);
const fromJsonOrUndefined = <T>(text: string | null): T | undefined =>
  text === null ? undefined : (JSON.parse(text) as T);
const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/**
 * JSON with object keys sorted at every depth: equal for values that are deep-equal, whatever
 * order their keys were written in. Used to tell "the same item again" from a conflicting one.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}

export function projectFromRow(row: Selectable<ProjectsTable>): Project {
  return {
    id: row.id,
    name: row.name,
    settings: fromJson<Record<string, unknown>>(row.settings),
    createdAt: row.created_at,
  };
}

export function promptToRow(projectId: string, p: Prompt): Selectable<PromptsTable> {
  return {
    project_id: projectId,
    id: p.id,
    messages: toJson(p.messages),
    category: p.category ?? null,
    language: p.language ?? null,
    criterion: p.criterion ?? null,
    context: p.context ?? null,
    metadata: toJsonOrNull(p.metadata),
  };
}

export function promptFromRow(row: Selectable<PromptsTable>): Prompt {
  return {
    id: row.id as PromptId,
    messages: fromJson<Prompt["messages"]>(row.messages),
    ...defined({
      category: orUndefined(row.category),
      language: orUndefined(row.language),
      criterion: orUndefined(row.criterion),
      context: orUndefined(row.context),
      metadata: fromJsonOrUndefined<Metadata>(row.metadata),
    }),
  };
}

// One toRow/fromRow pair per table, each mapping its own columns: alike in shape only.
export function systemToRow(projectId: string, s: System): Selectable<SystemsTable> {
  return {
    project_id: projectId,
    id: s.id,
    model: s.model ?? null,
    variant: s.variant ?? null,
    config: toJsonOrNull(s.config),
  };
}

export function systemFromRow(row: Selectable<SystemsTable>): System {
  return {
    id: row.id as SystemId,
    ...defined({
      model: orUndefined(row.model),
      variant: orUndefined(row.variant),
      config: fromJsonOrUndefined<Metadata>(row.config),
    }),
  };
}

export function candidateToRow(projectId: string, c: Candidate): Selectable<CandidatesTable> {
  return {
    project_id: projectId,
    id: c.id,
    prompt_id: c.promptId,
    system_id: c.systemId,
    messages: toJson(c.messages),
    metadata: toJsonOrNull(c.metadata),
  };
}

export function candidateFromRow(row: Selectable<CandidatesTable>): Candidate {
  return {
    id: row.id as CandidateId,
    promptId: row.prompt_id as PromptId,
    systemId: row.system_id as SystemId,
    messages: fromJson<Candidate["messages"]>(row.messages),
    ...defined({ metadata: fromJsonOrUndefined<Metadata>(row.metadata) }),
  };
}
