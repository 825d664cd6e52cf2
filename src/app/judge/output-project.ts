/**
 * A judge job's judgments stored in a project. The judgments need their prompts and candidates
 * in the project: when the job judged the project's own candidates they are there; when it
 * judged files they are not, and are added from the items' texts — the prompt's messages
 * (payload.question) and each answer as one assistant turn. A prompt or candidate the project
 * has is never added again nor changed (the project's may hold more: a category, metadata);
 * the project's are looked up once per prompt (getPrompt, listCandidates), so memory holds
 * one id per candidate judged. Systems come with their candidates (the store creates them as
 * bare ids; the answers' families are not stored: the canonical file keeps them).
 *
 * A prompt or candidate the project has under a judged id must be what the judge saw (prompt,
 * system, text: project-texts.ts); otherwise the batch is refused with a ProjectTextsError naming
 * the ids, before it writes anything. The command checks the same before the job is created; this
 * is the guard for a project changed since.
 *
 * Judgments go through the store's add-once by id (addJudgmentsOnce), after those already
 * stored are left out (see `unstored`), so `complete` may run twice, or a rerun write the same
 * judgments, without storing anything twice. Each batch is its own transactions, prompts and
 * candidates before the judgments that name them: a failure halfway leaves whole batches, which
 * the next `complete` finds and skips.
 */
import type {
  Candidate,
  CandidateId,
  Judgment,
  Prompt,
  PromptId,
  SystemId,
} from "../../core/types.js";
import type { CatalogStore } from "../../store/port/catalog.js";
import type { JudgmentsStore } from "../../store/port/judgments.js";
import type { OutputTarget, TargetSummary } from "./output-target.js";
import { candidateMismatch, ProjectTextsError, promptMismatch } from "./project-texts.js";
import type { JudgeItemPayload } from "./types.js";

export type ProjectOutputStore = Pick<
  CatalogStore,
  "getPrompt" | "listCandidates" | "addPrompts" | "addCandidates" | "systemsOf"
> &
  Pick<JudgmentsStore, "addJudgmentsOnce" | "getJudgments">;

/** What a judgment says, without where it came from: equal for the same verdict. */
function verdictOf(j: Judgment): string {
  switch (j.kind) {
    case "pairwise":
      return JSON.stringify([j.kind, j.a, j.b, j.outcome, j.strength ?? null]);
    case "ranking":
      return JSON.stringify([j.kind, j.order]);
    case "rating":
      return JSON.stringify([j.kind, j.scores.map((s) => [s.candidateId, s.criterion, s.score])]);
    case "binary":
      return JSON.stringify([j.kind, j.candidateId, j.approved]);
  }
}

export function projectTarget(store: ProjectOutputStore, projectId: string): OutputTarget {
  /** Ids of the candidates known to be in the project (checked against the answers judged). */
  const known = new Set<string>();
  /** Prompts whose candidates have been looked up (or that were added). */
  const seen = new Set<string>();
  const summary = { added: 0, skipped: 0, conflicting: 0, prompts: 0, candidates: 0 };

  /**
   * The judgments not stored yet. One stored under the same id by an earlier job (the same
   * judge, template and question: judgment-parts.ts) is kept as stored — its metadata names
   * its own job and calls, so the store's add-once would refuse ours as other content — and
   * counted: `skipped` when it says the same, `conflicting` when its verdict differs (a judge
   * whose answers changed; `--fresh` writes such a run's judgments under new ids).
   */
  async function unstored(judgments: readonly Judgment[]): Promise<Judgment[]> {
    const stored = await store.getJudgments(
      projectId,
      judgments.map((j) => j.id),
    );
    return judgments.filter((j) => {
      const old = stored.get(j.id);
      if (old === undefined) return true;
      if (verdictOf(old) === verdictOf(j)) summary.skipped++;
      else summary.conflicting++;
      return false;
    });
  }

  /**
   * Looks up the prompts of `payloads` not seen yet, checking what the project has under their
   * ids against the texts judged: the prompts to add.
   * @throws ProjectTextsError naming every id that holds other texts.
   */
  async function missingPrompts(payloads: readonly JudgeItemPayload[]): Promise<Prompt[]> {
    const fresh = new Map<string, JudgeItemPayload[]>();
    for (const p of payloads) {
      if (seen.has(p.promptId)) continue;
      const list = fresh.get(p.promptId);
      if (list === undefined) fresh.set(p.promptId, [p]);
      else list.push(p);
    }
    const found = await Promise.all(
      [...fresh.keys()].map(async (id) => {
        const prompt = await store.getPrompt(projectId, id);
        const candidates = prompt ? await store.listCandidates(projectId, id) : [];
        return { id, prompt, candidates };
      }),
    );
    const mismatches: string[] = [];
    const add: Prompt[] = [];
    for (const { id, prompt, candidates } of found) {
      const judged = fresh.get(id)!;
      const stored = new Map(candidates.map((c) => [c.id as string, c]));
      for (const p of judged)
        for (const a of p.answers) {
          const c = stored.get(a.candidateId);
          const mismatch = c && candidateMismatch(c, id, a);
          if (mismatch) mismatches.push(mismatch);
        }
      if (!prompt) add.push({ id: id as PromptId, messages: judged[0]!.question });
      else {
        const mismatch = promptMismatch(prompt, judged[0]!.question);
        if (mismatch) mismatches.push(mismatch);
      }
    }
    if (mismatches.length > 0) throw new ProjectTextsError(projectId, [...new Set(mismatches)]);
    for (const { id, candidates } of found) {
      seen.add(id);
      for (const c of candidates) known.add(c.id);
    }
    return add;
  }

  /**
   * The answers the project lacks, to add.
   * @throws ProjectTextsError for an id the project holds as another prompt's candidate.
   */
  async function missingCandidates(payloads: readonly JudgeItemPayload[]): Promise<Candidate[]> {
    const add = new Map<string, Candidate>();
    for (const p of payloads) {
      for (const a of p.answers) {
        // Checked against the project's (missingPrompts) or added by this job.
        if (known.has(a.candidateId) || add.has(a.candidateId)) continue;
        add.set(a.candidateId, {
          id: a.candidateId as CandidateId,
          promptId: p.promptId as PromptId,
          systemId: a.systemId as SystemId,
          messages: [{ role: "assistant", content: a.text }],
        });
      }
    }
    if (add.size === 0) return [];
    const elsewhere = await store.systemsOf(projectId, [...add.keys()]);
    if (elsewhere.size > 0)
      throw new ProjectTextsError(
        projectId,
        [...elsewhere.keys()].map(
          (id) =>
            `candidate ${id}: the project has it as an answer to another prompt, the job judged it as an answer to prompt ${add.get(id)!.promptId}`,
        ),
      );
    for (const c of add.values()) known.add(c.id);
    return [...add.values()];
  }

  return {
    async write(entries) {
      const payloads = entries.map((e) => e.payload);
      // Both checked before either is added: a refused batch writes nothing.
      const prompts = await missingPrompts(payloads);
      const candidates = await missingCandidates(payloads);
      if (prompts.length > 0) summary.prompts += (await store.addPrompts(projectId, prompts)).added;
      if (candidates.length > 0) {
        summary.candidates += (await store.addCandidates(projectId, candidates)).added;
      }
      const judgments = await unstored(entries.flatMap((e) => e.judgments));
      if (judgments.length === 0) return;
      // Add-once still: another process completing the same job may store them meanwhile.
      const { added, skipped } = await store.addJudgmentsOnce(projectId, judgments);
      summary.added += added;
      summary.skipped += skipped;
    },
    async finish(): Promise<TargetSummary> {
      return { kind: "project", projectId, ...summary };
    },
    // Each write is its own transactions, each idempotent: nothing to take back.
    abort: async () => {},
  };
}
