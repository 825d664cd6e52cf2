/**
 * A project's pairwise judgments as the labelled items the quality reports are computed from
 * (app/evaluate/project-comparisons.ts), and who each labeller is: an annotator's name where the
 * store has one (imported judgments may name annotators it does not know: their id stands in),
 * a judge's model (and template); human or AI by the labels' source.
 */

import { projectComparisons } from "../../app/evaluate/project-comparisons.js";
import type { JoinedItem } from "../../core/dataset/join-comparisons.js";
import type { Store } from "../../store/store.js";

export interface Labeller {
  /** The labeller's name in the items: the annotator's id, or the judge's model (and template). */
  readonly id: string;
  readonly name: string;
  readonly kind: "human" | "ai";
}

export interface QualityItems {
  readonly items: readonly JoinedItem[];
  readonly input: { comparisons: number; items: number; otherJudgments: number };
  /** Every labeller, in the order first seen (the order the app's reports use). */
  readonly labellers: readonly Labeller[];
}

export async function readQualityItems(store: Store, projectId: string): Promise<QualityItems> {
  const { join, otherJudgments } = await projectComparisons(store, projectId);
  const items = join.joined();
  const kinds = new Map<string, "human" | "ai">();
  for (const item of items)
    for (const label of item.labels)
      if (!kinds.has(label.labeller))
        kinds.set(label.labeller, label.source === "ai" ? "ai" : "human");
  const names = new Map<string, string>();
  if ([...kinds.values()].includes("human")) {
    for (const annotator of await store.listAnnotators()) names.set(annotator.id, annotator.name);
  }
  return {
    items,
    input: { comparisons: join.counts().comparisons, items: items.length, otherJudgments },
    labellers: [...kinds].map(([id, kind]) => ({
      id,
      name: kind === "human" ? (names.get(id) ?? id) : id,
      kind,
    })),
  };
}

/** Lets other requests run between long synchronous steps, and stops when nobody waits. */
export async function pause(signal: AbortSignal | undefined): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  signal?.throwIfAborted();
}
