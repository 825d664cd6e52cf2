/**
 * Items that need more than one record: HelpSteer writes a row per response, so consecutive
 * rows of one prompt are merged into one rated item; prefkit's canonical entries reference
 * each other, so judgments are resolved against the prompts and candidates before them.
 * Every other format's items pass straight through.
 */

import type { CanonicalEntry } from "../../core/dataset/canonical.js";
import { CanonicalResolver } from "../../core/dataset/canonical-resolver.js";
import type { ComparisonLabel } from "../../core/dataset/comparison.js";
import { conversationKey } from "../../core/dataset/dedupe.js";
import type { RatedCompletions } from "../../core/dataset/derive.js";
import { splitCommonPrefix } from "../../core/dataset/preference.js";
import type { AnnotatorId, JudgmentSource, PairwiseJudgment } from "../../core/types.js";
import { WINNER_OF_OUTCOME } from "./arena-pairs.js";
import { labelTurn } from "./as-comparisons.js";
import { sourceField } from "./battle-source.js";
import type { DatasetFormat } from "./detect.js";
import type { FieldIssue } from "./field-issue.js";
import type { DatasetItem, ItemKind } from "./items.js";
import type { RecordLocation } from "./read-records.js";

export interface Placed {
  item: DatasetItem;
  /** The record it came from (a merged HelpSteer group: its first row). */
  location: RecordLocation;
}

export type Assembled =
  | { ok: true; ready: Placed[] /** why nothing came out, when nothing could */; empty?: string }
  | { ok: false; issues: FieldIssue[] };

const DEFAULT_SOURCE: JudgmentSource = { kind: "human", annotatorId: "import" as AnnotatorId };

/** Why a judgment whose candidates have no messages gives no pair or example. */
const NO_TEXT = "the candidate has no messages (the data names its system, not its answer)";

export class ItemAssembler {
  private readonly resolver: CanonicalResolver | undefined;
  private group: { key: string; rated: RatedCompletions; location: RecordLocation } | undefined;

  /**
   * @param source the conversion's own judgment source (`--annotator`/`--judge`): a canonical
   * judgment written as a battle names its source in a `judge` or `annotator` field unless it is
   * this one (battle-source.ts).
   */
  constructor(
    private readonly format: DatasetFormat,
    private readonly target: ItemKind,
    criterion: string,
    private readonly source: JudgmentSource = DEFAULT_SOURCE,
  ) {
    // Canonical entries are resolved even when copied to prefkit, so a broken reference is
    // caught; other targets take what the judgments derive.
    if (format === "prefkit") this.resolver = new CanonicalResolver({ criterion });
  }

  add(item: DatasetItem, location: RecordLocation): Assembled {
    if (item.kind === "entry" && this.resolver) {
      if (this.target !== "entry") return this.resolve(item, location);
      const checked = this.resolver.add(item.entry);
      if (!checked.ok) return { ok: false, issues: [...checked.issues] };
      return { ok: true, ready: [{ item, location }] };
    }
    if (this.format === "helpsteer" && item.kind === "rated")
      return this.merge(item.rated, location);
    return { ok: true, ready: [{ item, location }] };
  }

  /** Items still held back at the end of the input. */
  flush(): Placed[] {
    const last = this.group;
    this.group = undefined;
    return last ? [{ item: { kind: "rated", rated: last.rated }, location: last.location }] : [];
  }

  private merge(rated: RatedCompletions, location: RecordLocation): Assembled {
    const key = conversationKey(rated.prompt);
    if (this.group?.key === key) {
      const { rated: held } = this.group;
      this.group.rated = { ...held, completions: [...held.completions, ...rated.completions] };
      return { ok: true, ready: [] };
    }
    const ready = this.flush();
    this.group = { key, rated, location };
    return { ok: true, ready };
  }

  private resolve(
    item: Extract<DatasetItem, { kind: "entry" }>,
    location: RecordLocation,
  ): Assembled {
    const resolved = this.resolver!.add(item.entry);
    if (!resolved.ok) return { ok: false, issues: [...resolved.issues] };
    const derived = resolved.derived;
    if (!derived) return { ok: true, ready: [] };
    const place = (out: DatasetItem): Assembled => ({ ok: true, ready: [{ item: out, location }] });
    switch (derived.kind) {
      case "pairwise": {
        if (this.target === "comparison" && item.entry.type === "judgment") {
          const judgment = item.entry.judgment as PairwiseJudgment;
          const { prefix, restA, restB } = splitCommonPrefix(...derived.conversations);
          // The prompt's category is the comparison's subset, as the server's reports have it.
          const category = this.resolver!.promptOf(judgment.promptId)?.category;
          return place({
            kind: "comparison",
            comparison: {
              prompt: prefix,
              a: restA,
              b: restB,
              systemA: derived.battle.systemA,
              systemB: derived.battle.systemB,
              ...(category !== undefined ? { subset: category } : {}),
              labels: [labelOf(judgment)],
              extra: {},
            },
          });
        }
        // Battles keep their sides and their ties; every other target wants the preference.
        const { judgment } = item.entry as Extract<CanonicalEntry, { type: "judgment" }>;
        if (this.target === "battle") {
          const { systemA, systemB, outcome, promptId } = derived.battle;
          const [conversationA, conversationB] = derived.conversations;
          // Without answers (a battle log's candidates) there are no conversations to write.
          const { answered } = derived;
          return place({
            kind: "battle",
            battle: {
              modelA: systemA,
              modelB: systemB,
              winner: WINNER_OF_OUTCOME[outcome],
              ...(answered ? { conversationA, conversationB } : {}),
              extra: {
                ...(judgment.metadata ?? { question_id: promptId }),
                ...sourceField(judgment.source, this.source),
              },
            },
          });
        }
        if (!derived.pair) return { ok: true, ready: [], empty: "ties carry no preference" };
        const { chosen, rejected } = derived.pair;
        if (chosen.length === 0 || rejected.length === 0)
          return {
            ok: false,
            issues: [{ field: chosen.length === 0 ? "a" : "b", message: NO_TEXT }],
          };
        return place({ kind: "pair", pair: derived.pair });
      }
      case "ranking":
      case "rating":
        return place({ kind: "rated", rated: derived.rated });
      case "binary":
        if (derived.example.completion.length === 0)
          return { ok: false, issues: [{ field: "candidate", message: NO_TEXT }] };
        return place({ kind: "unpaired", example: derived.example });
    }
  }
}

const PREFERENCE = { a: 1, b: 0, tie: 0.5, both_bad: 0.5 } as const;

/**
 * A canonical pairwise judgment as a comparison's label: its source is the labeller; the turn it
 * is about is its metadata's `turn` (an arena log's field kept on import, or a judge's that
 * judged such labels), as the same judgment written as a battle and read back would have it.
 */
function labelOf(judgment: PairwiseJudgment): ComparisonLabel {
  const { source, outcome } = judgment;
  const turn = labelTurn(judgment.metadata);
  const common = {
    preference: PREFERENCE[outcome],
    ...(turn !== undefined ? { turn } : {}),
    ...(outcome === "both_bad" ? { bothBad: true } : {}),
    ...(judgment.strength === 1 ? { strong: true } : {}),
  };
  if (source.kind === "human") return { labeller: source.annotatorId, source: "human", ...common };
  return {
    labeller: source.model,
    source: "ai",
    ...common,
    ...(source.swapped !== undefined ? { shownSwapped: source.swapped } : {}),
    ...(source.rawOutput !== undefined ? { raw: source.rawOutput } : {}),
  };
}
