/** What is judged: a project's prompts, the systems that answer them, and their candidates. */
import type { Candidate, Prompt, System } from "../../core/types.js";

export interface CatalogStore {
  /** Bulk adds in one transaction; an id already present with the same content is skipped. */
  addPrompts(projectId: string, prompts: readonly Prompt[]): Promise<{ added: number }>;
  addSystems(projectId: string, systems: readonly System[]): Promise<{ added: number }>;
  /**
   * Systems a candidate names are created when missing, as bare ids; `addSystems` later fills
   * in such a bare system's description (rather than calling it a duplicate).
   */
  addCandidates(projectId: string, candidates: readonly Candidate[]): Promise<{ added: number }>;
  getPrompt(projectId: string, id: string): Promise<Prompt | undefined>;
  /** The categories of the project's prompts, sorted, with how many prompts each has. */
  promptCategories(projectId: string): Promise<{ category: string; prompts: number }[]>;
  getCandidate(projectId: string, id: string): Promise<Candidate | undefined>;
  /** The candidates answering a prompt, by id (for ranking, rating and thumbs tasks). */
  listCandidates(projectId: string, promptId: string): Promise<Candidate[]>;
  /** System ids of candidates, for revealing an arena pair after the vote is stored. */
  systemsOf(projectId: string, candidateIds: readonly string[]): Promise<Map<string, string>>;
}
