/**
 * Content-derived ids of canonical entries: FNV-1a 64 (hash.ts) over JSON of what the entry
 * is, so the same content always gets the same id, in any file and on any run.
 * - `p_…` prompt: its messages (roles, text, image URLs) and category;
 * - `c_…` candidate: prompt id, system id and messages;
 * - `j_…` judgment: a key of its kind, prompt, candidates, verdict and source (see
 *   CanonicalBuilder), with `-2`, `-3`, … for repeats.
 */
import type { CandidateId, Message, PromptId } from "../types.js";
import { conversationKey } from "./dedupe.js";
import { fnv1a64 } from "./hash.js";

/** The system of a candidate whose record names no model. */
export const UNKNOWN_SYSTEM = "unknown";

/** 16 hex digits of a list of JSON values. */
export const contentKey = (parts: readonly unknown[]): string => fnv1a64(JSON.stringify(parts));

export const promptIdOf = (messages: readonly Message[], category?: string): PromptId =>
  `p_${contentKey([conversationKey(messages), category ?? null])}` as PromptId;

/** The prompt of a battle log's question (no messages): named by the question id, a JSON value. */
export const questionPromptIdOf = (question: unknown): PromptId =>
  `p_${contentKey(["question", question])}` as PromptId;

export const candidateIdOf = (
  promptId: PromptId,
  systemId: string,
  messages: readonly Message[],
): CandidateId => `c_${contentKey([promptId, systemId, conversationKey(messages)])}` as CandidateId;
