/**
 * The demo project `prefkit serve --demo` starts with, when the database has no project yet:
 * the bundled canonical example (prompts, systems, candidates, judgments) plus the prompts and
 * candidates of the bundled arena log, so there are pairs to vote on at once.
 */

import { projectSettings } from "../api/index.js";
import { type ImportPlan, planImport, storeImport } from "../app/import/index.js";
import { candidateIdOf } from "../core/dataset/canonical-ids.js";
import type { CandidateId, Judgment } from "../core/types.js";
import type { NewJudgment, Store } from "../store/store.js";
import { recordsOfUpload } from "./import-dataset.js";

export interface DemoData {
  /** A prefkit canonical JSON Lines file. */
  canonical: Buffer;
  /** An arena battle log (JSON Lines): its prompts and candidates are added, not its votes. */
  arena?: Buffer;
}

export const DEMO_PROJECT = "demo";

/** Seeds the demo project; false (and nothing written) when the store has a project already. */
export async function seedDemo(store: Store, data: DemoData): Promise<boolean> {
  if ((await store.listProjects()).length > 0) return false;
  const canonical = opaqueCandidates(
    await planImport(recordsOfUpload(data.canonical, undefined, {}), {
      annotator: "demo",
      criterion: "mean",
    }),
  );
  const arena = data.arena
    ? await planImport(recordsOfUpload(data.arena, undefined, {}), {
        format: "arena",
        annotator: "demo",
        criterion: "mean",
      })
    : undefined;
  await store.createProject({
    id: DEMO_PROJECT,
    name: "Demo",
    settings: projectSettings.parse({
      instructions:
        "A demo seeded from prefkit's bundled examples: read the prompt, then choose the better of the two responses.",
    }),
  });
  await storeImport(store, DEMO_PROJECT, canonical);
  if (arena) {
    await storeImport(store, DEMO_PROJECT, {
      ...arena,
      judgments: [],
      lines: { ...arena.lines, judgments: [] },
    });
  }
  return true;
}

/**
 * The plan with content-derived candidate ids (`c_…`, as imports of other formats get): the
 * example's own ids ("c-capital-gpt") would tell annotators, who see candidate ids, the system.
 */
function opaqueCandidates(plan: ImportPlan): ImportPlan {
  const ids = new Map<string, CandidateId>();
  const candidates = plan.candidates.map((c) => {
    const id = candidateIdOf(c.promptId, c.systemId, c.messages);
    ids.set(c.id, id);
    return { ...c, id };
  });
  const to = (id: CandidateId) => ids.get(id) ?? id;
  const judgments = plan.judgments.map((j) => renamed(j as Judgment, to));
  return { ...plan, candidates, judgments };
}

function renamed(judgment: Judgment, to: (id: CandidateId) => CandidateId): NewJudgment {
  switch (judgment.kind) {
    case "pairwise":
      return { ...judgment, a: to(judgment.a), b: to(judgment.b) };
    case "ranking":
      return { ...judgment, order: judgment.order.map((tier) => tier.map(to)) };
    case "rating":
      return {
        ...judgment,
        scores: judgment.scores.map((s) => ({ ...s, candidateId: to(s.candidateId) })),
      };
    case "binary":
      return { ...judgment, candidateId: to(judgment.candidateId) };
  }
}
