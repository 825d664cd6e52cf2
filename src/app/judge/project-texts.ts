/**
 * Whether a project can hold a judge job's judgments: every prompt and candidate the job judges
 * that the project already has (by id) must be what the judge saw — the prompt's turns (roles
 * and text), the candidate's prompt, system and text (its assistant turns joined, as
 * judge-inputs.ts shows them). Otherwise the judgments would be stored against texts the judge
 * never saw, or the write would fail after the calls were paid for.
 *
 * Two users: the command checks the planned items before it creates the job (nothing is paid
 * for a job that cannot be written), and the project writer (output-project.ts) checks each
 * batch before writing it, for a project changed meanwhile.
 */
import { messageText } from "../../core/dataset/preference.js";
import { IssueError } from "../../core/issue.js";
import type { Candidate, Message, Prompt } from "../../core/types.js";
import type { CatalogStore } from "../../store/port/catalog.js";
import { candidateText } from "./judge-inputs.js";
import type { JudgedAnswer, JudgeItemPayload } from "./types.js";

/** A prompt's turns as the judge reads them: role and text, nothing else. */
const turns = (messages: readonly Message[]): string =>
  JSON.stringify(messages.map((m) => [m.role, messageText(m)]));

/** Why the project's prompt is not the one judged, or undefined when it is. */
export function promptMismatch(stored: Prompt, question: readonly Message[]): string | undefined {
  return turns(stored.messages) === turns(question)
    ? undefined
    : `prompt ${stored.id}: the project's prompt of this id has other text than the one judged`;
}

/** Why the project's candidate is not the answer judged, or undefined when it is. */
export function candidateMismatch(
  stored: Candidate,
  promptId: string,
  answer: JudgedAnswer,
): string | undefined {
  const id = `candidate ${answer.candidateId}`;
  if (stored.promptId !== promptId)
    return `${id}: the project has it as an answer to prompt ${stored.promptId}, the job judged it as an answer to prompt ${promptId}`;
  if (stored.systemId !== answer.systemId)
    return `${id}: the project has it as an answer of system ${stored.systemId}, the job judged it as system ${answer.systemId}'s`;
  if (candidateText(stored.messages) !== answer.text)
    return `${id}: the project's candidate of this id has other text than the answer judged`;
  return undefined;
}

/** A project that holds other texts under the ids a job judged. */
export class ProjectTextsError extends IssueError {
  constructor(projectId: string, mismatches: readonly string[], more = 0) {
    super(
      {
        code: "invalid",
        message: `project ${projectId} holds other texts under ids the judge saw (judgments would name texts it never saw): ${mismatches[0]}`,
      },
      ...[
        ...mismatches.slice(1),
        ...(more > 0 ? [`… and ${more} more`] : []),
        "give the input's records ids of their own, or judge into another project",
      ].map((message) => ({ code: "invalid" as const, message })),
    );
    this.name = "ProjectTextsError";
  }
}

type CatalogReader = Pick<CatalogStore, "getPrompt" | "listCandidates" | "systemsOf">;

/** Lookups in flight at once. */
const CONCURRENCY = 16;

/**
 * The mismatches between the project and the payloads' prompts and answers (each id once), at
 * most `limit` of them described and the rest counted. One getPrompt and one listCandidates per
 * prompt the project has; one systemsOf per prompt it lacks (a candidate id may be stored under
 * another prompt).
 */
export async function projectMismatches(
  store: CatalogReader,
  projectId: string,
  payloads: Iterable<Pick<JudgeItemPayload, "promptId" | "question" | "answers">>,
  limit = 5,
): Promise<{ mismatches: string[]; more: number }> {
  const questions = new Map<string, { question: Message[]; answers: Map<string, JudgedAnswer> }>();
  for (const p of payloads) {
    let q = questions.get(p.promptId);
    if (q === undefined) {
      q = { question: p.question, answers: new Map() };
      questions.set(p.promptId, q);
    }
    for (const a of p.answers) if (!q.answers.has(a.candidateId)) q.answers.set(a.candidateId, a);
  }
  const found: string[] = [];
  const check = async (promptId: string) => {
    const { question, answers } = questions.get(promptId)!;
    const prompt = await store.getPrompt(projectId, promptId);
    const stored = new Map<string, Candidate>();
    if (prompt) {
      const mismatch = promptMismatch(prompt, question);
      if (mismatch) found.push(mismatch);
      for (const c of await store.listCandidates(projectId, promptId)) stored.set(c.id, c);
    }
    const elsewhere: string[] = [];
    for (const a of answers.values()) {
      const c = stored.get(a.candidateId);
      if (c === undefined) elsewhere.push(a.candidateId);
      else {
        const mismatch = candidateMismatch(c, promptId, a);
        if (mismatch) found.push(mismatch);
      }
    }
    // An id the prompt lacks may name another prompt's candidate (candidate ids are the project's).
    if (elsewhere.length === 0) return;
    for (const id of (await store.systemsOf(projectId, elsewhere)).keys())
      found.push(
        `candidate ${id}: the project has it as an answer to another prompt, the job judged it as an answer to prompt ${promptId}`,
      );
  };
  const ids = [...questions.keys()];
  for (let i = 0; i < ids.length; i += CONCURRENCY)
    await Promise.all(ids.slice(i, i + CONCURRENCY).map(check));
  found.sort();
  return { mismatches: found.slice(0, limit), more: Math.max(0, found.length - limit) };
}
